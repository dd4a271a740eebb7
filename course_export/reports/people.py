"""How a report names a learner: the identity columns and cells, and the name in a report's text.

A report names learners only by what the caller chose and the site allows (`IDENTITY`, the PII a
report may hold; `jobs.allowed_identity` reads the site's setting). Every report module reads these
helpers from here, so none imports another report.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..writers import Column

IDENTITY = ("username", "full_name", "email")  # what a report may name a learner by (PII)


def identity_columns(include: set[str]) -> list[Column]:
    columns = [Column("user_id", _("User ID"), 9)]
    if "username" in include:
        columns.append(Column("username", _("Username"), 18))
    if "full_name" in include:
        columns.append(Column("full_name", _("Full name"), 24))
    if "email" in include:
        columns.append(Column("email", _("Email"), 28))
    return columns


def identity_cells(include: set[str], learner) -> list:
    """The identity cells of a learner (an `api.Learner` or `api.LearnerRow`)."""
    cells: list[Any] = [learner.user_id]
    cells.extend(getattr(learner, name) for name in IDENTITY if name in include)
    return cells


def learner_name(learner, include: set[str]) -> str:
    """How a report names a learner in its text: full name, username, or "learner 42", as chosen."""
    if "full_name" in include and learner.full_name:
        return learner.full_name
    if "username" in include:
        return learner.username
    return _("learner {id}").format(id=learner.user_id)
