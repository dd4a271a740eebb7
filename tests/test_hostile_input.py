"""The front door for input (issue "Hostile input"): every block handler and REST endpoint refuses
what would crash further in or be stored broken — a lone surrogate, JSON nested 10,000 deep,
numbers that are not finite, a body over the limit — with a 4xx and a JSON message, and keeps
what was there. Also: overrides and milestones only for enrolled learners, the policy's 400s in
the schema's shape, a bounded dashboard page, and the CSP of orglab's own pages."""
from __future__ import annotations

import json
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from orglab_plugin import api, inputs
from orglab_plugin.models import CertificateAward, CourseStaffRole, GrantEligibility, StaffMilestone
from tests.orglab_xblocks.audience.test_block import segment

from .conftest import COURSE, call

pytestmark = pytest.mark.django_db

COURSE_KEY = CourseKey.from_string(COURSE)
DEEP = "[" * 10_000 + "]" * 10_000  # 20 KB: RecursionError in Python's json
SURROGATE = '{"text": "caf\\ud800"}'  # valid JSON, not encodable as UTF-8

# Every JSON handler of every block: (block type, url_name in the demo course, handler).
BLOCKS = {
    "orglab_worksheet": ("unit1_worksheet", ["load_draft", "save_draft", "submit", "studio_submit"]),
    "orglab_topic_list": ("unit2_topic_list", ["save_draft", "import_topics", "check_articles", "submit",
                                               "studio_submit"]),
    "orglab_audience": ("unit3_audience", ["save_draft", "submit", "studio_submit"]),
}
HANDLERS = [(block_type, name, handler) for block_type, (name, handlers) in BLOCKS.items() for handler in handlers]


# --------------------------------------------------------------------------- the door itself


def test_depth_is_measured_without_parsing_and_ignores_brackets_in_strings():
    assert inputs.deeper_than('"\\"[[[["', 0) is False  # brackets inside a string do not count
    assert inputs.deeper_than(DEEP, inputs.MAX_JSON_DEPTH) is True
    for text, depth in (('{"a": [1, {"b": "[[[[{{{{"}]}', 3), ("[[[]]]", 3), ("[]", 1), ("1", 0)):
        assert inputs.deeper_than(text, depth) is False and inputs.deeper_than(text, depth - 1) is (depth > 0)
    assert inputs.deeper_than("[[[", 1) is False  # unbalanced: left to the parser, which says "not JSON"
    with pytest.raises(inputs.InputError) as error:
        inputs.read_json(DEEP.encode(), max_bytes=64 * 1024)
    assert error.value.code == "too_deep"


@pytest.mark.parametrize("body, code", [
    (b'{"a": 1e400}', "not_json"),
    (b'{"a": NaN}', "not_json"),
    (b'{"a": Infinity}', "not_json"),
    (b'{"a": ' + b"9" * 5000 + b"}", "too_big"),
    (b'{"a": 9223372036854775808}', "too_big"),
    (b'{"a": -' + b"9" * 30 + b"}", "too_big"),
    (b'{"a": "\xed\xa0\x80"}', "not_utf8"),  # a surrogate encoded in the bytes themselves
    (b"[1, 2]", "not_object"),
    (SURROGATE.encode(), "bad_text"),
    (b'{"a\\u0000b": 1}', "bad_text"),
    (b'{"a": "' + b"x" * 70_000 + b'"}', "too_large"),
])
def test_the_door_refuses(body, code):
    with pytest.raises(inputs.InputError) as error:
        inputs.read_json(body, max_bytes=64 * 1024)
    assert error.value.code == code


def test_bad_text_names_the_field_where_it_sits():
    data = {"answers": {"goal": "ok", "notes": ["fine", "bro\ud83dken"]}}
    assert inputs.bad_text_field(data) == "answers.notes[1]"
    assert inputs.bad_text_field({"ok": "اللغة العربية 🌍 עברית"}) is None
    assert inputs.bad_text_field({"t": "bell\x07"}) is None
    assert inputs.bad_text_field({"t": "bell\x07"}, xml_safe=True) == "t"
    assert inputs.bad_text_field({"notes": {"\ud800": "x"}}) == "notes.\ufffd"  # shown, never echoed broken


@pytest.mark.parametrize("value, expected", [
    ("12", 12), (7, 7), (" 3 ", 3), (2.0, 2), ("²", None), ("٣", None), ("1e3", None), ("9" * 5000, None),
    (True, None), (None, None), ([1], None), (float("inf"), None), ("0", None), ("-1", None),
])
def test_parse_int_takes_only_ascii_digits_within_bounds(value, expected):
    assert inputs.parse_int(value, minimum=1) == expected


def test_the_plugin_never_records_unstorable_text(learner):
    block = COURSE_KEY.make_usage_key("orglab_worksheet", "unit1_worksheet")
    with pytest.raises(api.SubmissionError, match="answers.goal"):
        api.record_submission(course_key=COURSE_KEY, user=learner, block_key=block, block_type="orglab_worksheet",
                              payload={"answers": {"goal": "nul\x00"}})
    assert api.latest_submission(user=learner, block_key=block) is None


# --------------------------------------------------------------------------- the blocks


@pytest.mark.parametrize("block_type, name, handler", HANDLERS)
def test_every_block_handler_refuses_deep_json_with_a_message(load_block, learner, staff, block_type, name, handler):
    user = staff if handler == "studio_submit" else learner
    status, data = call(load_block(user, name, block_type), handler, DEEP)
    assert status == 400
    assert "nested too deeply" in data["error"]


@pytest.mark.parametrize("block_type, name, handler", HANDLERS)
def test_every_block_handler_refuses_a_lone_surrogate_naming_the_field(load_block, learner, staff, block_type, name,
                                                                      handler):
    user = staff if handler == "studio_submit" else learner
    status, data = call(load_block(user, name, block_type), handler, SURROGATE)
    assert status == 400
    assert data["field"] == "text"
    assert "“text”" in data["error"]


SAVES = {
    "orglab_worksheet": {"answers": {"gap_statement": "caf\ud800"}},
    "orglab_topic_list": {"ops": [{"op": "put", "row": {"id": "r1", "title": "Wangari\ud800", "wiki": "enwiki"}}]},
    "orglab_audience": {"segments": [segment("s1", name="Docentes\ud800")]},
}


@pytest.mark.parametrize("block_type", list(SAVES))
def test_a_lone_surrogate_never_locks_a_learner_out_of_their_unit(load_block, learner, block_type):
    name = BLOCKS[block_type][0]
    block = load_block(learner, name, block_type)
    before = block.render("student_view", {}).body_html()
    body = json.dumps({**SAVES[block_type], "revision": 0, "client": "tab-a", "seq": 1})
    status, data = call(block, "save_draft", body)
    assert status == 400, data
    again = load_block(learner, name, block_type)
    assert again.draft_revision == 0  # nothing stored
    assert again.render("student_view", {}).body_html() == before  # the page still renders
    if block_type == "orglab_worksheet":
        assert call(again, "load_draft", {})[0] == 200


@pytest.mark.parametrize("handler", ["save_draft", "submit"])
def test_a_revision_beyond_any_count_is_refused(load_block, learner, handler):
    block = load_block(learner, "unit1_worksheet")
    status, data = call(block, handler, '{"answers": {}, "revision": 0, "client": "tab-a", "seq": ' + "9" * 400 + "}")
    assert status == 400 and "too large" in data["error"]
    status, data = call(block, handler, {"answers": {}, "revision": 0, "client": "tab-a", "seq": 2**60})
    assert status == 400 and "which window" in data["error"]
    assert load_block(learner, "unit1_worksheet").draft_revision == 0


def test_numbers_that_are_not_finite_are_refused(load_block, learner):
    block = load_block(learner, "unit1_worksheet")
    status, data = call(block, "save_draft", '{"answers": {}, "revision": 1e400, "client": "tab-a", "seq": 1}')
    assert status == 400
    assert "not valid JSON" in data["error"]
    assert load_block(learner, "unit1_worksheet").draft_revision == 0


def test_studio_settings_refuse_characters_xml_cannot_hold(load_block, staff):
    block = load_block(staff, "unit1_worksheet")
    title = block.display_name
    status, data = call(block, "studio_submit", {"display_name": "Unit\x0b one"})
    assert status == 400
    assert data["field"] == "display_name"
    assert load_block(staff, "unit1_worksheet").display_name == title


# --------------------------------------------------------------------------- the REST API


BASE = f"/api/orglab/v1/courses/{COURSE}/"
JSON_POSTS = [("put", "policy/"), ("post", "milestones/"), ("post", "learners/learner1/override/"),
              ("post", "learners/learner1/certificate/revoke/"), ("post", "learners/learner1/certificate/reinstate/"),
              ("post", "reports/")]


@pytest.fixture
def teacher(db):
    user = get_user_model().objects.create_user("teacher", "teacher@example.org", "x")
    CourseStaffRole.objects.create(user=user, course_key=COURSE_KEY)
    return user


@pytest.fixture
def rest(teacher):
    client = APIClient()
    client.force_authenticate(teacher)
    return client


@pytest.mark.parametrize("method, path", JSON_POSTS)
@pytest.mark.parametrize("body, status, words", [
    (DEEP, 400, "nested too deeply"),
    (SURROGATE, 400, "“text”"),
    ('{"a": "' + "x" * 300_000 + '"}', 413, "too large"),
    ('{"a": "' + "x" * 3_000_000 + '"}', 413, "too large"),  # past DATA_UPLOAD_MAX_MEMORY_SIZE too
])
def test_rest_refusals_are_json(rest, learner, method, path, body, status, words):
    api.enroll(learner, COURSE_KEY)
    response = getattr(rest, method)(BASE + path, body, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert words in json.dumps(response.json(), ensure_ascii=False)


def test_a_form_over_django_limit_is_a_json_413(rest, learner):
    api.enroll(learner, COURSE_KEY)
    response = rest.post(BASE + "milestones/", "a=" + "x" * 3_000_000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_the_policy_put_answers_every_400_with_its_problems(rest):
    for body in ("not json", DEEP, SURROGATE, "[1]"):
        response = rest.put(BASE + "policy/", body, content_type="application/json")
        assert response.status_code == 400
        assert set(response.json()) == {"detail", "problems"}
        assert response.json()["problems"] and all(isinstance(p, str) for p in response.json()["problems"])


def test_rest_overrides_and_milestones_only_for_enrolled_learners(rest, learner, other_learner):
    api.enroll(other_learner, COURSE_KEY)
    response = rest.post(BASE + "learners/learner1/override/", {"override": "grant", "reason": "Mentor says so"},
                         format="json")
    assert response.status_code == 404
    assert "not enrolled" in response.json()["detail"]
    assert not GrantEligibility.objects.filter(user=learner).exclude(override="").exists()
    policy = {**api_policy(), "milestones": [{"id": "live", "label": "Live sessions"}]}
    assert rest.put(BASE + "policy/", policy, format="json").status_code == 200
    response = rest.post(BASE + "milestones/", {"username": "learner1", "milestone": "live", "date": "2026-11-01"},
                         format="json")
    assert response.status_code == 400
    assert "username" in response.json()
    csv = "username,milestone,date\nlearner1,live,2026-11-01\nlearner2,live,2026-11-01\n"
    report = rest.post(BASE + "milestones/upload/", csv, content_type="text/csv").json()
    assert report["taken"] == 1
    assert [row["line"] for row in report["refused"]] == [2]
    assert "not enrolled" in report["refused"][0]["reason"]
    assert list(StaffMilestone.objects.values_list("user__username", flat=True)) == ["learner2"]


def api_policy() -> dict:
    from orglab_plugin import policy

    return json.loads(json.dumps(policy.DEFAULT_POLICY))


# --------------------------------------------------------------------------- pages


def test_a_dashboard_page_past_any_integer_is_the_last_page(client, django_user_model):
    from django.core.management import call_command

    call_command("seed_demo", learners=3, stages=False)
    assert client.login(username="staff", password="orglab-dev")
    url = reverse("orglab_reports:dashboard", args=[COURSE])
    for page in ("99999999999999999999999", "²", "-5", "1e9"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, page


def test_orglab_pages_carry_a_content_security_policy(client, learner):
    from django.core.management import call_command

    call_command("seed_demo", learners=1, stages=False)
    award = CertificateAward.objects.create(user=learner, course_key=COURSE_KEY, uuid=uuid.uuid4(),
                                            status=CertificateAward.AWARDED, awarded_at=timezone.now(), name="Ada")
    page = client.get(reverse("orglab:certificate-verify", args=[award.uuid]))
    csp = page["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in page.content.decode()
    assert client.login(username="staff", password="orglab-dev")
    dashboard = client.get(reverse("orglab_reports:dashboard", args=[COURSE]))
    assert "frame-ancestors 'self'" in dashboard["Content-Security-Policy"]
    assert "unsafe-inline" not in dashboard["Content-Security-Policy"]
    client.logout()
    assert client.login(username="learner1", password="orglab-dev")
    progress = client.get(reverse("devsite-progress"), follow=True)  # the learner's page, "My Organizer Lab"
    assert progress.status_code == 200
    assert "script-src 'self'" in progress["Content-Security-Policy"]


def test_with_debug_off_the_devsite_still_serves_the_workbench_scripts(client):
    assert settings.DEBUG is False
    response = client.get(f"{settings.STATIC_URL}workbench/js/vendor/jquery.min.js")
    assert response.status_code == 200
    assert b"jQuery" in b"".join(response.streaming_content)


def test_tests_and_the_devsite_run_without_debug(monkeypatch):
    import importlib

    import devsite.settings as devsite_settings

    assert settings.DEBUG is False
    monkeypatch.delenv("ORGLAB_DEBUG", raising=False)
    assert importlib.reload(devsite_settings).DEBUG is False
    monkeypatch.setenv("ORGLAB_DEBUG", "1")
    assert importlib.reload(devsite_settings).DEBUG is True
    monkeypatch.delenv("ORGLAB_DEBUG")
    importlib.reload(devsite_settings)
