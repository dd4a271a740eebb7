"""The audience-needs instrument: named needs (each with the author's recommendation) and the
questions asked about each audience segment, with weights toward the needs. Its validation, the
segments' validation, and the default instrument. Pure Python; messages use the caller's gettext."""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from ..i18n import _
from ..validation import Invalid, Problem
from ..validation import is_number as _number

Gettext = Callable[[str], str]


KINDS = ("scale", "single_choice", "multiple_choice", "number", "short_text", "long_text")
WEIGHTED_KINDS = ("scale", "single_choice", "multiple_choice", "number")
CHOICE_KINDS = ("single_choice", "multiple_choice")
GROUPS = ("profile", "barrier", "motivation", "format", "expertise", "other")
CONTRIBUTORS = ("new", "existing", "mixed")
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
WEIGHT_MIN, WEIGHT_MAX = -3.0, 3.0
MAX_NEEDS = 20
MAX_QUESTIONS = 40
MAX_CHOICES = 20
MIN_SEGMENTS, MAX_SEGMENTS = 1, 6
MAX_LABEL = 300
MAX_TEXT = 2000
MAX_SHORT = 200


class InstrumentError(Invalid):
    """The instrument is invalid; `problems` (`where`: a question or need id, or "") lists every reason."""


def _clean_weights(raw: Any, needs: set[str], where: str, problem: Callable[[str], None], _: Gettext) -> dict:
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        problem(_("{where}: weights must map need ids to numbers.").format(where=where))
        return {}
    weights = {}
    for need, weight in raw.items():
        if need not in needs:
            problem(_("{where}: the need “{need}” does not exist.").format(where=where, need=str(need)[:40]))
        elif not _number(weight) or not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            problem(_("{where}: the weight toward “{need}” must be a number from {low} to {high}.").format(
                where=where, need=need, low=int(WEIGHT_MIN), high=int(WEIGHT_MAX)))
        elif weight:
            weights[need] = weight
    return weights


def _text(raw: Any, limit: int) -> str | None:
    if raw is None:
        return ""
    return raw.strip() if isinstance(raw, str) and len(raw.strip()) <= limit else None


def validate_instrument(raw: Any, gettext: Gettext) -> dict[str, Any]:
    """Check a whole instrument and return it normalized, or InstrumentError naming every problem."""
    _ = gettext
    problems: list[Problem] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("needs"), list) or not isinstance(raw.get("questions"), list):
        raise InstrumentError([Problem("", _("An instrument has a list of needs and a list of questions."))])

    needs, need_ids = [], set()
    if not 1 <= len(raw["needs"]) <= MAX_NEEDS:
        problems.append(Problem("", _("An instrument needs from 1 to {n} needs.").format(n=MAX_NEEDS)))
    for number, need in enumerate(raw["needs"][:MAX_NEEDS], start=1):
        need_id = need.get("id") if isinstance(need, dict) else None
        where = _("Need {number} (“{id}”)").format(number=number, id=str(need_id)[:40])

        def need_problem(message: str, need_id=need_id) -> None:
            problems.append(Problem(str(need_id or ""), message))

        if not isinstance(need, dict):
            need_problem(_("{where} is not a need.").format(where=where))
            continue
        if not isinstance(need_id, str) or not ID.match(need_id):
            need_problem(_("{where}: its id must be lowercase letters, digits and underscores, starting with a "
                           "letter.").format(where=where))
        elif need_id in need_ids:
            need_problem(_("{where}: the id is used twice.").format(where=where))
        else:
            need_ids.add(need_id)
        label = _text(need.get("label"), MAX_LABEL)
        recommendation = _text(need.get("recommendation"), MAX_TEXT)
        if not label:
            need_problem(_("{where} needs a label of at most {n} characters.").format(where=where, n=MAX_LABEL))
        if not recommendation:
            need_problem(_("{where} needs a recommendation of at most {n} characters.").format(
                where=where, n=MAX_TEXT))
        needs.append({"id": need_id, "label": label or "", "recommendation": recommendation or ""})

    questions, question_ids = [], set()
    if not 1 <= len(raw["questions"]) <= MAX_QUESTIONS:
        problems.append(Problem("", _("An instrument needs from 1 to {n} questions.").format(n=MAX_QUESTIONS)))
    for number, question in enumerate(raw["questions"][:MAX_QUESTIONS], start=1):
        qid = question.get("id") if isinstance(question, dict) else None
        where = _("Question {number} (“{id}”)").format(number=number, id=str(qid)[:40])

        def problem(message: str, qid=qid) -> None:
            problems.append(Problem(str(qid or ""), message))

        if not isinstance(question, dict):
            problem(_("{where} is not a question.").format(where=where))
            continue
        if not isinstance(qid, str) or not ID.match(qid):
            problem(_("{where}: its id must be lowercase letters, digits and underscores, starting with a "
                      "letter.").format(where=where))
        elif qid in question_ids:
            problem(_("{where}: the id is used twice.").format(where=where))
        else:
            question_ids.add(qid)
        kind = question.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            problem(_("{where}: “{kind}” is not a question kind ({kinds}).").format(
                where=where, kind=str(kind)[:30], kinds=", ".join(KINDS)))
            continue
        label = _text(question.get("label"), MAX_LABEL)
        if not label:
            problem(_("{where} needs a label of at most {n} characters.").format(where=where, n=MAX_LABEL))
        help_text = _text(question.get("help"), MAX_TEXT)
        group = question.get("group") or "other"
        if not isinstance(group, str) or group not in GROUPS:
            problem(_("{where}: “{group}” is not a group ({groups}).").format(
                where=where, group=str(group)[:30], groups=", ".join(GROUPS)))
            group = "other"
        required = question.get("required", False)
        if not isinstance(required, bool):
            problem(_("{where}: “required” must be true or false.").format(where=where))
        clean: dict[str, Any] = {
            "id": qid, "label": label or "", "help": help_text or "", "kind": kind, "group": group,
            "required": bool(required), "weights": {}, "choices": [], "scale_low": "", "scale_high": "",
            "min_value": None, "max_value": None,
        }
        if kind == "scale":
            clean["scale_low"] = _text(question.get("scale_low"), MAX_SHORT) or ""
            clean["scale_high"] = _text(question.get("scale_high"), MAX_SHORT) or ""
            if not clean["scale_low"] or not clean["scale_high"]:
                problem(_("{where}: a scale needs labels for its two ends (1 and 5).").format(where=where))
        if kind in ("scale", "number"):
            clean["weights"] = _clean_weights(question.get("weights"), need_ids, where, problem, _)
        elif question.get("weights"):
            problem(_("{where}: a choice question carries its weights on its choices, not on itself.").format(
                where=where) if kind in CHOICE_KINDS else
                    _("{where}: text answers carry no weights.").format(where=where))
        if kind == "number":
            low, high = question.get("min_value"), question.get("max_value")
            if not _number(low) or not _number(high) or low >= high:
                problem(_("{where}: a number question needs a smallest value and a larger largest value.").format(
                    where=where))
            else:
                clean["min_value"], clean["max_value"] = low, high
        if kind in CHOICE_KINDS:
            choices_raw = question.get("choices")
            if not isinstance(choices_raw, list) or not 2 <= len(choices_raw) <= MAX_CHOICES:
                problem(_("{where}: a choice question needs from 2 to {n} choices.").format(where=where, n=MAX_CHOICES))
                choices_raw = []
            values = set()
            for choice in choices_raw:
                value = choice.get("value") if isinstance(choice, dict) else None
                choice_label = _text(choice.get("label"), MAX_LABEL) if isinstance(choice, dict) else None
                if not isinstance(value, str) or not ID.match(value) or value in values:
                    problem(_("{where}: the choice “{value}” needs a unique id of lowercase letters, digits and "
                              "underscores.").format(where=where, value=str(value)[:40]))
                    continue
                if not choice_label:
                    problem(_("{where}: the choice “{value}” needs a label.").format(where=where, value=value))
                    continue
                values.add(value)
                clean["choices"].append({"value": value, "label": choice_label, "weights": _clean_weights(
                    choice.get("weights"), need_ids, f"{where} · {value}", problem, _)})
        questions.append(clean)

    if problems:
        raise InstrumentError(problems)
    return {"needs": needs, "questions": questions}


# --------------------------------------------------------------------------- segments


SEGMENT_KEYS = ("id", "name", "description", "size", "languages", "location", "contributors", "answers")
# How a segment's text fields are named to people (the same words as the form's labels).
SEGMENT_FIELD_LABELS = {
    "description": _("Who they are"),
    "languages": _("Languages they read and write"),
    "location": _("Where they are"),
}


class SegmentsError(Invalid):
    """Segments were refused; `problems` (`where`: a segment id, or "") says why."""


def clean_segments(raw: Any, instrument: dict[str, Any], gettext: Gettext, *, submit: bool) -> list[dict[str, Any]]:
    """The learner's segments, checked against the instrument. A draft may be incomplete; a
    submission must answer every required question of every segment."""
    _ = gettext
    if not isinstance(raw, list):
        raise SegmentsError([Problem("", _("The segments must be a list."))])
    if len(raw) > MAX_SEGMENTS or (submit and len(raw) < MIN_SEGMENTS):
        raise SegmentsError([Problem("", _("Describe from {low} to {high} audience segments.").format(
            low=MIN_SEGMENTS, high=MAX_SEGMENTS))])
    questions = {q["id"]: q for q in instrument["questions"]}
    problems: list[Problem] = []
    segments, ids = [], set()
    for number, segment in enumerate(raw, start=1):
        if not isinstance(segment, dict):
            problems.append(Problem("", _("Segment {number} is not a segment.").format(number=number)))
            continue
        unknown = sorted(set(segment) - set(SEGMENT_KEYS))
        if unknown:
            problems.append(Problem("", _("Segment {number} has no field “{name}”.").format(
                number=number, name=str(unknown[0])[:40])))
            continue
        segment_id = segment.get("id")
        if not isinstance(segment_id, str) or not ID.match(segment_id) or segment_id in ids:
            problems.append(Problem("", _("Segment {number} needs a unique id.").format(number=number)))
            continue
        ids.add(segment_id)
        name = _text(segment.get("name"), MAX_SHORT)
        shown = name or _("Segment {number}").format(number=number)

        def problem(message: str, segment_id=segment_id) -> None:
            problems.append(Problem(segment_id, message))

        if name is None:
            problem(_("“{segment}”: the name must be text of at most {n} characters.").format(
                segment=shown, n=MAX_SHORT))
        elif submit and not name:
            problem(_("Segment {number} needs a name.").format(number=number))
        clean = {"id": segment_id, "name": name or ""}
        for key, limit in (("description", MAX_TEXT), ("languages", MAX_SHORT), ("location", MAX_SHORT)):
            value = _text(segment.get(key), limit)
            if value is None:
                problem(_("“{segment}”: “{field}” must be text of at most {n} characters.").format(
                    segment=shown, field=_(SEGMENT_FIELD_LABELS[key]), n=limit))
            clean[key] = value or ""
        size = segment.get("size")
        if size not in (None, "") and (isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= 10**9):
            problem(_("“{segment}”: the estimated size must be a whole number.").format(segment=shown))
        clean["size"] = size if isinstance(size, int) and not isinstance(size, bool) else None
        contributors = segment.get("contributors") or ""
        if not isinstance(contributors, str):
            problem(_("“{segment}”: say whether they are new or existing contributors, or a mix.").format(
                segment=shown))
            contributors = ""
        elif contributors and contributors not in CONTRIBUTORS:
            problem(_("“{segment}”: say whether they are new or existing contributors, or a mix.").format(
                segment=shown))
        clean["contributors"] = contributors if contributors in CONTRIBUTORS else ""
        answers_raw = segment.get("answers") or {}
        if not isinstance(answers_raw, dict):
            problem(_("“{segment}”: the answers must be an object.").format(segment=shown))
            answers_raw = {}
        unknown_questions = [key for key in answers_raw if key not in questions]
        if unknown_questions:
            problem(_("“{segment}”: there is no question “{id}”. Reload the page to get the current "
                      "questions.").format(segment=shown, id=str(unknown_questions[0])[:40]))
        answers = {}
        for qid, question in questions.items():
            value = answers_raw.get(qid)
            try:
                value = _clean_answer(question, value, _)
            except ValueError as error:
                problem(_("“{segment}”, “{question}”: {reason}").format(
                    segment=shown, question=question["label"], reason=str(error)))
                continue
            if value is None:
                if submit and question["required"]:
                    problem(_("“{segment}”: “{question}” needs an answer.").format(
                        segment=shown, question=question["label"]))
                continue
            answers[qid] = value
        clean["answers"] = answers
        segments.append(clean)
    if problems:
        raise SegmentsError(problems)
    return segments


def _clean_answer(question: dict[str, Any], value: Any, _: Gettext) -> Any:
    """The answer normalized, None when unanswered, or ValueError(reason)."""
    kind = question["kind"]
    if value is None or value == "" or value == []:
        return None
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(_("choose a point from 1 to 5."))
        return value
    if kind == "number":
        if not _number(value):
            raise ValueError(_("give a number."))
        if not question["min_value"] <= value <= question["max_value"]:
            raise ValueError(_("give a number from {low} to {high}.").format(
                low=question["min_value"], high=question["max_value"]))
        return value
    # Choice values are ids (text): an object, a list, a number or true is no choice, and is never
    # looked up in a set (where an object or a list would raise TypeError).
    choices = {choice["value"] for choice in question["choices"]}
    if kind == "single_choice":
        if not isinstance(value, str) or value not in choices:
            raise ValueError(_("choose one of the options."))
        return value
    if kind == "multiple_choice":
        if not isinstance(value, list) or any(not isinstance(item, str) or item not in choices for item in value):
            raise ValueError(_("choose among the options."))
        return [choice["value"] for choice in question["choices"] if choice["value"] in value]
    if not isinstance(value, str):
        raise ValueError(_("write text."))
    limit = MAX_SHORT if kind == "short_text" else MAX_TEXT
    value = value.replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise ValueError(_("write at most {n} characters.").format(n=limit))
    return value or None


def localized(instrument: dict[str, Any], gettext: Gettext) -> dict[str, Any]:
    """A copy with labels, help, scale ends and recommendations passed through `gettext`."""
    copied = copy.deepcopy(instrument)

    def tr(text: str) -> str:
        return gettext(text) if text else text

    for need in copied["needs"]:
        need["label"], need["recommendation"] = tr(need["label"]), tr(need["recommendation"])
    for question in copied["questions"]:
        for key in ("label", "help", "scale_low", "scale_high"):
            question[key] = tr(question[key])
        for choice in question["choices"]:
            choice["label"] = tr(choice["label"])
    return copied
