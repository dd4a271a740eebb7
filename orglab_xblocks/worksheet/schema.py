"""The worksheet's schema: sections of fields, how a configuration is validated, and how a
learner's answers are checked. Pure Python (no Django, no XBlock), so it is easy to test.

Messages are built with a `gettext` the caller passes in (the block's i18n service), so they
reach the person in their language.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..i18n import _
from ..validation import Invalid, Problem
from ..validation import is_int as _is_int
from ..validation import is_number as _is_number
from ..validation import shortened as _shown

Gettext = Callable[[str], str]


KINDS: dict[str, str] = {
    "short_text": _("Short text"),
    "long_text": _("Long text"),
    "list": _("List of items"),
    "single_choice": _("Single choice"),
    "multiple_choice": _("Multiple choice"),
    "number": _("Number"),
    "date": _("Date"),
    "url": _("Web address (URL)"),
}

# The grant-proposal sections, in the order a Rapid Fund proposal presents them (Meta,
# Grants:Project/Rapid): the one list of the project. A worksheet field's `proposal_section` names the
# section its answer feeds; the proposal block (`orglab_proposal`) assembles them, and course_export's
# reports group answers by them.
PROPOSAL_SECTIONS: dict[str, str] = {
    "title": _("Title"),
    "dates": _("Start and end dates"),
    "where": _("Where"),
    "campaign": _("Part of a movement campaign"),
    "change": _("The change you want to bring, its challenges and your approach"),
    "activities": _("Main activities"),
    "team": _("Team"),
    "participants": _("Target participants and how they are engaged"),
    "thematic_area": _("Thematic area and underrepresented groups"),
    "partners": _("Partners"),
    "community_notification": _("On-wiki community notification"),
    "follow_up": _("Follow-up and retention"),
    "risks": _("Risks"),
    "metrics": _("Metrics"),
    "budget": _("Budget"),
    "other": _("Other"),
}

# The earlier vocabulary (before the Rapid Fund's sections, issue 15): submissions already stored and
# courses' OLX name these ids. They stay accepted wherever a section id is read (a worksheet's
# configuration from OLX or Studio, a stored worksheet's fields, a submission's payload) and are read
# as the section they became; a configuration is saved with the new id.
SECTION_ALIASES: dict[str, str] = {
    "goals": "change",
    "audience": "participants",
    "participation": "participants",
    "communications": "community_notification",
    "resources": "budget",
}


def proposal_section(value: Any) -> str | None:
    """The section id `value` names (an alias read as its new id), or None when it names none."""
    if not isinstance(value, str):
        return None
    value = SECTION_ALIASES.get(value, value)
    return value if value in PROPOSAL_SECTIONS else None


TEXT_KINDS = frozenset({"short_text", "long_text", "date", "url"})
LIST_VALUED_KINDS = frozenset({"list", "multiple_choice"})
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})

# (default, largest allowed) max_chars by kind; a list's limit is per item.
MAX_CHARS: dict[str, tuple[int, int]] = {
    "short_text": (200, 1000),
    "long_text": (5000, 20000),
    "list": (300, 1000),
    "url": (2000, 2000),
}
MAX_LIST_ITEMS = 50
MAX_CHOICES = 30
MAX_SECTIONS = 20
MAX_FIELDS = 60
MAX_LABEL = 300
MAX_HELP = 1000
MAX_TITLE = 200
MAX_INTRO = 2000
MAX_INSTRUCTIONS = 10000

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
FIELD_KEYS = (
    "id", "label", "help", "kind", "required", "max_chars", "min_words",
    "min_items", "max_items", "min_value", "max_value", "choices", "proposal_section",
)


class ConfigError(Invalid):
    """The configuration is invalid; `problems` lists every reason (`where`: a field id, or "")."""


# --------------------------------------------------------------------------- configuration


def _text(value: Any) -> str | None:
    """A configuration string, stripped; None when it is not a string."""
    return value.strip() if isinstance(value, str) else None


def validate_config(raw: Any, gettext: Gettext) -> dict[str, Any]:
    """Check a whole worksheet configuration and return it normalized.

    `raw` is `{"sections": [{"id", "title", "intro", "fields": [field, ...]}, ...]}`. Every
    problem is collected, each message naming the section or field it is about; if there is
    any, ConfigError is raised and nothing should be stored.
    """
    _ = gettext
    problems: list[Problem] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), list):
        raise ConfigError([Problem("", _("The worksheet configuration must have a list of sections."))])
    sections_in = raw["sections"]
    if not sections_in:
        problems.append(Problem("", _("A worksheet needs at least one section.")))
    if len(sections_in) > MAX_SECTIONS:
        problems.append(Problem("", _("A worksheet can have at most {n} sections.").format(n=MAX_SECTIONS)))

    section_ids: set[str] = set()
    field_ids: set[str] = set()
    sections: list[dict[str, Any]] = []
    field_count = 0
    for number, section in enumerate(sections_in[:MAX_SECTIONS], start=1):
        where = _("Section {number}").format(number=number)
        if not isinstance(section, dict):
            problems.append(Problem("", _("{where} is not a section.").format(where=where)))
            continue
        section_id = section.get("id")
        title = _text(section.get("title"))
        intro = _text(section.get("intro", "")) if section.get("intro") is not None else ""
        if title:
            where = _("Section {number} (“{title}”)").format(number=number, title=title[:60])
        if not isinstance(section_id, str) or not ID_PATTERN.match(section_id):
            problems.append(Problem("", _(
                "{where}: its id must start with a lowercase letter and use only lowercase letters, "
                "digits and underscores (at most 50)."
            ).format(where=where)))
        elif section_id in section_ids:
            problems.append(Problem("", _("{where}: the id “{id}” is used twice.").format(where=where, id=section_id)))
        else:
            section_ids.add(section_id)
        if not title:
            problems.append(Problem("", _("{where} needs a title.").format(where=where)))
        elif len(title) > MAX_TITLE:
            problems.append(Problem("", _("{where}: the title is longer than {n} characters.").format(
                where=where, n=MAX_TITLE)))
        if intro is None or len(intro) > MAX_INTRO:
            problems.append(Problem("", _("{where}: the introduction must be text of at most {n} characters.").format(
                where=where, n=MAX_INTRO)))
        fields_in = section.get("fields")
        if not isinstance(fields_in, list) or not fields_in:
            problems.append(Problem("", _("{where} needs at least one field.").format(where=where)))
            fields_in = []
        fields = []
        for field in fields_in:
            field_count += 1
            if field_count > MAX_FIELDS:
                problems.append(Problem("", _("A worksheet can have at most {n} fields.").format(n=MAX_FIELDS)))
                break
            cleaned = _validate_field(field, where, field_ids, problems, _)
            if cleaned is not None:
                fields.append(cleaned)
        sections.append({"id": section_id, "title": title or "", "intro": intro or "", "fields": fields})

    if problems:
        raise ConfigError(problems)
    return {"sections": sections}


def _validate_field(
    field: Any, where: str, seen: set[str], problems: list[Problem], _: Gettext
) -> dict[str, Any] | None:
    if not isinstance(field, dict):
        problems.append(Problem("", _("{where}: every field must be an object.").format(where=where)))
        return None
    unknown = sorted(set(field) - set(FIELD_KEYS))
    field_id = field.get("id")
    label = _text(field.get("label"))
    name = label[:60] if label else (field_id if isinstance(field_id, str) else "?")
    here = _("Field “{name}” in {where}").format(name=name, where=where)
    fid = field_id if isinstance(field_id, str) else ""

    def problem(message: str) -> None:
        problems.append(Problem(fid, f"{here}: {message}"))

    if unknown:
        problem(_("unknown setting(s): {names}.").format(names=", ".join(_shown(name) for name in unknown[:5])))
    if not isinstance(field_id, str) or not ID_PATTERN.match(field_id):
        problem(_("its id must start with a lowercase letter and use only lowercase letters, digits "
                  "and underscores (at most 50)."))
    elif field_id in seen:
        problem(_("the id “{id}” is already used by another field.").format(id=field_id))
    else:
        seen.add(field_id)
    if not label:
        problem(_("it needs a label."))
    elif len(label) > MAX_LABEL:
        problem(_("the label is longer than {n} characters.").format(n=MAX_LABEL))
    help_text = field.get("help") or ""
    if not isinstance(help_text, str) or len(help_text) > MAX_HELP:
        problem(_("the help text must be text of at most {n} characters.").format(n=MAX_HELP))
        help_text = ""
    kind = field.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        problem(_("“{kind}” is not a field kind; use one of: {kinds}.").format(kind=_shown(kind),
                                                                               kinds=", ".join(KINDS)))
        return None
    required = field.get("required", False)
    if not isinstance(required, bool):
        problem(_("“required” must be true or false."))
    section = proposal_section(field.get("proposal_section") or "other")
    if section is None:
        problem(_("“{value}” is not a grant-proposal section; use one of: {names}.").format(
            value=_shown(field.get("proposal_section")), names=", ".join(PROPOSAL_SECTIONS)))
        section = "other"

    cleaned: dict[str, Any] = {
        "id": field_id, "label": label or "", "help": help_text.strip(), "kind": kind,
        "required": bool(required), "max_chars": None, "min_words": None, "min_items": None,
        "max_items": None, "min_value": None, "max_value": None, "choices": [],
        "proposal_section": section,
    }

    def limit(key: str, low: int, high: int | None) -> int | None:
        value = field.get(key)
        if value is None or value == "":
            return None
        if not _is_int(value) or value < low or (high is not None and value > high):
            span = (_("a whole number from {low} to {high}").format(low=low, high=high) if high is not None
                    else _("a whole number of at least {low}").format(low=low))
            problem(_("“{key}” must be {span}.").format(key=key, span=span))
            return None
        return value

    def refuse_unused(*keys: str) -> None:
        for key in keys:
            if field.get(key) not in (None, "", []):
                problem(_("“{key}” does not apply to a {kind} field.").format(key=key, kind=kind))

    if kind in MAX_CHARS:
        default, largest = MAX_CHARS[kind]
        cleaned["max_chars"] = limit("max_chars", 1, largest) or default
    else:
        refuse_unused("max_chars")
    if kind == "long_text":
        cleaned["min_words"] = limit("min_words", 0, 5000)
        if cleaned["min_words"] and cleaned["min_words"] * 2 > cleaned["max_chars"]:
            problem(_("“min_words” cannot be reached within “max_chars”."))
    else:
        refuse_unused("min_words")
    if kind in LIST_VALUED_KINDS:
        cleaned["min_items"] = limit("min_items", 0, MAX_LIST_ITEMS)
        cleaned["max_items"] = limit("max_items", 1, MAX_LIST_ITEMS)
        if kind == "list" and cleaned["max_items"] is None:
            cleaned["max_items"] = MAX_LIST_ITEMS
        if (cleaned["min_items"] is not None and cleaned["max_items"] is not None
                and cleaned["min_items"] > cleaned["max_items"]):
            problem(_("“min_items” is larger than “max_items”."))
    else:
        refuse_unused("min_items", "max_items")
    if kind == "number":
        for key in ("min_value", "max_value"):
            value = field.get(key)
            if value is None or value == "":
                continue
            if not _is_number(value):
                problem(_("“{key}” must be a number.").format(key=key))
            else:
                cleaned[key] = value
        if (cleaned["min_value"] is not None and cleaned["max_value"] is not None
                and cleaned["min_value"] > cleaned["max_value"]):
            problem(_("“min_value” is larger than “max_value”."))
    else:
        refuse_unused("min_value", "max_value")
    if kind in CHOICE_KINDS:
        cleaned["choices"] = _validate_choices(field.get("choices"), problem, _)
        if kind == "multiple_choice" and cleaned["choices"]:
            for key in ("min_items", "max_items"):
                if cleaned[key] is not None and cleaned[key] > len(cleaned["choices"]):
                    problem(_("“{key}” is more than the number of choices.").format(key=key))
    else:
        refuse_unused("choices")
    return cleaned


def _validate_choices(raw: Any, problem: Callable[[str], None], _: Gettext) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_CHOICES:
        problem(_("a choice field needs from 2 to {n} choices.").format(n=MAX_CHOICES))
        return []
    choices, values = [], set()
    for choice in raw:
        value = choice.get("value") if isinstance(choice, dict) else None
        label = _text(choice.get("label")) if isinstance(choice, dict) else None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            problem(_("the choice value “{value}” must start with a lowercase letter and use only lowercase "
                      "letters, digits and underscores.").format(value=_shown(value)))
            continue
        if value in values:
            problem(_("the choice value “{value}” is used twice.").format(value=value))
            continue
        if not label or len(label) > MAX_LABEL:
            problem(_("the choice “{value}” needs a label of at most {n} characters.").format(value=value, n=MAX_LABEL))
            continue
        values.add(value)
        choices.append({"value": value, "label": label})
    return choices


def iter_fields(config: dict[str, Any]):
    for section in config.get("sections", []):
        yield from section.get("fields", [])


def field_map(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["id"]: field for field in iter_fields(config)}


def answers_for(config: dict[str, Any], draft: Any) -> dict[str, Any]:
    """A stored draft's answers, keeping only those to fields the worksheet still has."""
    fields = field_map(config)
    return {key: value for key, value in (draft or {}).items() if key in fields}


def submission_payload(config: dict[str, Any], answers: dict[str, Any], *, title: str, preset: str) -> dict[str, Any]:
    """What a submission keeps: the answers, and enough of the form to read them later (each answered
    field's label, kind and proposal section, and a choice field's choices; the reports and the
    proposal read them)."""
    fields = []
    for f in iter_fields(config):
        if f["id"] in answers:
            kept = {"id": f["id"], "label": f["label"], "kind": f["kind"], "proposal_section": f["proposal_section"]}
            if f["kind"] in CHOICE_KINDS:
                kept["choices"] = [{"value": c["value"], "label": c["label"]} for c in f["choices"]]
            fields.append(kept)
    return {"title": title, "preset": preset, "answers": answers, "fields": fields}


# --------------------------------------------------------------------------- answers

# Scripts written without spaces between words: a run of their characters is counted as
# one word per two characters, so a minimum word count is fair in every language.
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")


def _unspaced(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(_NO_SPACE_SCRIPTS)


def count_words(text: str) -> int:
    """Words in `text`, in any script."""
    words = 0
    for token in text.split():
        unspaced = sum(1 for char in token if _unspaced(char))
        rest = len(token) - unspaced
        words += (unspaced + 1) // 2 + (1 if any(c.isalnum() for c in token if not _unspaced(c)) and rest else 0)
    return words


def _normalize_text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


class AnswersError(Invalid):
    """Answers were refused; `problems` says why, per field where it can."""


def clean_answers(config: dict[str, Any], raw: Any, gettext: Gettext, *, submit: bool) -> dict[str, Any]:
    """Check a learner's answers against the configuration and return them normalized.

    A draft (`submit=False`) must have the right shape: known field ids, the right type for
    each kind, allowed choice values, nothing over a maximum. A submission must also meet
    every requirement: required answers present, minimum words and items, valid URLs and
    dates, numbers in range. Raises AnswersError naming every problem.
    """
    _ = gettext
    if not isinstance(raw, dict):
        raise AnswersError([Problem("", _("The answers must be sent as an object of field ids and values."))])
    fields = field_map(config)
    unknown = sorted(key for key in raw if key not in fields)
    if unknown:
        raise AnswersError([Problem("", _("This worksheet has no field {ids}. Reload the page to get the current form.")
                                    .format(ids=", ".join(f"“{key[:50]}”" for key in unknown[:5])))])
    problems: list[Problem] = []
    cleaned: dict[str, Any] = {}
    for field_id, field in fields.items():
        value = raw.get(field_id)
        try:
            value = _clean_value(field, value, _, submit=submit)
        except _FieldProblem as error:
            problems.append(Problem(field_id, error.message))
            continue
        if not is_empty(value):
            cleaned[field_id] = value
        elif submit and field["required"]:
            problems.append(Problem(field_id, _("“{label}” is required.").format(label=field["label"])))
    if problems:
        raise AnswersError(problems)
    return cleaned


class _FieldProblem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clean_value(field: dict[str, Any], value: Any, _: Gettext, *, submit: bool) -> Any:
    kind, label = field["kind"], field["label"]

    def refuse(template: str, **values: Any) -> _FieldProblem:
        # One format call on the translator's template: learners' text in the values is never parsed.
        return _FieldProblem(template.format(label=label, **values))

    if value is None:
        return None
    if kind in TEXT_KINDS or kind == "single_choice":
        if not isinstance(value, str):
            raise refuse(_("“{label}” must be text."))
        value = _normalize_text(value)
        if field["max_chars"] and len(value) > field["max_chars"]:
            raise refuse(_("“{label}” is longer than {n} characters."), n=field["max_chars"])
        if is_empty(value):
            return ""
        if kind == "single_choice":
            if value not in {choice["value"] for choice in field["choices"]}:
                raise refuse(_("“{label}” has no choice “{value}”."), value=value[:50])
            return value
        if not submit:
            return value
        value = value.strip() if kind in ("short_text", "url", "date") else value
        if kind == "long_text" and field["min_words"] and count_words(value) < field["min_words"]:
            raise refuse(_("“{label}” needs at least {n} words (it has {count})."),
                         n=field["min_words"], count=count_words(value))
        if kind == "url" and not _is_web_url(value):
            raise refuse(_("“{label}” must be a web address starting with https:// or http://."))
        if kind == "date" and not _is_iso_date(value):
            raise refuse(_("“{label}” must be a date (year-month-day)."))
        return value
    if kind in LIST_VALUED_KINDS:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise refuse(_("“{label}” must be a list of texts."))
        if kind == "list":
            items = [_normalize_text(item).strip() for item in value]
            items = [item for item in items if item]
            too_long = [item for item in items if len(item) > field["max_chars"]]
            if too_long:
                raise refuse(_("An item of “{label}” is longer than {n} characters."), n=field["max_chars"])
        else:
            allowed = {choice["value"] for choice in field["choices"]}
            items = list(dict.fromkeys(value))
            strange = [item for item in items if item not in allowed]
            if strange:
                raise refuse(_("“{label}” has no choice “{value}”."), value=strange[0][:50])
        if field["max_items"] is not None and len(items) > field["max_items"]:
            raise refuse(_("“{label}” has too many items (the limit is {n})."), n=field["max_items"])
        if submit and items and field["min_items"] and len(items) < field["min_items"]:
            raise refuse(_("“{label}” needs more items (at least {n})."), n=field["min_items"])
        return items
    if kind == "number":
        if not _is_number(value):
            raise refuse(_("“{label}” must be a number."))
        if submit and field["min_value"] is not None and value < field["min_value"]:
            raise refuse(_("“{label}” must be at least {n}."), n=_format_number(field["min_value"]))
        if submit and field["max_value"] is not None and value > field["max_value"]:
            raise refuse(_("“{label}” must be at most {n}."), n=_format_number(field["max_value"]))
        return value
    raise refuse(_("“{label}” cannot be answered."))  # pragma: no cover - kinds are validated with the config


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# The host and port of a URL: a name (or a bracketed IPv6 address), then an optional ASCII port.
_HOST_PORT = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[^\[\]:@]+)(?::[0-9]{0,5})?")


def _is_web_url(value: str) -> bool:
    """An http(s) address with a host. Never raises: what `urlsplit` cannot read (`http://[::1`,
    a host that changes under NFKC, a port that is not a number) is not a web address."""
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
        hostname, _port = parts.hostname, parts.port
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(hostname)
            and bool(_HOST_PORT.fullmatch(parts.netloc.rpartition("@")[2])))


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))


def default_config() -> dict[str, Any]:
    """A one-field worksheet, for a block that has not been configured yet."""
    return {
        "sections": [
            {
                "id": "main",
                "title": _("Your plan"),
                "intro": "",
                "fields": [
                    {
                        "id": "answer", "label": _("Your answer"), "help": "", "kind": "long_text",
                        "required": True, "max_chars": 5000, "min_words": None, "min_items": None,
                        "max_items": None, "min_value": None, "max_value": None, "choices": [],
                        "proposal_section": "other",
                    }
                ],
            }
        ]
    }
