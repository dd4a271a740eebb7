"""The blocks' checks of what learners and authors send (pure Python, standard library only), so
that each rule is written once: what a problem is (`Problem`, `Invalid`, and how a handler's 400
carries them), JSON numbers, how a refused value is shown in a message, and the settings every block
has (its title and instructions). Messages go through the caller's gettext; a check returns the
problem's message, or None when the value is fine."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Gettext = Callable[[str], str]

# A block's title and instructions, as Studio saves them.
MAX_TITLE = 200
MAX_INSTRUCTIONS = 10000


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where: a field, question, need or segment id, or "" for the whole."""

    where: str
    message: str


class Invalid(ValueError):
    """Input refused whole; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def problems_json(problems: Iterable[Problem], key: str = "where") -> list[dict[str, str]]:
    """Problems as a handler's 400 carries them: `{key: where, "message": …}`, `key` being the name the
    block's script reads ("field" in the worksheet, "segment" for audience segments)."""
    return [{key: problem.where, "message": problem.message} for problem in problems]


def is_number(value: Any) -> bool:
    """A finite JSON number (not a boolean). An integer too large for a float (JSON allows
    10**400) is not one: comparing it with a float would raise OverflowError."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def is_int(value: Any) -> bool:
    """A JSON integer (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


def shown(value: Any, limit: int = 40) -> str:
    """A refused value as a message may show it: on one line, cut at `limit` characters."""
    return " ".join(str(value).split())[:limit]


def shortened(value: Any, limit: int = 40) -> str:
    """A refused value as a message may show it: on one line, shortened with an ellipsis."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_problem(value: Any, gettext: Gettext) -> str | None:
    """Why `value` cannot be a block's title (text of 1 to 200 characters), or None."""
    _ = gettext
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TITLE:
        return _("The title must be text of 1 to 200 characters.")
    return None


def instructions_problem(value: Any, gettext: Gettext) -> str | None:
    """Why `value` cannot be a block's instructions (text of at most 10000 characters), or None."""
    _ = gettext
    if not isinstance(value, str) or len(value) > MAX_INSTRUCTIONS:
        return _("The instructions must be text of at most 10000 characters.")
    return None
