"""The REST API of progress, certificates and grant-fund eligibility (/api/orglab/v1/courses/…):
who may call what (a permissions matrix), what each endpoint answers and changes, bad input, and
the OpenAPI document."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import yaml
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.test import modify_settings
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from orglab_plugin import api, awards, compat, milestones, outline, policy, roles
from orglab_plugin.models import (
    AwardAudit,
    CertificateAward,
    CoursePolicy,
    CourseStaffRole,
    Enrollment,
    GrantEligibility,
    StaffMilestone,
    UnitProgress,
)
from orglab_plugin.progress import recompute_course

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Api+1")
OTHER_COURSE = CourseKey.from_string("course-v1:Test+Other+1")
API = "/api/orglab/v1/"
BASE = f"{API}courses/{COURSE}/"

POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": True, "submissions": [], "milestones": ["live_sessions"]},
    "milestones": [{"id": "live_sessions", "label": "Attended the live sessions"},
                   {"id": "mentor_signoff", "label": "Mentor sign-off"}],
    "excluded_block_types": ["html"],
})


def key(block_type, name):
    return COURSE.make_usage_key(block_type, name)


WORKSHEETS = [key("orglab_worksheet", f"u{u}b{b}") for u in (1, 2) for b in (1, 2)]


def specs():
    return [
        outline.UnitSpec(key=key("chapter", f"unit{u}"), title=title, blocks=[
            (key("html", f"u{u}intro"), "html"),
            (key("orglab_worksheet", f"u{u}b1"), "orglab_worksheet"),
            (key("orglab_worksheet", f"u{u}b2"), "orglab_worksheet"),
        ])
        for u, title in ((1, "Unit 1 · Your idea"), (2, "Unit 2 · Your audience"))
    ]


@pytest.fixture
def course(completion_on):
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, specs(), {"html"})
    return COURSE


def complete(user, *blocks):
    for block in blocks:
        BlockCompletion.objects.submit_completion(user=user, block_key=block, completion=1.0)


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.org", "x", **extra)


@pytest.fixture
def learner(learner):
    """learner1, enrolled in the course (staff record milestones and overrides of enrolled learners only)."""
    api.enroll(learner, COURSE)
    return learner


@pytest.fixture
def other_learner(other_learner):
    api.enroll(other_learner, COURSE)
    return other_learner


@pytest.fixture
def course_staff(db):
    user = make_user("teacher")
    CourseStaffRole.objects.create(user=user, course_key=COURSE)
    return user


@pytest.fixture
def other_course_staff(db):
    user = make_user("elsewhere")
    CourseStaffRole.objects.create(user=user, course_key=OTHER_COURSE)
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def call(client, method, url, body=None, content_type=None):
    if content_type:
        return getattr(client, method)(url, data=body, content_type=content_type)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


# ---------------------------------------------------------------- who may call what


CSV = "username,milestone,date\nlearner1,mentor_signoff,2026-11-02\n"
STAFF_CALLS = [
    ("get", "learners/", None, None, 200),
    ("get", "learners/?status=eligible&page=1", None, None, 200),
    ("get", "learners/learner1/", None, None, 200),
    ("get", "policy/", None, None, 200),
    ("put", "policy/", POLICY, None, 200),
    ("get", "milestones/", None, None, 200),
    ("post", "milestones/", {"username": "learner1", "milestone": "live_sessions", "date": "2026-11-01"}, None, 201),
    ("post", "milestones/upload/", CSV, "text/csv", 200),
    ("post", "learners/learner1/override/", {"override": "deny", "reason": "Duplicate account"}, None, 200),
    ("delete", "learners/learner1/override/", None, None, 200),
    ("post", "learners/learner1/certificate/revoke/", {"reason": "Plagiarism"}, None, 200),
    ("post", "learners/learner1/certificate/reinstate/", {"reason": "Appeal accepted"}, None, 200),
    ("post", "recompute/", None, None, 202),
]
LEARNER_CALLS = [
    ("get", "me/", None, None, 200),
    ("get", f"{API}submissions/?{urlencode({'course_id': str(COURSE)})}", None, None, 200),
]


@pytest.mark.parametrize("role", ["anonymous", "learner", "other_learner", "django_is_staff", "other_course_staff",
                                  "course_staff", "superuser"])
def test_permissions_matrix(course, role, learner, other_learner, staff, other_course_staff, course_staff, superuser):
    complete(learner, *WORKSHEETS)  # certified, so revoke and reinstate have a certificate
    assert CertificateAward.objects.get(user=learner).status == "awarded"
    user = {"anonymous": None, "learner": learner, "other_learner": other_learner, "django_is_staff": staff,
            "other_course_staff": other_course_staff, "course_staff": course_staff, "superuser": superuser}[role]
    is_staff = role in ("course_staff", "superuser")
    client = client_for(user)
    wrong = []
    for method, path, body, content_type, success in LEARNER_CALLS + STAFF_CALLS:
        url = path if path.startswith("/") else BASE + path
        if user is None:
            expected = 401
        elif (method, path, body, content_type, success) in LEARNER_CALLS or is_staff:
            expected = success
        else:
            expected = 403
        response = call(client, method, url, body, content_type)
        if response.status_code != expected:
            wrong.append((method, url, expected, response.status_code, getattr(response, "data", None)))
        if expected == 401:
            assert response.has_header("WWW-Authenticate"), url
    # The OpenAPI document is public.
    assert client.get(f"{API}schema/").status_code == 200
    assert wrong == []
    if not is_staff:  # refused calls changed nothing
        assert not StaffMilestone.objects.exists()
        assert not CoursePolicy.objects.exclude(updated_by=None).exists()
        assert not AwardAudit.objects.exclude(actor=None).exists()
        assert CertificateAward.objects.get(user=learner).status == "awarded"


def test_course_staff_means_a_role_in_that_course(course, staff, course_staff, other_course_staff, superuser):
    assert compat.is_course_staff(staff, COURSE) is False  # outside the LMS, is_staff is no course role
    assert not roles.is_course_staff(staff, COURSE)
    assert roles.is_course_staff(course_staff, COURSE)
    assert not roles.is_course_staff(course_staff, OTHER_COURSE)
    assert roles.is_course_staff(other_course_staff, OTHER_COURSE)
    assert roles.is_course_staff(superuser, OTHER_COURSE)
    course_staff.is_active = False
    assert not roles.is_course_staff(course_staff, COURSE)


def test_staff_of_another_course_may_not_touch_this_one(course, learner, other_course_staff):
    client = client_for(other_course_staff)
    assert client.get(f"{API}courses/{OTHER_COURSE}/learners/").status_code == 200
    assert client.get(f"{BASE}learners/").status_code == 403
    assert client.get(f"{API}submissions/", {"course_id": str(COURSE), "username": "learner1"}).status_code == 404


# ---------------------------------------------------------------- the learner's own view


def test_me_shows_units_progress_and_why_not_yet(course, learner):
    complete(learner, key("orglab_worksheet", "u1b1"), key("html", "u1intro"))
    response = client_for(learner).get(f"{BASE}me/")
    assert response.status_code == 200
    data = response.json()
    assert data["username"] == "learner1" and data["course_id"] == str(COURSE)
    assert [(u["position"], u["title"], u["completed"], u["total"], u["percent"]) for u in data["units"]] == [
        (1, "Unit 1 · Your idea", 1, 2, 50.0), (2, "Unit 2 · Your audience", 0, 2, 0.0)]
    assert data["certificate"] is None
    eligibility = data["eligibility"]
    assert eligibility["status"] == "not_eligible" and eligibility["overridden"] is False
    assert "Unit 1 (Your idea): 1 of 2 activities complete" in eligibility["unmet"]
    assert "Attended the live sessions: not recorded yet" in eligibility["unmet"]
    assert [r["met"] for r in data["requirements"]["certificate"]] == [False, False]


def test_a_first_visit_has_a_decision(course, other_learner):
    assert not GrantEligibility.objects.filter(user=other_learner).exists()
    data = client_for(other_learner).get(f"{BASE}me/").json()
    assert data["eligibility"]["status"] == "not_eligible"
    assert [u["completed"] for u in data["units"]] == [0, 0]
    assert GrantEligibility.objects.filter(user=other_learner, course_key=COURSE).exists()


def test_me_shows_the_certificate_with_its_verification_url(course, learner):
    complete(learner, *WORKSHEETS)
    certificate = client_for(learner).get(f"{BASE}me/").json()["certificate"]
    award = CertificateAward.objects.get(user=learner)
    assert certificate["status"] == "awarded" and certificate["meets_policy"] is True
    assert certificate["url"] and str(award.uuid) in certificate["url"]
    assert certificate["awarded_at"]


def test_unknown_and_invalid_courses(course, learner, course_staff):
    client = client_for(learner)
    assert client.get(f"{API}courses/course-v1:Nobody+Here+1/me/").status_code == 404
    response = client.get(f"{API}courses/not-a-course/me/")
    assert response.status_code == 400 and "course_id" in response.json()
    response = client_for(course_staff).get(f"{API}courses/not-a-course/learners/")
    assert response.status_code == 400 and "course_id" in response.json()


# ---------------------------------------------------------------- the policy


def test_a_course_without_a_policy_shows_the_default(completion_on, course_staff):
    CourseStaffRole.objects.create(user=course_staff, course_key=OTHER_COURSE)
    data = client_for(course_staff).get(f"{API}courses/{OTHER_COURSE}/policy/").json()
    assert data["is_default"] is True and data["policy"] == policy.DEFAULT_POLICY


def test_an_invalid_policy_is_refused_naming_every_problem(course, course_staff):
    client = client_for(course_staff)
    bad = {**POLICY, "certificate": {**POLICY["certificate"], "threshold": 0}, "colour": "blue"}
    response = client.put(f"{BASE}policy/", bad, format="json")
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert any("certificate.threshold" in p for p in problems) and any("colour" in p for p in problems)
    assert CoursePolicy.objects.get(course_key=COURSE).document == POLICY
    response = client.put(f"{BASE}policy/", [1, 2], format="json")
    assert response.status_code == 400 and response.json()["problems"] == ["the policy must be an object"]
    response = client.put(f"{BASE}policy/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()
    assert client.put(f"{BASE}policy/", "a=1", content_type="application/x-www-form-urlencoded").status_code == 415


def test_a_new_policy_is_stored_applied_and_recomputed(course, learner, course_staff):
    complete(learner, key("orglab_worksheet", "u1b1"), key("orglab_worksheet", "u2b1"))  # half of each unit
    client = client_for(course_staff)
    assert client_for(learner).get(f"{BASE}me/").json()["certificate"] is None
    # Half of each unit is enough now; and html activities count toward progress.
    new = {**POLICY, "certificate": {**POLICY["certificate"], "threshold": 50}, "excluded_block_types": []}
    response = client.put(f"{BASE}policy/", {"policy": new}, format="json")  # what GET returns, sent back
    assert response.status_code == 200, response.json()
    assert response.json()["is_default"] is False and response.json()["updated_by"] == "teacher"
    stored = CoursePolicy.objects.get(course_key=COURSE)
    assert stored.document["certificate"]["threshold"] == 50 and stored.updated_by == course_staff
    me = client_for(learner).get(f"{BASE}me/").json()
    assert [(u["completed"], u["total"]) for u in me["units"]] == [(1, 3), (1, 3)]  # recounted and recomputed
    assert client.get(f"{BASE}policy/").json()["policy"] == stored.document
    # 1 of 3 is below 50 %: no certificate yet; completing the html intro of each unit earns it.
    complete(learner, key("html", "u1intro"), key("html", "u2intro"))
    assert client_for(learner).get(f"{BASE}me/").json()["certificate"]["status"] == "awarded"


# ---------------------------------------------------------------- milestones


def test_recording_a_milestone(course, learner, course_staff):
    client = client_for(course_staff)
    url = f"{BASE}milestones/"
    for body, field in [({"username": "learner1", "milestone": "juggling", "date": "2026-11-01"}, "milestone"),
                        ({"username": "learner1", "milestone": "live_sessions", "date": "01/11/2026"}, "date"),
                        ({"username": "nobody", "milestone": "live_sessions", "date": "2026-11-01"}, "username"),
                        ({"milestone": "live_sessions", "date": "2026-11-01"}, "username")]:
        response = client.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.json())
    response = client.post(url, {"username": "learner1", "milestone": "live_sessions", "date": "2026-11-01"},
                           format="json")
    assert response.status_code == 201
    assert response.json() == {**response.json(), "username": "learner1", "milestone": "live_sessions",
                               "label": "Attended the live sessions", "date": "2026-11-01", "recorded_by": "teacher"}
    response = client.post(url, {"username": "learner1", "milestone": "live_sessions", "date": "2026-11-03"},
                           format="json")  # again: re-dated, not duplicated
    assert StaffMilestone.objects.get(user=learner).date.isoformat() == "2026-11-03"
    listed = client.get(url, {"milestone": "live_sessions"}).json()
    assert listed["count"] == 1 and listed["results"][0]["date"] == "2026-11-03"
    assert client.get(url, {"username": "someone_else"}).json()["count"] == 0
    me = client_for(learner).get(f"{BASE}me/").json()
    assert "Attended the live sessions: not recorded yet" not in me["eligibility"]["unmet"]
    assert me["milestones"] == [{"id": "live_sessions", "label": "Attended the live sessions", "date": "2026-11-03"}]


def test_a_milestones_csv_upload_reports_rows_taken_and_refused(course, learner, other_learner, course_staff):
    complete(learner, *WORKSHEETS)
    text = (
        "username,milestone,date\n"
        "learner1,live_sessions,2026-11-01\n"
        "nobody,live_sessions,2026-11-01\n"
        "learner2,live_sessions,2026-13-01\n"
        "\n"
        "learner2,juggling,2026-11-01\n"
        "learner2,live_sessions,2026-11-01,extra\n"
        "learner2,mentor_signoff,1/11/2026\n"
        "learner1,live_sessions,2026-11-05\n"
        "learner2,mentor_signoff,2026-11-04\n"
    )
    response = client_for(course_staff).post(f"{BASE}milestones/upload/", data=text, content_type="text/csv")
    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["taken"] == 2
    refused = {row["line"]: row for row in report["refused"]}
    assert sorted(refused) == [3, 4, 6, 7, 8, 9]
    assert "No user is called 'nobody'" in refused[3]["reason"] and refused[3]["text"] == "nobody,live_sessions,2026-11-01"
    assert "not a date of the calendar" in refused[4]["reason"]
    assert "'juggling' is not a milestone of this course" in refused[6]["reason"]
    assert "every row needs 3" in refused[7]["reason"]
    assert "YYYY-MM-DD" in refused[8]["reason"]
    assert "Line 2 already records" in refused[9]["reason"]
    assert sorted(StaffMilestone.objects.values_list("user__username", "milestone", "recorded_by__username")) == [
        ("learner1", "live_sessions", "teacher"), ("learner2", "mentor_signoff", "teacher")]
    # The affected learners were evaluated: learner1 is certified and now has the live sessions.
    assert GrantEligibility.objects.get(user=learner).status == "eligible"


def test_a_milestones_file_can_be_a_multipart_upload_with_a_bom(course, learner, course_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("attendance.csv", "\ufeffUsername,Date,Milestone\r\nlearner1,2026-11-01,live_sessions\r\n"
                                .encode("utf-8"), content_type="text/csv")
    response = client_for(course_staff).post(f"{BASE}milestones/upload/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"taken": 1, "refused": []}


@pytest.mark.parametrize("body, content_type, status, message", [
    ("user,milestone,date\nlearner1,live_sessions,2026-11-01\n", "text/csv", 400, "header"),
    ("", "text/csv", 400, "empty"),
    ("username,milestone,date\n" + "learner1,live_sessions,2026-11-01\n" * 5001, "text/csv", 400, "5,000 rows"),
    ("username,milestone,date\n" + "x" * (1024 * 1024), "text/csv", 400, "1 MB"),
    (b"username,milestone,date\n\xff\xfe,live_sessions,2026-11-01\n", "text/csv", 400, "UTF-8"),
    (json.dumps({"csv": "username,milestone,date"}), "application/json", 415, ""),
])
def test_a_milestones_file_refused_whole(course, course_staff, body, content_type, status, message):
    response = client_for(course_staff).post(f"{BASE}milestones/upload/", data=body, content_type=content_type)
    assert response.status_code == status
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert not StaffMilestone.objects.exists()


def test_a_milestones_import_is_set_based(course, course_staff, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = get_user_model().objects.bulk_create([get_user_model()(username=f"m{i:03}") for i in range(120)])
    api.enroll_many([u.pk for u in users], COURSE)
    awards.evaluate_learners(COURSE, [u.pk for u in users])

    def queries(n):
        text = "username,milestone,date\n" + "".join(f"m{i:03},mentor_signoff,2026-11-01\n" for i in range(n))
        StaffMilestone.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            assert milestones.import_milestones_csv(COURSE, text, course_staff)["taken"] == n
        return len(context)

    assert queries(10) == queries(120)


# ---------------------------------------------------------------- staff decisions


def test_an_override_needs_a_reason_and_holds(course, learner, course_staff):
    client = client_for(course_staff)
    url = f"{BASE}learners/learner1/override/"
    complete(learner, key("orglab_worksheet", "u1b1"))
    for body in ({"override": "grant"}, {"override": "grant", "reason": "   "}, {"override": "maybe", "reason": "x"},
                 ["grant"]):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
    assert client.post(url, "{oops", content_type="application/json").status_code == 400
    assert client.post(f"{BASE}learners/nobody/override/", {"override": "grant", "reason": "x"},
                       format="json").status_code == 404
    response = client.post(url, {"override": "grant", "reason": "Ran a campaign in 2025"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "eligible" and response.json()["overridden"] is True
    assert response.json()["computed_status"] == "not_eligible"
    complete(learner, key("orglab_worksheet", "u1b2"))  # a new evaluation keeps the override
    me = client_for(learner).get(f"{BASE}me/").json()
    assert me["eligibility"]["status"] == "eligible" and me["eligibility"]["overridden"] is True
    assert "override_reason" not in me["eligibility"]
    detail = client.get(f"{BASE}learners/learner1/").json()
    assert detail["eligibility"]["override"] == "grant"
    assert detail["eligibility"]["override_reason"] == "Ran a campaign in 2025"
    assert detail["eligibility"]["override_by"] == "teacher"
    response = client.delete(url, {"reason": "Back to the policy"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "not_eligible"
    assert response.json()["overridden"] is False
    audits = AwardAudit.objects.filter(user=learner, kind="eligibility").exclude(actor=None).count()
    assert client.delete(url).status_code == 200  # nothing left to remove: no new audit
    assert AwardAudit.objects.filter(user=learner, kind="eligibility").exclude(actor=None).count() == audits


def test_revoke_and_reinstate_are_audited(course, learner, other_learner, course_staff):
    complete(learner, *WORKSHEETS)
    client = client_for(course_staff)
    revoke = f"{BASE}learners/learner1/certificate/revoke/"
    reinstate = f"{BASE}learners/learner1/certificate/reinstate/"
    assert client.post(revoke, {}, format="json").status_code == 400
    assert client.post(revoke, {"reason": "  "}, format="json").status_code == 400
    assert client.post(f"{BASE}learners/learner2/certificate/revoke/", {"reason": "x"},
                       format="json").status_code == 404  # no certificate
    assert client.post(f"{BASE}learners/nobody/certificate/revoke/", {"reason": "x"}, format="json").status_code == 404
    response = client.post(revoke, {"reason": "Plagiarised worksheet"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert client_for(learner).get(f"{BASE}me/").json()["certificate"]["status"] == "revoked"
    assert client.post(reinstate, {}, format="json").status_code == 400
    response = client.post(reinstate, {"reason": "Appeal accepted"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "awarded"
    history = client.get(f"{BASE}learners/learner1/").json()["history"]
    staff_rows = [(h["kind"], h["from_status"], h["to_status"], h["actor"], h["reason"]) for h in history
                  if h["actor"]]
    assert staff_rows == [("certificate", "awarded", "revoked", "teacher", "Plagiarised worksheet"),
                          ("certificate", "revoked", "awarded", "teacher", "Appeal accepted")]
    assert history[0]["actor"] is None  # the automatic evaluation comes first


def test_recompute_is_scheduled(course, learner, course_staff, monkeypatch):
    scheduled = []
    monkeypatch.setattr("orglab_plugin.tasks.schedule_recompute", scheduled.append)
    response = client_for(course_staff).post(f"{BASE}recompute/")
    assert response.status_code == 202 and scheduled == [COURSE]


# ---------------------------------------------------------------- the cohort


@pytest.fixture
def cohort_of_30(course):
    """30 enrolled learners: every third completed everything (10 certified), half of those attended
    the live sessions (5 eligible); the others completed one activity."""
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"c{i:02}") for i in range(30)])
    api.enroll_many([user.pk for user in users], COURSE)
    rows = []
    for i, user in enumerate(users):
        for block in (WORKSHEETS if i % 3 == 0 else WORKSHEETS[:1]):
            rows.append(BlockCompletion(user=user, context_key=COURSE, block_key=block, block_type="orglab_worksheet",
                                        completion=1.0))
    BlockCompletion.objects.bulk_create(rows)
    StaffMilestone.objects.bulk_create([StaffMilestone(user=user, course_key=COURSE, milestone="live_sessions",
                                                       date="2026-11-01") for i, user in enumerate(users) if i % 6 == 0])
    recompute_course(COURSE)
    return users


@pytest.mark.parametrize("status, count", [(None, 30), ("certified", 10), ("not_certified", 20), ("eligible", 5),
                                           ("not_eligible", 25)])
def test_the_cohort_filters_by_status(cohort_of_30, course_staff, status, count):
    params = {"page_size": 100, **({"status": status} if status else {})}
    data = client_for(course_staff).get(f"{BASE}learners/", params).json()
    assert data["count"] == count and len(data["results"]) == count
    for row in data["results"]:
        i = int(row["username"][1:])
        assert row["units_total"] == 2
        assert row["units_completed"] == (2 if i % 3 == 0 else 0)
        assert row["certificate_status"] == ("awarded" if i % 3 == 0 else None)
        assert row["eligibility_status"] == ("eligible" if i % 6 == 0 else "not_eligible")


def test_the_cohort_is_the_enrolled_learners_as_on_the_dashboard(cohort_of_30, course_staff):
    """One definition of the cohort: the REST list, the dashboard and the reports count the enrolled
    learners. Someone with progress, a certificate and a decision who is not enrolled (any more) is
    not listed; an enrolled learner who has done nothing yet is."""
    User = get_user_model()
    gone, newcomer = cohort_of_30[0], User.objects.create(username="c99")
    Enrollment.objects.filter(user=gone, course_key=COURSE).update(is_active=False)
    api.enroll(newcomer, COURSE)
    assert UnitProgress.objects.filter(user=gone).exists() and CertificateAward.objects.filter(user=gone).exists()
    data = client_for(course_staff).get(f"{BASE}learners/", {"page_size": 100}).json()
    listed = [row["username"] for row in data["results"]]
    assert listed == [f"c{i:02}" for i in range(1, 30)] + ["c99"]
    assert data["count"] == api.count_enrolled(COURSE) == api.cohort_summary(COURSE)["enrolled"] == 30
    assert [row.username for row in api.learner_rows(COURSE)] == sorted(listed)
    certified = client_for(course_staff).get(f"{BASE}learners/", {"status": "certified"}).json()
    assert certified["count"] == 9 and "c00" not in [row["username"] for row in certified["results"]]


def test_the_cohort_is_paginated_with_a_bounded_number_of_queries(cohort_of_30, course_staff,
                                                                  django_assert_max_num_queries):
    client = client_for(course_staff)
    seen = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(8):
            data = client.get(f"{BASE}learners/", {"page": page, "page_size": 10}).json()
        seen += [row["username"] for row in data["results"]]
        assert (data["next"] is None) == (page == 3) and (data["previous"] is None) == (page == 1)
    assert seen == [f"c{i:02}" for i in range(30)]
    with django_assert_max_num_queries(8):  # a page of all 30 costs the same as a page of 10
        assert len(client.get(f"{BASE}learners/", {"page_size": 30}).json()["results"]) == 30
    assert UnitProgress.objects.filter(course_key=COURSE).count() > 30


@pytest.mark.parametrize("params", [{"status": "happy"}, {"page": "abc"}, {"page": 0}, {"page_size": 1000}])
def test_bad_cohort_queries_get_a_400(cohort_of_30, course_staff, params):
    response = client_for(course_staff).get(f"{BASE}learners/", params)
    assert response.status_code == 400 and set(params) <= set(response.json())


def test_a_page_past_the_end_is_a_404(cohort_of_30, course_staff):
    assert client_for(course_staff).get(f"{BASE}learners/", {"page": 99}).status_code == 404


def test_a_learner_detail(cohort_of_30, course_staff):
    client = client_for(course_staff)
    data = client.get(f"{BASE}learners/c00/").json()
    assert data["username"] == "c00" and data["certificate"]["status"] == "awarded"
    assert data["eligibility"]["status"] == "eligible" and data["history"]
    assert client.get(f"{BASE}learners/nobody/").status_code == 404


# ---------------------------------------------------------------- the OpenAPI document


EXPECTED_PATHS = [
    "/api/orglab/v1/submissions/",
    "/api/orglab/v1/courses/{course_id}/me/",
    "/api/orglab/v1/courses/{course_id}/learners/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/override/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/certificate/revoke/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/certificate/reinstate/",
    "/api/orglab/v1/courses/{course_id}/policy/",
    "/api/orglab/v1/courses/{course_id}/milestones/",
    "/api/orglab/v1/courses/{course_id}/milestones/upload/",
    "/api/orglab/v1/courses/{course_id}/recompute/",
    "/api/orglab/v1/courses/{course_id}/me/feedback/",
    "/api/orglab/v1/courses/{course_id}/me/feedback/read/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/feedback/",
    "/api/orglab/v1/courses/{course_id}/learners/{username}/signoff/",
    "/api/orglab/v1/courses/{course_id}/mentoring/queue/",
    "/api/orglab/v1/courses/{course_id}/mentoring/assignments/",
    "/api/orglab/v1/courses/{course_id}/mentoring/assignments/upload/",
    "/api/orglab/v1/courses/{course_id}/mentoring/assignments/{username}/{mentor}/",
]


def check_schema(document: dict) -> None:
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Organizer Lab API"
    assert sorted(document["paths"]) == sorted(EXPECTED_PATHS)
    policy_path = document["paths"]["/api/orglab/v1/courses/{course_id}/policy/"]
    assert set(policy_path) >= {"get", "put"}
    assert set(document["paths"]["/api/orglab/v1/courses/{course_id}/learners/{username}/override/"]) >= {
        "post", "delete"}
    assert "jwtAuth" in document["components"]["securitySchemes"]


def test_the_schema_lists_every_path():
    response = APIClient().get(f"{API}schema/")
    assert response.status_code == 200
    check_schema(yaml.safe_load(response.content))
    response = APIClient().get(f"{API}schema/", {"format": "json"})
    check_schema(json.loads(response.content))


def test_the_schema_needs_no_installed_app():
    """The LMS has its own settings: drf_spectacular is importable there, not an installed app."""
    with modify_settings(INSTALLED_APPS={"remove": ["drf_spectacular"]}):
        response = APIClient().get(f"{API}schema/")
    assert response.status_code == 200
    check_schema(yaml.safe_load(response.content))
