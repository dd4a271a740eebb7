"""Our own fuzzing (issue "Hostile input"): generated hostile bodies — wrong types anywhere in an
otherwise valid body, deep nesting, oversize, broken UTF-8, lone surrogates, NUL, URL and number
shapes that break parsers, wikitext — sent to every handler of every block, every REST endpoint
(the plugin's and the reports') and the dashboard's forms. Every answer is a 2xx, 3xx or a 4xx
with a JSON message (HTML for the form page), never a 500; and nothing unstorable is ever kept.

Bounded (a fixed number of examples per target), derandomized (the same examples every run), no
network (the article check talks to a wiki that never answers)."""
from __future__ import annotations

import itertools
import json
import warnings
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient
from xblock.fields import ModifyingEnforceTypeWarning

from orglab_plugin import api, policy
from orglab_plugin.models import (
    AwardAudit,
    CoursePolicy,
    CourseStaffRole,
    GrantEligibility,
    StaffMilestone,
    Submission,
)
from orglab_xblocks.topic_list import mediawiki
from orglab_xblocks.topic_list.vocab import TOPIC_AREAS
from tests.orglab_xblocks.audience.test_block import segment
from tests.orglab_xblocks.topic_list.test_block import DeadWiki

from .conftest import COURSE, call
from .helpers import valid_answers

pytestmark = pytest.mark.django_db

COURSE_KEY = CourseKey.from_string(COURSE)
# Examples per test: each block's handlers share one budget; so do the REST endpoints.
EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

# Text that has broken a parser somewhere, or would be live markup if echoed.
NASTY = [
    "\ud800", "a\udfffb", "\x00", "nul\x00byte", "\x0b", "\ufffe", "\u202eevil", "http://[::1", "//[abc", "https://[",
    "http://[::1]:99999/", "ftp://x", "javascript:alert(1)", "²", "٣", "9" * 5000, "-1", "1e999", "NaN", "Q" + "9" * 40,
    "Q0", "P31", "</NOWIKI>{{subst:x}}", "[[Category:X]]", "~~~~", "<script>alert(1)</script>", "-->", "{|", "|}",
    "ESWIKI ", "\neswiki", "enwiki\n", "en.wikipedia.org", "", " ", "x" * 3000, "اللغة العربية", "🌍" * 30,
    "Wangari Maathai", "enwiki", "eswiki", "gender", "climate", "put", "del", "auto", "csv", "petscan", "grant",
    "deny", "completion", "csv", "xlsx", "topics", "answers", "proposals", "username", "learner1",
]
KEYS = ["answers", "ops", "op", "row", "id", "title", "wiki", "qid", "gap", "topic", "task", "priority", "notes",
        "revision", "client", "seq", "text", "format", "segments", "name", "display_name", "instructions", "preset",
        "sections", "fields", "kind", "options", "required", "instrument", "allowed_wikis", "min_topics",
        "max_topics", "gap_dimensions", "required_fields", "check_enabled", "audience_block", "override", "reason",
        "milestone", "date", "report", "include", "bom", "policy", "certificate", "eligibility", "units",
        "threshold", "milestones", "excluded_block_types"]

text = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63),
                   st.floats(allow_nan=False, allow_infinity=False), text)
hostile = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), text), inner, max_size=4)),
    max_leaves=10,
)


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value (the root included)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, prefix + (index,))
    return found


def replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(copy[path[0]], path[1:], new)
    return copy


# Bodies that no mutation of a valid body produces: each is sent to every target, then sampled too.
RAW_BODIES = [
    b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000, b"\xff\xfe{}", b'{"a": "\xed\xa0\x80"}',
    b"", b"null", b"[]", b'"text"', b"{", b'{"revision": NaN}', b'{"revision": 1e400}', b'{"a": 1} trailing',
    b'{"revision": 1' + b"0" * 400 + b', "seq": 1}',
    b'{"text": "\\ud800"}', b'{"a\\u0000": 1}', b"x" * 70_000, json.dumps({"pad": "y" * 2_100_000}).encode(),
]


@st.composite
def mutated(draw, baseline: dict) -> bytes:
    """A body: the baseline with one place replaced or one key added, or a raw hostile body."""
    how = draw(st.sampled_from(["replace", "replace", "replace", "add", "raw"]))
    if how == "raw":
        return draw(st.sampled_from(RAW_BODIES))
    body = baseline
    if how == "replace":
        body = replaced(baseline, draw(st.sampled_from(paths(baseline)[1:] or [()])), draw(hostile))
    else:
        body = {**baseline, draw(st.one_of(st.sampled_from(KEYS), text)): draw(hostile)}
    # ensure_ascii writes lone surrogates as \ud800 escapes: valid JSON, as an attacker would send it.
    return json.dumps(body, ensure_ascii=True).encode()


def assert_storable(label: str, value: Any) -> None:
    encoded = json.dumps(value, ensure_ascii=False, default=str)
    encoded.encode("utf-8")  # raises on a lone surrogate
    assert api.bad_text_field(value) is None, (label, api.bad_text_field(value))


# --------------------------------------------------------------------------- the blocks


SEQ = itertools.count(1)


def baselines(block) -> dict[str, dict]:
    """A valid body for each JSON handler of `block` (the fuzz mutates these)."""
    kind = block.scope_ids.block_type
    draft = {"revision": block.draft_revision, "client": "fuzz", "seq": next(SEQ)}
    if kind == "orglab_worksheet":
        config = block.config()
        return {
            "load_draft": {},
            "save_draft": {**draft, "answers": valid_answers(config)},
            "submit": {**draft, "answers": valid_answers(config)},
            "studio_submit": {"display_name": block.display_name, "instructions": "Escribe.", "preset": block.preset,
                              "sections": config["sections"], "audience_block": block.audience_block},
        }
    if kind == "orglab_topic_list":
        row = {"id": "r1", "title": "Wangari Maathai", "wiki": "enwiki", "gap": "gender", "priority": "high",
               "notes": "Kenia"}
        # Enough topics to submit, each with every field the author requires.
        enough = [{**row, "id": f"r{n}", "title": f"Científica {n}", "topic": next(iter(TOPIC_AREAS)), "task": "create"}
                  for n in range(1, max(block.min_topics, 1) + 1)]
        return {
            "save_draft": {**draft, "ops": [{"op": "put", "row": row}, {"op": "del", "id": "r0"}]},
            "import_topics": {**draft, "text": "Wangari Maathai\nhttps://es.wikipedia.org/wiki/Clima\nQ42",
                              "format": "auto", "wiki": "eswiki"},
            "check_articles": draft,
            "submit": {**draft, "ops": [{"op": "del", "id": old["id"]} for old in block.topics
                                        if isinstance(old, dict) and isinstance(old.get("id"), str)]
                                       + [{"op": "put", "row": topic} for topic in enough]},
            "studio_submit": {"display_name": "Temas", "instructions": "", "allowed_wikis": ["eswiki", "enwiki"],
                              "gap_dimensions": ["gender"], "required_fields": ["gap"], "min_topics": 1,
                              "max_topics": 50, "check_enabled": True},
        }
    instrument = block.current_instrument()
    segments = [segment("s1"), segment("s2", "Estudiantes", barrier_connectivity=5)]
    return {
        "save_draft": {**draft, "segments": segments},
        "submit": {**draft, "segments": segments},
        "studio_submit": {"display_name": "Audiencia", "instructions": "", "instrument": instrument},
    }


BLOCKS = [("orglab_worksheet", "unit1_worksheet"), ("orglab_worksheet", "unit4_worksheet"),
          ("orglab_topic_list", "unit2_topic_list"), ("orglab_audience", "unit3_audience")]


@pytest.fixture
def no_wiki(monkeypatch):
    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=DeadWiki()))


def check_block_state(block, user) -> None:
    """The block as kept: every field storable, and its pages render."""
    for name in block.fields:
        assert_storable(f"{block.scope_ids.block_type}.{name}", getattr(block, name))
    block.render("student_view", {})
    if user.is_staff:
        block.render("studio_view", {})


@pytest.mark.parametrize("block_type, url_name", BLOCKS)
def test_the_baselines_are_valid_bodies(load_block, learner, staff, completion_on, no_wiki, block_type, url_name):
    """The fuzz starts from bodies each handler takes, so its mutations reach deep into the handlers."""
    for handler in baselines(load_block(learner, url_name, block_type)):
        user = staff if handler == "studio_submit" else learner
        block = load_block(user, url_name, block_type)
        status, answer = call(block, handler, baselines(block)[handler])
        assert status == 200, (handler, answer)


@pytest.mark.parametrize("block_type, url_name", BLOCKS)
def test_block_handlers_never_fail_on_hostile_bodies(load_block, learner, staff, completion_on, no_wiki,
                                                     block_type, url_name):
    handlers = list(baselines(load_block(learner, url_name, block_type)))
    statuses: dict[str, set] = {}

    def send(handler: str, body: bytes) -> None:
        user = staff if handler == "studio_submit" else learner
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status, answer = call(load_block(user, url_name, block_type), handler, body)
        # XBlock's fields strip what XML cannot hold, with only a warning: nothing may reach them so.
        assert not [w for w in caught if issubclass(w.category, ModifyingEnforceTypeWarning)], caught
        statuses.setdefault(handler, set()).add(status)
        assert 200 <= status < 300 or 400 <= status < 500, (handler, status, answer)
        if status >= 400:
            assert isinstance(answer, dict) and isinstance(answer.get("error"), str) and answer["error"], answer
        check_block_state(load_block(user, url_name, block_type), user)

    for handler in handlers:
        for body in RAW_BODIES:
            send(handler, body)

    @FUZZ
    @given(data=st.data())
    def run(data):
        handler = data.draw(st.sampled_from(handlers), label="handler")
        block = load_block(staff if handler == "studio_submit" else learner, url_name, block_type)
        send(handler, data.draw(mutated(baselines(block)[handler]), label="body"))

    run()
    # The fuzz reached the handlers' own checks, not only the door: some bodies were taken.
    assert set(statuses) == set(handlers) or len(statuses) >= len(handlers) - 1, statuses
    assert any(code == 200 for codes in statuses.values() for code in codes), statuses


def test_topic_list_export_never_fails_on_hostile_queries(load_block, learner):
    import webob

    block = load_block(learner, "unit2_topic_list", "orglab_topic_list")

    @FUZZ
    @given(fmt=st.one_of(st.sampled_from(["csv", "wikitext", "list", "worklist"]), text),
           wiki=st.one_of(st.none(), text))
    def run(fmt, wiki):
        query = {"format": fmt} if wiki is None else {"format": fmt, "wiki": wiki}
        request = webob.Request.blank("/", method="GET", POST=None)
        request.GET.update({key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                            for key, value in query.items()})
        response = block.runtime.handle(block, "export", request)
        assert response.status_code in (200, 400), (query, response.status_code)
        if response.status_code == 400:
            assert json.loads(response.body)["error"]

    run()


# --------------------------------------------------------------------------- the REST API and the dashboard


@pytest.fixture
def course(learner, other_learner, completion_on):
    call_command("seed_demo", learners=0, stages=False)
    for user in (learner, other_learner):
        api.enroll(user, COURSE_KEY)
    teacher = get_user_model().objects.create_user("teacher", "teacher@example.org", "orglab-dev")
    CourseStaffRole.objects.create(user=teacher, course_key=COURSE_KEY)
    return teacher


def check_stored(label: str) -> None:
    for document in CoursePolicy.objects.values_list("document", flat=True):
        assert_storable(label, document)
    assert_storable(label, list(AwardAudit.objects.values_list("reason", flat=True)))
    assert_storable(label, list(GrantEligibility.objects.values_list("override_reason", flat=True)))
    assert_storable(label, list(StaffMilestone.objects.values_list("milestone", flat=True)))
    assert_storable(label, list(Submission.objects.values_list("payload", flat=True)))


BASE = f"/api/orglab/v1/courses/{COURSE}/"
REST = [
    ("put", "policy/", json.loads(json.dumps(policy.DEFAULT_POLICY))),
    ("post", "milestones/", {"username": "learner1", "milestone": "live_sessions", "date": "2026-11-01"}),
    ("post", "learners/learner1/override/", {"override": "grant", "reason": "Mentor sign-off"}),
    ("delete", "learners/learner1/override/", {"reason": "Back to the policy"}),
    ("post", "learners/learner1/certificate/revoke/", {"reason": "Duplicate"}),
    ("post", "learners/learner1/certificate/reinstate/", {"reason": "Appeal"}),
    ("post", "recompute/", {}),
    ("post", "reports/", {"report": "completion", "format": "csv", "include": ["username"], "bom": False}),
]
QUERIES = ["learners/", "learners/learner1/", "milestones/", "policy/", "me/", "reports/"]


def test_rest_endpoints_never_fail_on_hostile_bodies(course):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(course)
    statuses = set()

    def send(method: str, path: str, body: bytes) -> None:
        response = getattr(client, method)(BASE + path, body, content_type="application/json")
        statuses.add(response.status_code)
        assert response.status_code < 500, (method, path, body[:80], response.status_code, response.content[:300])
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json"), response.content[:200]
            assert response.json()
        check_stored(path)

    for method, path, _baseline in REST:
        for body in RAW_BODIES:
            send(method, path, body)

    @FUZZ
    @given(target=st.sampled_from(REST), data=st.data())
    def run(target, data):
        method, path, baseline = target
        send(method, path, data.draw(mutated(baseline), label="body"))

    run()
    assert {200, 400} <= statuses, statuses


def test_rest_queries_never_fail(course):
    client = APIClient()
    client.force_authenticate(course)

    @FUZZ
    @given(path=st.sampled_from(QUERIES), key=st.sampled_from(["page", "page_size", "status", "milestone",
                                                             "username", "course_id", "block_id"]), value=text)
    def run(path, key, value):
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        response = client.get(BASE + path, {key: value})
        assert response.status_code < 500, (path, key, value[:50], response.status_code)
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json")
        response = client.get("/api/orglab/v1/submissions/", {"course_id": COURSE, key: value})
        assert response.status_code < 500, (key, value[:50], response.status_code)

    run()


def test_dashboard_forms_never_fail(course, client):
    assert client.login(username="teacher", password="orglab-dev")
    url = reverse("orglab_reports:dashboard", args=[COURSE])

    @FUZZ
    @given(action=st.one_of(st.sampled_from(["override", "milestones", "report"]), text),
           fields=st.dictionaries(st.sampled_from(["username", "override", "reason", "report", "format", "include",
                                                   "bom", "page", "q", "status", "sort"]), text, max_size=5))
    def run(action, fields):
        form = {key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                for key, value in {**fields, "action": action}.items()}
        response = client.post(url, form)
        assert response.status_code in (200, 302, 400), (form, response.status_code)
        query = {key: value for key, value in form.items() if key in ("page", "q", "status", "sort")}
        assert client.get(url, query).status_code == 200
        check_stored("dashboard")

    run()
