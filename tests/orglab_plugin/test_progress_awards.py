"""Unit progress from real edx-completion events, set-based recomputes, and the awards that follow:
idempotent, order-independent, audited, and the same after a recompute as from scratch."""
from __future__ import annotations

import json
import random

import pytest
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api, awards, outline, policy, signals
from orglab_plugin.models import (
    AwardAudit,
    CertificateAward,
    CoursePolicy,
    GrantEligibility,
    StaffMilestone,
    UnitProgress,
)
from orglab_plugin.progress import on_completion, recompute_course

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Lab+1")
UNITS = 3


def key(block_type, name):
    return COURSE.make_usage_key(block_type, name)


def unit_specs(blocks_per_unit=2, units=UNITS):
    specs = []
    for u in range(1, units + 1):
        blocks = [(key("orglab_worksheet", f"u{u}b{b}"), "orglab_worksheet") for b in range(1, blocks_per_unit + 1)]
        blocks.append((key("html", f"u{u}intro"), "html"))
        specs.append(outline.UnitSpec(key=key("chapter", f"unit{u}"), title=f"Unit {u}", blocks=blocks))
    return specs


POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": True, "milestones": ["live_sessions"], "submissions": [
        {"id": "topics", "block_type": "orglab_topic_list", "min_topics": 2, "unit": None,
         "label": "A topic list of at least 2 topics"}]},
    "milestones": [{"id": "live_sessions", "label": "Attended the live sessions"}],
    "excluded_block_types": ["html"],
})


@pytest.fixture
def course(completion_on):
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, unit_specs(), {"html"})
    return COURSE


def learners(n):
    User = get_user_model()
    return [User.objects.create_user(f"u{i}", f"u{i}@example.org", "x") for i in range(n)]


def complete(user, block_key, value=1.0):
    BlockCompletion.objects.submit_completion(user=user, block_key=block_key, completion=value)


def all_blocks(units=UNITS, per_unit=2):
    return [key("orglab_worksheet", f"u{u}b{b}") for u in range(1, units + 1) for b in range(1, per_unit + 1)]


def snapshot():
    return (
        sorted(UnitProgress.objects.values_list("user_id", "unit__position", "completed", "total", "percent")),
        sorted(CertificateAward.objects.values_list("user_id", "status", "meets_policy")),
        sorted(GrantEligibility.objects.values_list("user_id", "status", "computed_status")),
    )


# ---------------------------------------------------------------- progress from events


def test_a_completion_updates_that_unit(course):
    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u2b1"))
    progress = UnitProgress.objects.get(user=learner)
    assert (progress.unit.position, progress.completed, progress.total, progress.percent) == (2, 1, 2, 50.0)
    assert progress.completed_at is None
    complete(learner, key("orglab_worksheet", "u2b2"))
    progress.refresh_from_db()
    assert progress.percent == 100.0 and progress.completed_at is not None


def test_uncounted_and_unknown_blocks_are_ignored(course, caplog):
    (learner,) = learners(1)
    complete(learner, key("html", "u1intro"))
    complete(learner, key("orglab_worksheet", "not_in_outline"))
    assert not UnitProgress.objects.exists()
    assert "not in the outline" in caplog.text


def test_partial_completion_does_not_count(course):
    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u1b1"), 0.5)
    assert not UnitProgress.objects.filter(completed__gt=0).exists()


@pytest.mark.parametrize("cohort", [10, 1000])
def test_one_event_costs_the_same_whatever_the_cohort(course, cohort, django_assert_num_queries):
    User = get_user_model()
    others = User.objects.bulk_create([User(username=f"o{i}") for i in range(cohort)])
    BlockCompletion.objects.bulk_create([
        BlockCompletion(user=u, context_key=COURSE, block_key=block, block_type="orglab_worksheet", completion=1.0)
        for u in others for block in all_blocks()[:3]])
    recompute_course(COURSE)
    (learner,) = learners(1)
    BlockCompletion.objects.create(user=learner, context_key=COURSE, block_key=key("orglab_worksheet", "u1b1"),
                                   block_type="orglab_worksheet", completion=1.0)  # the receiver runs too
    UnitProgress.objects.filter(user=learner).delete()
    with django_assert_num_queries(QUERIES_PER_EVENT):
        on_completion(learner.pk, COURSE, key("orglab_worksheet", "u1b1"))


# Measured once and pinned: the same for 10 and 1,000 learners (the test above runs both).
QUERIES_PER_EVENT = 20


# ---------------------------------------------------------------- awards


def finish_everything(user, topics=3):
    for block in all_blocks():
        complete(user, block)
    api.record_submission(course_key=COURSE, user=user, block_key=key("orglab_topic_list", "list"),
                          block_type="orglab_topic_list", payload={"rows": [{"id": str(i)} for i in range(topics)]})
    StaffMilestone.objects.get_or_create(user=user, course_key=COURSE, milestone="live_sessions",
                                         defaults={"date": "2026-11-01"})
    awards.evaluate_learners(COURSE, [user.pk])


def test_the_certificate_and_eligibility_follow_the_policy(course):
    received = []
    signals.certificate_awarded.connect(lambda sender, award, **kw: received.append(award.user_id), weak=False,
                                        dispatch_uid="test-awarded")
    try:
        done, short = learners(2)
        finish_everything(done)
        finish_everything(short, topics=1)
    finally:
        signals.certificate_awarded.disconnect(dispatch_uid="test-awarded")
    assert CertificateAward.objects.get(user=done).status == "awarded"
    assert GrantEligibility.objects.get(user=done).status == "eligible"
    eligibility = GrantEligibility.objects.get(user=short)
    assert eligibility.status == "not_eligible"
    assert policy.render_unmet(eligibility.unmet) == ["A topic list of at least 2 topics: the latest has 1"]
    assert received == [done.pk, short.pk]
    assert AwardAudit.objects.filter(user=done, kind="certificate", to_status="awarded").count() == 1


def test_why_not_yet(course):
    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u3b1"))
    eligibility = GrantEligibility.objects.get(user=learner)
    unmet = policy.render_unmet(eligibility.unmet)
    assert "Unit 3: 1 of 2 activities complete" in unmet
    assert "Unit 1: 0 of 2 activities complete" in unmet


def test_replaying_every_completion_twice_in_any_order_changes_nothing(course):
    cohort = learners(6)
    events = [(user, block) for user in cohort for block in all_blocks() if random.Random(user.pk).random() < 0.8]
    for user in cohort[:3]:
        api.record_submission(course_key=COURSE, user=user, block_key=key("orglab_topic_list", "list"),
                              block_type="orglab_topic_list", payload={"rows": [1, 2, 3]})
        StaffMilestone.objects.create(user=user, course_key=COURSE, milestone="live_sessions", date="2026-11-01")
    for user, block in events:
        complete(user, block)
    once = snapshot()
    replay = events * 2
    random.Random(7).shuffle(replay)
    for user, block in replay:
        complete(user, block)
    assert snapshot() == once
    audits = AwardAudit.objects.count()
    recompute_course(COURSE)
    assert snapshot() == once and AwardAudit.objects.count() == audits


def test_changing_the_outline_or_the_policy_then_recomputing_equals_a_fresh_evaluation(course):
    cohort = learners(5)
    for user in cohort:
        finish_everything(user)
    # Staff add an activity to unit 2 and lower unit 3's threshold.
    specs = unit_specs()
    specs[1].blocks.append((key("orglab_worksheet", "u2b3"), "orglab_worksheet"))
    assert outline.sync_outline(COURSE, specs, {"html"}) is True
    document = policy.validate_policy({**POLICY, "certificate": {**POLICY["certificate"], "unit_thresholds": {"3": 50}}})
    CoursePolicy.objects.filter(course_key=COURSE).update(document=document)
    complete(cohort[0], key("orglab_worksheet", "u2b3"))
    recompute_course(COURSE)
    after_recompute = snapshot()

    # From scratch: no stored progress or awards, same events.
    UnitProgress.objects.all().delete()
    GrantEligibility.objects.all().delete()
    CertificateAward.objects.all().delete()
    recompute_course(COURSE)
    fresh = snapshot()
    assert [row[:4] for row in after_recompute[0]] == [row[:4] for row in fresh[0]]
    assert after_recompute[2] == fresh[2]
    # Certificates already awarded are not taken back: they are flagged below the policy instead.
    flagged = CertificateAward.objects.none()
    assert {row[0] for row in after_recompute[1]} >= {row[0] for row in fresh[1]}
    below = [row for row in after_recompute[1] if not row[2]]
    assert {row[0] for row in below} == {u.pk for u in cohort[1:]}
    assert not flagged.exists()


def test_staff_override_holds_and_is_audited(course, staff):
    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u1b1"))
    with pytest.raises(ValueError, match="reason"):
        awards.set_override(learner, COURSE, "grant", "", staff)
    row = awards.set_override(learner, COURSE, "grant", "Completed an equivalent programme in 2025", staff)
    assert row.status == "eligible" and row.computed_status == "not_eligible"
    complete(learner, key("orglab_worksheet", "u1b2"))  # a new evaluation keeps the override
    assert GrantEligibility.objects.get(user=learner).status == "eligible"
    awards.set_override(learner, COURSE, "", "Back to the policy", staff)
    assert GrantEligibility.objects.get(user=learner).status == "not_eligible"
    audit = list(AwardAudit.objects.filter(user=learner, kind="eligibility").order_by("id")
                 .values_list("from_status", "to_status", "actor_id"))
    assert audit[-2:] == [("not_eligible", "eligible", staff.pk), ("eligible", "not_eligible", staff.pk)]


def test_revocation_is_explicit_and_audited(course, staff):
    (learner,) = learners(1)
    finish_everything(learner)
    with pytest.raises(ValueError, match="reason"):
        awards.revoke_certificate(learner, COURSE, " ", staff)
    award = awards.revoke_certificate(learner, COURSE, "Plagiarised worksheet", staff)
    assert award.status == "revoked" and award.revoked_at
    awards.evaluate_learners(COURSE, [learner.pk])  # the policy is met, but a revocation holds
    assert CertificateAward.objects.get(user=learner).status == "revoked"
    awards.reinstate_certificate(learner, COURSE, "Appeal accepted", staff)
    assert CertificateAward.objects.get(user=learner).status == "awarded"
    reasons = list(AwardAudit.objects.filter(user=learner, kind="certificate", actor=staff).values_list("reason", flat=True))
    assert reasons == ["Plagiarised worksheet", "Appeal accepted"]


def test_retirement_removes_or_anonymises_every_row(course, staff):
    learner, other = learners(2)
    finish_everything(learner)
    finish_everything(other)
    awards.set_override(other, COURSE, "deny", "Duplicate account", learner)  # the retired user acted as staff
    removed = api.retire_user(learner)
    assert removed > 0
    for model in (UnitProgress, StaffMilestone, CertificateAward, GrantEligibility, AwardAudit):
        assert not model.objects.filter(user=learner).exists(), model
    assert GrantEligibility.objects.get(user=other).override_by is None
    assert not AwardAudit.objects.filter(actor=learner).exists()


def test_the_admin_refuses_an_invalid_policy_naming_the_problem(course):
    from orglab_plugin.admin import CoursePolicyForm

    broken = {**POLICY, "certificate": {**POLICY["certificate"], "threshold": 140}}
    form = CoursePolicyForm(data={"course_key": "course-v1:Other+Lab+1", "document": json.dumps(broken)})
    assert not form.is_valid()
    assert "threshold" in " ".join(form.errors["document"])
    good = CoursePolicyForm(data={"course_key": "course-v1:Other+Lab+1", "document": json.dumps(POLICY)})
    assert good.is_valid(), good.errors


def test_the_recompute_command(course, capsys):
    from django.core.management import CommandError, call_command

    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u1b1"))
    UnitProgress.objects.all().delete()
    call_command("orglab_recompute", course=str(COURSE))
    assert "1 learners, 3 units" in capsys.readouterr().out
    assert UnitProgress.objects.get(user=learner).completed == 1
    with pytest.raises(CommandError, match="not a course key"):
        call_command("orglab_recompute", course="nonsense")


def test_a_studio_publish_syncs_the_outline_and_recomputes(course, monkeypatch, settings,
                                                           django_capture_on_commit_callbacks):
    from orglab_plugin import compat, handlers

    settings.ORGLAB_RUN_TASKS_EAGERLY = True
    (learner,) = learners(1)
    complete(learner, key("orglab_worksheet", "u1b1"))
    complete(learner, key("orglab_worksheet", "u1b2"))
    assert UnitProgress.objects.get(user=learner, unit__position=1).percent == 100.0
    specs = unit_specs()
    specs[0].blocks.append((key("orglab_topic_list", "u1new"), "orglab_topic_list"))
    monkeypatch.setattr(compat, "course_outline", lambda course_key: specs)  # edx-platform's modulestore
    with django_capture_on_commit_callbacks(execute=True):  # the sync runs once Studio's transaction commits
        handlers.course_published(sender=None, signal=None, course_key=COURSE)
    progress = UnitProgress.objects.get(user=learner, unit__position=1)
    assert (progress.completed, progress.total, progress.percent) == (2, 3, 66.7)
