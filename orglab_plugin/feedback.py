"""Mentor review of learners' submitted work: feedback on a version, the learner's unread markers,
a mentor's sign-off on the proposal, the revision that follows "please revise", and the mentor's
queue.

- **Feedback** (`give_feedback`) is given on one submitted version (`Submission`) by the learner's
  mentor or course staff (`roles.can_review`): a verdict (comment, looks good, please revise) and a
  comment, on one section (a worksheet field's or a proposal section's id) or on the whole version
  (section ""). Feedback is append-only and audited (`MentoringAudit`); it sends `FEEDBACK_GIVEN`
  and, when `ORGLAB_MENTOR_EMAILS` is on, mails the learner (`mentor_mail`).
- **Unread** is the absence of a `FeedbackRead` row of the learner: reading never edits feedback.
- **Sign-off** (`sign_off`) on a submitted proposal (`orglab_proposal`) records the course's
  `mentor_signoff` milestone for the learner through `milestones.record_milestone` (who: the
  reviewer; when: today), which re-evaluates their certificate and eligibility; it is feedback too
  (verdict `signed_off`), so the learner sees it beside the version.
- **Revision** (`on_submission_recorded`, called by `submissions.record_submission`): a new version
  of a block whose latest feedback said "please revise" sends `REVISION_SUBMITTED` and mails the
  learner's mentors.
- **The queue** (`mentor_queue`): a mentor's learners (staff: every assigned learner, or one
  mentor's), each block's latest version that has no feedback yet, split into first submissions
  awaiting feedback and versions revised since the last feedback, oldest first. A fixed number of
  queries whatever the number of learners and versions; payloads are never read.

Values leave as plain data (`FeedbackData`, `VersionFeedback`, `MentorQueue`), never as models.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Exists, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from . import milestones, roles
from .inputs import bad_text_field
from .keys import as_course_key, as_usage_key
from .keys import user_id as _user_id
from .mentoring_events import FEEDBACK_GIVEN, REVISION_SUBMITTED, FeedbackGivenData, RevisionSubmittedData
from .models import Feedback, FeedbackRead, MentorAssignment, MentoringAudit, Submission

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 10_000
MAX_SECTION_CHARS = 100
PROPOSAL_BLOCK_TYPE = "orglab_proposal"
SIGNOFF_MILESTONE = "mentor_signoff"
GIVEN_VERDICTS = (Feedback.COMMENT, Feedback.LOOKS_GOOD, Feedback.PLEASE_REVISE)
ALL_VERDICTS = (*GIVEN_VERDICTS, Feedback.SIGNED_OFF)
_SECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


class FeedbackError(ValueError):
    """Feedback (or a sign-off) that cannot be given; the message says why, in the user's language.
    `field` names the input at fault ("version", "comment", …), `code` says how: "invalid",
    "not_found" (no such version) or "forbidden" (not this learner's mentor nor course staff)."""

    def __init__(self, message: str, *, field: str = "", code: str = "invalid"):
        super().__init__(message)
        self.field, self.code = field, code


@dataclass(frozen=True)
class FeedbackData:
    """One piece of feedback on one submitted version."""

    id: int
    course_key: CourseKey
    learner_id: int
    block_key: UsageKey
    block_type: str
    version: int
    section: str
    verdict: str
    comment: str
    author: str | None  # the reviewer's username; None once their account was retired
    created: datetime
    unread: bool  # the learner has not marked it read


@dataclass(frozen=True)
class VersionFeedback:
    """A submitted version of a learner's block and the feedback given on it, oldest first."""

    version: int
    submitted: datetime
    feedback: list[FeedbackData]

    @property
    def unread(self) -> int:
        return sum(1 for item in self.feedback if item.unread)


@dataclass(frozen=True)
class QueueItem:
    """The latest version of one learner's block, waiting for a reviewer."""

    learner_id: int
    learner: str
    block_key: UsageKey
    block_type: str
    version: int
    submitted: datetime
    last_feedback_version: int | None = None  # revised: the version the last feedback was on
    last_verdict: str = ""  # revised: that feedback's verdict (please_revise: asked for)


@dataclass(frozen=True)
class QueueLearner:
    learner_id: int
    learner: str
    mentors: tuple[str, ...]
    submitted: int  # blocks with a submitted version
    to_review: int  # of them, latest versions without feedback


@dataclass
class MentorQueue:
    """What a reviewer has to do in a course (see `mentor_queue`)."""

    learners: list[QueueLearner] = field(default_factory=list)
    awaiting: list[QueueItem] = field(default_factory=list)  # never reviewed, oldest first
    revised: list[QueueItem] = field(default_factory=list)  # revised since the last feedback, oldest first
    mentors: list[str] = field(default_factory=list)  # who mentors in the course (staff's filter)


# --------------------------------------------------------------------------- reading


_FEEDBACK_COLUMNS = ("pk", "course_key", "learner_id", "block_key", "block_type", "version", "section", "verdict",
                     "comment", "author__username", "created", "is_read")


def _with_read_state(rows):
    return rows.annotate(is_read=Exists(FeedbackRead.objects.filter(feedback_id=OuterRef("pk"),
                                                                     user_id=OuterRef("learner_id"))))


def _feedback(rows) -> list[FeedbackData]:
    return [FeedbackData(id=row[0], course_key=row[1], learner_id=row[2], block_key=row[3], block_type=row[4],
                         version=row[5], section=row[6], verdict=row[7], comment=row[8], author=row[9],
                         created=row[10], unread=not row[11])
            for row in _with_read_state(rows).values_list(*_FEEDBACK_COLUMNS)]


def feedback_for(user, block_key: UsageKey | str) -> list[VersionFeedback]:
    """Every submitted version of `user`'s work on `block_key`, oldest first, each with the feedback
    given on it and whether the learner read it (two queries). For the learner's own block view."""
    block_key = as_usage_key(block_key)
    learner_id = _user_id(user)
    versions = list(Submission.objects.filter(course_key=block_key.context_key, user_id=learner_id,
                                              block_key=block_key).order_by("version")
                    .values_list("version", "created"))
    given: dict[int, list[FeedbackData]] = defaultdict(list)
    for item in _feedback(Feedback.objects.filter(course_key=block_key.context_key, learner_id=learner_id,
                                                  block_key=block_key).order_by("created", "pk")):
        given[item.version].append(item)
    return [VersionFeedback(version=version, submitted=created, feedback=given.get(version, []))
            for version, created in versions]


def course_feedback(course_key: CourseKey | str, *, learners: Iterable[int]) -> list[FeedbackData]:
    """The feedback given on the work of `learners` (user ids) in the course, oldest first, in one
    query whatever their number: for reports, which read a batch of learners at a time."""
    ids = sorted({_user_id(learner) for learner in learners})
    if not ids:
        return []
    return _feedback(Feedback.objects.filter(course_key=as_course_key(course_key), learner_id__in=ids)
                     .order_by("created", "pk"))


def learner_feedback(user, course_key: CourseKey | str, *, block_key: UsageKey | str | None = None,
                     unread_only: bool = False) -> list[FeedbackData]:
    """The feedback given on `user`'s work in the course (optionally on one block, or only what they
    have not read), newest first (one query)."""
    rows = Feedback.objects.filter(course_key=as_course_key(course_key), learner_id=_user_id(user))
    if block_key is not None:
        rows = rows.filter(block_key=as_usage_key(block_key))
    if unread_only:
        rows = rows.exclude(Exists(FeedbackRead.objects.filter(feedback_id=OuterRef("pk"),
                                                               user_id=OuterRef("learner_id"))))
    return _feedback(rows.order_by("-created", "-pk"))


def mark_feedback_read(user, ids) -> int:
    """Mark read the feedback `ids` given on `user`'s own work (ids of other learners' feedback are
    ignored); returns how many were newly marked. Never edits the feedback."""
    learner_id = _user_id(user)
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        raise FeedbackError(_("Feedback ids are whole numbers."), field="ids") from None
    if not wanted:
        return 0
    own = set(Feedback.objects.filter(pk__in=wanted, learner_id=learner_id).values_list("pk", flat=True))
    have = set(FeedbackRead.objects.filter(feedback_id__in=own, user_id=learner_id)
               .values_list("feedback_id", flat=True))
    FeedbackRead.objects.bulk_create([FeedbackRead(feedback_id=pk, user_id=learner_id) for pk in sorted(own - have)],
                                     ignore_conflicts=True)
    return len(own - have)


# --------------------------------------------------------------------------- giving feedback


def _check_section(section: Any) -> str:
    section = "" if section is None else section
    if not isinstance(section, str):
        raise FeedbackError(_("The section is a short id (or empty for the whole version)."), field="section")
    section = section.strip()
    if section and (len(section) > MAX_SECTION_CHARS or not _SECTION_RE.match(section)):
        raise FeedbackError(_("The section must be an id of at most {limit} letters, digits and _ . : - "
                              "(or empty for the whole version).").format(limit=MAX_SECTION_CHARS), field="section")
    return section


def _check_comment(comment: Any, verdict: str) -> str:
    comment = "" if comment is None else comment
    if not isinstance(comment, str):
        raise FeedbackError(_("The comment must be text."), field="comment")
    comment = comment.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise FeedbackError(_("The comment is too long: at most {limit} characters (it has {count}).").format(
            limit=f"{MAX_COMMENT_CHARS:,}", count=f"{len(comment):,}"), field="comment")
    if bad_text_field(comment) is not None:
        raise FeedbackError(_("The comment contains a character that cannot be stored."), field="comment")
    if not comment and verdict in (Feedback.COMMENT, Feedback.PLEASE_REVISE):
        raise FeedbackError(_("Write a comment: say what to keep or what to revise."), field="comment")
    return comment


def _submission(course_key: CourseKey, learner, block_key: UsageKey | str, version: Any) -> Submission:
    try:
        block_key = as_usage_key(block_key)
    except Exception:  # noqa: BLE001 - opaque-keys raises InvalidKeyError and others for junk
        raise FeedbackError(_("That is not a block id."), field="block_id") from None
    if block_key.context_key != course_key:
        raise FeedbackError(_("This block is not in this course."), field="block_id")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FeedbackError(_("The version is a whole number from 1."), field="version")
    row = Submission.objects.filter(course_key=course_key, user_id=_user_id(learner), block_key=block_key,
                                    version=version).only("pk", "block_key", "block_type", "version").first()
    if row is None:
        raise FeedbackError(_("{username} has no submitted version {version} of this activity.").format(
            username=getattr(learner, "username", learner), version=version), field="version", code="not_found")
    return row


def _record(course_key: CourseKey, reviewer, learner, row: Submission, *, section: str, verdict: str,
            comment: str, action: str, detail: dict | None = None) -> Feedback:
    feedback = Feedback.objects.create(
        course_key=course_key, learner_id=learner.pk, submission=row, block_key=row.block_key,
        block_type=row.block_type, version=row.version, author=reviewer, section=section, verdict=verdict,
        comment=comment)
    MentoringAudit.objects.create(
        course_key=course_key, user_id=learner.pk, actor=reviewer, action=action,
        detail={"feedback": feedback.pk, "block": str(row.block_key), "version": row.version, "section": section,
                "verdict": verdict, "comment_chars": len(comment), **(detail or {})})
    return feedback


def _announce(feedback: Feedback, reviewer, learner) -> FeedbackData:
    """Send FEEDBACK_GIVEN now and, after the commit, the learner's email."""
    FEEDBACK_GIVEN.send_event(feedback=FeedbackGivenData(
        feedback_id=feedback.pk, course_key=feedback.course_key, block_key=feedback.block_key,
        block_type=feedback.block_type, version=feedback.version, learner_id=learner.pk,
        learner_username=learner.username, reviewer_username=reviewer.username, section=feedback.section,
        verdict=feedback.verdict, created=feedback.created))
    from . import mentor_mail

    transaction.on_commit(lambda: mentor_mail.feedback_given(feedback.pk))
    return FeedbackData(id=feedback.pk, course_key=feedback.course_key, learner_id=learner.pk,
                        block_key=feedback.block_key, block_type=feedback.block_type, version=feedback.version,
                        section=feedback.section, verdict=feedback.verdict, comment=feedback.comment,
                        author=reviewer.username, created=feedback.created, unread=True)


def _reviewer_check(reviewer, course_key: CourseKey, learner) -> None:
    if not roles.can_review(reviewer, course_key, learner):
        raise FeedbackError(_("Only this learner's mentor or the course's staff can review their work."),
                            code="forbidden")


def give_feedback(*, course_key: CourseKey | str, reviewer, learner, block_key: UsageKey | str, version: int,
                  verdict: str, comment: str = "", section: str = "") -> FeedbackData:
    """`reviewer` (the learner's mentor, or course staff) gives feedback on `learner`'s submitted
    `version` of `block_key`. Raises `FeedbackError` (see its `code`) with a message for the user."""
    course_key = as_course_key(course_key)
    _reviewer_check(reviewer, course_key, learner)
    if verdict not in GIVEN_VERDICTS:
        raise FeedbackError(_("The verdict is one of: {choices}.").format(choices=", ".join(GIVEN_VERDICTS)),
                            field="verdict")
    section = _check_section(section)
    comment = _check_comment(comment, verdict)
    row = _submission(course_key, learner, block_key, version)
    with transaction.atomic():
        feedback = _record(course_key, reviewer, learner, row, section=section, verdict=verdict, comment=comment,
                           action=MentoringAudit.FEEDBACK)
    return _announce(feedback, reviewer, learner)


def sign_off(*, course_key: CourseKey | str, reviewer, learner, block_key: UsageKey | str, version: int,
             comment: str = "") -> FeedbackData:
    """`reviewer` (the learner's mentor, or course staff) signs off `learner`'s submitted proposal
    (`version` of an `orglab_proposal` block): the course's `mentor_signoff` milestone is recorded
    for the learner (dated today, recorded by the reviewer), their awards re-evaluated, and the
    sign-off kept as feedback and audited. Signing off again re-dates the milestone."""
    course_key = as_course_key(course_key)
    _reviewer_check(reviewer, course_key, learner)
    comment = _check_comment(comment, Feedback.SIGNED_OFF)
    row = _submission(course_key, learner, block_key, version)
    if row.block_type != PROPOSAL_BLOCK_TYPE:
        raise FeedbackError(_("Only a submitted grant proposal can be signed off."), field="block_id")
    if SIGNOFF_MILESTONE not in milestones.known_milestones(course_key):
        raise FeedbackError(_("This course's policy has no mentor sign-off milestone ({id}); ask the course "
                              "staff to add it.").format(id=SIGNOFF_MILESTONE))
    with transaction.atomic():
        try:
            milestones.record_milestone(course_key, learner, SIGNOFF_MILESTONE, timezone.localdate(), reviewer)
        except milestones.MilestoneError as error:
            raise FeedbackError(str(error)) from None
        feedback = _record(course_key, reviewer, learner, row, section="", verdict=Feedback.SIGNED_OFF,
                           comment=comment, action=MentoringAudit.SIGNED_OFF,
                           detail={"milestone": SIGNOFF_MILESTONE})
    return _announce(feedback, reviewer, learner)


# --------------------------------------------------------------------------- revisions


def on_submission_recorded(course_key: CourseKey, user_id: int, block_key: UsageKey, block_type: str,
                           version: int, created: datetime) -> bool:
    """A new version was recorded: when the latest feedback on an earlier version of the block asked
    for a revision, send REVISION_SUBMITTED and (after the commit) mail the learner's mentors.
    Returns whether it was a revision. Two queries (one more when it was)."""
    if version < 2:
        return False
    last = (Feedback.objects.filter(course_key=course_key, learner_id=user_id, block_key=block_key,
                                    version__lt=version).order_by("-created", "-pk")
            .values_list("verdict", "version").first())
    if last is None or last[0] != Feedback.PLEASE_REVISE:
        return False
    learner = get_user_model().objects.only("username").get(pk=user_id)
    mentors = tuple(MentorAssignment.objects.filter(course_key=course_key, learner_id=user_id)
                    .order_by("mentor__username").values_list("mentor__username", flat=True))
    REVISION_SUBMITTED.send_event(revision=RevisionSubmittedData(
        course_key=course_key, block_key=block_key, block_type=block_type, version=version,
        revised_version=last[1], learner_id=user_id, learner_username=learner.username,
        mentor_usernames=mentors, created=created))
    from . import mentor_mail

    transaction.on_commit(lambda: mentor_mail.revision_submitted(course_key, user_id, block_key, version))
    return True


# --------------------------------------------------------------------------- the queue


def mentor_queue(viewer, course_key: CourseKey | str, *, mentor: str = "") -> MentorQueue:
    """What `viewer` has to review in the course: for a mentor, their learners; for course staff,
    every learner with a mentor (or, with `mentor`, that mentor's learners).

    Each learner's blocks' latest versions without feedback are listed oldest first: `awaiting` (no
    feedback on any version of the block yet) and `revised` (submitted again since the last feedback,
    with that feedback's version and verdict). Five queries, whatever the number of learners and
    versions; payloads are never read."""
    course_key = as_course_key(course_key)
    staff = roles.is_course_staff(viewer, course_key)
    assignments = MentorAssignment.objects.filter(course_key=course_key)
    queue = MentorQueue()
    if staff:
        queue.mentors = list(assignments.order_by("mentor__username").values_list("mentor__username", flat=True)
                             .distinct())
        if mentor:
            assignments = assignments.filter(mentor__username=mentor)
    else:
        assignments = assignments.filter(mentor_id=_user_id(viewer))
    mentors_by_learner: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    for learner_id, username, mentor_name in MentorAssignment.objects.filter(
            course_key=course_key, learner_id__in=Subquery(assignments.values("learner_id"))) \
            .order_by("learner__username", "mentor__username").values_list("learner_id", "learner__username",
                                                                          "mentor__username"):
        names[learner_id] = username
        mentors_by_learner[learner_id].append(mentor_name)
    if not names:
        return queue
    learner_ids = Subquery(assignments.values("learner_id"))
    # Block keys are read as text and parsed once per block (parsing one costs ~50 µs; a cohort's
    # rows name the same few blocks thousands of times).
    as_text = Cast("block_key", output_field=CharField())
    latest = (Submission.objects.filter(course_key=course_key, user_id__in=learner_ids)
              .values("user_id", "block_key", "block_type")
              .annotate(version=Max("version"), submitted=Max("created"), block=as_text)
              .values_list("user_id", "block", "block_type", "version", "submitted"))
    last_feedback: dict[tuple[int, str], tuple[int, str]] = {}
    for learner_id, block_key, version, verdict in Feedback.objects.filter(
            course_key=course_key, learner_id__in=learner_ids).order_by("created", "pk") \
            .annotate(block=as_text).values_list("learner_id", "block", "version", "verdict"):
        last_feedback[(learner_id, block_key)] = (version, verdict)
    keys: dict[str, UsageKey] = {}
    submitted: dict[int, int] = defaultdict(int)
    to_review: dict[int, int] = defaultdict(int)
    for learner_id, block_key, block_type, version, when in latest:
        if learner_id not in names:
            continue
        submitted[learner_id] += 1
        last = last_feedback.get((learner_id, block_key))
        if last is not None and last[0] >= version:
            continue  # reviewed
        to_review[learner_id] += 1
        key = keys.get(block_key)
        if key is None:
            key = keys[block_key] = as_usage_key(block_key)
        item = QueueItem(learner_id=learner_id, learner=names[learner_id], block_key=key,
                         block_type=block_type, version=version, submitted=when,
                         last_feedback_version=last[0] if last else None, last_verdict=last[1] if last else "")
        (queue.revised if last else queue.awaiting).append(item)
    queue.awaiting.sort(key=lambda item: (item.submitted, item.learner))
    queue.revised.sort(key=lambda item: (item.submitted, item.learner))
    queue.learners = [QueueLearner(learner_id=learner_id, learner=username,
                                   mentors=tuple(mentors_by_learner[learner_id]),
                                   submitted=submitted[learner_id], to_review=to_review[learner_id])
                      for learner_id, username in names.items()]
    return queue
