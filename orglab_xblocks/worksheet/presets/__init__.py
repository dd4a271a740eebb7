"""Presets of the campaign-design worksheet: ready-made forms for units 1, 4, 5 and 6 of the Organizer Lab.

Each preset is a worksheet configuration (sections of fields, in the shape `schema.validate_config`
accepts; a setting left out takes its default) plus a title and instructions. Together the answers make up the key parts of a grant proposal
(the Rapid Fund's sections, `schema.PROPOSAL_SECTIONS`: the change and approach, activities, team,
participants, partners, community notification, follow-up, risks, metrics, budget, …), which is why
every field names the `proposal_section` it feeds.

Strings are marked with `_()` so that Django's makemessages extracts them; they are translated when a
preset is applied, with the caller's gettext (see `localized_preset`). Ids and choice values are stable
English identifiers and are never translated: answers are stored under them.

One module per unit (`unit1`, `unit4`, `unit5`, `unit6`), each defining its `PRESET`; this package
lists them in course order (`PRESETS`, `PRESET_ORDER`) and localizes them.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from functools import lru_cache

from ...i18n import shipped_languages, translator
from .. import schema
from . import unit1, unit4, unit5, unit6

PRESETS: dict[str, dict] = {
    "unit1": unit1.PRESET,
    "unit4": unit4.PRESET,
    "unit5": unit5.PRESET,
    "unit6": unit6.PRESET,
}

PRESET_ORDER = ("unit1", "unit4", "unit5", "unit6")


def preset_choices(gettext: Callable[[str], str]) -> list[tuple[str, str]]:
    """(id, translated title) of every preset, in course order."""
    return [(preset_id, gettext(PRESETS[preset_id]["title"])) for preset_id in PRESET_ORDER]


def _translate(text: str, gettext: Callable[[str], str]) -> str:
    # gettext("") returns the catalog's header, so an empty string stays empty.
    return gettext(text) if text else text


def localized_preset(preset_id: str, gettext: Callable[[str], str]) -> dict:
    """A deep copy of the preset with every translatable string (title, instructions, section title/intro,
    field label/help, choice label) passed through `gettext`. Raises KeyError for an unknown preset id."""
    preset = copy.deepcopy(PRESETS[preset_id])
    for key in ("title", "instructions"):
        preset[key] = _translate(preset[key], gettext)
    for section in preset["sections"]:
        for key in ("title", "intro"):
            section[key] = _translate(section.get(key, ""), gettext)
        for field in section["fields"]:
            for key in ("label", "help"):
                field[key] = _translate(field.get(key, ""), gettext)
            for choice in field.get("choices", []):
                choice["label"] = _translate(choice["label"], gettext)
    # Every setting a preset leaves out gets its default, as for any authored worksheet.
    preset["sections"] = schema.validate_config({"sections": preset["sections"]}, gettext)["sections"]
    return preset


# ---------------------------------------------------------------- preset text stored verbatim
#
# A worksheet that names a preset in the course's OLX (`<orglab_worksheet preset="unit1"/>`), or that
# carries a preset's English text verbatim, stores that English: it is course data, written once at
# import. What is still the preset's text is shown in the viewer's language when it is rendered; text
# an author changed is shown as the author wrote it.


def _identity(text: str) -> str:
    return text


@lru_cache(maxsize=8)
def _english_texts(preset_id: str) -> dict[tuple[str, ...], frozenset[str]]:
    """Where each English text of a preset (or of every preset, for "") sits: keys such as
    ("title",), ("section", id, "title"), ("field", id, "label"), ("choice", field id, value)."""
    found: dict[tuple[str, ...], set[str]] = {}

    def add(key: tuple[str, ...], text: str) -> None:
        if text:
            found.setdefault(key, set()).add(text)

    for pid in ([preset_id] if preset_id in PRESETS else PRESET_ORDER):
        preset = PRESETS[pid]
        add(("title",), preset["title"])
        add(("instructions",), preset["instructions"])
        for section in preset["sections"]:
            add(("section", section["id"], "title"), section.get("title", ""))
            add(("section", section["id"], "intro"), section.get("intro", ""))
            for field in section["fields"]:
                add(("field", field["id"], "label"), field.get("label", ""))
                add(("field", field["id"], "help"), field.get("help", ""))
                for choice in field.get("choices", []):
                    add(("choice", field["id"], choice["value"]), choice["label"])
    return {key: frozenset(texts) for key, texts in found.items()}


def preset_text(key: tuple[str, ...], text: str, preset_id: str, gettext: Callable[[str], str]) -> str:
    """`text` in the viewer's language if it is still the preset's text at that place (the named
    preset's, or any preset's when none is named), in English or in a language the blocks ship
    (a preset applied in a Spanish Studio before saves kept the English), else `text` as it is."""
    if not text:
        return text
    english_texts = _english_texts(preset_id if preset_id in PRESETS else "").get(key, ())
    if text in english_texts:
        return gettext(text)
    for english in sorted(english_texts):
        if any(translator(language)(english) == text for language in shipped_languages()):
            return gettext(english)
    return text


def localized_sections(sections: list[dict], preset_id: str, gettext: Callable[[str], str]) -> list[dict]:
    """A copy of stored `sections` with what is still preset text in the viewer's language."""
    def tr(key: tuple[str, ...], text: str) -> str:
        return preset_text(key, text, preset_id, gettext)

    localized = copy.deepcopy(sections)
    for section in localized:
        for key in ("title", "intro"):
            if section.get(key):
                section[key] = tr(("section", section["id"], key), section[key])
        for field in section["fields"]:
            # Stored before the Rapid Fund's sections (an alias such as "goals"): read as its new id.
            field["proposal_section"] = schema.proposal_section(field.get("proposal_section")) or "other"
            for key in ("label", "help"):
                if field.get(key):
                    field[key] = tr(("field", field["id"], key), field[key])
            for choice in field.get("choices") or []:
                choice["label"] = tr(("choice", field["id"], choice["value"]), choice["label"])
    return localized


def preset_english(key: tuple[str, ...], text: str, preset_id: str, gettext: Callable[[str], str]) -> str:
    """The inverse of `preset_text`, for what Studio sends back: a preset's text shown translated and
    saved unchanged is stored as the preset's English again (so every learner keeps seeing it in their
    own language), anything else as it is."""
    for english in sorted(_english_texts(preset_id if preset_id in PRESETS else "").get(key, ())):
        if text and text != english and text == gettext(english):
            return english
    return text


def unlocalized_sections(sections: list[dict], preset_id: str, gettext: Callable[[str], str]) -> list[dict]:
    """A copy of `sections` (as Studio sends them) with translated preset text back in English."""
    def back(key: tuple[str, ...], text: str) -> str:
        return preset_english(key, text, preset_id, gettext) if isinstance(text, str) else text

    restored = copy.deepcopy(sections)
    for section in restored if isinstance(restored, list) else []:
        if not isinstance(section, dict):
            continue
        for key in ("title", "intro"):
            if key in section:
                section[key] = back(("section", str(section.get("id")), key), section[key])
        for field in section.get("fields") or [] if isinstance(section.get("fields"), list) else []:
            if not isinstance(field, dict):
                continue
            for key in ("label", "help"):
                if key in field:
                    field[key] = back(("field", str(field.get("id")), key), field[key])
            for choice in field.get("choices") or [] if isinstance(field.get("choices"), list) else []:
                if isinstance(choice, dict) and "label" in choice:
                    choice["label"] = back(("choice", str(field.get("id")), str(choice.get("value"))),
                                           choice["label"])
    return restored
