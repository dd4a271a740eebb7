"""Certificates and grant-fund eligibility: facts from the database (set-based), the course
policy's decision (`policy.evaluate`), and idempotent, audited changes to the awards.

- A certificate is awarded when the policy is met. It is never taken back silently: when a later
  evaluation finds the learner below the policy (after staff changed it), the award is flagged
  (`meets_policy`) and audited; only staff revoke it, explicitly, with a reason.
- Eligibility follows the policy unless staff override it (grant or deny, with a reason); an
  override holds until staff remove it. Every change writes an AwardAudit row and sends a signal.
"""
from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from . import policy as policy_module
from . import signals, sql
from .course_policy import policy_for
from .models import (
    AwardAudit,
    CertificateAward,
    GrantEligibility,
    OutlineBlock,
    StaffMilestone,
    Submission,
    UnitProgress,
)
from .outline import units_of

log = logging.getLogger(__name__)


def gather_facts(course_key: CourseKey, user_ids: list[int]) -> dict[int, policy_module.Facts]:
    """Every learner's facts with a fixed number of queries, however many learners."""
    units = {unit["id"]: unit for unit in units_of(course_key)}
    block_units = dict(OutlineBlock.objects.filter(course_key=course_key).values_list("block_key", "unit__position"))
    progress: dict[int, list[policy_module.UnitFact]] = defaultdict(list)
    stored = {(row[0], row[1]): row for row in UnitProgress.objects.filter(
        course_key=course_key, user_id__in=user_ids).values_list("user_id", "unit_id", "completed", "total")}
    for user_id in user_ids:
        for unit_id, unit in units.items():
            row = stored.get((user_id, unit_id))
            progress[user_id].append(policy_module.UnitFact(
                position=unit["position"], title=unit["title"],
                completed=row[2] if row else 0, total=unit["total"]))
    milestones: dict[int, set[str]] = defaultdict(set)
    for user_id, milestone in StaffMilestone.objects.filter(course_key=course_key, user_id__in=user_ids) \
            .values_list("user_id", "milestone"):
        milestones[user_id].add(milestone)
    newest = Submission.objects.filter(course_key=course_key, user_id=OuterRef("user_id"),
                                       block_key=OuterRef("block_key")).order_by("-version").values("version")[:1]
    submissions: dict[int, list[policy_module.SubmissionFact]] = defaultdict(list)
    for user_id, block_key, block_type, items in Submission.objects.filter(
            course_key=course_key, user_id__in=user_ids, version=Subquery(newest)) \
            .values_list("user_id", "block_key", "block_type", "item_count"):
        submissions[user_id].append(policy_module.SubmissionFact(
            block_type=block_type, unit=block_units.get(block_key), topics=items))
    return {
        user_id: policy_module.Facts(
            units=tuple(sorted(progress[user_id], key=lambda fact: fact.position)),
            milestones=frozenset(milestones[user_id]),
            submissions=tuple(submissions[user_id]),
        )
        for user_id in user_ids
    }


def evaluate_learners(course_key: CourseKey, user_ids: Iterable[int]) -> dict[str, int]:
    """Evaluate the policy for these learners and apply what changed (idempotent).

    A fixed number of queries to read, whatever the number of learners; first decisions and their
    audit rows are written in bulk; only what changed is updated."""
    user_ids = sorted(set(user_ids))
    counts = {"awarded": 0, "flagged": 0, "eligibility_changed": 0}
    if not user_ids:
        return counts
    document = policy_module.validate_policy(policy_for(course_key))
    facts = gather_facts(course_key, user_ids)
    certificates = {row.user_id: row for row in CertificateAward.objects.filter(course_key=course_key,
                                                                             user_id__in=user_ids)}
    eligibilities = {row.user_id: row for row in GrantEligibility.objects.filter(course_key=course_key,
                                                                              user_id__in=user_ids)}
    decisions = {user_id: policy_module.evaluate(facts[user_id], document, validated=True) for user_id in user_ids}
    now = timezone.now()
    new_rows, audits, changed_rows = [], [], []
    newly_certified = [u for u, d in decisions.items() if d.certificate and u not in certificates]
    if newly_certified:
        counts["awarded"] = _award_many(course_key, newly_certified, now)
    for user_id, decision in decisions.items():
        certificate = certificates.get(user_id)
        if certificate is not None and certificate.status == CertificateAward.AWARDED \
                and certificate.meets_policy != decision.certificate:
            CertificateAward.objects.filter(pk=certificate.pk).update(meets_policy=decision.certificate)
            audits.append(AwardAudit(
                user_id=user_id, course_key=course_key, kind=AwardAudit.CERTIFICATE,
                from_status="meets_policy" if certificate.meets_policy else "below_policy",
                to_status="meets_policy" if decision.certificate else "below_policy",
                reason="; ".join(decision.unmet()) if not decision.certificate else "The policy is met again."))
            counts["flagged"] += 1
        computed = GrantEligibility.ELIGIBLE if decision.eligible else GrantEligibility.NOT_ELIGIBLE
        unmet = [] if decision.eligible else decision.unmet_messages()  # shown in each reader's language
        row = eligibilities.get(user_id)
        if row is None:
            row = GrantEligibility(user_id=user_id, course_key=course_key, status=computed,
                                   computed_status=computed, unmet=unmet, changed_at=now)
            new_rows.append(row)
            audits.append(AwardAudit(user_id=user_id, course_key=course_key, kind=AwardAudit.ELIGIBILITY,
                                     from_status="", to_status=computed, reason=_why(decision)))
            changed_rows.append((row, ""))
            continue
        final = {GrantEligibility.GRANT: GrantEligibility.ELIGIBLE,
                 GrantEligibility.DENY: GrantEligibility.NOT_ELIGIBLE}.get(row.override, computed)
        if (row.status, row.computed_status, row.unmet) == (final, computed, unmet):
            continue
        previous = row.status
        GrantEligibility.objects.filter(pk=row.pk).update(
            status=final, computed_status=computed, unmet=unmet,
            changed_at=now if final != previous else row.changed_at)
        if final != previous:
            row.status = final
            audits.append(AwardAudit(user_id=user_id, course_key=course_key, kind=AwardAudit.ELIGIBILITY,
                                     from_status=previous, to_status=final, reason=_why(decision)))
            changed_rows.append((row, previous))
    if new_rows or audits:
        adapt = connection.ops.adapt_datetimefield_value
        course = str(course_key)
        with transaction.atomic():
            sql.insert(GrantEligibility, ("user", "course_key", "status", "computed_status", "unmet", "override",
                                          "override_reason", "changed_at"),
                       [(row.user_id, course, row.status, row.computed_status, json.dumps(row.unmet), "", "",
                         adapt(now)) for row in new_rows])
            sql.insert(AwardAudit, ("user", "course_key", "kind", "from_status", "to_status", "reason", "created"),
                       [(audit.user_id, course, audit.kind, audit.from_status, audit.to_status, audit.reason,
                         adapt(now)) for audit in audits])
    for row, previous in changed_rows:
        signals.eligibility_changed.send(sender=GrantEligibility, eligibility=row, previous=previous)
    counts["eligibility_changed"] = len(changed_rows)
    return counts


def _award_many(course_key: CourseKey, user_ids: list[int], now) -> int:
    """Award certificates to these learners (who have none): written in bulk (plain SQL), then each
    issued and announced. A certificate another process created meanwhile is left as it is."""
    from .certificates.issuers import get_issuer
    from .cohort import learner_names

    issuer = get_issuer()
    # The name printed on the certificate: the LMS profile's full name, else first and last names,
    # else the username (`cohort.learner_names`).
    names = learner_names(user_ids)
    mine = {user_id: uuid.uuid4() for user_id in user_ids}
    course, adapt = str(course_key), connection.ops.adapt_datetimefield_value
    uuid_field = CertificateAward._meta.get_field("uuid")
    with transaction.atomic():
        existing = set(CertificateAward.objects.filter(course_key=course_key, user_id__in=user_ids)
                       .values_list("user_id", flat=True))
        fresh = [user_id for user_id in user_ids if user_id not in existing]
        sql.insert(CertificateAward, ("user", "course_key", "uuid", "status", "awarded_at", "meets_policy", "issuer",
                                      "name"),
                   [(user_id, course, uuid_field.get_db_prep_value(mine[user_id], connection), CertificateAward.AWARDED,
                     adapt(now), True, issuer.name, names.get(user_id, "")) for user_id in fresh])
        sql.insert(AwardAudit, ("user", "course_key", "kind", "from_status", "to_status", "reason", "created"),
                   [(user_id, course, AwardAudit.CERTIFICATE, "", CertificateAward.AWARDED,
                     "Every requirement of the course policy is met.", adapt(now)) for user_id in fresh])
    for user_id in fresh:
        award = CertificateAward(user_id=user_id, course_key=course_key, uuid=mine[user_id],
                                 status=CertificateAward.AWARDED, awarded_at=now, issuer=issuer.name,
                                 name=names.get(user_id, ""))
        issuer.issue(award)
        signals.certificate_awarded.send(sender=CertificateAward, award=award)
    return len(fresh)


def _why(decision) -> str:
    return "Every requirement is met." if decision.eligible else "; ".join(decision.unmet())


# --------------------------------------------------------------------------- staff actions


def set_override(user, course_key: CourseKey, override: str, reason: str, actor) -> GrantEligibility:
    """Staff grant or deny eligibility (`override` "grant"/"deny"), or remove their override ("")."""
    if override not in ("", GrantEligibility.GRANT, GrantEligibility.DENY):
        raise ValueError("override must be grant, deny or empty")
    if override and not (reason or "").strip():
        raise ValueError("a reason is required")
    evaluate_learners(course_key, [user.pk])
    with transaction.atomic():
        row = GrantEligibility.objects.select_for_update().get(user=user, course_key=course_key)
        previous = row.status
        final = {GrantEligibility.GRANT: GrantEligibility.ELIGIBLE,
                 GrantEligibility.DENY: GrantEligibility.NOT_ELIGIBLE}.get(override, row.computed_status)
        row.override, row.override_reason, row.override_by = override, (reason or "").strip(), actor if override else None
        row.status = final
        row.changed_at = timezone.now()
        row.save()
        AwardAudit.objects.create(user=user, course_key=course_key, kind=AwardAudit.ELIGIBILITY,
                                  from_status=previous, to_status=final, actor=actor,
                                  reason=(f"Staff override ({override}): {reason}" if override
                                          else f"Staff removed the override. {reason}".strip()))
    if final != previous:
        signals.eligibility_changed.send(sender=GrantEligibility, eligibility=row, previous=previous)
    return row


def revoke_certificate(user, course_key: CourseKey, reason: str, actor) -> CertificateAward:
    """Staff revoke a certificate, explicitly, with a reason (audited; the issuer is told)."""
    from .certificates.issuers import get_issuer

    if not (reason or "").strip():
        raise ValueError("a reason is required")
    with transaction.atomic():
        award = CertificateAward.objects.select_for_update().get(user=user, course_key=course_key)
        if award.status == CertificateAward.REVOKED:
            return award
        award.status, award.revoked_at = CertificateAward.REVOKED, timezone.now()
        award.save(update_fields=["status", "revoked_at"])
        AwardAudit.objects.create(user=user, course_key=course_key, kind=AwardAudit.CERTIFICATE,
                                  from_status=CertificateAward.AWARDED, to_status=CertificateAward.REVOKED,
                                  actor=actor, reason=reason.strip())
    get_issuer(award.issuer).revoke(award)
    signals.certificate_revoked.send(sender=CertificateAward, award=award)
    return award


def reinstate_certificate(user, course_key: CourseKey, reason: str, actor) -> CertificateAward:
    """Staff undo a revocation (audited)."""
    from .certificates.issuers import get_issuer

    with transaction.atomic():
        award = CertificateAward.objects.select_for_update().get(user=user, course_key=course_key)
        if award.status == CertificateAward.AWARDED:
            return award
        award.status, award.revoked_at = CertificateAward.AWARDED, None
        award.save(update_fields=["status", "revoked_at"])
        AwardAudit.objects.create(user=user, course_key=course_key, kind=AwardAudit.CERTIFICATE,
                                  from_status=CertificateAward.REVOKED, to_status=CertificateAward.AWARDED,
                                  actor=actor, reason=(reason or "").strip())
    get_issuer(award.issuer).issue(award)
    signals.certificate_awarded.send(sender=CertificateAward, award=award)
    return award
