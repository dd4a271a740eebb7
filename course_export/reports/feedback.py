"""Mentor feedback in the reports: read set-based a batch of learners at a time, indexed by the
version it was given on, and said as text (verdict label, author, date, comment).

What a report shows (issue 15, "feedback appears in the answers report and the proposals export"):

- Feedback belongs to **one submitted version** of a block; a report row that comes from a version
  shows the feedback given on *that* version only (feedback on earlier versions stays with them:
  the learner resubmitted since).
- Feedback whose `section` is the id of one of the version's fields (a worksheet field's id, the
  topic list's `topics`, …) is **that field's**; everything else — the whole version's (section
  "") and a section naming no field of the version (a grant-proposal section of the proposal
  block) — is **the version's overall feedback**, a section's id said before its comment.
- Each piece of feedback reads "Please revise (mentor1, 2026-11-20 14:03 UTC): the comment", oldest
  first; the verdict label is in the reader's language, the comment as the reviewer wrote it (the
  writers neutralise it like every learner's text).

Reading: `with_feedback` takes the learners as a report streams them and reads the feedback of
`BATCH` learners at once — one query per batch, whatever the number of rows (through
`api.course_feedback`, see `_read`).
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orglab_plugin import api

BATCH = 200  # learners whose feedback is read in one query

# The verdicts the plugin records (`Feedback.VERDICTS`), as a report says them.
VERDICTS = {
    "comment": gettext_noop("Comment"),
    "looks_good": gettext_noop("Looks good"),
    "please_revise": gettext_noop("Please revise"),
    "signed_off": gettext_noop("Signed off"),
}


def verdict_label(verdict: str) -> str:
    """A verdict in the reader's language (an unknown one as stored)."""
    label = VERDICTS.get(verdict)
    return _(label) if label else verdict


def _read(course_key, learner_ids: Sequence[int]) -> list:
    """The feedback given on these learners' work in the course (`api.FeedbackData`), in one query."""
    if not learner_ids:
        return []
    return api.course_feedback(course_key, learners=list(learner_ids))


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def when(item) -> str:
    """When feedback was given, as a report says it: "2026-11-20 14:03 UTC"."""
    return _utc(item.created).strftime("%Y-%m-%d %H:%M UTC")


def author(item) -> str:
    return item.author or _("a retired account")


def say(item, *, section: str = "") -> str:
    """One piece of feedback as text: "Please revise (mentor1, 2026-11-20 14:03 UTC): the comment";
    with `section`, "On budget: " before it."""
    values = {"verdict": verdict_label(item.verdict), "author": author(item), "date": when(item)}
    text = (_("{verdict} ({author}, {date}): {comment}").format(comment=item.comment, **values) if item.comment
            else _("{verdict} ({author}, {date})").format(**values))
    return _("On {section}: {feedback}").format(section=section, feedback=text) if section else text


def say_all(items: Iterable[Any], *, sections: bool = False) -> str:
    """Several pieces of feedback, oldest first, a blank line between them ("" for none)."""
    return "\n\n".join(say(item, section=item.section if sections else "") for item in items)


@dataclass
class VersionFeedback:
    """The feedback given on one submitted version, split by field (see the module's docstring)."""

    by_field: dict[str, list] = field(default_factory=dict)
    overall: list = field(default_factory=list)  # section "" or naming no field of the version, oldest first

    def of_field(self, field_id: str) -> list:
        return self.by_field.get(field_id, [])

    @property
    def items(self) -> list:
        return sorted([*self.overall, *(item for items in self.by_field.values() for item in items)],
                      key=lambda item: (item.created, item.id))


NO_FEEDBACK = VersionFeedback()


class FeedbackIndex:
    """A batch's feedback by (learner id, block key, version), oldest first."""

    def __init__(self, items: Iterable[Any]):
        self._given: dict[tuple[int, str, int], list] = defaultdict(list)
        for item in sorted(items, key=lambda item: (item.created, item.id)):
            self._given[(item.learner_id, str(item.block_key), item.version)].append(item)

    def on(self, learner_id: int, block_key, version: int, field_ids: Iterable[str] = ()) -> VersionFeedback:
        """The feedback on one version, split between its fields (`field_ids`) and the overall."""
        items = self._given.get((learner_id, str(block_key), version))
        if not items:
            return NO_FEEDBACK
        fields = set(field_ids)
        result = VersionFeedback()
        for item in items:
            if item.section and item.section in fields:
                result.by_field.setdefault(item.section, []).append(item)
            else:
                result.overall.append(item)
        return result

    def of_learner(self, learner_id: int, versions: Iterable[tuple[Any, int]]) -> dict[str, list]:
        """A learner's feedback on the given (block key, version) pairs, by block key, oldest first."""
        return {str(block_key): list(self._given.get((learner_id, str(block_key), version), []))
                for block_key, version in versions
                if self._given.get((learner_id, str(block_key), version))}


def with_feedback(course_key, groups: Iterable[tuple[Any, list]], *, batch: int = BATCH
                  ) -> Iterator[tuple[Any, list, FeedbackIndex]]:
    """(learner, their submissions, the batch's feedback) from `stream.by_learner`'s groups,
    reading the feedback of `batch` learners in one go: memory holds one batch."""
    groups = iter(groups)
    while True:
        chunk = list(islice(groups, batch))
        if not chunk:
            return
        index = FeedbackIndex(_read(course_key, [learner.user_id for learner, _submissions in chunk]))
        for learner, submissions in chunk:
            yield learner, submissions, index
