"""A topic list's settings, as an author saves them in Studio or an OLX file gives them: each
checked, all or nothing. Pure Python; messages go through the caller's gettext."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import validation
from . import rows as rows_module
from . import vocab, wikis

# Most names a list setting (allowed wikis, gaps, required fields) may hold.
MAX_SETTING_ITEMS = 400
# The settings, in the order Studio and OLX give them.
SETTINGS = ("display_name", "instructions", "allowed_wikis", "default_wiki", "gap_dimensions", "required_fields",
            "min_topics", "max_topics", "check_enabled")


def from_olx_attributes(attributes: Mapping[str, str]) -> dict[str, Any]:
    """The settings an `<orglab_topic_list>` element's attributes give, read as Studio sends them (lists
    split on spaces, counts as numbers, `check_enabled` true or not), not yet checked: `validate_settings`
    checks them. A count that is not 1 to 9 ASCII digits stays text, so that it is refused by name."""
    raw = {name: attributes[name] for name in ("display_name", "allowed_wikis", "default_wiki", "gap_dimensions",
                                               "required_fields", "min_topics", "max_topics", "check_enabled")
           if attributes.get(name) is not None}
    for name in ("allowed_wikis", "gap_dimensions", "required_fields"):
        if name in raw:
            raw[name] = raw[name].split()
    for name in ("min_topics", "max_topics"):
        if name in raw:
            # ASCII digits only: int() would also read "٣" and raise on "²".
            raw[name] = int(raw[name].strip()) if re.fullmatch(r"[0-9]{1,9}", raw[name].strip()) else raw[name]
    if "check_enabled" in raw:
        raw["check_enabled"] = raw["check_enabled"].strip().lower() == "true"
    return raw


def validate_settings(data: dict[str, Any], _, problems: list[str]) -> dict[str, Any]:
    """The author's settings, checked whole; problems are appended with messages that name the setting."""
    out: dict[str, Any] = {}
    display_name = data.get("display_name")
    problem = validation.title_problem(display_name, _)
    if problem:
        problems.append(problem)
    else:
        out["display_name"] = display_name.strip()
    instructions = data.get("instructions", "")
    problem = validation.instructions_problem(instructions, _)
    if problem:
        problems.append(problem)
    else:
        out["instructions"] = instructions.strip()
    for name, known, label in (
        ("allowed_wikis", None, _("Allowed Wikipedias")),
        ("gap_dimensions", vocab.GAP_DIMENSIONS, _("Knowledge gaps offered")),
        ("required_fields", rows_module.REQUIRABLE, _("Required on every topic")),
    ):
        value = data.get(name, [])
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value) \
                or len(value) > MAX_SETTING_ITEMS:
            problems.append(_("“{setting}” must be a list of at most {n} names.").format(
                setting=label, n=MAX_SETTING_ITEMS))
            continue
        if known is None:
            # Wiki names are normalized at the door: " ESWIKI" and "eswiki\n" are both eswiki.
            normalized = [wikis.normalize_dbname(item) for item in value]
            wrong = [item for item, normal in zip(value, normalized, strict=True) if normal is None]
            value = [normal for normal in normalized if normal is not None]
        else:
            wrong = [item for item in value if item not in known]
        if wrong:
            problems.append(_("“{setting}”: {values} not known.").format(
                setting=label, values=", ".join(validation.shown(item) for item in wrong[:5])))
        else:
            out[name] = list(dict.fromkeys(value))
    default_wiki = data.get("default_wiki", "")
    label = _("Default Wikipedia")
    if not isinstance(default_wiki, str):
        problems.append(_("“{setting}” must be the database name of a Wikipedia, such as eswiki.").format(setting=label))
    elif default_wiki.strip():
        normal = wikis.normalize_dbname(default_wiki)
        if normal is None:
            problems.append(_("“{setting}”: {values} not known.").format(
                setting=label, values=validation.shown(default_wiki)))
        elif "allowed_wikis" in out and out["allowed_wikis"] and normal not in out["allowed_wikis"]:
            problems.append(_("The default Wikipedia {wiki} is not one of the allowed Wikipedias.").format(wiki=normal))
        else:
            out["default_wiki"] = normal
    else:
        out["default_wiki"] = ""
    limits = {}
    for name, label in (("min_topics", _("Minimum topics to complete")), ("max_topics", _("Maximum topics"))):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= rows_module.LIMIT_MAX_TOPICS:
            problems.append(_("“{setting}” must be a whole number from 0 to {n}.").format(
                setting=label, n=rows_module.LIMIT_MAX_TOPICS))
        else:
            limits[name] = value
    if len(limits) == 2 and limits["min_topics"] > limits["max_topics"]:
        problems.append(_("The minimum number of topics is larger than the maximum."))
    elif limits.get("max_topics") == 0:
        problems.append(_("The maximum number of topics must be at least 1."))
    else:
        out.update(limits)
    check_enabled = data.get("check_enabled", True)
    if not isinstance(check_enabled, bool):
        problems.append(_("“Offer the article check” must be true or false."))
    else:
        out["check_enabled"] = check_enabled
    return out
