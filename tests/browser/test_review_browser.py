"""The mentor's pages in Chromium: the review queue (`orglab:review-queue`) and the review of one
learner's block (`orglab:review-submission`), as the demo's `mentor1` (who mentors learner41 …
learner45). On a 360 px phone, in English and Spanish, neither page scrolls sideways, even with an
unbroken comment and a learner's long answers on it; the feedback form is filled and sent by keyboard
alone, and focus then lands on what the page says (the refusal, then the confirmation); with
JavaScript off the form still works (a plain POST)."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from orglab_plugin import api
from orglab_plugin.models import Feedback, Submission

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = settings.ORGLAB_DEVSITE_COURSE
QUEUE = reverse("orglab:review-queue", args=[COURSE])
PHONE = {"width": 360, "height": 740}
# An unbroken comment (a pasted address): the page must wrap it, not widen.
LONG_WORD = "https://meta.wikimedia.org/wiki/Grants:Project/Rapid/" + "Clima_y_g%C3%A9nero_" * 12


@pytest.fixture
def seeded(live_server):
    call_command("seed_demo", learners=45)  # mentor1 mentors learner41 … learner45; 41–44 have work
    return live_server.url


def latest(username: str, block_type: str) -> Submission:
    return Submission.objects.filter(user__username=username, block_type=block_type).order_by("-version").first()


def review_path(username: str, block_type: str) -> str:
    row = latest(username, block_type)
    assert row is not None, (username, block_type)
    return reverse("orglab:review-submission", kwargs={"course_id": COURSE, "username": username,
                                                       "block_id": str(row.block_key)})


def active(page) -> dict:
    """What has the keyboard focus: its tag, id, role, name, value and text."""
    return page.evaluate("""() => { const el = document.activeElement;
      return {tag: el.tagName.toLowerCase(), id: el.id, role: el.getAttribute('role'), name: el.getAttribute('name'),
              value: el.value === undefined ? null : el.value, text: (el.innerText || '').trim(),
              cls: el.className}; }""")


def tab_to(page, test: str, limit: int = 60) -> dict:
    """Press Tab until the focused element passes `test` (JS, `el => bool`); fails after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            return active(page)
    raise AssertionError(f"Tab never reached {test}")


def test_the_queue_and_review_pages_do_not_scroll_sideways_at_360_px(seeded, browser):
    base = seeded
    mentor1 = get_user_model().objects.get(username="mentor1")
    learner = get_user_model().objects.get(username="learner42")
    row = latest("learner42", "orglab_worksheet")
    api.give_feedback(course_key=COURSE, reviewer=mentor1, learner=learner, block_key=row.block_key,
                      version=row.version, verdict=Feedback.PLEASE_REVISE, comment=LONG_WORD)
    pages = [QUEUE, review_path("learner42", "orglab_worksheet"), review_path("learner42", "orglab_topic_list"),
             review_path("learner42", "orglab_audience"), review_path("learner44", "orglab_proposal")]
    for locale in ("en-US", "es-ES"):
        context = browser.new_context(locale=locale, viewport=PHONE)
        try:
            page = context.new_page()
            page.set_default_timeout(15000)
            log_in(page, base, "mentor1")
            for path in pages:
                response = page.goto(f"{base}{path}")
                assert response.status == 200, path
                page.wait_for_load_state("load")
                assert page.locator("html").get_attribute("lang") == locale[:2]
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= 360, (locale, path, width)
            # The comment is on the page (wrapped, not clipped away).
            page.goto(f"{base}{review_path('learner42', 'orglab_worksheet')}")
            assert page.locator(".fb .comment", has_text=LONG_WORD[:40]).first.is_visible()
            # The wide topics table scrolls inside its own box, which the keyboard can reach.
            page.goto(f"{base}{review_path('learner42', 'orglab_topic_list')}")
            region = page.locator(".scroll[role=region]").first
            assert region.evaluate("el => getComputedStyle(el).overflowX") == "auto"
            assert region.get_attribute("tabindex") == "0"
        finally:
            context.close()


def test_a_mentor_gives_feedback_by_keyboard_alone(seeded, new_page):
    base = seeded
    page = new_page()
    log_in(page, base, "mentor1")
    page.goto(f"{base}{QUEUE}")
    # From the top of the queue, Tab reaches the first item awaiting feedback; Enter opens it.
    first = tab_to(page, "el => el.matches('ol.awaiting a')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/learner4*/**")
    learner = page.url.split("/review/")[1].split("/")[0]
    assert learner in first["text"]

    # Sending "please revise" without a comment: refused, and the focus is on why.
    tab_to(page, "el => el.id === 'fb-section'")
    tab_to(page, "el => el.type === 'radio'")
    assert active(page)["value"] == Feedback.COMMENT  # the checked radio is the group's stop
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert active(page)["value"] == Feedback.PLEASE_REVISE
    tab_to(page, "el => el.tagName === 'BUTTON' && el.closest('form').querySelector('[name=action]').value === "
                 "'feedback'", limit=3)
    with page.expect_navigation():  # the form's plain POST, answered with the page again (400)
        page.keyboard.press("Enter")
    focused = active(page)
    assert focused["role"] == "alert" and "Write a comment" in focused["text"], focused
    assert not Feedback.objects.filter(author__username="mentor1", learner__username=learner,
                                       verdict=Feedback.PLEASE_REVISE).exists()

    # Again, by keyboard: one section, please revise (kept from the refused try), a comment, Enter.
    section = tab_to(page, "el => el.id === 'fb-section'")
    assert section["value"] == ""
    page.keyboard.press("ArrowDown")  # the first section, not the whole version
    chosen = active(page)["value"]
    assert chosen
    tab_to(page, "el => el.type === 'radio'", limit=2)
    assert active(page)["value"] == Feedback.PLEASE_REVISE
    tab_to(page, "el => el.id === 'fb-comment'", limit=2)
    page.keyboard.type("Añade una cifra: cuántos artículos, y con qué herramienta los cuentas.")
    tab_to(page, "el => el.tagName === 'BUTTON'", limit=2)
    with page.expect_navigation(url="**done=feedback**"):
        page.keyboard.press("Enter")
    focused = active(page)
    assert focused["role"] == "status" and "Your feedback is saved" in focused["text"], focused
    saved = Feedback.objects.get(author__username="mentor1", learner__username=learner,
                                 verdict=Feedback.PLEASE_REVISE)
    assert saved.section == chosen and saved.comment.startswith("Añade una cifra")
    # The page shows it in the history, and the keyboard goes on from the confirmation.
    assert page.locator(".history .fb-please_revise .comment", has_text="Añade una cifra").is_visible()
    page.keyboard.press("Tab")
    assert active(page)["tag"] in ("a", "button", "select", "input", "textarea", "div")


def test_with_javascript_off_the_feedback_form_still_works(seeded, browser):
    base = seeded
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, base, "mentor1")
        page.goto(f"{base}{QUEUE}")
        assert page.locator("ol.awaiting a").count() > 0
        page.goto(f"{base}{review_path('learner44', 'orglab_proposal')}")
        page.locator("#fb-section").select_option(index=1)
        section = page.locator("#fb-section").input_value()
        page.locator(f"input[name=verdict][value={Feedback.LOOKS_GOOD}]").check()
        page.locator("#fb-comment").fill("Ready for the Rapid Fund <b>really</b>")
        page.get_by_role("button", name="Send feedback").click()
        page.wait_for_url("**done=feedback**")
        assert "Your feedback is saved" in page.locator("[role=status]").inner_text()
        saved = Feedback.objects.get(author__username="mentor1", learner__username="learner44",
                                     verdict=Feedback.LOOKS_GOOD)
        assert saved.section == section and saved.comment == "Ready for the Rapid Fund <b>really</b>"
        # Shown as text, never as markup.
        assert page.locator(".history .fb-looks_good .comment").first.inner_text() == saved.comment
        assert page.locator(".history .fb-looks_good .comment b").count() == 0
    finally:
        context.close()
