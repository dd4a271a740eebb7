"""What staff download is what the learner sees: for every learner of the devsite's demo cohort, the
proposals report's Markdown and wikitext are byte for byte the files the learner downloads from
their proposal block (one assembly, one set of exports), in English and in Spanish."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
import webob
from django.contrib.auth import get_user_model
from django.utils import translation

from course_export import reports
from devsite.demo_work import STAGES, submit_activity
from devsite.runtime import DevsiteRuntime, course_key
from devsite.scenarios import sync_demo_outline
from orglab_plugin import api

pytestmark = pytest.mark.django_db


def download(user, fmt: str) -> str:
    block = DevsiteRuntime(user).get_block(course_key().make_usage_key("orglab_proposal", "unit6_proposal"))
    response = block.runtime.handle(block, "download", webob.Request.blank(f"/?format={fmt}", method="GET"))
    assert response.status_code == 200
    return response.body.decode("utf-8")


def submit_proposal(user, own: dict) -> None:
    block = DevsiteRuntime(user).get_block(course_key().make_usage_key("orglab_proposal", "unit6_proposal"))
    body = json.dumps({"own": own, "revision": block.draft_revision, "client": "t", "seq": 1}).encode()
    response = block.runtime.handle(block, "submit", webob.Request.blank("/", method="POST", body=body))
    assert response.status_code == 200, response.body


@pytest.fixture
def demo_cohort(scenarios, completion_on):
    sync_demo_outline()
    users = {}
    for username, (_label, activities, _topics) in STAGES.items():
        user = get_user_model().objects.create_user(username, f"{username}@example.org", "orglab-dev")
        api.enroll(user, course_key())
        for activity in activities:
            submit_activity(user, activity)
        users[username] = user
    submit_proposal(users["learner44"], {
        "title": "Científicas del clima {{en}} Wikipedia", "start_date": "2026-03-01", "end_date": "2026-06-30",
        "budget": [{"item": "Refrigerios", "amount": 150000, "currency": "ARS", "usd": 150}]})
    return users


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_demo_learners_proposal_in_the_report_is_what_they_download(demo_cohort, language):
    with translation.override(language):
        handle = io.BytesIO()
        reports.write_report(course_key(), "proposals", "zip", handle, {"include": ["username"]})
        archive = zipfile.ZipFile(io.BytesIO(handle.getvalue()))
        for username, user in demo_cohort.items():
            assert archive.read(f"{username}/proposal.md").decode("utf-8") == download(user, "markdown"), username
            assert archive.read(f"{username}/proposal.wiki").decode("utf-8") == download(user, "wikitext"), username
    assert sorted(name.split("/")[0] for name in archive.namelist() if "/" in name) == sorted(
        [name for name in demo_cohort for _file in ("md", "wiki")])


def test_the_demo_learner43_has_two_thin_sections(demo_cohort):
    block = DevsiteRuntime(demo_cohort["learner43"]).get_block(
        course_key().make_usage_key("orglab_proposal", "unit6_proposal"))
    proposal = block.proposal()
    assert proposal["summary"]["thin"] == 2
    assert [s["id"] for s in proposal["sections"] if s["readiness"] and s["readiness"]["state"] == "thin"] == [
        "follow_up", "metrics"]
