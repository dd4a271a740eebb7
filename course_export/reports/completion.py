"""The completion report: one row per enrolled learner (progress per unit, submissions, milestones,
certificate, grant-fund eligibility and why not yet, or the staff override and its reason)."""
from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from ..writers import Column
from .people import identity_cells, identity_columns
from .stream import Progress, write_table


def completion_columns(course_key: CourseKey, include: set[str]) -> tuple[list[Column], list[str]]:
    units = api.course_units(course_key)
    milestones = api.known_milestones(course_key)
    columns = identity_columns(include) + [Column("enrolled_on", _("Enrolled on"), 20)]
    columns += [Column(f"unit_{unit['position']}_percent",
                       _("{unit} (% complete)").format(unit=unit["title"] or _("Unit {n}").format(n=unit["position"])),
                       16) for unit in units]
    columns += [
        Column("overall_percent", _("Overall (% complete)"), 12),
        Column("last_activity", _("Last activity (UTC)"), 20),
        Column("submitted_worksheets", _("Worksheets submitted"), 12),
        Column("topic_list_size", _("Topics in topic list"), 12),
        Column("audience_submitted", _("Audience assessment submitted"), 14),
    ]
    columns += [Column(f"milestone_{key}", _("Milestone: {label}").format(label=_(label)), 16)
                for key, label in milestones.items()]
    columns += [
        Column("certificate_status", _("Certificate"), 12),
        Column("certificate_date", _("Certificate date (UTC)"), 20),
        Column("certificate_url", _("Certificate verification URL"), 40),
        Column("eligibility_status", _("Grant-fund eligibility"), 14),
        Column("unmet_requirements", _("Unmet requirements"), 50),
        Column("override", _("Staff override"), 10),
        Column("override_reason", _("Override reason"), 40),
    ]
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
