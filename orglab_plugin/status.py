"""A learner's standing in a course, as the learner and the course's staff see it: progress per
unit, certificate, grant-fund eligibility and why not yet, the policy's requirements and the
milestones recorded (the REST API's `me` and learner detail, the devsite's progress page)."""
from __future__ import annotations

from django.utils.translation import gettext
from opaque_keys.edx.keys import CourseKey

from . import awards, outline
from . import policy as policy_module
from .certificates.state import certificate_state
from .course_policy import policy_for
from .keys import as_course_key
from .models import AwardAudit, CertificateAward, GrantEligibility, StaffMilestone, UnitProgress
from .progress import percent


def learner_status(course_key: CourseKey | str, user, *, staff: bool = False) -> dict:
    """A learner's standing in a course: progress per unit, certificate, eligibility and why not yet,
    the policy's requirements and their milestones (the REST API's `me` and learner detail, the
    devsite's progress page); `staff` adds the override and the audit history. Call
    `awards.evaluate_learners` first for a fresh decision."""
    course_key = as_course_key(course_key)
    units = outline.units_of(course_key)
    stored = {row.unit_id: row for row in UnitProgress.objects.filter(course_key=course_key, user=user)}
    unit_rows = []
    for unit in units:
        row = stored.get(unit["id"])
        total = unit["total"]
        completed = min(row.completed, total) if row else 0
        unit_rows.append({
            "position": unit["position"], "title": unit["title"], "completed": completed, "total": total,
            "percent": percent(completed, total),
            "completed_at": row.completed_at if row and total and completed >= total else None,
        })

    document = policy_for(course_key)
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


def set_eligibility_override(learner, course_key: CourseKey | str, override: str, reason: str, actor) -> dict:
    """Staff grant ("grant") or deny ("deny") a learner's eligibility with a reason, or remove their
    override (""); audited. Returns the learner's eligibility as `learner_status` shows it to staff.
    Raises ValueError (with a message) for an unknown override or a missing reason."""
    course_key = as_course_key(course_key)
    awards.set_override(learner, course_key, override, reason, actor)
    return learner_status(course_key, learner, staff=True)["eligibility"]
