"""The one streaming loop of the tabular reports: rows go to the writer in batches, with progress.

A report hands `write_table` its columns and an iterable of *items* (a learner, a submission, a
topic: what its progress counts), each item being the list of rows it makes. Rows are written in
batches of about `PROGRESS_EVERY`, and the job's progress is told the number of items done after
each batch and at the end: memory holds one batch, whatever the cohort's size.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any, BinaryIO

from .. import writers
from ..writers import Column

PROGRESS_EVERY = 500  # rows between two progress updates

Progress = Callable[[int], None]
Rows = Sequence[Sequence[Any]]


def no_progress(_done: int) -> None:
    return None


def write_table(fmt: str, fileobj: BinaryIO, columns: list[Column], items: Iterable[Rows], *, options: dict,
                sheet_title: str, progress: Progress | None = None, every: int = PROGRESS_EVERY) -> int:
    """Write the rows of `items` as `fmt` to `fileobj` under `columns`; returns the number of items.

    `progress` (if given) is called with the items done after each batch of `every` rows and once
    at the end. `options["bom"]` starts a CSV with a byte-order mark."""
    writer = writers.make_writer(fmt, fileobj, columns, bom=options.get("bom", False), sheet_title=sheet_title)
    done, batch = 0, []
    for rows in items:
        batch.extend(rows)
        done += 1
        if len(batch) >= every:
            writer.write_rows(batch)
            batch = []
            if progress is not None:
                progress(done)
    writer.write_rows(batch)
    writer.close()
    if progress is not None:
        progress(done)
    return done


def by_learner(pairs: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, list]]:
    """(learner, [their submissions]) from `api.latest_course_submissions`' (learner, submission)
    pairs, which come learner by learner: one learner's submissions in memory at a time."""
    for _user_id, group in groupby(pairs, key=lambda pair: pair[0].user_id):
        group = list(group)
        yield group[0][0], [submission for _learner, submission in group]
