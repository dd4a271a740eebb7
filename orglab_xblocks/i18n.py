"""The one translation marker of the blocks.

`_("text")` returns its argument unchanged: it marks a module-level string so that `make messages`
(Django's makemessages, which looks for calls to `_`) extracts it; the string is translated later,
when it is shown, with the gettext of the block or caller (`block.gettext`, a handler's `_ = self.gettext`).
Import it under the name `_` (`from orglab_xblocks.i18n import _`): the extraction finds calls by that name.
Standard library only, so the pure modules (schema, titles, vocab, …) stay importable without Django.
"""
from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

Gettext = Callable[[str], str]

# The blocks' compiled catalogues (`make messages`): conf/locale/<locale>/LC_MESSAGES/django.mo.
LOCALE_DIR = Path(__file__).resolve().parent / "conf" / "locale"


def _(text: str) -> str:
    """Mark a string for translation; it is translated when shown, with the caller's gettext."""
    return text


@lru_cache(maxsize=16)
def translator(language: str | None) -> Gettext:
    """The blocks' own gettext for a language code ("es", "es-419", "es_419"): for code outside the
    blocks that shows the blocks' vocabulary (course_export's reports name the worksheets' proposal
    sections), so a label and its translations have one home. Falls back to the base language
    ("es-419" → "es"), then to the text itself."""
    if not language:
        return _identity
    code = language.replace("-", "_")
    base, _sep, region = code.partition("_")
    locales = [f"{base.lower()}_{region.upper()}", base.lower()] if region else [base.lower()]
    catalogue = _gettext.translation("django", localedir=str(LOCALE_DIR), languages=locales, fallback=True)
    return catalogue.gettext


def _identity(text: str) -> str:
    return text


def shipped_languages() -> list[str]:
    """The languages the blocks' catalogue is shipped in (conf/locale/<locale>/LC_MESSAGES/django.mo)."""
    return sorted(path.parents[1].name for path in LOCALE_DIR.glob("*/LC_MESSAGES/django.mo"))


def long_date(iso: str) -> str:
    """An ISO 8601 date (or date and time) as a long date in the active language, as Django formats it
    ("15 de marzo de 2026", "March 15, 2026"), the same date the browser's `OrgLab.localDate` writes
    (`Intl.DateTimeFormat(lang, {dateStyle: "long"})`). The ISO date itself where Django is not set up
    or the text is not a date."""
    if not iso:
        return ""
    from datetime import date

    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)[:10]
    try:
        from django.utils import formats

        return formats.date_format(day, "DATE_FORMAT")
    except Exception:  # noqa: BLE001 - no Django settings (a pure use of the blocks): the ISO date
        return day.isoformat()


def local_number(value: float) -> str:
    """A number as the active language writes it, grouped ("1,234" in English, "1 234" in Spanish,
    Django's formats); `str(value)` where Django is not set up."""
    try:
        from django.utils import formats

        return formats.number_format(value, force_grouping=True)
    except Exception:  # noqa: BLE001 - no Django settings (a pure use of the blocks)
        return str(value)
