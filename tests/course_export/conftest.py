"""A small course with a cohort, made through orglab_plugin's own paths (outline, completions,
submissions, enrolments, awards), for course_export's tests."""
from __future__ import annotations

import pytest
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from orglab_plugin import api, outline, policy
from orglab_plugin.models import CoursePolicy, CourseStaffRole
from orglab_plugin.progress import recompute_course

COURSE = CourseKey.from_string("course-v1:Test+Reports+1")
OTHER_COURSE = CourseKey.from_string("course-v1:Test+Other+1")
POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": True, "submissions": [], "milestones": ["live_sessions"]},
    "milestones": [{"id": "live_sessions", "label": "Attended the live sessions"},
                   {"id": "mentor_signoff", "label": "Mentor sign-off"}],
    "excluded_block_types": ["html"],
})


def key(block_type, name):
    return COURSE.make_usage_key(block_type, name)


WORKSHEET_1 = key("orglab_worksheet", "u1ws")
TOPICS = key("orglab_topic_list", "u1topics")
WORKSHEET_2 = key("orglab_worksheet", "u2ws")
AUDIENCE = key("orglab_audience", "u2audience")
BLOCKS = [WORKSHEET_1, TOPICS, WORKSHEET_2, AUDIENCE]


def specs():
    return [
        outline.UnitSpec(key=key("chapter", "unit1"), title="Unit 1 · Knowledge gaps", blocks=[
            (key("html", "u1intro"), "html"), (WORKSHEET_1, "orglab_worksheet"), (TOPICS, "orglab_topic_list")]),
        outline.UnitSpec(key=key("chapter", "unit2"), title="Unit 2 · Your audience", blocks=[
            (WORKSHEET_2, "orglab_worksheet"), (AUDIENCE, "orglab_audience")]),
    ]


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.org", "x", first_name="Ana",
                                                last_name=username.title(), **extra)


def worksheet_payload(statement: str, section: str = "goals") -> dict:
    return {"title": "Your knowledge-gap statement", "preset": "unit1",
            "answers": {"statement": statement, "dimensions": ["gender", "geography"]},
            "fields": [{"id": "statement", "label": "What gap will your campaign close?", "kind": "long_text",
                        "proposal_section": section},
                       {"id": "dimensions", "label": "Which dimensions?", "kind": "multiple_choice",
                        "proposal_section": "other"}]}


def topic_payload(*rows) -> dict:
    return {"title": "Your topic list", "rows": [dict(row) for row in rows]}


def submit(user, block, payload):
    return api.record_submission(course_key=COURSE, user=user, block_key=block, block_type=block.block_type,
                                 payload=payload)


def complete(user, *blocks):
    for block in blocks:
        BlockCompletion.objects.submit_completion(user=user, block_key=block, completion=1.0)


@pytest.fixture
def course(completion_on):
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, specs(), {"html"})
    return COURSE


@pytest.fixture
def cohort(course):
    """Five enrolled learners at different stages, one learner who is not enrolled, and course staff."""
    users = {name: make_user(name) for name in ("amina", "bruno", "chen", "dalia", "emeka", "outsider")}
    for name in ("amina", "bruno", "chen", "dalia", "emeka"):
        api.enroll(users[name], COURSE)
    # amina: everything, and the live sessions: certificate and eligible.
    complete(users["amina"], *BLOCKS)
    submit(users["amina"], WORKSHEET_1, worksheet_payload("Few articles on women climate scientists"))
    submit(users["amina"], WORKSHEET_1, worksheet_payload("Few articles on Kenyan women climate scientists"))
    submit(users["amina"], TOPICS, topic_payload(
        {"title": "Wangari Maathai", "wiki": "enwiki", "qid": "Q48276", "gap": "gender", "priority": "high"},
        {"title": "Manglar", "wiki": "eswiki", "qid": "", "gap": "topics_for_impact", "priority": "medium"}))
    submit(users["amina"], AUDIENCE, {"title": "Audience", "segments": [
        {"id": "s1", "name": "Docentes rurales", "description": "Teachers", "size": 30, "languages": "es",
         "location": "Cusco", "contributors": "new", "answers": {}}]})
    # bruno: unit 1 only, and a topic list naming the same topics (merged in the cohort list).
    complete(users["bruno"], WORKSHEET_1, TOPICS)
    submit(users["bruno"], TOPICS, topic_payload(
        {"title": "wangari_Maathai", "wiki": "enwiki", "qid": "", "gap": "gender", "priority": "high"},
        {"title": "", "wiki": "", "qid": "Q48276", "gap": "", "priority": "low"},
        {"title": "Manglar", "wiki": "eswiki", "qid": "Q193", "gap": "", "priority": "high"},
        {"title": "=HYPERLINK(\"http://evil.example\",\"x\")", "wiki": "enwiki", "qid": "", "gap": "",
         "priority": ""}))
    # chen: one block. dalia: nothing. emeka: everything but the live sessions (not eligible).
    complete(users["chen"], WORKSHEET_1)
    complete(users["emeka"], *BLOCKS)
    submit(users["emeka"], WORKSHEET_1, worksheet_payload("مقالات قليلة عن المناخ", section="goals"))
    # the outsider completed things but is not enrolled: no report lists them.
    complete(users["outsider"], WORKSHEET_1)
    from orglab_plugin import milestones

    staff = make_user("teacher")
    CourseStaffRole.objects.create(user=staff, course_key=COURSE)
    milestones.record_milestone(COURSE, users["amina"], "live_sessions", "2026-11-20", staff)
    recompute_course(COURSE)
    users["teacher"] = staff
    return users


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
