"""The instructor reports: their columns and their rows, written as a stream.

Every report reads only through `orglab_plugin.api` (set-based, chunked reads) and hands rows to a
writer as they come: memory does not grow with the cohort.

- `completion`: one row per enrolled learner (progress per unit, submissions, milestones,
  certificate, eligibility and why not yet, or the override and its reason);
- `answers`: every learner's latest submitted answers, one row per learner and field;
- `answers_wide`: the same, one row per learner and one column per field;
- `topics`: all learners' submitted topics merged (see `topics.py`);
- `proposals`: per learner, the answers grouped by grant-proposal section, as Markdown and
  wikitext, in one zip (see `proposals.py`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from . import writers
from .answers import answers_of
from .writers import Column

IDENTITY = ("username", "full_name", "email")  # what a report may name a learner by (PII)
PROGRESS_EVERY = 500  # rows between two progress updates


@dataclass(frozen=True)
class ReportType:
    name: str
    label: str
    formats: tuple[str, ...]
    description: str


REPORTS = {
    "completion": ReportType("completion", gettext_noop("Completion report"), ("csv", "xlsx", "jsonl"),
                             gettext_noop("One row per enrolled learner: progress per unit, submissions, milestones, "
                                          "certificate and grant-fund eligibility.")),
    "answers": ReportType("answers", gettext_noop("Answers report"), ("csv", "xlsx", "jsonl"),
                          gettext_noop("Every learner's latest submitted answers, one row per learner and field.")),
    "answers_wide": ReportType("answers_wide", gettext_noop("Answers report (one row per learner)"),
                               ("csv", "xlsx", "jsonl"),
                               gettext_noop("Every learner's latest submitted answers, one column per field.")),
    "topics": ReportType("topics", gettext_noop("Cohort topic list"), ("csv", "xlsx", "jsonl", "wikitext"),
                         gettext_noop("All learners' submitted topics merged, with who proposed each; as CSV or as "
                                      "a sortable wikitable for the campaign's Meta page.")),
    "proposals": ReportType("proposals", gettext_noop("Grant proposal drafts"), ("zip",),
                            gettext_noop("Per learner, their answers grouped by grant-proposal section, as Markdown "
                                         "and wikitext, in one zip.")),
}
CONTENT_TYPES = {"csv": writers.CSVWriter.content_type, "xlsx": writers.XLSXWriter.content_type,
                 "jsonl": writers.JSONLinesWriter.content_type, "wikitext": "text/plain; charset=utf-8",
                 "zip": "application/zip"}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl", "wikitext": "wiki.txt", "zip": "zip"}

Progress = Callable[[int], None]


def _no_progress(_done: int) -> None:
    return None


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
    if "username" in include:
        cells.append(learner.username)
    if "full_name" in include:
        cells.append(learner.full_name)
    if "email" in include:
        cells.append(learner.email)
    return cells


def learner_name(learner, include: set[str]) -> str:
    """How a report names a learner in its text: full name, username, or "learner 42", as chosen."""
    if "full_name" in include and learner.full_name:
        return learner.full_name
    if "username" in include:
        return learner.username
    return _("learner {id}").format(id=learner.user_id)


# --------------------------------------------------------------------------- completion


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


def _completion(course_key, fmt, fileobj, include, options, progress) -> int:
    columns, milestones = completion_columns(course_key, include)
    writer = writers.make_writer(fmt, fileobj, columns, bom=options.get("bom", False),
                                 sheet_title=_("Completion"))
    done, batch = 0, []
    for row in api.learner_rows(course_key, base_url=options.get("base_url", "")):
        batch.append(completion_cells(row, include, milestones))
        if len(batch) >= PROGRESS_EVERY:
            writer.write_rows(batch)
            done += len(batch)
            batch = []
            progress(done)
    writer.write_rows(batch)
    done += len(batch)
    writer.close()
    progress(done)
    return done


# --------------------------------------------------------------------------- answers


def _answer_rows(course_key: CourseKey) -> Iterator[tuple[api.Learner, Any, list]]:
    """(learner, submission, its answers) for every learner's latest submissions."""
    for learner, submission in api.latest_course_submissions(course_key):
        yield learner, submission, list(answers_of(submission.block_type, submission.payload))


def _block_label(submission, units: dict) -> tuple[str, str]:
    position, title = units.get(submission.block_key, (None, ""))
    unit = (title or _("Unit {n}").format(n=position)) if position is not None else ""
    block = str(submission.payload.get("title") or submission.block_key.block_id) \
        if isinstance(submission.payload, dict) else submission.block_key.block_id
    return unit, block


def _answers(course_key, fmt, fileobj, include, options, progress) -> int:
    from .answers import SECTIONS

    units = api.block_units(course_key)
    columns = identity_columns(include) + [
        Column("course", _("Course"), 30), Column("unit", _("Unit"), 24), Column("block", _("Block"), 28),
        Column("block_id", _("Block ID"), 30), Column("field", _("Field ID"), 16),
        Column("field_label", _("Field"), 30), Column("proposal_section", _("Grant-proposal section"), 16),
        Column("answer", _("Answer"), 60), Column("submitted_at", _("Submitted at (UTC)"), 20),
        Column("version", _("Version"), 8),
    ]
    writer = writers.make_writer(fmt, fileobj, columns, bom=options.get("bom", False), sheet_title=_("Answers"))
    course, done, batch = str(course_key), 0, []
    for learner, submission, answers in _answer_rows(course_key):
        unit, block = _block_label(submission, units)
        for answer in answers:
            batch.append(identity_cells(include, learner) + [
                course, unit, block, str(submission.block_key), answer.field, answer.label,
                _(SECTIONS[answer.section]), answer.text, submission.created, submission.version])
        done += 1
        if len(batch) >= PROGRESS_EVERY:
            writer.write_rows(batch)
            batch = []
            progress(done)
    writer.write_rows(batch)
    writer.close()
    progress(done)
    return done


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


def _answers_wide(course_key, fmt, fileobj, include, options, progress) -> int:
    fields = _wide_columns(course_key)
    index = {(block_id, field): position for position, (block_id, field, _label) in enumerate(fields)}
    columns = identity_columns(include) + [Column(f"{block_id}::{field}", label, 30)
                                           for block_id, field, label in fields]
    writer = writers.make_writer(fmt, fileobj, columns, bom=options.get("bom", False), sheet_title=_("Answers"))
    done, batch, current, cells = 0, [], None, []

    def flush_learner():
        if current is not None:
            batch.append(identity_cells(include, current) + cells)

    for learner, submission, answers in _answer_rows(course_key):
        if current is None or current.user_id != learner.user_id:
            flush_learner()
            current, cells = learner, [None] * len(fields)
            done += 1
            if len(batch) >= PROGRESS_EVERY:
                writer.write_rows(batch)
                batch = []
                progress(done)
        for answer in answers:
            position = index.get((str(submission.block_key), answer.field))
            if position is not None:  # a field answered only after the first pass began
                cells[position] = answer.text
    flush_learner()
    writer.write_rows(batch)
    writer.close()
    progress(done)
    return done


# --------------------------------------------------------------------------- dispatch


def _topics(course_key, fmt, fileobj, include, options, progress) -> int:
    from .topics import write_topics

    return write_topics(course_key, fmt, fileobj, include, options, progress)


def _proposals(course_key, fmt, fileobj, include, options, progress) -> int:
    from .proposals import write_proposals

    return write_proposals(course_key, fileobj, include, options, progress)


_WRITE = {"completion": _completion, "answers": _answers, "answers_wide": _answers_wide, "topics": _topics,
          "proposals": _proposals}


def total_of(course_key: CourseKey, report: str) -> int:
    """How many items (learners, or submissions for the answers report) a report goes through."""
    if report == "answers":
        return api.count_latest_submissions(course_key)
    if report == "topics":
        return api.count_latest_submissions(course_key, block_types=["orglab_topic_list"])
    if report in ("answers_wide", "proposals"):
        return api.count_latest_submissions(course_key, learners=True)
    return api.count_enrolled(course_key)


def write_report(course_key: CourseKey | str, report: str, fmt: str, fileobj: BinaryIO,
                 options: dict | None = None, progress: Progress | None = None) -> int:
    """Write report `report` of the course as `fmt` to the binary file `fileobj`; returns the number
    of items done (learners; submissions for `answers` and `topics`).

    options: `include` — which of username, full_name and email to name learners by (the caller has
    checked the site's setting); `bom` — start a CSV with a byte-order mark; `base_url` — the site's
    root, for the certificates' verification URLs.
    """
    course_key = course_key if isinstance(course_key, CourseKey) else CourseKey.from_string(str(course_key))
    if report not in REPORTS:
        raise ValueError(f"Unknown report {report!r}; use one of: {', '.join(REPORTS)}.")
    if fmt not in REPORTS[report].formats:
        raise ValueError(f"The {report} report comes as {', '.join(REPORTS[report].formats)}, not {fmt!r}.")
    options = dict(options or {})
    include = set(options.get("include", ("username",))) & set(IDENTITY)
    return _WRITE[report](course_key, fmt, fileobj, include, options, progress or _no_progress)
