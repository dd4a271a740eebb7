"""Needs scoring, exhaustively: every kind of answer, partial answers, bounds, ties, and
properties (hypothesis) that hold for any weights and answers."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orglab_xblocks.audience import scoring
from orglab_xblocks.audience.instrument import validate_instrument


def identity(text):
    return text


def question(qid, kind, weights=None, choices=None, **extra):
    return {"id": qid, "label": qid, "kind": kind, "weights": weights or {}, "choices": choices or [],
            "scale_low": "low" if kind == "scale" else "", "scale_high": "high" if kind == "scale" else "",
            **extra}


def instrument(*questions, needs=("a", "b", "c")):
    return validate_instrument({
        "needs": [{"id": n, "label": n.upper(), "recommendation": f"Do {n}."} for n in needs],
        "questions": list(questions),
    }, identity)


SCALES = instrument(
    question("q1", "scale", {"a": 3, "b": 1}),
    question("q2", "scale", {"a": 1}),
    question("q3", "scale", {"b": -2}),
)


def test_all_answered():
    scores = scoring.need_scores(SCALES, {"q1": 5, "q2": 1, "q3": 1})
    # a: (3·1 + 1·0) / (3 + 1) = 75; b: (1·1 − 2·0 − (−2)) / (1 − (−2)) = 100
    assert scores == {"a": 75.0, "b": 100.0, "c": None}


def test_partially_answered_questions_do_not_count_as_zero():
    assert scoring.need_scores(SCALES, {"q1": 5}) == {"a": 100.0, "b": 100.0, "c": None}
    assert scoring.need_scores(SCALES, {"q2": 3}) == {"a": 50.0, "b": None, "c": None}


def test_a_segment_with_no_answers_has_no_scores_and_no_readiness():
    profile = scoring.segment_profile(SCALES, {"id": "s1", "name": "Teachers", "answers": {}})
    assert profile["scores"] == {"a": None, "b": None, "c": None}
    assert profile["readiness"] is None and profile["top_needs"] == []


@pytest.mark.parametrize("weight", [3, -3, 0.5, -0.5])
def test_weights_at_their_bounds(weight):
    data = instrument(question("q", "scale", {"a": weight}))
    low, high = scoring.need_scores(data, {"q": 1})["a"], scoring.need_scores(data, {"q": 5})["a"]
    assert (low, high) == ((0.0, 100.0) if weight > 0 else (100.0, 0.0))
    assert scoring.need_scores(data, {"q": 3})["a"] == 50.0


def test_weights_out_of_range_are_refused():
    from orglab_xblocks.audience.instrument import InstrumentError

    with pytest.raises(InstrumentError, match="from -3 to 3"):
        instrument(question("q", "scale", {"a": 3.5}))
    with pytest.raises(InstrumentError, match="does not exist"):
        instrument(question("q", "scale", {"zzz": 1}))


def test_choices_numbers_and_multiple_choices():
    data = instrument(
        question("exp", "single_choice", choices=[
            {"value": "never", "label": "Never", "weights": {"a": 3}},
            {"value": "some", "label": "Some", "weights": {"a": 1}},
            {"value": "confident", "label": "Confident", "weights": {}},
        ]),
        question("hours", "number", {"b": -1}, min_value=0, max_value=40),
        question("why", "multiple_choice", choices=[
            {"value": "x", "label": "X", "weights": {"c": 2}},
            {"value": "y", "label": "Y", "weights": {"c": -1}},
            {"value": "z", "label": "Z", "weights": {"c": 1}},
        ]),
    )
    scores = scoring.need_scores(data, {"exp": "some", "hours": 10, "why": ["x", "y"]})
    assert scores["a"] == pytest.approx(100 / 3, abs=0.1)
    assert scores["b"] == 75.0  # −1 × 0.25 between −1 and 0
    assert scores["c"] == 50.0  # 2 − 1 = 1, between −1 and 3
    assert scoring.need_scores(data, {"hours": 99})["b"] == 0.0  # out of range answers are clamped


def test_ties_keep_the_instruments_order_and_the_top_is_capped():
    data = instrument(question("q", "scale", {"c": 1, "a": 1, "b": 1}), needs=("a", "b", "c", "d"))
    data["needs"].append({"id": "e", "label": "E", "recommendation": "Do e."})
    profile = scoring.segment_profile(data, {"id": "s", "answers": {"q": 5}})
    assert [n["need"] for n in profile["top_needs"]] == ["a", "b", "c"]
    assert profile["top_needs"][0]["recommendation"] == "Do a."
    assert profile["readiness"] == 0.0


def test_low_scores_are_not_recommended():
    # a: 0 (under the threshold), b: 66.7 (over it): only b is a top need.
    scores = scoring.need_scores(SCALES, {"q1": 1, "q2": 1, "q3": 1})
    assert scores["a"] < scoring.TOP_THRESHOLD <= scores["b"]
    profile = scoring.segment_profile(SCALES, {"id": "s", "answers": {"q1": 1, "q2": 1, "q3": 1}})
    assert [n["need"] for n in profile["top_needs"]] == ["b"]
    # Every need under the threshold: nothing is recommended.
    low = scoring.segment_profile(SCALES, {"id": "s", "answers": {"q1": 2, "q2": 1, "q3": 5}})
    low_scores = scoring.need_scores(SCALES, {"q1": 2, "q2": 1, "q3": 5})
    assert low_scores["a"] < scoring.TOP_THRESHOLD and low_scores["b"] < scoring.TOP_THRESHOLD
    assert low["top_needs"] == []


def test_one_answer_changes_only_what_depends_on_it():
    before = scoring.need_scores(SCALES, {"q1": 2, "q2": 4, "q3": 3})
    after = scoring.need_scores(SCALES, {"q1": 2, "q2": 5, "q3": 3})
    assert after["b"] == before["b"] and after["c"] == before["c"] and after["a"] > before["a"]


def test_profiles_are_deterministic_and_serializable():
    import json

    segments = [{"id": "s1", "name": "Docentes", "answers": {"q1": 4}}, {"id": "s2", "name": "معلمون", "answers": {}}]
    first = scoring.profile(SCALES, segments)
    assert first == scoring.profile(SCALES, segments)
    assert json.loads(json.dumps(first)) == first
    assert [s["name"] for s in first["segments"]] == ["Docentes", "معلمون"]


# ---------------------------------------------------------------- properties


weights = st.one_of(st.just(0), st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda w: round(w, 2)))
NEEDS = ("a", "b")


@st.composite
def instruments_and_answers(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    questions = [question(f"q{i}", "scale", {n: draw(weights) for n in NEEDS}) for i in range(count)]
    data = instrument(*questions, needs=NEEDS)
    answers = {q["id"]: draw(st.integers(min_value=1, max_value=5)) for q in questions if draw(st.booleans())}
    return data, answers


@settings(max_examples=300, deadline=None)
@given(instruments_and_answers())
def test_scores_stay_between_0_and_100(case):
    data, answers = case
    for score in scoring.need_scores(data, answers).values():
        assert score is None or 0 <= score <= 100


@settings(max_examples=300, deadline=None)
@given(instruments_and_answers(), st.data())
def test_scores_are_monotone_in_each_weighted_scale_answer(case, data):
    instrument_data, answers = case
    answered = [q for q in instrument_data["questions"] if q["id"] in answers]
    if not answered:
        return
    chosen = data.draw(st.sampled_from(answered))
    if answers[chosen["id"]] == 5:
        return
    higher = dict(answers, **{chosen["id"]: answers[chosen["id"]] + 1})
    before, after = scoring.need_scores(instrument_data, answers), scoring.need_scores(instrument_data, higher)
    for need in NEEDS:
        weight = chosen["weights"].get(need, 0)
        if weight > 0:
            assert after[need] >= before[need]
        elif weight < 0:
            assert after[need] <= before[need]
        else:
            assert after[need] == before[need]


# ---------------------------------------------------------------- the cohort summary (staff view)

COHORT = instrument(
    question("b1", "scale", {"a": 1}, group="barrier"),
    question("b2", "scale", {"b": 1}, group="barrier"),
    question("m1", "scale", {"c": 1}, group="motivation"),
)


def submitted(instrument_, *segments):
    """A submission's payload as the block records it: the segments and their profile."""
    segments = [{"id": f"s{n}", "name": "", "answers": answers} for n, answers in enumerate(segments)]
    return {"segments": segments, "profile": scoring.profile(instrument_, segments)}


def test_the_cohort_summary_counts_learners_segments_major_barriers_and_top_needs():
    payloads = [submitted(COHORT, {"b1": 5, "b2": 3, "m1": 5}, {"b1": 4}), submitted(COHORT, {"b2": 4, "m1": 1})]
    summary = scoring.cohort_summary(COHORT, payloads, lambda text: "«" + text + "»")
    assert summary["learners"] == 2 and summary["segments"] == 3
    # b1 rated 4 or 5 in two segments, b2 in one (3 is not major); m1 is no barrier.
    assert summary["barriers"] == [("b1", 2), ("b2", 1)]
    # Top needs (score ≥ 50): a in the two b1 segments, b in the first (b2 = 3 scores 50) and the last,
    # c in the first only (m1 = 1 scores 0).
    assert dict(summary["needs"]) == {"A": 2, "B": 2, "C": 1}
    assert summary["t"]["learners"] == "«Learners who submitted: {n}»".replace("{n}", "2")
    assert summary["t"]["needs"] == "«Needs most often at the top»"


def test_the_cohort_summary_of_no_submissions_and_of_odd_payloads():
    empty = scoring.cohort_summary(COHORT, [], identity)
    assert (empty["learners"], empty["segments"], empty["barriers"], empty["needs"]) == (0, 0, [], [])
    # Answers to questions the instrument no longer has, non-integer ratings and unknown needs are skipped.
    odd = {"segments": [{"answers": {"gone": 5, "b1": "5", "b2": 4.5}}],
           "profile": {"segments": [{"top_needs": [{"need": "gone"}, {}]}]}}
    summary = scoring.cohort_summary(COHORT, [odd, {}], identity)
    assert (summary["learners"], summary["segments"], summary["barriers"], summary["needs"]) == (2, 1, [], [])


def test_the_cohort_summary_keeps_the_five_most_frequent():
    many = instrument(*(question(f"b{n}", "scale", {"a": 1}, group="barrier") for n in range(7)))
    payloads = [submitted(many, {f"b{n}": 5 for n in range(count)}) for count in range(1, 8)]
    summary = scoring.cohort_summary(many, payloads, identity)
    assert summary["barriers"] == [("b0", 7), ("b1", 6), ("b2", 5), ("b3", 4), ("b4", 3)]
