"""The answers reports: every learner's latest submitted answers, whatever block holds them
(`payloads.answers_of`).

- `answers`: one row per learner and field (its progress counts submissions);
- `answers_wide`: one row per learner and one column per field any learner answered, in course
  order (its progress counts learners).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from ..writers import Column
from .payloads import Answer, answers_of, section_label
from .people import identity_cells, identity_columns
from .stream import Progress, by_learner, write_table


def _answer_rows(course_key: CourseKey) -> Iterator[tuple[api.Learner, Any, list[Answer]]]:
    """(learner, submission, its answers) for every learner's latest submissions."""
    for learner, submission in api.latest_course_submissions(course_key):
        yield learner, submission, list(answers_of(submission.block_type, submission.payload))


def _block_label(submission, units: dict) -> tuple[str, str]:
    position, title = units.get(submission.block_key, (None, ""))
    unit = (title or _("Unit {n}").format(n=position)) if position is not None else ""
    block = str(submission.payload.get("title") or submission.block_key.block_id) \
        if isinstance(submission.payload, dict) else submission.block_key.block_id
    return unit, block


# --------------------------------------------------------------------------- one row per field


def total(course_key: CourseKey) -> int:
    """The submissions the report goes through (each learner's latest of each block)."""
    return api.count_latest_submissions(course_key)


def write(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
          progress: Progress) -> int:
    units = api.block_units(course_key)
    columns = identity_columns(include) + [
        Column("course", _("Course"), 30), Column("unit", _("Unit"), 24), Column("block", _("Block"), 28),
        Column("block_id", _("Block ID"), 30), Column("field", _("Field ID"), 16),
        Column("field_label", _("Field"), 30), Column("proposal_section", _("Grant-proposal section"), 16),
        Column("answer", _("Answer"), 60), Column("submitted_at", _("Submitted at (UTC)"), 20),
        Column("version", _("Version"), 8),
    ]
    course = str(course_key)

    def rows_of(learner, submission, answers: list[Answer]) -> list[list]:
        unit, block = _block_label(submission, units)
        return [identity_cells(include, learner) + [
            course, unit, block, str(submission.block_key), answer.field, answer.label,
            section_label(answer.section), answer.text, submission.created, submission.version]
            for answer in answers]

    return write_table(fmt, fileobj, columns, (rows_of(*item) for item in _answer_rows(course_key)),
                       options=options, sheet_title=_("Answers"), progress=progress)


# --------------------------------------------------------------------------- one row per learner


def _wide_columns(course_key: CourseKey) -> list[tuple[str, str, str]]:
    """First pass: every (block, field) any learner answered, in course order: (block id, field, label)."""
    units = api.block_units(course_key)
    seen: dict[tuple[str, str], tuple[tuple, str]] = {}
    for _learner, submission, answers in _answer_rows(course_key):
        unit_position = units.get(submission.block_key, (10_000, ""))[0]
        _unit, block = _block_label(submission, units)
        for order, answer in enumerate(answers):
            key = (str(submission.block_key), answer.field)
            if key not in seen:
                label = f"{block} · {answer.label}"
                seen[key] = ((unit_position, str(submission.block_key), order), label)
    ordered = sorted(seen.items(), key=lambda item: item[1][0])
    return [(block_id, field, label) for (block_id, field), (_order, label) in ordered]


def total_wide(course_key: CourseKey) -> int:
    """The learners the report goes through: those with a submission."""
    return api.count_latest_submissions(course_key, learners=True)


def write_wide(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
               progress: Progress) -> int:
    fields = _wide_columns(course_key)
    index = {(block_id, field): position for position, (block_id, field, _label) in enumerate(fields)}
    columns = identity_columns(include) + [Column(f"{block_id}::{field}", label, 30)
                                           for block_id, field, label in fields]

    def row_of(learner, submissions) -> list[list]:
        cells: list[Any] = [None] * len(fields)
        for submission in submissions:
            for answer in answers_of(submission.block_type, submission.payload):
                position = index.get((str(submission.block_key), answer.field))
                if position is not None:  # a field answered only after the first pass began
                    cells[position] = answer.text
        return [identity_cells(include, learner) + cells]

    learners = by_learner(api.latest_course_submissions(course_key))
    return write_table(fmt, fileobj, columns, (row_of(*item) for item in learners),
                       options=options, sheet_title=_("Answers"), progress=progress)
