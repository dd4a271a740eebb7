"""The readiness rules of a grant proposal's sections: data the course defines (Studio, OLX), checked
here, with defaults that follow what Rapid Fund reviewers ask for. Pure Python (standard library
only), so course_export's proposals report judges a section exactly as the learner's block does.

A section's rule is a dict of checks, every one optional:

- `min_words`: the section's answers together have at least this many words (any script,
  `schema.count_words`);
- `min_answers`: at least this many answers feed it (e.g. a start and an end date);
- `needs_number`: some answer gives a number (how many participants, articles, …);
- `tools`: some answer names one of these tools (the tool that measures a metric); empty: no check;
- `needs_link`: some answer gives a web address (where the community was notified);
- `needs_amount_currency`: a budget line has an amount and a currency, or an answer gives a figure
  with a currency (a code such as `USD`, or a sign such as `€`).

A section nothing feeds is *missing*; one that fails a check is *thin*, with the reasons; otherwise
*ready*. The section "other" has no rule and is not counted.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..i18n import _
from ..validation import Invalid, Problem, is_int, shortened
from ..worksheet.schema import PROPOSAL_SECTIONS, count_words

Gettext = Callable[[str], str]

READY, THIN, MISSING = "ready", "thin", "missing"
STATES = (READY, THIN, MISSING)
STATE_LABELS = {READY: _("Ready"), THIN: _("Thin: needs more"), MISSING: _("Missing: nothing yet")}

# The sections a rule applies to and the summary counts: every one but "other".
RULED_SECTIONS = tuple(section for section in PROPOSAL_SECTIONS if section != "other")

RULE_KEYS = ("min_words", "min_answers", "needs_number", "tools", "needs_link", "needs_amount_currency")
FLAGS = ("needs_number", "needs_link", "needs_amount_currency")
MAX_WORDS = 5000
MAX_ANSWERS = 50
MAX_TOOLS = 20
MAX_TOOL = 80

# The tools organizers measure a campaign with (Meta: Rapid Fund metrics and their tools).
DEFAULT_TOOLS = ["Programs & Events Dashboard", "Outreach Dashboard", "Hashtags", "CampaignEvents",
                 "PetScan", "Quarry", "XTools", "Wikimetrics", "ISA Tool", "Wikidata"]

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "title": {},
    "dates": {"min_answers": 2},
    "where": {},
    "campaign": {},
    "change": {"min_words": 80},
    "activities": {"min_words": 60},
    "team": {"min_words": 20},
    "participants": {"min_words": 40},
    "thematic_area": {},
    "partners": {"min_words": 10},
    "community_notification": {"needs_link": True},
    "follow_up": {"min_words": 40},
    "risks": {"min_words": 20},
    "metrics": {"needs_number": True, "tools": DEFAULT_TOOLS},
    "budget": {"needs_amount_currency": True},
}


class RulesError(Invalid):
    """The rules were refused; `problems` names the section of each."""


def blank_rule() -> dict[str, Any]:
    return {"min_words": None, "min_answers": None, "needs_number": False, "tools": [], "needs_link": False,
            "needs_amount_currency": False}


def default_rules() -> dict[str, dict[str, Any]]:
    """Every ruled section's default rule, each with all its keys."""
    return {section: {**blank_rule(), **copy.deepcopy(DEFAULT_RULES.get(section, {}))}
            for section in RULED_SECTIONS}


def validate_rules(raw: Any, gettext: Gettext) -> dict[str, dict[str, Any]]:
    """Check rules as Studio or OLX gives them (`{section id: rule}`) and return every ruled section's
    rule, normalized; a section left out keeps its default. Raises RulesError naming every problem."""
    _ = gettext
    if not isinstance(raw, dict):
        raise RulesError([Problem("", _("The readiness rules must be an object of section ids and rules."))])
    problems: list[Problem] = []
    rules = default_rules()
    for section, rule in raw.items():
        if section not in RULED_SECTIONS:
            problems.append(Problem(str(section)[:50], _("“{section}” is not a proposal section with a rule; use one of: "
                                                         "{names}.").format(section=shortened(section),
                                                                            names=", ".join(RULED_SECTIONS))))
            continue
        label = _(PROPOSAL_SECTIONS[section])
        if not isinstance(rule, dict):
            problems.append(Problem(section, _("{section}: the rule must be an object.").format(section=label)))
            continue
        unknown = sorted(str(key) for key in rule if key not in RULE_KEYS)
        if unknown:
            problems.append(Problem(section, _("{section}: unknown check(s): {names}.").format(
                section=label, names=", ".join(shortened(name) for name in unknown[:5]))))
        cleaned = blank_rule()
        for key, largest in (("min_words", MAX_WORDS), ("min_answers", MAX_ANSWERS)):
            value = rule.get(key)
            if value is None or value == "" or (is_int(value) and value == 0):
                continue
            if not is_int(value) or not 0 < value <= largest:
                problems.append(Problem(section, _("{section}: “{key}” must be a whole number from 0 to {n}.").format(
                    section=label, key=key, n=largest)))
            else:
                cleaned[key] = value
        for key in FLAGS:
            value = rule.get(key, False)
            if not isinstance(value, bool):
                problems.append(Problem(section, _("{section}: “{key}” must be true or false.").format(
                    section=label, key=key)))
            else:
                cleaned[key] = value
        tools = rule.get("tools", [])
        if not isinstance(tools, list) or not all(isinstance(tool, str) for tool in tools):
            problems.append(Problem(section, _("{section}: the tools must be a list of names.").format(section=label)))
        else:
            names = list(dict.fromkeys(" ".join(tool.split()) for tool in tools if tool.strip()))
            if len(names) > MAX_TOOLS or any(len(name) > MAX_TOOL for name in names):
                problems.append(Problem(section, _("{section}: at most {n} tools, each at most {chars} characters.")
                                        .format(section=label, n=MAX_TOOLS, chars=MAX_TOOL)))
            else:
                cleaned["tools"] = names
        rules[section] = cleaned
    if problems:
        raise RulesError(problems)
    return rules


def effective_rules(stored: Any) -> dict[str, dict[str, Any]]:
    """The rules a block or a stored submission carries, or the defaults where they cannot be read."""
    if not stored:
        return default_rules()
    try:
        return validate_rules(stored, lambda text: text)
    except RulesError:
        return default_rules()


def describe(rule: dict[str, Any], gettext: Gettext) -> list[str]:
    """What a rule asks, in words, for the learner's view ("At least 40 words", …)."""
    _ = gettext
    wants = []
    if rule.get("min_words"):
        wants.append(_("At least {n} words.").format(n=rule["min_words"]))
    if rule.get("min_answers"):
        wants.append(_("At least {n} answers.").format(n=rule["min_answers"]))
    if rule.get("needs_number"):
        wants.append(_("A number."))
    if rule.get("tools"):
        wants.append(_("The tool that measures it (such as {tools}).").format(tools=", ".join(rule["tools"][:3])))
    if rule.get("needs_link"):
        wants.append(_("A link (https://…)."))
    if rule.get("needs_amount_currency"):
        wants.append(_("An amount and its currency."))
    return wants


# --------------------------------------------------------------------------- judging a section

_NUMBER = re.compile(r"\d")
_LINK = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_CURRENCY_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
_AMOUNT = re.compile(r"\d[\d.,\s]*")


def _has_currency(text: str) -> bool:
    return bool(_CURRENCY_CODE.search(text)) or any(unicodedata.category(char) == "Sc" for char in text)


def _names_tool(text: str, tools: list[str]) -> bool:
    folded = text.casefold()
    return any(tool.casefold() in folded for tool in tools)


def judge(texts: list[str], rule: dict[str, Any], gettext: Gettext, *, budget_lines: int = 0) -> dict[str, Any]:
    """A section's readiness from the texts of its answers: {"state", "reasons"} (why it is thin or
    missing, in the reader's language). `budget_lines`: the learner's budget lines that have an amount
    and a currency (they meet `needs_amount_currency`)."""
    _ = gettext
    texts = [text for text in texts if text and text.strip()]
    if not texts and not budget_lines:
        return {"state": MISSING, "reasons": [_("Nothing feeds this section yet.")]}
    reasons = []
    words = sum(count_words(text) for text in texts)
    if rule.get("min_words") and words < rule["min_words"]:
        reasons.append(_("It needs at least {n} words (it has {count}).").format(n=rule["min_words"], count=words))
    if rule.get("min_answers") and len(texts) < rule["min_answers"]:
        reasons.append(_("It needs at least {n} answers (it has {count}).").format(n=rule["min_answers"],
                                                                                  count=len(texts)))
    if rule.get("needs_number") and not any(_NUMBER.search(text) for text in texts):
        reasons.append(_("Give a number (how many participants, editors or articles, for example)."))
    if rule.get("tools") and not any(_names_tool(text, rule["tools"]) for text in texts):
        reasons.append(_("Name the tool that will measure it (such as {tools}).").format(
            tools=", ".join(rule["tools"][:3])))
    if rule.get("needs_link") and not any(_LINK.search(text) for text in texts):
        reasons.append(_("Give a link (https://…) to where it is."))
    if rule.get("needs_amount_currency") and not budget_lines and not any(
            _AMOUNT.search(text) and _has_currency(text) for text in texts):
        reasons.append(_("Give an amount and its currency (a budget line, or a figure with a currency code such as "
                         "USD)."))
    return {"state": THIN if reasons else READY, "reasons": reasons}
