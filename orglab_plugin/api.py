"""The public Python API of orglab_plugin: the only way other packages touch its tables.

Values cross this boundary as plain data (`SubmissionData`), never as model instances.

Importing this module needs neither the plugin's models nor its app in INSTALLED_APPS: the blocks
import it, and they run in any XBlock runtime (the stock xblock-sdk workbench too). The models and
the cohort's queries are loaded on first use; where the plugin is not installed, the functions
that need its tables raise `PluginNotInstalled` (a block answers it with a clear message).
"""
from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from opaque_keys.edx.keys import CourseKey, UsageKey

# The front door for input (pure Python): every block handler and REST endpoint parses through it.
from .inputs import (  # noqa: F401  (re-exported)
    MAX_JSON_DEPTH,
    InputError,
    bad_text_field,
    parse_int,
    read_json,
)

# The one escaping of learners' text for wikitext and Markdown exports (pure Python, see `markup`).
from .markup import (  # noqa: F401  (re-exported)
    escape_markdown,
    escape_wikitext,
    markdown_paragraphs,
    wikitext_comment,
    wikitext_link,
    wikitext_paragraphs,
)

if TYPE_CHECKING:
    from .models import Submission

# Re-exported from `cohort` (set-based, streamed reads of a course's enrolled learners), loaded on
# first use by `__getattr__`: `cohort` imports the models and edx-completion's.
_COHORT_NAMES = frozenset({
    "SORTS", "STATUS_FILTERS", "Learner", "LearnerRow", "cohort_summary", "count_enrolled",
    "count_latest_submissions", "enroll", "enroll_many", "is_enrolled", "latest_course_submissions",
    "learner_page", "learner_row", "learner_rows",
})


def __getattr__(name: str):
    """Names loaded on first use, so that importing this module needs neither Django REST framework
    nor the plugin's models: the REST front door (`JSONBodyParser`, `JSONErrorsMixin`,
    `PayloadTooLarge`), `content_security_policy`, the cohort's reads, and `Submission`."""
    if name in ("FormBodyParser", "JSONBodyParser", "JSONErrorsMixin", "PayloadTooLarge"):
        from .rest_api import door

        return getattr(door, name)
    if name == "content_security_policy":  # the CSP of orglab's own pages (a view decorator)
        from .csp import content_security_policy

        return content_security_policy
    if name in _COHORT_NAMES:
        _models()  # a clear PluginNotInstalled rather than Django's RuntimeError about app_label
        from . import cohort

        value = getattr(cohort, name)
        globals()[name] = value
        return value
    if name == "Submission":
        return _models().Submission
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class PluginNotInstalled(RuntimeError):
    """The site runs orglab's blocks without `orglab_plugin` in INSTALLED_APPS (the stock xblock-sdk
    workbench, say): there are no tables to record or read submissions in."""


def _models():
    """The plugin's models module, imported on first use; PluginNotInstalled where the app is not
    installed (importing the models there would fail with Django's RuntimeError about app_label)."""
    models = sys.modules.get(f"{__package__}.models")
    if models is not None:
        return models
    from django.apps import apps

    if not apps.is_installed("orglab_plugin"):
        raise PluginNotInstalled(
            "orglab_plugin is not in this site's INSTALLED_APPS, so submissions cannot be recorded or read."
        )
    from . import models

    return models


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


def _as_course_key(value: CourseKey | str) -> CourseKey:
    return value if isinstance(value, CourseKey) else CourseKey.from_string(str(value))


def _as_usage_key(value: UsageKey | str) -> UsageKey:
    return value if isinstance(value, UsageKey) else UsageKey.from_string(str(value))


def _user_id(user) -> int:
    return int(getattr(user, "pk", user))


def record_submission(
    *, course_key: CourseKey | str, user, block_key: UsageKey | str, block_type: str, payload: dict[str, Any]
) -> SubmissionData:
    """Append a new version of `user`'s submission to `block_key` and return it.

    `user` is a user or a user id. The version is one more than the latest;
    two concurrent submits both land, as consecutive versions.
    """
    course_key = _as_course_key(course_key)
    block_key = _as_usage_key(block_key)
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
    return SubmissionData.from_model(row)


def _evaluate_awards(course_key: CourseKey, user_id: int) -> None:
    """A new submission may change the learner's eligibility; never fail the submission over it."""
    from .awards import evaluate_learners

    try:
        evaluate_learners(course_key, [user_id])
    except Exception:  # noqa: BLE001 - the submission is recorded whatever happens here
        log.exception("orglab: could not evaluate awards of user %s in %s", user_id, course_key)


def latest_submission(*, user, block_key: UsageKey | str) -> SubmissionData | None:
    """The newest submitted version of `user`'s answers to `block_key`, or None."""
    block_key = _as_usage_key(block_key)
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
    block_key = _as_usage_key(block_key)
    rows = _models().Submission.objects.filter(
        course_key=block_key.context_key, user_id=_user_id(user), block_key=block_key
    ).order_by("version")
    return [SubmissionData.from_model(row) for row in rows]


def course_submissions(*, course_key: CourseKey | str, user=None, block_type: str | None = None):
    """The submissions of a course (optionally of one learner or one block type), streamed oldest first."""
    rows = _models().Submission.objects.filter(course_key=_as_course_key(course_key))
    if user is not None:
        rows = rows.filter(user_id=_user_id(user))
    if block_type:
        rows = rows.filter(block_type=block_type)
    for row in rows.order_by("created", "pk").iterator(chunk_size=500):
        yield SubmissionData.from_model(row)


def latest_submissions(*, block_key: UsageKey | str):
    """Each learner's newest submitted version for `block_key`, in one query, streamed."""
    block_key = _as_usage_key(block_key)
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
    milestones, awards, audit, course-staff roles, enrolments) and anonymise the rows where they acted as
    staff (who recorded a milestone, set a policy, overrode or audited an award). Returns the
    number of rows removed or anonymised."""
    from .models import (
        AwardAudit,
        CertificateAward,
        CoursePolicy,
        CourseStaffRole,
        Enrollment,
        GrantEligibility,
        StaffMilestone,
        Submission,
        UnitProgress,
    )

    user_id = _user_id(user)
    count = 0
    with transaction.atomic():
        for model in (Submission, UnitProgress, StaffMilestone, CertificateAward, GrantEligibility, AwardAudit,
                      CourseStaffRole, Enrollment):
            deleted, _ = model.objects.filter(user_id=user_id).delete()
            count += deleted
        count += StaffMilestone.objects.filter(recorded_by_id=user_id).update(recorded_by=None)
        count += CoursePolicy.objects.filter(updated_by_id=user_id).update(updated_by=None)
        count += GrantEligibility.objects.filter(override_by_id=user_id).update(override_by=None)
        count += AwardAudit.objects.filter(actor_id=user_id).update(actor=None)
    return count


def certificate_state(row) -> dict | None:
    """A certificate as the API shows it (with the issuer's URL), or None."""
    from django.core.exceptions import ImproperlyConfigured

    from .issuers import IssuerError, get_issuer

    if row is None:
        return None
    try:
        url = get_issuer(row.issuer).url(row)
    except (IssuerError, ImproperlyConfigured):
        log.warning("orglab: no URL for certificate %s (issuer %s)", row.uuid, row.issuer, exc_info=True)
        url = None
    return {"uuid": row.uuid, "status": row.status, "awarded_at": row.awarded_at, "revoked_at": row.revoked_at,
            "meets_policy": row.meets_policy, "url": url}


def learner_status(course_key: CourseKey, user, *, staff: bool = False) -> dict:
    """A learner's standing in a course: progress per unit, certificate, eligibility and why not yet,
    the policy's requirements and their milestones (the REST API's `me` and learner detail, the
    devsite's progress page); `staff` adds the override and the audit history. Call
    `awards.evaluate_learners` first for a fresh decision."""
    from django.utils.translation import gettext

    from . import awards, outline
    from . import policy as policy_module
    from .models import AwardAudit, CertificateAward, GrantEligibility, StaffMilestone, UnitProgress

    course_key = _as_course_key(course_key)
    units = outline.units_of(course_key)
    stored = {row.unit_id: row for row in UnitProgress.objects.filter(course_key=course_key, user=user)}
    unit_rows = []
    for unit in units:
        row = stored.get(unit["id"])
        total = unit["total"]
        completed = min(row.completed, total) if row else 0
        unit_rows.append({
            "position": unit["position"], "title": unit["title"], "completed": completed, "total": total,
            "percent": round(100.0 * completed / total, 1) if total else 100.0,
            "completed_at": row.completed_at if row and total and completed >= total else None,
        })

    document = awards.policy_for(course_key)
    decision = policy_module.evaluate(awards.gather_facts(course_key, [user.pk])[user.pk], document, gettext)
    decision_dict = decision.as_dict()

    certificate = CertificateAward.objects.filter(course_key=course_key, user=user).first()
    row = GrantEligibility.objects.filter(course_key=course_key, user=user).select_related("override_by").first()
    eligibility = None
    if row is not None:
        eligibility = {"status": row.status, "computed_status": row.computed_status,
                       "unmet": [] if decision.eligible else decision.unmet(),
                       "overridden": bool(row.override), "changed_at": row.changed_at}
        if staff:
            eligibility.update(override=row.override, override_reason=row.override_reason,
                               override_by=row.override_by.username if row.override_by else None)

    labels = {item["id"]: item["label"] for item in document.get("milestones", [])}
    recorded = [{"id": m.milestone, "label": gettext(labels[m.milestone]) if m.milestone in labels else m.milestone,
                 "date": m.date}
                for m in StaffMilestone.objects.filter(course_key=course_key, user=user).order_by("date", "milestone")]
    state = {
        "course_id": str(course_key), "username": user.username, "units": unit_rows,
        "certificate": certificate_state(certificate), "eligibility": eligibility,
        "requirements": {"certificate": decision_dict["certificate_requirements"],
                         "eligibility": decision_dict["eligibility_requirements"]},
        "milestones": recorded,
    }
    if staff:
        state["history"] = [
            {"kind": a.kind, "from_status": a.from_status, "to_status": a.to_status,
             "actor": a.actor.username if a.actor else None, "reason": a.reason, "created": a.created}
            for a in AwardAudit.objects.filter(course_key=course_key, user=user).select_related("actor")
            .order_by("created", "pk")
        ]
    return state


# --------------------------------------------------------------------------- the cohort (reports, dashboard)
# Re-exported from `cohort`: set-based, streamed reads of a course's enrolled learners. Loaded on
# first use (`__getattr__` above, the names in `_COHORT_NAMES`); imported here for type checkers.
if TYPE_CHECKING:
    from .cohort import (  # noqa: F401  (re-exported)
        SORTS,
        STATUS_FILTERS,
        Learner,
        LearnerRow,
        cohort_summary,
        count_enrolled,
        count_latest_submissions,
        enroll,
        enroll_many,
        is_enrolled,
        latest_course_submissions,
        learner_page,
        learner_row,
        learner_rows,
    )

__all__ = [
    "MAX_PAYLOAD_BYTES", "PluginNotInstalled", "SORTS", "STATUS_FILTERS", "Learner", "LearnerRow", "SubmissionData", "SubmissionError",
    "block_units", "certificate_state", "cohort_summary", "count_enrolled", "count_latest_submissions", "course_submissions", "course_units",
    "enroll", "enroll_many", "import_milestones_csv", "is_course_staff", "is_enrolled", "known_milestones",
    "latest_course_submissions", "latest_submission", "latest_submissions", "learner_page", "learner_row",
    "learner_rows", "learner_status", "record_submission", "report_store_url", "retire_user",
    "save_to_report_store", "set_eligibility_override", "submission_history",
]


def course_units(course_key: CourseKey | str) -> list[dict]:
    """The course's units in order: position, title and the number of blocks that count."""
    from .outline import units_of

    return [{"position": u["position"], "title": u["title"], "total": u["total"]}
            for u in units_of(_as_course_key(course_key))]


def block_units(course_key: CourseKey | str) -> dict[UsageKey, tuple[int, str]]:
    """{block: (unit position, unit title)} for every block of the course's outline (one query)."""
    from .models import OutlineBlock

    return {key: (position, title) for key, position, title in OutlineBlock.objects.filter(
        course_key=_as_course_key(course_key)).values_list("block_key", "unit__position", "unit__title")}


def is_course_staff(user, course_key: CourseKey | str) -> bool:
    """Whether `user` is staff of the course (the LMS's course roles, orglab's own, or a superuser)."""
    from .rest_api.v1.permissions import is_course_staff as check

    return check(user, _as_course_key(course_key))


def known_milestones(course_key: CourseKey | str) -> dict[str, str]:
    """The milestones the course policy defines: {id: label}, in policy order."""
    from .milestones import known_milestones as known

    return known(_as_course_key(course_key))


def set_eligibility_override(learner, course_key: CourseKey | str, override: str, reason: str, actor) -> dict:
    """Staff grant ("grant") or deny ("deny") a learner's eligibility with a reason, or remove their
    override (""); audited. Returns the learner's eligibility as `learner_status` shows it to staff.
    Raises ValueError (with a message) for an unknown override or a missing reason."""
    from . import awards

    course_key = _as_course_key(course_key)
    awards.set_override(learner, course_key, override, reason, actor)
    return learner_status(course_key, learner, staff=True)["eligibility"]


def import_milestones_csv(course_key: CourseKey | str, text: str | bytes, recorded_by) -> dict:
    """Record the milestones a CSV file lists (header `username,milestone,date`); returns the report
    (how many rows were taken, and why each other was refused). Raises ValueError for a file that
    cannot be read at all."""
    from . import milestones

    return milestones.import_milestones_csv(_as_course_key(course_key), text, recorded_by)


def save_to_report_store(course_key: CourseKey | str, filename: str, fileobj) -> str | None:
    """Inside the LMS: save an open report file to the platform's report store (the instructor
    dashboard's Data Download list shows it) without reading it into memory, and return its path.
    Outside the LMS (no report store): None."""
    from . import compat

    store = compat.report_store()
    if store is None:
        return None
    return compat.store_report(store, _as_course_key(course_key), filename, fileobj)


def report_store_url(path: str) -> str | None:
    """The platform report store's download URL of a stored report (signed on S3), or None."""
    from . import compat

    store = compat.report_store()
    return compat.report_url(store, path) if store is not None else None
