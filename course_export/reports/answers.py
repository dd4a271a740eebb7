"""The answers reports: every learner's latest submitted answers, whatever block holds them
(`payloads.answers_of`).

- `answers`: one row per learner and field (its progress counts submissions);
- `answers_wide`: one row per learner and one column per field any learner answered, in course
  order (its progress counts learners).

Mentor feedback (`feedback.py` says what belongs where): a row of `answers` carries the feedback
given on its field of its version (`feedback`, and the newest verdict, `feedback_verdict`) and the
version's overall feedback (`version_feedback`, `version_verdict`: on the whole version, or on a
section naming none of its fields), repeated on each of the version's rows so that a row read
alone says everything; `answers_wide` ends with one `feedback` column: all the feedback on the
learner's latest versions, each piece after the block and field it is on. The feedback is read
set-based, a batch of learners at a time.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from ..writers import Column
from .feedback import FeedbackIndex, say_all, verdict_label, with_feedback
from .payloads import Answer, answers_of, block_label, section_label
from .people import identity_cells, identity_columns
from .stream import Progress, by_learner, write_table


def _answer_rows(course_key: CourseKey) -> Iterator[tuple[api.Learner, Any, list[Answer]]]:
    """(learner, submission, its answers) for every learner's latest submissions."""
    for learner, submission in api.latest_course_submissions(course_key):
        yield learner, submission, list(answers_of(submission.block_type, submission.payload))


def _answer_rows_with_feedback(course_key: CourseKey
                               ) -> Iterator[tuple[api.Learner, Any, list[Answer], FeedbackIndex]]:
    """`_answer_rows` with the feedback of the learner's batch (read once per batch of learners)."""
    for learner, submissions, index in with_feedback(course_key, by_learner(api.latest_course_submissions(course_key))):
        for submission in submissions:
            yield learner, submission, list(answers_of(submission.block_type, submission.payload)), index


def _newest_verdict(items: list) -> str:
    return verdict_label(items[-1].verdict) if items else ""


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
        Column("feedback_verdict", _("Feedback verdict (this field)"), 14),
        Column("feedback", _("Feedback on this field"), 50),
        Column("version_verdict", _("Feedback verdict (whole version)"), 14),
        Column("version_feedback", _("Feedback on the whole version"), 50),
    ]
    course = str(course_key)

    def rows_of(learner, submission, answers: list[Answer], index: FeedbackIndex) -> list[list]:
        unit, block = block_label(submission, units)
        given = index.on(learner.user_id, submission.block_key, submission.version,
                         (answer.field for answer in answers))
        overall = [_newest_verdict(given.overall), say_all(given.overall, sections=True)]
        return [identity_cells(include, learner) + [
            course, unit, block, str(submission.block_key), answer.field, answer.label,
            section_label(answer.section), answer.text, submission.created, submission.version,
            _newest_verdict(given.of_field(answer.field)), say_all(given.of_field(answer.field)), *overall]
            for answer in answers]

    return write_table(fmt, fileobj, columns,
                       (rows_of(*item) for item in _answer_rows_with_feedback(course_key)),
                       options=options, sheet_title=_("Answers"), progress=progress)


# --------------------------------------------------------------------------- one row per learner


def _wide_columns(course_key: CourseKey) -> list[tuple[str, str, str]]:
    """First pass: every (block, field) any learner answered, in course order: (block id, field, label)."""
    units = api.block_units(course_key)
    seen: dict[tuple[str, str], tuple[tuple, str]] = {}
    for _learner, submission, answers in _answer_rows(course_key):
        unit_position = units.get(submission.block_key, (10_000, ""))[0]
        _unit, block = block_label(submission, units)
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
    labels = {(block_id, field): label for block_id, field, label in fields}
    columns = identity_columns(include) + [Column(f"{block_id}::{field}", label, 30)
                                           for block_id, field, label in fields]
    columns.append(Column("feedback", _("Feedback on these versions"), 60))
    units = api.block_units(course_key)

    def row_of(learner, submissions, feedback: FeedbackIndex) -> list[list]:
        cells: list[Any] = [None] * len(fields)
        said: list[str] = []
        for submission in submissions:
            answers = list(answers_of(submission.block_type, submission.payload))
            for answer in answers:
                position = index.get((str(submission.block_key), answer.field))
                if position is not None:  # a field answered only after the first pass began
                    cells[position] = answer.text
            given = feedback.on(learner.user_id, submission.block_key, submission.version,
                                (answer.field for answer in answers))
            if given.overall:
                _unit, block = block_label(submission, units)
                said.append(f"[{block}]\n{say_all(given.overall, sections=True)}")
            for answer in answers:
                if given.of_field(answer.field):
                    label = labels.get((str(submission.block_key), answer.field), answer.label)
                    said.append(f"[{label}]\n{say_all(given.of_field(answer.field))}")
        return [identity_cells(include, learner) + cells + ["\n\n".join(said)]]

    learners = with_feedback(course_key, by_learner(api.latest_course_submissions(course_key)))
    return write_table(fmt, fileobj, columns, (row_of(*item) for item in learners),
                       options=options, sheet_title=_("Answers"), progress=progress)
