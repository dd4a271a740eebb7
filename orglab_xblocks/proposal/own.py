"""What the learner adds in the proposal block itself, because no unit asks it: the proposal's title,
its start and end dates, and budget lines (an item, an amount in a currency, and that amount in US
dollars), with totals per currency and in US dollars. Pure Python (standard library only).

The learner's text stays in the language they wrote it in; amounts are numbers, currencies ISO 4217
codes (three capital letters: `ARS`, `EUR`, `USD`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..validation import Invalid, Problem, is_number

Gettext = Callable[[str], str]

MAX_TITLE = 200
MAX_ITEM = 300
MAX_LINES = 40
MAX_AMOUNT = 10**12
KEYS = ("title", "start_date", "end_date", "budget")
LINE_KEYS = ("item", "amount", "currency", "usd")
_CURRENCY = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class OwnError(Invalid):
    """The learner's own fields were refused; `problems` names each field (`title`, `budget.2.amount`, …)."""


def empty() -> dict[str, Any]:
    return {"title": "", "start_date": "", "end_date": "", "budget": []}


def empty_line() -> dict[str, Any]:
    return {"item": "", "amount": None, "currency": "", "usd": None}


def _text(value: str) -> str:
    return " ".join(value.split())


def clean(raw: Any, gettext: Gettext, *, submit: bool) -> dict[str, Any]:
    """The learner's own fields checked and normalized. A draft must have the right shape (text,
    numbers, no more than the limits); a submission must also have dates that are dates, the end not
    before the start, and every budget line complete (an item, an amount, a currency)."""
    _ = gettext
    if not isinstance(raw, dict):
        raise OwnError([Problem("", _("The proposal's own fields must be sent as an object."))])
    unknown = sorted(str(key)[:40] for key in raw if key not in KEYS)
    if unknown:
        raise OwnError([Problem("", _("The proposal has no field {names}. Reload the page.").format(
            names=", ".join(f"“{name}”" for name in unknown[:5])))])
    problems: list[Problem] = []
    cleaned = empty()

    title = raw.get("title", "")
    if title is None:
        title = ""
    if not isinstance(title, str) or len(title) > MAX_TITLE:
        problems.append(Problem("title", _("The title must be text of at most {n} characters.").format(n=MAX_TITLE)))
    else:
        cleaned["title"] = _text(title)

    for key, label in (("start_date", _("The start date")), ("end_date", _("The end date"))):
        value = raw.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > 10 or (value.strip() and not _is_date(value.strip())):
            problems.append(Problem(key, _("{field} must be a date (year-month-day).").format(field=label)))
        else:
            cleaned[key] = value.strip()
    if cleaned["start_date"] and cleaned["end_date"] and cleaned["end_date"] < cleaned["start_date"]:
        problems.append(Problem("end_date", _("The end date is before the start date.")))

    lines = raw.get("budget", [])
    if lines is None:
        lines = []
    if not isinstance(lines, list):
        problems.append(Problem("budget", _("The budget must be a list of lines.")))
        lines = []
    if len(lines) > MAX_LINES:
        problems.append(Problem("budget", _("The budget can have at most {n} lines.").format(n=MAX_LINES)))
        lines = lines[:MAX_LINES]
    for number, line in enumerate(lines, start=1):
        cleaned_line = _clean_line(line, number, problems, _, submit=submit)
        if cleaned_line is not None:
            cleaned["budget"].append(cleaned_line)
    if problems:
        raise OwnError(problems)
    return cleaned


def _clean_line(line: Any, number: int, problems: list[Problem], _: Gettext, *, submit: bool) -> dict | None:
    where = f"budget.{number}"
    if not isinstance(line, dict) or any(key not in LINE_KEYS for key in line):
        problems.append(Problem(where, _("Budget line {n} must have an item, an amount, a currency and an amount "
                                         "in USD.").format(n=number)))
        return None
    item = line.get("item") or ""
    currency = line.get("currency") or ""
    amount, usd = line.get("amount"), line.get("usd")
    ok = True
    if not isinstance(item, str) or len(item) > MAX_ITEM:
        problems.append(Problem(f"{where}.item", _("Budget line {n}: the item must be text of at most {chars} "
                                                   "characters.").format(n=number, chars=MAX_ITEM)))
        ok = False
    if not isinstance(currency, str) or (currency.strip() and not _CURRENCY.fullmatch(currency.strip().upper())):
        problems.append(Problem(f"{where}.currency", _("Budget line {n}: the currency must be a three-letter code "
                                                       "such as USD, EUR or ARS.").format(n=number)))
        ok = False
    for key, value in (("amount", amount), ("usd", usd)):
        if value is not None and value != "" and (not is_number(value) or not 0 <= value <= MAX_AMOUNT):
            problems.append(Problem(f"{where}.{key}", _("Budget line {n}: an amount must be a number from 0 to "
                                                        "{max}.").format(n=number, max=MAX_AMOUNT)))
            ok = False
    if not ok:
        return None
    cleaned = {"item": _text(item), "amount": amount if is_number(amount) else None,
               "currency": currency.strip().upper(), "usd": usd if is_number(usd) else None}
    if not cleaned["item"] and cleaned["amount"] is None and not cleaned["currency"] and cleaned["usd"] is None:
        return None  # an empty line is dropped
    if submit and (not cleaned["item"] or cleaned["amount"] is None or not cleaned["currency"]):
        problems.append(Problem(where, _("Budget line {n} needs an item, an amount and a currency.").format(n=number)))
    return cleaned


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read(stored: Any) -> dict[str, Any]:
    """Own fields as stored (a draft, a submission's payload), kept only where well-formed: what
    cannot be read is left out rather than shown."""
    try:
        return clean({key: value for key, value in (stored or {}).items() if key in KEYS}
                     if isinstance(stored, dict) else {}, lambda text: text, submit=False)
    except OwnError:
        return empty()


def complete_lines(own: dict[str, Any]) -> list[dict[str, Any]]:
    """The budget lines that have an amount and a currency."""
    return [line for line in own["budget"] if line["amount"] is not None and line["currency"]]


def totals(own: dict[str, Any]) -> dict[str, Any]:
    """{"by_currency": [(currency, total)], "usd": total of the USD column or None, "usd_missing": lines
    with an amount but no USD amount}. A line in USD counts in the USD total with its amount."""
    by_currency: dict[str, float] = {}
    usd_total, usd_seen, missing = 0.0, False, 0
    for line in complete_lines(own):
        by_currency[line["currency"]] = by_currency.get(line["currency"], 0) + line["amount"]
        usd = line["usd"] if line["usd"] is not None else (line["amount"] if line["currency"] == "USD" else None)
        if usd is None:
            missing += 1
        else:
            usd_total += usd
            usd_seen = True
    return {"by_currency": sorted(by_currency.items()), "usd": usd_total if usd_seen else None, "usd_missing": missing}


def amount_text(value: float | int | None) -> str:
    """An amount as every export writes it: digits grouped by commas, two decimals when it is not whole
    (the same in every language, so the learner's view and the staff's report read alike)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"
