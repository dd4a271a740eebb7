"""The one translation marker of the blocks.

`_("text")` returns its argument unchanged: it marks a module-level string so that `make messages`
(Django's makemessages, which looks for calls to `_`) extracts it; the string is translated later,
when it is shown, with the gettext of the block or caller (`block.gettext`, a handler's `_ = self.gettext`).
Import it under the name `_` (`from orglab_xblocks.i18n import _`): the extraction finds calls by that name.
Standard library only, so the pure modules (schema, titles, vocab, …) stay importable without Django.
"""
from __future__ import annotations

from collections.abc import Callable

Gettext = Callable[[str], str]


def _(text: str) -> str:
    """Mark a string for translation; it is translated when shown, with the caller's gettext."""
    return text
