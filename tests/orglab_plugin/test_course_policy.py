"""A course's policy has one home (`course_policy`): the REST API's PUT and the Django admin both
replace it through `replace_policy` (validate, store with who did it, recount the outline, schedule
a recompute)."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import course_policy, outline, policy
from orglab_plugin.models import CoursePolicy, OutlineBlock

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Test+Policy+1")
OTHER_COURSE = CourseKey.from_string("course-v1:Test+Policy+2")
CHANGELIST = "/admin/orglab_plugin/coursepolicy/"


def specs(course_key):
    return [outline.UnitSpec(key=course_key.make_usage_key("chapter", "unit1"), title="Unit 1", blocks=[
        (course_key.make_usage_key("html", "intro"), "html"),
        (course_key.make_usage_key("orglab_worksheet", "w1"), "orglab_worksheet"),
    ])]


@pytest.fixture
def courses():
    for course_key in (COURSE, OTHER_COURSE):
        outline.sync_outline(course_key, specs(course_key), {"html"})


@pytest.fixture
def scheduled(monkeypatch):
    calls = []
    monkeypatch.setattr("orglab_plugin.tasks.schedule_recompute", calls.append)
    return calls


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(user)
    return client, user


def counted_html(course_key) -> bool:
    return OutlineBlock.objects.get(course_key=course_key, block_type="html").counts


def document(**changes) -> dict:
    return {**policy.DEFAULT_POLICY, **changes}


def test_replace_policy_validates_stores_recounts_and_schedules(courses, scheduled, admin_client):
    _client, user = admin_client
    row = course_policy.replace_policy(str(COURSE), document(excluded_block_types=[]), user)
    assert row.course_key == COURSE and row.updated_by == user
    assert CoursePolicy.objects.get(course_key=COURSE).document == policy.validate_policy(
        document(excluded_block_types=[]))
    assert counted_html(COURSE) and not counted_html(OTHER_COURSE)
    assert scheduled == [COURSE]
    assert course_policy.policy_for(COURSE) == row.document
    assert course_policy.policy_state(COURSE) == {"policy": row.document, "is_default": False,
                                                  "updated": row.updated, "updated_by": "root"}


def test_an_invalid_policy_changes_nothing(courses, scheduled, admin_client):
    _client, user = admin_client
    with pytest.raises(policy.PolicyError) as raised:
        course_policy.replace_policy(COURSE, document(excluded_block_types="html", version=7), user)
    assert len(raised.value.problems) == 2
    assert not CoursePolicy.objects.exists() and not counted_html(COURSE) and scheduled == []
    assert course_policy.policy_for(COURSE) == policy.DEFAULT_POLICY
    assert course_policy.policy_state(COURSE)["is_default"] is True


def test_the_admin_replaces_a_policy_as_the_api_does(courses, scheduled, admin_client):
    client, user = admin_client
    response = client.post(f"{CHANGELIST}add/", {"course_key": str(COURSE),
                                                 "document": json.dumps(document(excluded_block_types=[]))})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CoursePolicy.objects.get()
    assert row.course_key == COURSE and row.updated_by == user and counted_html(COURSE)
    assert row.document == policy.validate_policy(document(excluded_block_types=[]))  # normalised, as the API stores it
    assert scheduled == [COURSE]

    response = client.post(f"{CHANGELIST}{row.pk}/change/", {"course_key": str(COURSE),
                                                               "document": json.dumps(document())})
    assert response.status_code == 302
    assert CoursePolicy.objects.get().pk == row.pk and not counted_html(COURSE)
    assert scheduled == [COURSE, COURSE]


def test_the_admin_refuses_an_invalid_policy_with_its_problems(courses, scheduled, admin_client):
    client, _user = admin_client
    response = client.post(f"{CHANGELIST}add/", {"course_key": str(COURSE),
                                                 "document": json.dumps(document(version=7))})
    assert response.status_code == 200 and "version must be" in response.content.decode()
    assert not CoursePolicy.objects.exists() and scheduled == []


def test_the_admin_moves_a_policy_to_another_course(courses, scheduled, admin_client):
    client, user = admin_client
    row = course_policy.replace_policy(COURSE, document(excluded_block_types=[]), user)
    response = client.post(f"{CHANGELIST}{row.pk}/change/", {"course_key": str(OTHER_COURSE),
                                                               "document": json.dumps(document(excluded_block_types=[]))})
    assert response.status_code == 302
    assert list(CoursePolicy.objects.values_list("course_key", flat=True)) == [OTHER_COURSE]
    assert counted_html(OTHER_COURSE) and scheduled == [COURSE, OTHER_COURSE]
