"""Mentor review over HTTP: the REST endpoints' permissions matrix (mentor of the learner, mentor of
another learner, staff, the learner, another learner, anonymous), their answers and refusals, the
OpenAPI document, and the review pages (queue and review form without JavaScript, CSRF, escaping,
EN/ES, bounded queries)."""
from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from orglab_plugin import api, mentoring, policy
from orglab_plugin.models import CoursePolicy, CourseStaffRole, Feedback, MentorAssignment, StaffMilestone

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Review+1")
WORKSHEET = COURSE.make_usage_key("orglab_worksheet", "u1w")
PROPOSAL = COURSE.make_usage_key("orglab_proposal", "u6p")
API = "/api/orglab/v1/"
BASE = f"{API}courses/{COURSE}/"
POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": False, "submissions": [], "milestones": ["mentor_signoff"]},
    "milestones": [{"id": "mentor_signoff", "label": "Mentor sign-off"}],
    "excluded_block_types": ["html"],
})
HOSTILE = '<script>alert("x")</script> & "quotes" مرحبا'


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.org", "x", **extra)


@pytest.fixture
def people(db):
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    users = {name: make_user(name) for name in ("learner43", "learner44", "mentor1", "mentor2", "teacher")}
    for name in ("learner43", "learner44"):
        api.enroll(users[name], COURSE)
    CourseStaffRole.objects.create(user=users["teacher"], course_key=COURSE)
    mentoring.assign_mentor(COURSE, users["learner43"], users["mentor1"], users["teacher"])
    mentoring.assign_mentor(COURSE, users["learner44"], users["mentor2"], users["teacher"])
    for block, payload in ((WORKSHEET, {"answers": {"goal": HOSTILE}, "fields": [
            {"id": "goal", "label": "Your goal", "kind": "long_text", "proposal_section": "change"}]}),
            (PROPOSAL, {"title": "Clima", "sections": [{"id": "budget", "title": "Budget", "text": "500 USD"}]})):
        api.record_submission(course_key=COURSE, user=users["learner43"], block_key=block,
                              block_type=block.block_type, payload=payload)
    return users


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


ROLES = ["anonymous", "mentor_of_learner", "mentor_of_other", "staff", "learner", "other_learner"]
USER_OF_ROLE = {"mentor_of_learner": "mentor1", "mentor_of_other": "mentor2", "staff": "teacher",
                "learner": "learner43", "other_learner": "learner44"}
FEEDBACK = {"block_id": str(WORKSHEET), "version": 1, "verdict": "please_revise", "comment": "Añade cifras",
            "section": "goal"}
SIGNOFF = {"block_id": str(PROPOSAL), "version": 1}
# (method, path, body, content type, {role: expected status}); anonymous is always 401.
CALLS = [
    ("get", "mentoring/assignments/", None, None, {"staff": 200}),
    ("post", "mentoring/assignments/", {"username": "learner44", "mentor": "mentor1"}, None, {"staff": 201}),
    ("post", "mentoring/assignments/upload/", "username,mentor\nlearner44,mentor1\n", "text/csv", {"staff": 200}),
    ("delete", "mentoring/assignments/learner44/mentor2/", None, None, {"staff": 204}),
    ("get", "mentoring/queue/", None, None, {"staff": 200, "mentor_of_learner": 200, "mentor_of_other": 200}),
    ("get", "learners/learner43/feedback/", None, None,
     {"staff": 200, "mentor_of_learner": 200, "mentor_of_other": 404, "learner": 200}),
    ("post", "learners/learner43/feedback/", FEEDBACK, None,
     {"staff": 201, "mentor_of_learner": 201, "mentor_of_other": 404, "learner": 403}),
    ("post", "learners/learner43/signoff/", SIGNOFF, None,
     {"staff": 201, "mentor_of_learner": 201, "mentor_of_other": 404}),
    ("get", "me/feedback/", None, None,
     {role: 200 for role in ("staff", "mentor_of_learner", "mentor_of_other", "learner", "other_learner")}),
    ("post", "me/feedback/read/", {"ids": [1]}, None,
     {role: 200 for role in ("staff", "mentor_of_learner", "mentor_of_other", "learner", "other_learner")}),
]


@pytest.mark.parametrize("role", ROLES)
def test_permissions_matrix(people, role):
    user = people.get(USER_OF_ROLE.get(role, ""))
    client = client_for(user)
    wrong = []
    for method, path, body, content_type, expected in CALLS:
        want = 401 if user is None else expected.get(role, 403)
        kwargs = {"data": body, "content_type": content_type} if content_type else {"data": body, "format": "json"}
        response = getattr(client, method)(BASE + path, **kwargs) if body is not None else getattr(client, method)(
            BASE + path)
        if response.status_code != want:
            wrong.append((method, path, want, response.status_code, getattr(response, "data", None)))
    assert wrong == []
    if role not in ("staff", "mentor_of_learner"):  # refused calls changed nothing
        assert not Feedback.objects.exists() and not StaffMilestone.objects.exists()
        assert set(MentorAssignment.objects.values_list("learner__username", "mentor__username")) == {
            ("learner43", "mentor1"), ("learner44", "mentor2")}


def test_feedback_round_trip_over_the_api(people):
    mentor, learner = client_for(people["mentor1"]), client_for(people["learner43"])
    response = mentor.post(f"{BASE}learners/learner43/feedback/", FEEDBACK, format="json")
    assert response.status_code == 201
    given = response.json()
    assert (given["verdict"], given["section"], given["author"], given["unread"]) == (
        "please_revise", "goal", "mentor1", True)
    mine = learner.get(f"{BASE}me/feedback/", {"unread": "true"}).json()
    assert [item["id"] for item in mine] == [given["id"]]
    assert learner.post(f"{BASE}me/feedback/read/", {"ids": [given["id"]]}, format="json").json() == {"marked": 1}
    assert learner.get(f"{BASE}me/feedback/", {"unread": "true"}).json() == []
    assert learner.get(f"{BASE}me/feedback/").json()[0]["unread"] is False
    api.record_submission(course_key=COURSE, user=people["learner43"], block_key=WORKSHEET,
                          block_type="orglab_worksheet", payload={"answers": {"goal": "Con cifras: 30"}})
    queue = mentor.get(f"{BASE}mentoring/queue/").json()
    assert [(item["block_id"], item["version"], item["last_verdict"]) for item in queue["revised"]] == [
        (str(WORKSHEET), 2, "please_revise")]
    assert [item["block_id"] for item in queue["awaiting"]] == [str(PROPOSAL)]
    assert queue["awaiting"][0]["review_url"].startswith(f"/orglab/courses/{COURSE}/review/learner43/")


@pytest.mark.parametrize("body, field", [
    ({**FEEDBACK, "version": 9}, None),  # 404
    ({**FEEDBACK, "version": 2**40}, "version"),
    ({**FEEDBACK, "comment": "x" * 10_001}, "comment"),
    ({**FEEDBACK, "verdict": "signed_off"}, "verdict"),
    ({**FEEDBACK, "section": "no spaces please"}, "section"),
    ({**FEEDBACK, "block_id": "not a block"}, "block_id"),
    ({**FEEDBACK, "block_id": "block-v1:Other+Course+1+type@orglab_worksheet+block@x"}, "block_id"),
    ({**FEEDBACK, "comment": ""}, "comment"),
    ([1, 2], "block_id"),
])
def test_bad_feedback_gets_a_4xx_naming_the_problem(people, body, field):
    response = client_for(people["teacher"]).post(f"{BASE}learners/learner43/feedback/", body, format="json")
    assert 400 <= response.status_code < 500
    if field is None:
        assert response.status_code == 404 and "version 9" in response.json()["detail"]
    else:
        assert response.status_code == 400 and field in response.json()
    assert not Feedback.objects.exists()


def test_a_sign_off_over_the_api_makes_the_learner_eligible(people):
    assert client_for(people["learner43"]).get(f"{API}courses/{COURSE}/me/").json()["eligibility"]["status"] == \
        "not_eligible"
    response = client_for(people["mentor1"]).post(f"{BASE}learners/learner43/signoff/", SIGNOFF, format="json")
    assert response.status_code == 201 and response.json()["verdict"] == "signed_off"
    assert client_for(people["learner43"]).get(f"{API}courses/{COURSE}/me/").json()["eligibility"]["status"] == \
        "eligible"
    refused = client_for(people["mentor1"]).post(f"{BASE}learners/learner43/signoff/",
                                                 {"block_id": str(WORKSHEET), "version": 1}, format="json")
    assert refused.status_code == 400 and "proposal" in str(refused.json())


def test_assignments_over_the_api(people):
    staff = client_for(people["teacher"])
    assert staff.post(f"{BASE}mentoring/assignments/", {"username": "learner43", "mentor": "mentor1"},
                      format="json").status_code == 200  # already assigned
    refused = staff.post(f"{BASE}mentoring/assignments/", {"username": "nobody", "mentor": "ghost"}, format="json")
    assert refused.status_code == 400 and set(refused.json()) == {"username", "mentor"}
    report = staff.post(f"{BASE}mentoring/assignments/upload/", data="username,mentor\nlearner44,mentor1\nx,y\n",
                        content_type="text/csv").json()
    assert report["taken"] == 1 and [row["line"] for row in report["refused"]] == [3]
    listed = staff.get(f"{BASE}mentoring/assignments/", {"mentor": "mentor1"}).json()
    assert [(row["username"], row["mentor"], row["assigned_by"]) for row in listed] == [
        ("learner43", "mentor1", "teacher"), ("learner44", "mentor1", "teacher")]
    assert staff.delete(f"{BASE}mentoring/assignments/learner44/mentor1/").status_code == 204
    assert staff.delete(f"{BASE}mentoring/assignments/learner44/mentor1/").status_code == 404
    bad = staff.post(f"{BASE}mentoring/assignments/upload/", data="who,whom\n", content_type="text/csv")
    assert bad.status_code == 400 and "username,mentor" in bad.json()["file"][0]


def test_the_schema_documents_the_mentoring_endpoints():
    document = yaml.safe_load(APIClient().get(f"{API}schema/").content)
    paths = document["paths"]
    for path, methods in {
        "/api/orglab/v1/courses/{course_id}/learners/{username}/feedback/": {"get", "post"},
        "/api/orglab/v1/courses/{course_id}/learners/{username}/signoff/": {"post"},
        "/api/orglab/v1/courses/{course_id}/me/feedback/": {"get"},
        "/api/orglab/v1/courses/{course_id}/me/feedback/read/": {"post"},
        "/api/orglab/v1/courses/{course_id}/mentoring/queue/": {"get"},
        "/api/orglab/v1/courses/{course_id}/mentoring/assignments/": {"get", "post"},
        "/api/orglab/v1/courses/{course_id}/mentoring/assignments/upload/": {"post"},
        "/api/orglab/v1/courses/{course_id}/mentoring/assignments/{username}/{mentor}/": {"delete"},
    }.items():
        assert methods <= set(paths[path]), path


# ---------------------------------------------------------------- the pages


def page_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def queue_url():
    return reverse("orglab:review-queue", kwargs={"course_id": str(COURSE)})


def review_url(block=WORKSHEET, username="learner43"):
    return reverse("orglab:review-submission", kwargs={"course_id": str(COURSE), "username": username,
                                                       "block_id": str(block)})


def test_who_sees_the_queue_page(people):
    assert Client().get(queue_url()).status_code == 302  # to log in
    assert page_client(people["learner43"]).get(queue_url()).status_code == 403
    assert page_client(people["mentor1"]).get(
        reverse("orglab:review-queue", kwargs={"course_id": "not-a-course"})).status_code == 404
    assert page_client(people["mentor2"]).get(review_url()).status_code == 404  # not their learner
    assert page_client(people["mentor1"]).get(review_url(username="learner44")).status_code == 404  # nothing yet
    assert page_client(people["learner44"]).get(review_url()).status_code == 403


def test_the_queue_page_lists_my_learners_oldest_first(people):
    response = page_client(people["mentor1"]).get(queue_url())
    assert response.status_code == 200 and "Content-Security-Policy" in response
    html = response.content.decode()
    awaiting = html[html.index('class="items awaiting"'):html.index('id="revised-h"')]
    assert awaiting.index("u1w") < awaiting.index("u6p")  # the worksheet was submitted first
    assert "learner44" not in html  # another mentor's learner
    staff_html = page_client(people["teacher"]).get(queue_url(), {"mentor": "mentor2"}).content.decode()
    assert '<option value="mentor2" selected>' in staff_html and "learner43" not in staff_html.split(
        'id="learners-h"')[1]


def test_reviewing_without_javascript(people):
    client = page_client(people["mentor1"])
    page = client.get(review_url())
    html = page.content.decode()
    assert HOSTILE not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert '<option value="goal">' in html and "<script" not in html.replace("&lt;script", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post(review_url(), {"version": 1, "verdict": "looks_good"}).status_code == 403  # no CSRF token
    response = client.post(review_url(), {"csrfmiddlewaretoken": token, "version": "1", "verdict": "please_revise",
                                          "section": "goal", "comment": "Añade una cifra"})
    assert response.status_code == 302 and "done=feedback" in response["Location"]
    assert Feedback.objects.get().comment == "Añade una cifra"
    after = client.get(response["Location"]).content.decode()
    assert "Your feedback is saved" in after and "Añade una cifra" in after
    refused = client.post(review_url(), {"csrfmiddlewaretoken": token, "version": "1", "verdict": "please_revise",
                                         "comment": "x" * 10_001})
    assert refused.status_code == 400 and "too long" in refused.content.decode()
    assert Feedback.objects.count() == 1


def test_signing_off_from_the_review_page(people):
    client = page_client(people["mentor1"])
    html = client.get(review_url(PROPOSAL)).content.decode()
    assert "Sign off version 1" in html and "500 USD" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(review_url(PROPOSAL), {"csrfmiddlewaretoken": token, "version": "1", "action": "signoff"})
    assert response.status_code == 302
    assert StaffMilestone.objects.get(user=people["learner43"]).recorded_by == people["mentor1"]
    assert "Sign off version" not in client.get(review_url()).content.decode()  # not on a worksheet


def test_the_pages_in_spanish(people):
    client = page_client(people["mentor1"])
    html = client.get(queue_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cola de revisión" in html and "Esperan comentarios" in html
    html = client.get(review_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Enviar comentarios" in html and "Toda la versión" in html


def test_the_queue_page_reads_a_bounded_number_of_queries(people, django_assert_max_num_queries):
    for number in range(15):
        learner = make_user(f"bulk{number}")
        api.enroll(learner, COURSE)
        mentoring.assign_mentor(COURSE, learner, people["mentor1"], people["teacher"])
        for _ in range(2):
            api.record_submission(course_key=COURSE, user=learner, block_key=WORKSHEET,
                                  block_type="orglab_worksheet", payload={"answers": {}})
    client = page_client(people["mentor1"])
    with django_assert_max_num_queries(16):
        response = client.get(queue_url())
    assert response.status_code == 200 and response.content.decode().count('href="/orglab/courses/') == 17
