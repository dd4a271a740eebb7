"""Answers that satisfy a worksheet configuration (the devsite's demo work builds them too)."""
from devsite.demo_work import valid_answers, valid_value  # noqa: F401
