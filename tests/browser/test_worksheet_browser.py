"""A learner fills in the unit-1 worksheet in a real browser: types, reloads (the draft is
kept), submits (the status says so), and a stale second page is refused with a message."""
from __future__ import annotations

import pytest
from completion.models import BlockCompletion
from django.core.management import call_command

from orglab_plugin.models import Submission

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Faltan artículos sobre mujeres científicas del clima en la Wikipedia en español y en guaraní"


def words(count: int) -> str:
    text = WORDS.split()
    return " ".join(text[i % len(text)] for i in range(count))


def field(page, field_id):
    return page.locator(f'.orglab-ws-field[data-field-id="{field_id}"]')


def wait_saved(page):
    page.locator(".orglab-ws-saved", has_text="Draft saved.").wait_for()


def test_learner_drafts_reloads_submits_and_a_stale_page_is_refused(live_server, new_page):
    call_command("seed_demo", learners=2)
    base = live_server.url
    page = new_page()
    log_in(page, base, "learner1")

    page.goto(f"{base}/scenario/unit1/")
    status = page.locator(".orglab-ws-status")
    assert "Not started yet." in status.inner_text()

    # Type: the draft autosaves (debounced).
    field(page, "gap_statement").locator("textarea").fill(words(45))
    wait_saved(page)
    assert "Draft" in status.inner_text()

    # Reload: the draft is still there.
    page.reload()
    assert field(page, "gap_statement").locator("textarea").input_value() == words(45)

    # Fill in the rest by keyboard and mouse, then submit.
    field(page, "gap_dimensions").get_by_label("Topics for Impact", exact=False).first.check()
    field(page, "gap_evidence").locator("textarea").fill(words(35))
    target_wikis = field(page, "target_wikis")
    target_wikis.get_by_role("button", name="Add an item").click()
    page.keyboard.type("eswiki")
    field(page, "why_matters").locator("textarea").fill(words(45))
    field(page, "goal_types").locator("input[type=checkbox]").first.check()
    field(page, "goal_description").locator("textarea").fill(words(30))
    page.get_by_role("button", name="Submit").click()
    page.locator(".orglab-ws-status", has_text="Submitted on").wait_for()
    assert page.locator(".orglab-worksheet").get_attribute("data-state") == "submitted"
    # The focus is on the status message (the Submit button was disabled while it was sent).
    page.wait_for_function("document.activeElement.classList.contains('orglab-ws-status')")

    assert Submission.objects.filter(user__username="learner1").count() == 1
    submission = Submission.objects.get(user__username="learner1")
    assert submission.payload["answers"]["target_wikis"] == ["eswiki"]
    completion = BlockCompletion.objects.get(user__username="learner1")
    assert completion.completion == 1.0 and completion.block_key == submission.block_key

    # A second page, opened now, goes stale when the first one saves newer work.
    stale = new_page(page.context)
    stale.goto(f"{base}/scenario/unit1/")
    field(page, "gap_region").locator("input").fill("Paraguay")
    wait_saved(page)
    assert "Changed since you submitted it" in page.locator(".orglab-ws-status").inner_text()

    field(stale, "gap_region").locator("input").fill("Bolivia")
    alert = stale.locator(".orglab-ws-alert")
    alert.wait_for(state="visible")
    assert "changed in another tab or window" in alert.inner_text()
    assert stale.get_by_role("button", name="Reload the page").is_visible()

    # The newer work was not overwritten; reloading the stale page shows it.
    stale.get_by_role("button", name="Reload the page").click()
    stale.wait_for_load_state()
    assert field(stale, "gap_region").locator("input").input_value() == "Paraguay"


def test_submit_shows_what_is_missing_next_to_each_field(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/unit4/")
    page.get_by_role("button", name="Submit").click()
    alert = page.locator(".orglab-ws-alert")
    alert.wait_for(state="visible")
    assert "need your attention" in alert.inner_text()
    error = field(page, "training_audience").locator(".orglab-ws-error")
    assert error.is_visible() and "is required" in error.inner_text()
    assert not Submission.objects.exists()


def test_staff_edit_a_worksheet_in_the_studio_view(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/scenario/unit2/studio_view/")
    editor = page.locator(".orglab-worksheet-studio")
    editor.get_by_label("Title", exact=True).fill("Unit 2 · Fuentes de tu lista")
    editor.get_by_role("button", name="Add a field").first.click()
    editor.get_by_role("button", name="Save").click()
    editor.locator(".orglab-st-saved", has_text="Saved.").wait_for()
    page.goto(f"{live_server.url}/scenario/unit2/")
    assert "Unit 2 · Fuentes de tu lista" in page.locator(".orglab-ws-title").inner_text()
    assert page.locator(".orglab-ws-field").count() == 4
