"""A learner's grant proposal, assembled from their latest submitted work in every unit. Pure Python
(standard library and the blocks' pure modules only), so the proposal block and course_export's
proposals report assemble it with the same code: what staff download is what the learner sees.

- `answers_of`: the answers one submission holds, whatever block made it (a worksheet's fields with
  the proposal section each feeds, a topic list's rows, an audience assessment's segments and its
  needs profile with recommendations), in the form's order. The one home of this reading (the
  answers reports use it too).
- `assemble`: every submission of a learner (`Source`) and the fields the learner adds in the
  proposal block (`own`), grouped into the proposal's sections (`schema.PROPOSAL_SECTIONS`), each
  with where each answer came from (unit, field, block) and its readiness under the course's rules
  (`rules`), and a summary of sections ready, thin and missing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..audience.default_instrument import default_text
from ..i18n import _
from ..topic_list.vocab import KNOWLEDGE_GAPS
from ..worksheet.presets import preset_text
from ..worksheet.schema import PROPOSAL_SECTIONS, proposal_section
from . import own as own_module
from . import rules as rules_module

Gettext = Callable[[str], str]

BLOCK_TYPE = "orglab_proposal"
MAX_TEXT = 32000  # characters of one answer (a spreadsheet cell holds 32,767)


@dataclass(frozen=True)
class Answer:
    field: str
    label: str
    section: str
    text: str


@dataclass(frozen=True)
class Source:
    """One submission as the assembly reads it: plain data, from the plugin's `SubmissionData` and the
    course outline (`block_units`)."""

    block_key: str
    block_type: str
    payload: dict[str, Any]
    unit_position: int | None = None
    unit_title: str = ""
    version: int = 0


def jump_to_url(course_key: Any, usage_key: Any) -> str:
    """The link to a block of a course: the LMS's `/courses/<course>/jump_to/<block>` (edx-platform
    `lms/urls.py`, `courseware.views.views.jump_to`: it redirects to the unit that shows the block),
    which the devsite answers too (`devsite/urls.py`: the scenario page of that unit)."""
    return f"/courses/{course_key}/jump_to/{usage_key}"


# --------------------------------------------------------------------------- one submission's answers


def _text(value: Any, gettext: Gettext) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext(_("yes")) if value else gettext(_("no"))
    if isinstance(value, list):
        return "\n".join(_text(item, gettext) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item, gettext)}" for key, item in value.items())
    return str(value)


def _topic_line(row: dict[str, Any]) -> str:
    parts = [str(row.get("title") or row.get("qid") or "")]
    if row.get("wiki"):
        parts[0] += f" ({row['wiki']})"
    for key in ("qid", "gap", "priority", "notes"):
        if row.get(key) and not (key == "qid" and not row.get("title")):
            parts.append(str(row[key]))
    return " — ".join(part for part in parts if part)


def _chosen(item: dict[str, Any], value: Any, preset: str, gettext: Gettext) -> Any:
    """A choice answer with its choices' labels where the payload keeps them (`schema.submission_payload`
    does since issue 15; earlier payloads show the stored values), a preset's in the reader's language."""
    choices = item.get("choices")
    if not isinstance(choices, list):
        return value
    labels = {str(choice.get("value")): preset_text(("choice", str(item.get("id")), str(choice.get("value"))),
                                                    str(choice.get("label") or choice.get("value")), preset, gettext)
              for choice in choices if isinstance(choice, dict)}
    if isinstance(value, list):
        return [labels.get(str(one), one) for one in value]
    return labels.get(str(value), value) if isinstance(value, str) else value


def answers_of(block_type: str, payload: Any, gettext: Gettext) -> Iterator[Answer]:
    """The answers a submission holds, in the form's order; an earlier section id (`goals`, …) is
    read as the section it became, an unknown one as "other"."""
    _ = gettext
    if not isinstance(payload, dict):
        return
    if block_type == BLOCK_TYPE and isinstance(payload.get("own"), dict):
        yield from own_answers(own_module.read(payload["own"]), gettext)
        return
    if isinstance(payload.get("fields"), list) and isinstance(payload.get("answers"), dict):
        answers = payload["answers"]
        preset = payload.get("preset") if isinstance(payload.get("preset"), str) else ""
        for item in payload["fields"]:
            if not isinstance(item, dict) or item.get("id") not in answers:
                continue
            section = proposal_section(item.get("proposal_section")) or "other"
            # A preset's label in the reader's language (it was stored in the submitter's); an author's as written.
            label = preset_text(("field", str(item["id"]), "label"), str(item.get("label") or item["id"]), preset,
                                gettext)
            yield Answer(str(item["id"]), label, section,
                         _text(_chosen(item, answers[item["id"]], preset, gettext), gettext)[:MAX_TEXT])
        return
    if isinstance(payload.get("rows"), list):
        rows = [row for row in payload["rows"] if isinstance(row, dict)]
        lines = [_topic_line(row) for row in rows]
        yield Answer("topics", _("Topic list ({count} topics)").format(count=len(lines)), "activities",
                     "\n".join(lines)[:MAX_TEXT])
        gaps: dict[str, int] = {}
        for row in rows:
            if isinstance(row.get("gap"), str) and row["gap"]:
                gaps[row["gap"]] = gaps.get(row["gap"], 0) + 1
        if gaps:
            yield Answer("topic_gaps", _("Knowledge gaps of the topic list"), "thematic_area", "\n".join(
                _("{gap}: {count} topics").format(gap=_(KNOWLEDGE_GAPS[gap]) if gap in KNOWLEDGE_GAPS else gap,
                                                  count=count)
                for gap, count in sorted(gaps.items(), key=lambda item: (-item[1], item[0]))))
        return
    if isinstance(payload.get("segments"), list):
        yield from _audience_answers(payload, gettext)
        return
    for key, value in payload.items():  # a block we do not know: its plain values
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and key != "title":
            yield Answer(str(key), str(key), "other", _text(value, gettext)[:MAX_TEXT])


def _audience_answers(payload: dict[str, Any], gettext: Gettext) -> Iterator[Answer]:
    _ = gettext
    for index, segment in enumerate(payload["segments"], start=1):
        if not isinstance(segment, dict):
            continue
        details = [str(segment.get("description") or "").strip()]
        if segment.get("size") is not None:
            details.append(_("Size: {size}").format(size=segment["size"]))
        if segment.get("languages"):
            details.append(_("Languages: {languages}").format(languages=segment["languages"]))
        if segment.get("location"):
            details.append(_("Where: {location}").format(location=segment["location"]))
        if segment.get("contributors"):
            details.append(_("Contributors: {kind}").format(kind=segment["contributors"]))
        name = str(segment.get("name") or index)
        yield Answer(f"segment_{segment.get('id') or index}", _("Audience segment: {name}").format(name=name),
                     "participants", "\n".join(part for part in details if part)[:MAX_TEXT])
    profile = payload.get("profile")
    if not isinstance(profile, dict) or not isinstance(profile.get("segments"), list):
        return
    needs = {str(need.get("id")): default_text(need.get("label"), gettext) or str(need.get("id"))
             for need in profile.get("needs", []) if isinstance(need, dict)}
    for index, segment in enumerate(profile["segments"], start=1):
        if not isinstance(segment, dict) or not isinstance(segment.get("top_needs"), list):
            continue
        lines = [_("{need} ({score}): {recommendation}").format(
            need=needs.get(str(top.get("need")), str(top.get("need"))), score=round(top.get("score") or 0),
            recommendation=default_text(top.get("recommendation"), gettext) or "")
            for top in segment["top_needs"] if isinstance(top, dict)]
        if lines:
            name = str(segment.get("name") or index)
            yield Answer(f"needs_{segment.get('segment') or index}",
                         _("Needs and recommendations: {name}").format(name=name), "participants",
                         "\n".join(lines)[:MAX_TEXT])


# --------------------------------------------------------------------------- the proposal


@dataclass
class _Section:
    id: str
    answers: list[dict[str, Any]] = field(default_factory=list)


def own_answers(own: dict[str, Any], gettext: Gettext) -> list[Answer]:
    """The learner's own fields as answers of the sections they feed (title, dates, budget)."""
    _ = gettext
    found = []
    if own["title"]:
        found.append(Answer("title", _("Title of the proposal"), "title", own["title"]))
    if own["start_date"]:
        found.append(Answer("start_date", _("Start date"), "dates", own["start_date"]))
    if own["end_date"]:
        found.append(Answer("end_date", _("End date"), "dates", own["end_date"]))
    lines = []
    for line in own["budget"]:
        parts = [line["item"] or "—"]
        if line["amount"] is not None:
            parts.append(f"{own_module.amount_text(line['amount'])} {line['currency']}".strip())
        if line["usd"] is not None and line["currency"] != "USD":
            parts.append(_("{amount} USD").format(amount=own_module.amount_text(line["usd"])))
        lines.append(" · ".join(parts))
    if lines:
        found.append(Answer("budget", _("Budget lines"), "budget", "\n".join(lines)))
    sums = own_module.totals(own)
    if sums["by_currency"]:
        total = [_("Total in {currency}: {amount}").format(currency=currency, amount=own_module.amount_text(amount))
                 for currency, amount in sums["by_currency"]]
        if sums["usd"] is not None:
            total.append(_("Total in USD: {amount}").format(amount=own_module.amount_text(sums["usd"])))
        if sums["usd_missing"]:
            total.append(_("{n} lines have no amount in USD yet.").format(n=sums["usd_missing"]))
        found.append(Answer("budget_total", _("Budget totals"), "budget", "\n".join(total)))
    return found


def assemble(sources: Iterable[Source], own: Any, rules: Any, gettext: Gettext, *,
             proposal: Source | None = None) -> dict[str, Any]:
    """The learner's proposal: `sources` are the latest submitted version of each block (the proposal
    block's own is skipped: its fields come as `own`), `own` the learner's fields (a draft or the
    submitted ones), `rules` the course's readiness rules (`rules.effective_rules` reads them),
    `proposal` where the proposal block sits (the source named for the learner's own fields).

    Returns {"title", "own", "totals", "sections": [{"id", "label", "answers": [{"field", "label", "text",
    "unit", "unit_position", "block_key", "block_type", "source"}], "readiness": {"state", "reasons"},
    "wants"}], "summary": {"ready", "thin", "missing"}}; labels and reasons in `gettext`'s language."""
    _ = gettext
    own = own_module.read(own)
    rules = rules_module.effective_rules(rules)
    sections = {section: _Section(section) for section in PROPOSAL_SECTIONS}
    ordered = sorted((source for source in sources if source.block_type != BLOCK_TYPE),
                     key=lambda source: (source.unit_position if source.unit_position is not None else 10**6,
                                         source.block_key))
    for source in ordered:
        for answer in answers_of(source.block_type, source.payload, gettext):
            sections[answer.section].answers.append(_answer(answer, source, gettext))
    here = proposal or Source(block_key="", block_type=BLOCK_TYPE, payload={})
    for answer in own_answers(own, gettext):
        sections[answer.section].answers.append(_answer(answer, here, gettext, own=True))

    result = []
    summary = dict.fromkeys(rules_module.STATES, 0)
    lines_with_amount = len(own_module.complete_lines(own))
    for section in sections.values():
        rule = rules.get(section.id)
        entry: dict[str, Any] = {"id": section.id, "label": _(PROPOSAL_SECTIONS[section.id]),
                                 "answers": section.answers, "readiness": None, "wants": []}
        if rule is not None:
            readiness = rules_module.judge([answer["text"] for answer in section.answers], rule, gettext,
                                           budget_lines=lines_with_amount if section.id == "budget" else 0)
            entry["readiness"] = readiness
            entry["wants"] = rules_module.describe(rule, gettext)
            summary[readiness["state"]] += 1
        elif not section.answers:
            continue  # "other", empty: nothing to show
        result.append(entry)
    return {"title": own["title"], "own": own, "totals": own_module.totals(own), "sections": result,
            "summary": summary}


def block_title(payload: Any, gettext: Gettext) -> str:
    """A submitted block's title in the reader's language where it is a preset's or a block's default
    title (stored in the submitter's language), else as the author wrote it."""
    if not isinstance(payload, dict) or not isinstance(payload.get("title"), str):
        return ""
    title = payload["title"]
    if isinstance(payload.get("preset"), str) and payload["preset"]:
        return preset_text(("title",), title, payload["preset"], gettext)
    return gettext(title) if title else ""


def _answer(answer: Answer, source: Source, gettext: Gettext, *, own: bool = False) -> dict[str, Any]:
    _ = gettext
    unit = source.unit_title
    where = _("This proposal") if own else block_title(source.payload, gettext)
    return {"field": answer.field, "label": answer.label, "text": answer.text, "unit": unit,
            "unit_position": source.unit_position, "block_key": source.block_key, "block_type": source.block_type,
            "source": " · ".join(part for part in (unit, where, answer.label) if part)}


# --------------------------------------------------------------------------- from the plugin's submissions


def source_of(submission: Any, units: dict[Any, tuple[int, str]]) -> Source:
    """A Source from the plugin's `SubmissionData` (or anything with block_key, block_type, payload and
    version) and the course's `block_units`."""
    position, title = units.get(submission.block_key, (None, ""))
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    return Source(block_key=str(submission.block_key), block_type=str(submission.block_type), payload=payload,
                  unit_position=position, unit_title=title or "", version=submission.version)


def payload(*, title: str, own: dict[str, Any], rules: dict[str, Any], summary: dict[str, int],
            sections: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """What a submitted proposal keeps: the block's title, the learner's own fields, the rules it was judged
    by (so that the staff's report judges it by the same), the summary the learner saw and, for the
    mentor who reviews this version, the sections as submitted (`[{id, title, text}]`: what the learner
    saw in each, so feedback can be given section by section)."""
    return {"title": title, "own": own, "rules": rules, "summary": summary, "sections": sections or []}


def assemble_submissions(submissions: Iterable[Any], units: dict[Any, tuple[int, str]], gettext: Gettext, *,
                         own: Any = None, rules: Any = None, proposal_key: Any = None) -> dict[str, Any]:
    """`assemble` for a learner's latest submissions as the plugin gives them. The proposal block's own
    fields and rules are `own` and `rules` when given (the block: the learner's draft and the course's
    rules), else those of the learner's submitted proposal (the staff's report), else none and the
    default rules. `proposal_key`: the proposal block (else the submitted one's)."""
    sources = [source_of(submission, units) for submission in submissions]
    submitted = next((source for source in sorted(sources, key=lambda s: (s.unit_position or 10**6, s.block_key))
                      if source.block_type == BLOCK_TYPE), None)
    if own is None:
        own = submitted.payload.get("own") if submitted else None
    if rules is None:
        rules = submitted.payload.get("rules") if submitted else None
    if proposal_key is not None:
        position, title = units.get(proposal_key, (None, ""))
        here = Source(block_key=str(proposal_key), block_type=BLOCK_TYPE, payload={}, unit_position=position,
                      unit_title=title or "")
    else:
        here = submitted
    return assemble(sources, own, rules, gettext, proposal=here)
