"""Schemathesis against the plugin's own OpenAPI document (/api/orglab/v1/schema/): for every
operation, generated requests (paths, query strings, bodies; bounded, with a fixed seed) sent as
the course's staff through Django's WSGI application. No answer may be a server error, and every
answer must match the document (`not_a_server_error`, `response_schema_conformance`)."""
from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string  # noqa: PLC2701 - an unmasked token, as a browser keeps it
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from orglab_plugin import api, outline
from orglab_plugin.models import CourseStaffRole

from .test_rest_api import COURSE, POLICY, WORKSHEETS, complete, specs

# Examples per operation and mode: 13 operations, two modes, so several hundred requests in all.
EXAMPLES = 25


@pytest.fixture
def staff_session(db, completion_on):
    """The course (outline, policy, two enrolled learners, one certified) and a staff session."""
    from orglab_plugin.models import CoursePolicy

    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, specs(), {"html"})
    users = get_user_model()
    for name in ("learner1", "learner2"):
        api.enroll(users.objects.create_user(name, f"{name}@example.org", "x"), COURSE)
    complete(users.objects.get(username="learner1"), *WORKSHEETS)
    teacher = users.objects.create_user("teacher", "teacher@example.org", "x")
    CourseStaffRole.objects.create(user=teacher, course_key=COURSE)
    client = Client()
    client.force_login(teacher)
    token = _get_new_csrf_string()
    return {"headers": {"X-CSRFToken": token},
            "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}}


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, as in production, except that a request's end does not close the
    test's database connection (as Django's test client arranges)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def aim_at_the_course(case, username: str) -> None:
    """Point a generated request at the course (and one of its learners), keeping the rest as generated."""
    if case.path_parameters and "course_id" in case.path_parameters:
        case.path_parameters["course_id"] = str(COURSE)
    if case.path_parameters and "username" in case.path_parameters:
        case.path_parameters["username"] = username
    if isinstance(case.query, dict) and "course_id" in case.query:
        case.query["course_id"] = str(COURSE)


def operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/orglab/v1/schema/", app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 13, [operation.label for operation in found]
    return found


def _runner(operation, mode, session: dict, seen: Counter):
    """One operation's hypothesis test: generated cases, sent as staff, checked against the document."""

    @given(case=operation.as_strategy(generation_mode=mode), real=st.sampled_from([None, "learner1", "learner2"]))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case, real):
        if real:  # most requests name the real course (and a real learner), so they get past the 400s
            aim_at_the_course(case, real)
        response = case.call(**session)
        seen[response.status_code] += 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    return run


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_never_fails_and_keeps_to_its_document(wsgi_app, staff_session, mode):
    """Every operation, EXAMPLES cases each: valid requests, then requests that break the document."""
    statuses: dict[str, Counter] = {}
    for operation in operations(wsgi_app):
        run = _runner(operation, mode, staff_session, statuses.setdefault(operation.label, Counter()))
        try:
            run()
        except Unsatisfiable:
            # Nothing in this operation can be sent against its document (no parameter, no body).
            assert mode == GenerationMode.NEGATIVE, operation.label
    print({label: dict(counts) for label, counts in statuses.items()})
    assert sum(sum(counts.values()) for counts in statuses.values()) >= 5 * len(statuses)
    if mode == GenerationMode.POSITIVE:
        # Valid requests get through: the session is the course staff's, not refused at the door.
        reached = [label for label, counts in statuses.items() if any(200 <= code < 300 for code in counts)]
        assert len(reached) >= len(statuses) // 2, statuses
