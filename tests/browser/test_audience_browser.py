"""A learner assesses their audience in a real browser (two segments, answers, heat map, submit),
then opens the Unit 4 worksheet and finds that profile's recommendations beside the questions."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from orglab_plugin.models import Submission
from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_required(segment, barrier_points):
    for question in DEFAULT_INSTRUMENT["questions"]:
        if not question["required"]:
            continue
        box = segment.locator(f'[data-question="{question["id"]}"]')
        if question["kind"] == "scale":
            point = barrier_points.get(question["id"], 1)
            box.get_by_label(str(point), exact=True).check()
        else:
            box.locator("input").first.check()


def test_two_segments_a_heat_map_and_the_profile_in_unit_4(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/unit3/")
    audience = page.locator(".orglab-audience")

    for index, (name, points) in enumerate([
        ("Docentes rurales", {"barrier_connectivity": 5, "barrier_devices": 4}),
        ("مكتبيات المدينة", {"barrier_safety": 5, "barrier_gender": 5}),
    ]):
        audience.locator(".orglab-au-add").click()  # "Add your first segment", then "Add a segment"
        segment = audience.locator(".orglab-au-segment").nth(index)
        segment.get_by_label("Name of this group").fill(name)
        answer_required(segment, points)

    audience.locator(".orglab-au-saved", has_text="Draft saved.").wait_for()
    heatmap = audience.locator(".orglab-au-heatmap")
    assert heatmap.locator("svg rect").count() == 2 * len(DEFAULT_INSTRUMENT["needs"])
    table = heatmap.locator("table")
    assert table.locator("thead th").all_inner_texts()[1:] == ["Docentes rurales", "مكتبيات المدينة"]
    recommendations = audience.locator(".orglab-au-recommendations")
    assert "Offline and low-bandwidth materials" in recommendations.inner_text()

    audience.get_by_role("button", name="Submit").click()
    audience.locator(".orglab-au-status", has_text="Submitted on").wait_for()
    page.wait_for_function("document.activeElement.classList.contains('orglab-au-status')")
    assert Submission.objects.filter(user__username="learner1", block_type="orglab_audience").count() == 1

    page.goto(f"{live_server.url}/scenario/unit4/")
    profile = page.locator(".orglab-ws-profile")
    text = profile.inner_text()
    assert "Docentes rurales" in text and "مكتبيات المدينة" in text
    safe_space = next(n for n in DEFAULT_INSTRUMENT["needs"] if n["id"] == "safe_space")
    assert safe_space["label"] in text and safe_space["recommendation"][:50] in text
    profile.get_by_role("link", name="See or change the assessment (Unit 3)").click()
    page.wait_for_url(f"{live_server.url}/scenario/unit3/")


def test_staff_edit_a_need_and_a_weight_in_studio(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/scenario/unit3/studio_view/")
    editor = page.locator(".orglab-audience-studio")
    editor.locator(".orglab-st-need").first.get_by_label("Recommendation shown when this need is high").fill(
        "Empieza con una sesión de edición básica, paso a paso.")
    time_label = next(q["label"] for q in DEFAULT_INSTRUMENT["questions"] if q["id"] == "barrier_time")
    question = editor.locator(".orglab-st-question").filter(has_text=time_label).first
    question.get_by_label("Weight toward “Mentoring and follow-up”").fill("1.5")
    editor.get_by_role("button", name="Save").click()
    editor.get_by_text("Saved.").wait_for()

    from django.contrib.auth import get_user_model

    from devsite.runtime import DevsiteRuntime, course_key
    from devsite.scenarios import get_scenarios

    get_scenarios()
    block = DevsiteRuntime(get_user_model().objects.get(username="staff")).get_block(
        course_key().make_usage_key("orglab_audience", "unit3_audience"))
    assert block.instrument["needs"][0]["recommendation"] == "Empieza con una sesión de edición básica, paso a paso."
    weights = next(q for q in block.instrument["questions"] if q["id"] == "barrier_time")["weights"]
    assert weights["mentoring"] == 1.5 and weights["flexible_schedule"] == 3
