"""The instructor reports: the registry (name, label, formats, what each counts and writes) and the
dispatch. One module per report, each reading only through `orglab_plugin.api` (set-based, chunked
reads) and handing rows to a writer as they come (`stream.write_table`): memory does not grow with
the cohort.

- `completion`: one row per enrolled learner (progress per unit, submissions, milestones,
  certificate, eligibility and why not yet, or the override and its reason) — `completion.py`;
- `answers`: every learner's latest submitted answers, one row per learner and field;
- `answers_wide`: the same, one row per learner and one column per field — both `answers.py`;
- `topics`: all learners' submitted topics merged — `topics.py`;
- `proposals`: per learner, the answers grouped by grant-proposal section, as Markdown and
  wikitext, in one zip — `proposals.py`.

Shared by the reports: `people.py` (how a report names a learner), `payloads.py` (a submission's
answers, whatever block made it), `stream.py` (the batch-write loop). No report module imports this
package or another report.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import CourseKey

from .. import writers
from . import answers, completion, proposals, topics
from .people import IDENTITY
from .stream import PROGRESS_EVERY, Progress, no_progress

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "IDENTITY", "PROGRESS_EVERY", "REPORTS", "ReportType", "total_of",
           "write_report"]

Writer = Callable[[CourseKey, str, BinaryIO, set, dict, Progress], int]


@dataclass(frozen=True)
class ReportType:
    name: str
    label: str
    formats: tuple[str, ...]
    description: str
    write: Writer = field(repr=False, compare=False)  # (course, format, file, include, options, progress) → items
    total: Callable[[CourseKey], int] = field(repr=False, compare=False)  # the items it goes through


REPORTS = {
    "completion": ReportType("completion", gettext_noop("Completion report"), ("csv", "xlsx", "jsonl"),
                             gettext_noop("One row per enrolled learner: progress per unit, submissions, milestones, "
                                          "certificate and grant-fund eligibility."),
                             completion.write, completion.total),
    "answers": ReportType("answers", gettext_noop("Answers report"), ("csv", "xlsx", "jsonl"),
                          gettext_noop("Every learner's latest submitted answers, one row per learner and field."),
                          answers.write, answers.total),
    "answers_wide": ReportType("answers_wide", gettext_noop("Answers report (one row per learner)"),
                               ("csv", "xlsx", "jsonl"),
                               gettext_noop("Every learner's latest submitted answers, one column per field."),
                               answers.write_wide, answers.total_wide),
    "topics": ReportType("topics", gettext_noop("Cohort topic list"), ("csv", "xlsx", "jsonl", "wikitext"),
                         gettext_noop("All learners' submitted topics merged, with who proposed each; as CSV or as "
                                      "a sortable wikitable for the campaign's Meta page."),
                         topics.write, topics.total),
    "proposals": ReportType("proposals", gettext_noop("Grant proposal drafts"), ("zip",),
                            gettext_noop("Per learner, their answers grouped by grant-proposal section, as Markdown "
                                         "and wikitext, in one zip."),
                            proposals.write, proposals.total),
}
CONTENT_TYPES = {"csv": writers.CSVWriter.content_type, "xlsx": writers.XLSXWriter.content_type,
                 "jsonl": writers.JSONLinesWriter.content_type, "wikitext": "text/plain; charset=utf-8",
                 "zip": "application/zip"}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl", "wikitext": "wiki.txt", "zip": "zip"}


def total_of(course_key: CourseKey, report: str) -> int:
    """How many items (learners, or submissions for the answers and topics reports) a report goes through."""
    return REPORTS[report].total(course_key)


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
    return REPORTS[report].write(course_key, fmt, fileobj, include, options, progress or no_progress)
