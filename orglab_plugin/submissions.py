"""Learners' submissions: the append-only versions of what a learner submitted to a block.

Record a new version, read the latest or the whole history of one learner's work on a block, stream
a course's submissions or each learner's newest of a block, and remove a retired user's rows.
Values leave as plain data (`SubmissionData`), never as model instances.

Importing this module needs neither the plugin's models nor its app in INSTALLED_APPS (the blocks
reach it through `orglab_plugin.api` in any XBlock runtime): the models are loaded on first use,
and where the plugin is not installed the functions raise `PluginNotInstalled`.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from opaque_keys.edx.keys import CourseKey, UsageKey

from .inputs import bad_text_field
from .installed import models as _models
from .keys import as_course_key, as_usage_key
from .keys import user_id as _user_id

if TYPE_CHECKING:
    from .models import Submission

log = logging.getLogger(__name__)

# A submission's payload is what one learner wrote in one block; anything this
# large is not a worksheet but a mistake or an attack.
MAX_PAYLOAD_BYTES = 256 * 1024
# Each failed attempt means another submit to the same block landed first. SQLite serializes writers
# (IMMEDIATE); on MySQL, n concurrent submits race and the last needs n attempts.
_RACE_RETRIES = 10


class SubmissionError(ValueError):
    """A submission could not be recorded; the message says why."""


@dataclass(frozen=True)
class SubmissionData:
    course_key: CourseKey
    user_id: int
    block_key: UsageKey
    block_type: str
    version: int
    payload: dict[str, Any]
    created: datetime

    @classmethod
    def from_model(cls, row: Submission) -> SubmissionData:
        return cls(
            course_key=row.course_key,
            user_id=row.user_id,
            block_key=row.block_key,
            block_type=row.block_type,
            version=row.version,
            payload=row.payload,
            created=row.created,
        )


def record_submission(
    *, course_key: CourseKey | str, user, block_key: UsageKey | str, block_type: str, payload: dict[str, Any]
) -> SubmissionData:
    """Append a new version of `user`'s submission to `block_key` and return it.

    `user` is a user or a user id. The version is one more than the latest;
    two concurrent submits both land, as consecutive versions.
    """
    course_key = as_course_key(course_key)
    block_key = as_usage_key(block_key)
    if block_key.context_key != course_key:
        raise SubmissionError(f"Block {block_key} is not in course {course_key}.")
    if not isinstance(payload, dict):
        raise SubmissionError("A submission's payload must be a JSON object.")
    bad_field = bad_text_field(payload)
    if bad_field is not None:  # the blocks' front door refuses these already; any other caller too
        raise SubmissionError(f"The submission's {bad_field!r} contains a character that cannot be stored.")
    encoded = json.dumps(payload, ensure_ascii=False)
    if len(encoded.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise SubmissionError("This submission is too large to store.")
    user_id = _user_id(user)
    Submission = _models().Submission  # noqa: N806 - the model class
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise SubmissionError(f"There is no user {user_id}.")

    for attempt in range(_RACE_RETRIES):
        try:
            with transaction.atomic():
                latest = Submission.objects.filter(
                    course_key=course_key, user_id=user_id, block_key=block_key
                ).aggregate(latest=Max("version"))["latest"]
                row = Submission.objects.create(
                    course_key=course_key,
                    user_id=user_id,
                    block_key=block_key,
                    block_type=block_type,
                    version=(latest or 0) + 1,
                    payload=json.loads(encoded),
                    item_count=len(payload["rows"]) if isinstance(payload.get("rows"), list) else None,
                )
            break
        except IntegrityError:
            if attempt == _RACE_RETRIES - 1:
                raise
    _evaluate_awards(course_key, user_id)
    _notify_reviewers(row)
    return SubmissionData.from_model(row)


def _notify_reviewers(row: Submission) -> None:
    """A new version after "please revise" tells the learner's mentors (`feedback.on_submission_recorded`);
    never fail the submission over it."""
    from .feedback import on_submission_recorded

    try:
        on_submission_recorded(row.course_key, row.user_id, row.block_key, row.block_type, row.version, row.created)
    except Exception:  # noqa: BLE001 - the submission is recorded whatever happens here
        log.exception("orglab: could not notify the reviewers of user %s in %s", row.user_id, row.course_key)


def _evaluate_awards(course_key: CourseKey, user_id: int) -> None:
    """A new submission may change the learner's eligibility; never fail the submission over it."""
    from .awards import evaluate_learners

    try:
        evaluate_learners(course_key, [user_id])
    except Exception:  # noqa: BLE001 - the submission is recorded whatever happens here
        log.exception("orglab: could not evaluate awards of user %s in %s", user_id, course_key)


def latest_submission(*, user, block_key: UsageKey | str) -> SubmissionData | None:
    """The newest submitted version of `user`'s answers to `block_key`, or None."""
    block_key = as_usage_key(block_key)
    row = (
        _models().Submission.objects.filter(
            course_key=block_key.context_key, user_id=_user_id(user), block_key=block_key
        )
        .order_by("-version")
        .first()
    )
    return SubmissionData.from_model(row) if row else None


def submission_history(*, user, block_key: UsageKey | str) -> list[SubmissionData]:
    """Every submitted version of `user`'s answers to `block_key`, oldest first."""
    block_key = as_usage_key(block_key)
    rows = _models().Submission.objects.filter(
        course_key=block_key.context_key, user_id=_user_id(user), block_key=block_key
    ).order_by("version")
    return [SubmissionData.from_model(row) for row in rows]


def course_submissions(*, course_key: CourseKey | str, user=None, block_type: str | None = None):
    """The submissions of a course (optionally of one learner or one block type), streamed oldest first."""
    rows = _models().Submission.objects.filter(course_key=as_course_key(course_key))
    if user is not None:
        rows = rows.filter(user_id=_user_id(user))
    if block_type:
        rows = rows.filter(block_type=block_type)
    for row in rows.order_by("created", "pk").iterator(chunk_size=500):
        yield SubmissionData.from_model(row)


def latest_submissions(*, block_key: UsageKey | str):
    """Each learner's newest submitted version for `block_key`, in one query, streamed."""
    block_key = as_usage_key(block_key)
    course_key = block_key.context_key
    Submission = _models().Submission  # noqa: N806 - the model class
    newest = Submission.objects.filter(
        course_key=course_key, block_key=block_key, user_id=OuterRef("user_id")
    ).order_by("-version").values("version")[:1]
    rows = Submission.objects.filter(course_key=course_key, block_key=block_key, version=Subquery(newest))
    for row in rows.order_by("user_id").iterator(chunk_size=500):
        yield SubmissionData.from_model(row)


def retire_user(user) -> int:
    """Open edX user retirement: remove every orglab row about `user` (submissions, progress,
    milestones, awards, audit, course-staff and mentor roles, mentor assignments either way, the
    feedback on their work and what they read, enrolments) and anonymise the rows where they acted as
    staff or mentor (who recorded a milestone, set a policy, overrode or audited an award, granted a
    role, assigned a mentor, wrote feedback). Returns the number of rows removed or anonymised."""
    from .models import (
        AwardAudit,
        CertificateAward,
        CourseMentorRole,
        CoursePolicy,
        CourseStaffRole,
        Enrollment,
        Feedback,
        FeedbackRead,
        GrantEligibility,
        MentorAssignment,
        MentoringAudit,
        StaffMilestone,
        Submission,
        UnitProgress,
    )

    user_id = _user_id(user)
    count = 0
    with transaction.atomic():
        for model in (FeedbackRead, Submission, UnitProgress, StaffMilestone, CertificateAward, GrantEligibility,
                      AwardAudit, CourseStaffRole, CourseMentorRole, MentoringAudit, Enrollment):
            deleted, _ = model.objects.filter(user_id=user_id).delete()
            count += deleted
        for field in ("learner_id", "mentor_id"):
            deleted, _ = MentorAssignment.objects.filter(**{field: user_id}).delete()
            count += deleted
        deleted, _ = Feedback.objects.filter(learner_id=user_id).delete()
        count += deleted
        count += Feedback.objects.filter(author_id=user_id).update(author=None)
        count += MentorAssignment.objects.filter(assigned_by_id=user_id).update(assigned_by=None)
        count += CourseMentorRole.objects.filter(granted_by_id=user_id).update(granted_by=None)
        count += MentoringAudit.objects.filter(actor_id=user_id).update(actor=None)
        count += StaffMilestone.objects.filter(recorded_by_id=user_id).update(recorded_by=None)
        count += CoursePolicy.objects.filter(updated_by_id=user_id).update(updated_by=None)
        count += GrantEligibility.objects.filter(override_by_id=user_id).update(override_by=None)
        count += AwardAudit.objects.filter(actor_id=user_id).update(actor=None)
    return count
