"""Needs profiles from answers and weights, and the cohort's summary of them. Pure Python, deterministic.

For one segment and one need, every answered question that carries weight toward the need
contributes its weighted answer; the score places the sum between the lowest and the highest sum
those same questions could give, on 0–100:

    score = 100 × (Σ contribution − Σ lowest) / (Σ highest − Σ lowest)

- a scale answer v (1–5) contributes w × (v − 1) / 4 (from min(w, 0) to max(w, 0));
- a number contributes w × its position between the question's smallest and largest value;
- a single choice contributes its choice's weight (from the lowest to the highest choice weight);
- a multiple choice contributes the sum of its chosen choices' weights (from the sum of the
  negative weights to the sum of the positive ones).

Unanswered questions take no part (they do not count as zero); a need no answered question
weighs on has no score (None). So one answer changes only the needs it carries weight toward,
and a score rises with every scale answer weighted positively toward it. Readiness is 100 minus
the mean of the segment's known need scores. Top needs: the highest scores from 50 up, at most
three, ties in the instrument's order of needs.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

TOP_NEEDS = 3
TOP_THRESHOLD = 50.0


def _span(question: dict[str, Any], need: str) -> tuple[float, float] | None:
    """(lowest, highest) contribution `question` can make toward `need`, or None if it weighs nothing."""
    kind = question["kind"]
    if kind in ("scale", "number"):
        weight = question["weights"].get(need, 0)
        return (min(weight, 0.0), max(weight, 0.0)) if weight else None
    weights = [choice["weights"].get(need, 0) for choice in question.get("choices", [])]
    if not any(weights):
        return None
    if kind == "single_choice":
        return (min(weights), max(weights))
    if kind == "multiple_choice":
        return (sum(w for w in weights if w < 0), sum(w for w in weights if w > 0))
    return None


def _contribution(question: dict[str, Any], need: str, answer: Any) -> float:
    kind = question["kind"]
    if kind == "scale":
        return question["weights"].get(need, 0) * (answer - 1) / 4
    if kind == "number":
        low, high = question["min_value"], question["max_value"]
        position = min(max((answer - low) / (high - low), 0.0), 1.0)
        return question["weights"].get(need, 0) * position
    by_value = {choice["value"]: choice["weights"].get(need, 0) for choice in question["choices"]}
    if kind == "single_choice":
        return by_value.get(answer, 0)
    return sum(by_value.get(value, 0) for value in answer)


def need_scores(instrument: dict[str, Any], answers: dict[str, Any]) -> dict[str, float | None]:
    """Each need's score (0–100, one decimal) for one segment's answers; None where nothing answered bears on it."""
    scores: dict[str, float | None] = {}
    for need in instrument["needs"]:
        total = low = high = 0.0
        weighed = False
        for question in instrument["questions"]:
            if question["id"] not in answers:
                continue
            span = _span(question, need["id"])
            if span is None:
                continue
            weighed = True
            total += _contribution(question, need["id"], answers[question["id"]])
            low += span[0]
            high += span[1]
        if not weighed or high == low:
            scores[need["id"]] = None
        else:
            score = 100 * (total - low) / (high - low)
            scores[need["id"]] = round(min(max(score, 0.0), 100.0), 1)
    return scores


def segment_profile(instrument: dict[str, Any], segment: dict[str, Any]) -> dict[str, Any]:
    scores = need_scores(instrument, segment.get("answers", {}))
    known = [score for score in scores.values() if score is not None]
    order = {need["id"]: index for index, need in enumerate(instrument["needs"])}
    ranked = sorted((need for need, score in scores.items() if score is not None and score >= TOP_THRESHOLD),
                    key=lambda need: (-scores[need], order[need]))
    recommendations = {need["id"]: need["recommendation"] for need in instrument["needs"]}
    return {
        "segment": segment["id"],
        "name": segment.get("name", ""),
        "scores": scores,
        "readiness": round(100 - sum(known) / len(known), 1) if known else None,
        "top_needs": [{"need": need, "score": scores[need], "recommendation": recommendations[need]}
                      for need in ranked[:TOP_NEEDS]],
    }


def profile(instrument: dict[str, Any], segments: list[dict[str, Any]]) -> dict[str, Any]:
    """The needs profile of every segment, and the needs with their labels (for the heat map)."""
    return {
        "needs": [{"id": need["id"], "label": need["label"]} for need in instrument["needs"]],
        "segments": [segment_profile(instrument, segment) for segment in segments],
    }


def cohort_summary(instrument: dict[str, Any], payloads: Iterable[dict[str, Any]],
                   gettext: Callable[[str], str], number: Callable[[int], str] = str) -> dict[str, Any]:
    """Counts only, no names, over the latest submitted `payloads` of every learner: how many learners
    submitted, and how often each barrier was rated a major one (4 or 5) and each need came out on top,
    across all their segments (the five most frequent of each, with their labels). `number` writes the
    counts in the sentences as the viewer's language does (`i18n.local_number`)."""
    barriers = {q["id"]: q["label"] for q in instrument["questions"] if q["group"] == "barrier"}
    needs = {n["id"]: n["label"] for n in instrument["needs"]}
    learners, segments = 0, 0
    barrier_counts: Counter[str] = Counter()
    need_counts: Counter[str] = Counter()
    for payload in payloads:
        learners += 1
        for segment in payload.get("segments", []):
            segments += 1
            for qid, value in segment.get("answers", {}).items():
                if qid in barriers and isinstance(value, int) and value >= 4:
                    barrier_counts[qid] += 1
        for segment_profile in payload.get("profile", {}).get("segments", []):
            for top in segment_profile.get("top_needs", []):
                if top.get("need") in needs:
                    need_counts[top["need"]] += 1
    return {
        "learners": learners,
        "segments": segments,
        "barriers": [(barriers[key], count) for key, count in barrier_counts.most_common(5)],
        "needs": [(needs[key], count) for key, count in need_counts.most_common(5)],
        "t": {"learners": gettext("Learners who submitted: {n}").format(n=number(learners)),
              "segments": gettext("Segments described: {n}").format(n=number(segments)),
              "barriers": gettext("Barriers most often rated major (4 or 5)"),
              "needs": gettext("Needs most often at the top")},
    }
