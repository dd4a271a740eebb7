"""The completion report: one row per enrolled learner (progress per unit, submissions, milestones,
certificate, grant-fund eligibility and why not yet, or the staff override and its reason)."""
from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from ..writers import Column
from .people import identity_cells, identity_columns
from .stream import Progress, write_table

# The columns after the units' and after the milestones': (key, label, width), translated when written.
_ACTIVITY = (
    ("overall_percent", gettext_noop("Overall (% complete)"), 12),
    ("last_activity", gettext_noop("Last activity (UTC)"), 20),
    ("submitted_worksheets", gettext_noop("Worksheets submitted"), 12),
    ("topic_list_size", gettext_noop("Topics in topic list"), 12),
    ("audience_submitted", gettext_noop("Audience assessment submitted"), 14),
)
_AWARDS = (
    ("certificate_status", gettext_noop("Certificate"), 12),
    ("certificate_date", gettext_noop("Certificate date (UTC)"), 20),
    ("certificate_url", gettext_noop("Certificate verification URL"), 40),
    ("eligibility_status", gettext_noop("Grant-fund eligibility"), 14),
    ("unmet_requirements", gettext_noop("Unmet requirements"), 50),
    ("override", gettext_noop("Staff override"), 10),
    ("override_reason", gettext_noop("Override reason"), 40),
)


def completion_columns(course_key: CourseKey, include: set[str]) -> tuple[list[Column], list[str]]:
    units = api.course_units(course_key)
    milestones = api.known_milestones(course_key)
    columns = identity_columns(include) + [Column("enrolled_on", _("Enrolled on"), 20)]
    columns += [Column(f"unit_{unit['position']}_percent",
                       _("{unit} (% complete)").format(unit=unit["title"] or _("Unit {n}").format(n=unit["position"])),
                       16) for unit in units]
    columns += [Column(key, _(label), width) for key, label, width in _ACTIVITY]
    columns += [Column(f"milestone_{key}", _("Milestone: {label}").format(label=_(label)), 16)
                for key, label in milestones.items()]
    columns += [Column(key, _(label), width) for key, label, width in _AWARDS]
    return columns, list(milestones)


def completion_cells(row: api.LearnerRow, include: set[str], milestones: list[str]) -> list:
    cells = identity_cells(include, row)
    cells.append(row.enrolled_on)
    cells.extend(percent for _done, _total, percent in row.units)
    cells += [row.overall_percent, row.last_activity, row.submitted_worksheets, row.topics, row.audience_submitted]
    cells.extend(row.milestones.get(key) for key in milestones)
    cells += [row.certificate_status, row.certificate_date, row.certificate_url, row.eligibility_status,
              "; ".join(row.unmet), row.override, row.override_reason]
    return cells


def total(course_key: CourseKey) -> int:
    """The learners the report goes through: the enrolled ones."""
    return api.count_enrolled(course_key)


def write(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
          progress: Progress) -> int:
    columns, milestones = completion_columns(course_key, include)
    rows = api.learner_rows(course_key, base_url=options.get("base_url", ""))
    return write_table(fmt, fileobj, columns, ([completion_cells(row, include, milestones)] for row in rows),
                       options=options, sheet_title=_("Completion"), progress=progress)
