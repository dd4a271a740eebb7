"""Mentor review: the mentor role and assignments (one at a time, CSV), feedback (append-only,
audited, validated), unread markers, revisions, sign-off (the mentor_signoff milestone and the
eligibility it changes), the Open edX events, the emails and the queue's bounded queries."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api, compat, feedback, mentoring, policy, roles
from orglab_plugin.mentoring_events import FEEDBACK_GIVEN, REVISION_SUBMITTED
from orglab_plugin.models import (
    CourseMentorRole,
    CoursePolicy,
    Feedback,
    FeedbackRead,
    GrantEligibility,
    MentorAssignment,
    MentoringAudit,
    StaffMilestone,
)

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Mentor+1")
OTHER_COURSE = CourseKey.from_string("course-v1:Test+Other+1")
WORKSHEET = COURSE.make_usage_key("orglab_worksheet", "u1w")
TOPICS = COURSE.make_usage_key("orglab_topic_list", "u2t")
PROPOSAL = COURSE.make_usage_key("orglab_proposal", "u6p")
POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": False, "submissions": [], "milestones": ["mentor_signoff"]},
    "milestones": [{"id": "live_sessions", "label": "Attended the live sessions"},
                   {"id": "mentor_signoff", "label": "Mentor sign-off"}],
    "excluded_block_types": ["html"],
})


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.org", "x", **extra)


@pytest.fixture
def people(db):
    """learner43 and learner44 (enrolled), mentor1 (of learner43), mentor2 (of learner44), teacher (staff)."""
    from orglab_plugin.models import CourseStaffRole

    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    users = {name: make_user(name) for name in ("learner43", "learner44", "mentor1", "mentor2", "teacher")}
    for name in ("learner43", "learner44"):
        api.enroll(users[name], COURSE)
    CourseStaffRole.objects.create(user=users["teacher"], course_key=COURSE)
    mentoring.assign_mentor(COURSE, users["learner43"], users["mentor1"], users["teacher"])
    mentoring.assign_mentor(COURSE, users["learner44"], users["mentor2"], users["teacher"])
    return users


def submit(user, block=WORKSHEET, answers=None):
    return api.record_submission(course_key=COURSE, user=user, block_key=block, block_type=block.block_type,
                                 payload={"answers": answers or {"goal": "Más artículos"}, "fields": []})


# ---------------------------------------------------------------- roles and assignments


def test_assigning_grants_the_role_and_is_audited(people):
    assert set(CourseMentorRole.objects.values_list("user__username", flat=True)) == {"mentor1", "mentor2"}
    assert roles.is_mentor(people["mentor1"], COURSE) and not roles.is_mentor(people["mentor1"], OTHER_COURSE)
    assert not roles.is_mentor(people["learner43"], COURSE)
    actions = sorted(MentoringAudit.objects.filter(actor=people["teacher"]).values_list("action", flat=True))
    assert actions == ["assigned", "assigned", "role_granted", "role_granted"]
    again, created = mentoring.assign_mentor(COURSE, people["learner43"], people["mentor1"], people["teacher"])
    assert created is False and again.mentor == "mentor1" and MentorAssignment.objects.count() == 2


def test_who_may_read_whose_work(people):
    learner43, learner44 = people["learner43"], people["learner44"]
    assert roles.can_read_learner_work(people["mentor1"], COURSE, learner43)
    assert not roles.can_read_learner_work(people["mentor1"], COURSE, learner44)  # another mentor's learner
    assert not roles.can_read_learner_work(people["mentor1"], OTHER_COURSE, learner43)
    assert roles.can_read_learner_work(people["teacher"], COURSE, learner44)
    assert roles.can_read_learner_work(learner43, COURSE, learner43)
    assert not roles.can_read_learner_work(learner44, COURSE, learner43)
    people["mentor1"].is_active = False
    assert not roles.can_review(people["mentor1"], COURSE, learner43)


def test_an_lms_course_role_can_make_a_mentor(people, settings, monkeypatch):
    asked = []
    monkeypatch.setattr(compat, "has_course_role",
                        lambda user, course_key, names: asked.append(tuple(names)) or user.username == "learner44")
    assert not roles.is_mentor(people["learner44"], COURSE)  # the setting is empty by default
    assert asked == []
    settings.ORGLAB_MENTOR_COURSE_ROLES = ["ccx_coach"]
    assert roles.is_mentor(people["learner44"], COURSE) and asked == [("ccx_coach",)]
    assert not roles.is_mentor(people["learner43"], COURSE)


def test_an_assignment_needs_an_enrolled_learner_and_another_mentor(people):
    stranger = make_user("stranger")
    with pytest.raises(mentoring.MentoringError, match="not enrolled"):
        mentoring.assign_mentor(COURSE, stranger, people["mentor1"], people["teacher"])
    with pytest.raises(mentoring.MentoringError, match="own mentor"):
        mentoring.assign_mentor(COURSE, people["learner43"], people["learner43"], people["teacher"])


def test_unassigning_keeps_the_feedback(people):
    submit(people["learner43"])
    feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                           block_key=WORKSHEET, version=1, verdict="looks_good")
    assert mentoring.unassign_mentor(COURSE, people["learner43"], people["mentor1"], people["teacher"]) is True
    assert mentoring.unassign_mentor(COURSE, people["learner43"], people["mentor1"], people["teacher"]) is False
    assert Feedback.objects.count() == 1
    assert not roles.can_review(people["mentor1"], COURSE, people["learner43"])


def test_the_csv_import_takes_good_rows_and_names_each_bad_one(people):
    make_user("mentor3")
    make_user("sleepy", is_active=False)
    text = ("mentor,username\n"  # columns in any order
            "mentor3,learner43\n"
            "mentor3,learner44\n"
            "\n"
            "nobody,learner43\n"
            "mentor3,stranger\n"
            "learner43,learner43\n"
            "sleepy,learner44\n"
            "mentor3,learner43\n"
            "mentor1,learner43,extra\n"
            "mentor1,learner43\n")
    make_user("stranger")
    report = mentoring.import_assignments_csv(COURSE, text.encode(), people["teacher"])
    assert report["taken"] == 3
    assert [(row["line"], row["reason"]) for row in report["refused"]] == [
        (5, "No user is called 'nobody'."),
        (6, "'stranger' is not enrolled in this course."),
        (7, "A learner cannot be their own mentor."),
        (8, "The account sleepy is inactive: it cannot mentor."),
        (9, "Line 2 already assigns 'mentor3' to 'learner43'."),
        (10, "It has 3 columns; every row needs 2: username, mentor."),
    ]
    pairs = set(MentorAssignment.objects.values_list("learner__username", "mentor__username"))
    assert pairs == {("learner43", "mentor1"), ("learner44", "mentor2"), ("learner43", "mentor3"),
                     ("learner44", "mentor3")}
    assert roles.is_mentor(get_user_model().objects.get(username="mentor3"), COURSE)
    assert MentoringAudit.objects.filter(action="assigned", detail__source="csv").count() == 2


@pytest.mark.parametrize("text, message", [
    (b"", "empty"),
    (b"learner,coach\nlearner43,mentor1\n", "header username,mentor"),
    (b"username,mentor\n\xff\xfe", "not UTF-8"),
    (b"username,mentor\n" + b"a,b\n" * 5001, "more than 5,000 rows"),
])
def test_a_csv_file_refused_whole_says_why(people, text, message):
    with pytest.raises(mentoring.MentoringError, match=message):
        mentoring.import_assignments_csv(COURSE, text, people["teacher"])
    assert MentorAssignment.objects.count() == 2


# ---------------------------------------------------------------- feedback


def test_feedback_is_given_audited_and_shown_per_version_with_unread_markers(people):
    learner = people["learner43"]
    submit(learner)
    submit(learner, answers={"goal": "Más artículos sobre el clima"})
    given = feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=learner,
                                   block_key=WORKSHEET, version=1, verdict="please_revise",
                                   comment="بحاجة إلى أرقام — add numbers", section="goal")
    assert given.author == "mentor1" and given.unread is True and given.comment.startswith("بحاجة")
    staff_note = feedback.give_feedback(course_key=COURSE, reviewer=people["teacher"], learner=learner,
                                        block_key=WORKSHEET, version=2, verdict="looks_good")
    audit = MentoringAudit.objects.get(action="feedback", actor=people["mentor1"])
    assert audit.user == learner and audit.detail["version"] == 1 and audit.detail["section"] == "goal"
    assert "comment" not in audit.detail and audit.detail["comment_chars"] == len(given.comment)

    versions = api.feedback_for(learner, WORKSHEET)
    assert [(v.version, [f.verdict for f in v.feedback], v.unread) for v in versions] == [
        (1, ["please_revise"], 1), (2, ["looks_good"], 1)]
    before = list(Feedback.objects.order_by("pk").values())
    assert api.mark_feedback_read(learner, [given.id, staff_note.id, given.id]) == 2
    assert api.mark_feedback_read(learner, [given.id]) == 0
    assert list(Feedback.objects.order_by("pk").values()) == before  # reading never edits feedback
    assert [v.unread for v in api.feedback_for(learner, WORKSHEET)] == [0, 0]


def test_a_learner_cannot_mark_someone_elses_feedback_read(people):
    submit(people["learner44"])
    other = feedback.give_feedback(course_key=COURSE, reviewer=people["mentor2"], learner=people["learner44"],
                                   block_key=WORKSHEET, version=1, verdict="looks_good")
    assert api.mark_feedback_read(people["learner43"], [other.id]) == 0
    assert not FeedbackRead.objects.exists()


def test_feedback_is_append_only(people):
    submit(people["learner43"])
    given = feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                                   block_key=WORKSHEET, version=1, verdict="comment", comment="Bien")
    row = Feedback.objects.get(pk=given.id)
    row.comment = "changed"
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    assert Feedback.objects.get(pk=given.id).comment == "Bien"


@pytest.mark.parametrize("changes, field, code", [
    ({"version": 3}, "version", "not_found"),
    ({"version": 0}, "version", "invalid"),
    ({"block_key": TOPICS}, "version", "not_found"),  # no submitted version of that block
    ({"block_key": OTHER_COURSE.make_usage_key("orglab_worksheet", "x")}, "block_id", "invalid"),
    ({"verdict": "signed_off"}, "verdict", "invalid"),  # only through sign_off
    ({"verdict": "great"}, "verdict", "invalid"),
    ({"comment": "x" * 10_001}, "comment", "invalid"),
    ({"comment": "   "}, "comment", "invalid"),  # please_revise says what to revise
    ({"comment": "bad \x00 byte"}, "comment", "invalid"),
    ({"section": "s" * 101}, "section", "invalid"),
    ({"section": "<script>"}, "section", "invalid"),
])
def test_bad_feedback_is_refused_with_a_reason(people, changes, field, code):
    submit(people["learner43"])
    values = {"block_key": WORKSHEET, "version": 1, "verdict": "please_revise", "comment": "Revisa", "section": "",
              **changes}
    with pytest.raises(feedback.FeedbackError) as caught:
        feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"], **values)
    assert (caught.value.field, caught.value.code) == (field, code) and str(caught.value)
    assert not Feedback.objects.exists()


def test_the_longest_comment_is_taken(people):
    submit(people["learner43"])
    given = feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                                   block_key=WORKSHEET, version=1, verdict="comment", comment="é" * 10_000)
    assert len(given.comment) == 10_000


def test_a_version_of_another_learner_cannot_be_reviewed_through_this_one(people):
    submit(people["learner44"])  # learner43 has no version 1
    with pytest.raises(feedback.FeedbackError) as caught:
        feedback.give_feedback(course_key=COURSE, reviewer=people["teacher"], learner=people["learner43"],
                               block_key=WORKSHEET, version=1, verdict="looks_good")
    assert caught.value.code == "not_found"


def test_only_the_learners_mentor_or_staff_give_feedback(people):
    submit(people["learner43"])
    for reviewer in ("mentor2", "learner44", "learner43"):
        with pytest.raises(feedback.FeedbackError) as caught:
            feedback.give_feedback(course_key=COURSE, reviewer=people[reviewer], learner=people["learner43"],
                                   block_key=WORKSHEET, version=1, verdict="looks_good")
        assert caught.value.code == "forbidden"
    assert not Feedback.objects.exists()


# ---------------------------------------------------------------- events, revisions and emails


@pytest.fixture
def events():
    received = {"feedback": [], "revision": []}

    def on_feedback(feedback=None, metadata=None, **kwargs):
        received["feedback"].append((feedback, metadata))

    def on_revision(revision=None, metadata=None, **kwargs):
        received["revision"].append((revision, metadata))

    FEEDBACK_GIVEN.connect(on_feedback)
    REVISION_SUBMITTED.connect(on_revision)
    yield received
    FEEDBACK_GIVEN.disconnect(on_feedback)
    REVISION_SUBMITTED.disconnect(on_revision)


def test_feedback_sends_its_event(people, events):
    submit(people["learner43"])
    given = feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                                   block_key=WORKSHEET, version=1, verdict="looks_good", section="goal")
    [(data, metadata)] = events["feedback"]
    assert metadata.event_type == "org.wikimedia.orglab.mentoring.feedback.given.v1"
    assert (data.feedback_id, data.learner_username, data.reviewer_username, data.verdict, data.section,
            data.version, data.block_key) == (given.id, "learner43", "mentor1", "looks_good", "goal", 1, WORKSHEET)
    assert events["revision"] == []


def test_a_resubmission_after_please_revise_is_a_revision(people, events):
    learner = people["learner43"]
    submit(learner)
    submit(learner, TOPICS)
    feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=learner, block_key=WORKSHEET,
                           version=1, verdict="please_revise", comment="Más detalle")
    feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=learner, block_key=TOPICS,
                           version=1, verdict="looks_good")
    submit(learner, TOPICS)  # after "looks good": not a revision
    assert events["revision"] == []
    submit(learner)
    [(data, metadata)] = events["revision"]
    assert metadata.event_type == "org.wikimedia.orglab.mentoring.revision.submitted.v1"
    assert (data.learner_username, data.version, data.revised_version, data.mentor_usernames) == (
        "learner43", 2, 1, ("mentor1",))
    queue = api.mentor_queue(people["mentor1"], COURSE)
    assert [(item.block_key, item.version, item.last_verdict) for item in queue.revised] == [
        (TOPICS, 2, "looks_good"), (WORKSHEET, 2, "please_revise")]


def test_no_email_unless_the_setting_is_on(people, django_capture_on_commit_callbacks):
    submit(people["learner43"])
    with django_capture_on_commit_callbacks(execute=True):
        feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                               block_key=WORKSHEET, version=1, verdict="please_revise", comment="Revisa")
        submit(people["learner43"])
    assert mail.outbox == []


def test_emails_in_the_recipients_language(people, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.ORGLAB_MENTOR_EMAILS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LMS_ROOT_URL = "https://learn.example.org"
    monkeypatch.setattr(compat, "preferred_language", lambda user: "es-419" if user.username == "learner43" else None)
    submit(people["learner43"])
    with django_capture_on_commit_callbacks(execute=True):
        feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                               block_key=WORKSHEET, version=1, verdict="please_revise", comment="Revisa")
    [message] = mail.outbox
    assert message.to == ["learner43@example.org"]
    assert message.subject == "Tu mentor te pide que revises tu trabajo"
    assert "mentor1 leyó la versión 1 de tu hoja de trabajo" in message.body
    assert f"https://learn.example.org/courses/{COURSE}/jump_to/{WORKSHEET}" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        submit(people["learner43"])
    revision = mail.outbox[1]
    assert revision.to == ["mentor1@example.org"] and revision.subject == "learner43 revised their work"
    assert "submitted version 2 of their worksheet" in revision.body
    assert "https://learn.example.org/orglab/courses/" in revision.body


# ---------------------------------------------------------------- sign-off


def test_a_sign_off_records_the_milestone_and_changes_eligibility(people, events):
    learner = people["learner43"]
    submit(learner, PROPOSAL, {"title": "Clima en Wikipedia"})
    assert GrantEligibility.objects.get(user=learner).status == "not_eligible"
    signed = feedback.sign_off(course_key=COURSE, reviewer=people["mentor1"], learner=learner,
                               block_key=PROPOSAL, version=1, comment="¡Listo!")
    milestone = StaffMilestone.objects.get(user=learner, milestone="mentor_signoff")
    assert milestone.recorded_by == people["mentor1"] and milestone.date
    assert GrantEligibility.objects.get(user=learner).status == "eligible"
    assert signed.verdict == "signed_off"
    audit = MentoringAudit.objects.get(action="signed_off")
    assert audit.actor == people["mentor1"] and audit.user == learner and audit.created
    assert events["feedback"][0][0].verdict == "signed_off"


def test_only_a_proposal_is_signed_off_by_its_reviewers(people):
    submit(people["learner43"])
    with pytest.raises(feedback.FeedbackError, match="proposal"):
        feedback.sign_off(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                          block_key=WORKSHEET, version=1)
    submit(people["learner43"], PROPOSAL)
    with pytest.raises(feedback.FeedbackError) as caught:
        feedback.sign_off(course_key=COURSE, reviewer=people["mentor2"], learner=people["learner43"],
                          block_key=PROPOSAL, version=1)
    assert caught.value.code == "forbidden"
    assert not StaffMilestone.objects.exists()


def test_a_sign_off_needs_the_milestone_in_the_policy(people):
    document = {**POLICY, "milestones": [{"id": "live_sessions", "label": "Live"}],
                "eligibility": {**POLICY["eligibility"], "milestones": ["live_sessions"]}}
    CoursePolicy.objects.filter(course_key=COURSE).update(document=policy.validate_policy(document))
    submit(people["learner43"], PROPOSAL)
    with pytest.raises(feedback.FeedbackError, match="mentor_signoff"):
        feedback.sign_off(course_key=COURSE, reviewer=people["teacher"], learner=people["learner43"],
                          block_key=PROPOSAL, version=1)
    assert not Feedback.objects.exists()


# ---------------------------------------------------------------- the queue


def test_the_queue_lists_what_awaits_oldest_first_and_staff_filter_by_mentor(people):
    submit(people["learner44"])
    submit(people["learner43"], TOPICS)
    submit(people["learner43"])
    queue = api.mentor_queue(people["mentor1"], COURSE)
    assert [(item.learner, item.block_key) for item in queue.awaiting] == [("learner43", TOPICS),
                                                                           ("learner43", WORKSHEET)]
    assert [(row.learner, row.mentors, row.submitted, row.to_review) for row in queue.learners] == [
        ("learner43", ("mentor1",), 2, 2)]
    staff = api.mentor_queue(people["teacher"], COURSE)
    assert [item.learner for item in staff.awaiting] == ["learner44", "learner43", "learner43"]
    assert staff.mentors == ["mentor1", "mentor2"]
    assert [item.learner for item in api.mentor_queue(people["teacher"], COURSE, mentor="mentor2").awaiting] == [
        "learner44"]
    feedback.give_feedback(course_key=COURSE, reviewer=people["teacher"], learner=people["learner43"],
                           block_key=TOPICS, version=1, verdict="looks_good")
    assert [item.block_key for item in api.mentor_queue(people["mentor1"], COURSE).awaiting] == [WORKSHEET]
    assert api.mentor_queue(people["learner43"], COURSE).learners == []


def test_the_queue_reads_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for number in range(20):
        learner = make_user(f"bulk{number}")
        api.enroll(learner, COURSE)
        mentoring.assign_mentor(COURSE, learner, people["mentor1"], people["teacher"])
        for _version in range(3):
            submit(learner)
            submit(learner, TOPICS)
    with django_assert_max_num_queries(6):
        queue = api.mentor_queue(people["mentor1"], COURSE)
    assert len(queue.learners) == 21 and len(queue.awaiting) == 40
    assert all(item.version == 3 for item in queue.awaiting)


def test_retirement_removes_the_learners_mentoring_rows_and_anonymises_the_mentors(people):
    submit(people["learner43"])
    feedback.give_feedback(course_key=COURSE, reviewer=people["mentor1"], learner=people["learner43"],
                           block_key=WORKSHEET, version=1, verdict="looks_good")
    submit(people["learner44"])
    feedback.give_feedback(course_key=COURSE, reviewer=people["mentor2"], learner=people["learner44"],
                           block_key=WORKSHEET, version=1, verdict="looks_good")
    api.retire_user(people["learner43"])
    assert not Feedback.objects.filter(learner=people["learner43"]).exists()
    assert not MentorAssignment.objects.filter(learner=people["learner43"]).exists()
    api.retire_user(people["mentor2"])
    assert Feedback.objects.get(learner=people["learner44"]).author is None
    assert not CourseMentorRole.objects.filter(user=people["mentor2"]).exists()
    assert not MentoringAudit.objects.filter(actor=people["mentor2"]).exists()
