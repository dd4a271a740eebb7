"""Checks of the JSON values learners and authors send to the blocks (pure Python), shared by the
blocks' own validation so that each rule is written once."""
from __future__ import annotations

import math
from typing import Any


def is_number(value: Any) -> bool:
    """A finite JSON number (not a boolean). An integer too large for a float (JSON allows
    10**400) is not one: comparing it with a float would raise OverflowError."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
