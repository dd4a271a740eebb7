"""A submission's answers as (field, label, grant-proposal section, text) rows, whatever block made it.

The blocks store their submissions through `orglab_plugin.api` with enough of the form to read them
later: a worksheet keeps its fields (id, label, kind, proposal section) beside the answers, a topic
list its rows, an audience assessment its segments. Reports read those payloads only; they never
import the blocks (only the worksheet's pure schema module, for the list of proposal sections).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The grant-proposal sections answers feed, in the order a proposal presents them, with their
# (untranslated) labels: the worksheet's own vocabulary, a field's `proposal_section`.
from orglab_xblocks.i18n import translator
from orglab_xblocks.worksheet.schema import PROPOSAL_SECTIONS, proposal_section

MAX_TEXT = 32000  # characters of one answer in a report cell (a spreadsheet cell holds 32,767)


def section_label(section: str) -> str:
    """The label of a grant-proposal section in the request's language, from the blocks' catalogue
    (the worksheet's schema names the sections; its catalogue translates them)."""
    return translator(get_language())(PROPOSAL_SECTIONS[section])


@dataclass(frozen=True)
class Answer:
    field: str
    label: str
    section: str
    text: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    return str(value)


def _topic_line(row: dict[str, Any]) -> str:
    parts = [str(row.get("title") or row.get("qid") or "")]
    if row.get("wiki"):
        parts[0] += f" ({row['wiki']})"
    for key in ("qid", "gap", "priority", "notes"):
        if row.get(key) and not (key == "qid" and not row.get("title")):
            parts.append(str(row[key]))
    return " — ".join(part for part in parts if part)


def answers_of(block_type: str, payload: dict[str, Any]) -> Iterator[Answer]:
    """The answers a submission holds, in the form's order."""
    if not isinstance(payload, dict):
        return
    if isinstance(payload.get("fields"), list) and isinstance(payload.get("answers"), dict):
        answers = payload["answers"]
        for field in payload["fields"]:
            if not isinstance(field, dict) or field.get("id") not in answers:
                continue
            section = proposal_section(field.get("proposal_section")) or "other"
            yield Answer(str(field["id"]), str(field.get("label") or field["id"]), section,
                         _text(answers[field["id"]])[:MAX_TEXT])
        return
    if isinstance(payload.get("rows"), list):
        lines = [_topic_line(row) for row in payload["rows"] if isinstance(row, dict)]
        yield Answer("topics", _("Topic list ({count} topics)").format(count=len(lines)), "activities",
                     "\n".join(lines)[:MAX_TEXT])
        return
    if isinstance(payload.get("segments"), list):
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
        return
    for key, value in payload.items():  # a block we do not know: its plain values
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and key != "title":
            yield Answer(str(key), str(key), "other", _text(value)[:MAX_TEXT])
