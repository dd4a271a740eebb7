"""Presets of the campaign-design worksheet: ready-made forms for units 1, 4, 5 and 6 of the Organizer Lab.

Each preset is a worksheet configuration (sections of fields, in the shape `schema.validate_config`
accepts; a setting left out takes its default) plus a title and instructions. Together the answers make up the key parts of a grant proposal
(Rapid Fund sections: goals, activities, audience, participation, team, partners, communications,
resources, metrics, risks, budget), which is why every field names the `proposal_section` it feeds.

Strings are marked with `_()` so that Django's makemessages extracts them; they are translated when a
preset is applied, with the caller's gettext (see `localized_preset`). Ids and choice values are stable
English identifiers and are never translated: answers are stored under them.

One module per unit (`unit1`, `unit4`, `unit5`, `unit6`), each defining its `PRESET`; this package
lists them in course order (`PRESETS`, `PRESET_ORDER`) and localizes them.
"""
from __future__ import annotations

import copy
from collections.abc import Callable

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
