"""Shared fixtures: users, the devsite runtime with the demo course loaded, handler calls."""
from __future__ import annotations

import json

import pytest
import webob
from waffle.models import Switch

from devsite.runtime import DevsiteRuntime
from devsite.scenarios import forget_scenarios, get_scenarios, init_scenarios

COURSE = "course-v1:Wikimedia+OrgLab+2026"


@pytest.fixture(autouse=True)
def _fresh_scenarios():
    """The demo course's authored content lives in the database, which each test gets anew."""
    forget_scenarios()
    yield
    forget_scenarios()


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("learner1", "learner1@example.org", "orglab-dev")


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user("learner2", "learner2@example.org", "orglab-dev")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", "staff@example.org", "orglab-dev", is_staff=True)


@pytest.fixture
def completion_on(db):
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})


@pytest.fixture
def scenarios(db):
    init_scenarios()
    return get_scenarios()


@pytest.fixture
def load_block(scenarios):
    """`load_block(user, "unit1_worksheet")`: a block of the demo course in a real DevsiteRuntime."""

    def load(user, url_name: str, block_type: str = "orglab_worksheet"):
        from devsite.runtime import course_key

        runtime = DevsiteRuntime(user)
        return runtime.get_block(course_key().make_usage_key(block_type, url_name))

    return load


def call(block, handler: str, body, method: str = "POST"):
    """Call a handler the way the devsite's view does; returns (status, decoded JSON)."""
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    request = webob.Request.blank("/", method=method, body=raw.encode("utf-8") if isinstance(raw, str) else raw)
    request.content_type = "application/json"
    response = block.runtime.handle(block, handler, request)
    try:
        data = json.loads(response.body.decode("utf-8"))
    except ValueError:
        data = None
    return response.status_code, data
