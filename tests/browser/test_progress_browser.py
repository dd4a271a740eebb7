"""The learner's own page, "My Organizer Lab" (`/orglab/courses/<course>/me/`, the devsite's `/progress/`):
a demo learner who has done everything but the Unit 6 worksheet submits it in the browser and sees
the certificate and grant-fund eligibility appear, with a working verification link; on a 360 px
phone, in English and Spanish, nothing scrolls sideways; by keyboard, Tab reaches every link."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from devsite.demo_work import sign_off_proposal
from orglab_plugin.models import CertificateAward

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = " ".join(["Campaña", "de", "edición", "sobre", "clima", "y", "género", "en", "Paraguay"] * 8)
MY_LAB = reverse("orglab:my-lab", args=[settings.ORGLAB_DEVSITE_COURSE])
PHONE = {"width": 360, "height": 740}


def fill_worksheet(page):
    """Answer every field of a worksheet through its form, as a learner would."""
    for field in page.locator(".orglab-ws-field").all():
        kind = field.get_attribute("data-kind")
        if kind == "long_text":
            field.locator("textarea").fill(WORDS)
        elif kind == "short_text":
            field.locator("input").fill("Wikimedistas de Paraguay")
        elif kind == "url":
            field.locator("input").fill("https://meta.wikimedia.org/wiki/Event:Clima_2026")
        elif kind == "date":
            field.locator("input").fill("2026-12-01")
        elif kind == "number":
            field.locator("input").fill("20")
        elif kind == "single_choice":
            field.locator("input").first.check()
        elif kind == "multiple_choice":
            for box in field.locator("input").all()[:2]:
                box.check()
        elif kind == "list":
            for item in ("Coordinación", "Comunicación"):
                field.get_by_role("button", name="Add an item").click()
                page.keyboard.type(item)


def test_the_last_activity_brings_the_certificate_and_eligibility(live_server, new_page):
    call_command("seed_demo", learners=43)  # learner43 has done everything but Unit 6 (worksheet, proposal)
    page = new_page()
    refused = []  # what the pages' Content-Security-Policy blocked (nothing of ours should be)
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, live_server.url, "learner43")

    # The header's link, /progress/, is the learner's own page for the demo course.
    page.get_by_role("link", name="My Organizer Lab").click()
    page.wait_for_url(f"**{MY_LAB}")
    assert "Not earned yet" in page.locator(".certificate").inner_text()
    unmet = page.locator(".eligibility .unmet").inner_text()
    assert "Unit 6" in unmet
    assert page.locator("li[data-unit='5'] .count").inner_text() == "1 of 1 activity complete"
    assert page.locator("li[data-unit='6'] .done").count() == 0
    assert page.locator(".submissions [data-block-type='orglab_worksheet']").count() >= 1
    # The page's own (nonce'd) styles apply under its Content-Security-Policy.
    assert page.locator("section.certificate").evaluate("s => getComputedStyle(s).borderTopWidth") == "1px"

    # A unit's link opens it; there the learner submits the last worksheet.
    page.locator("li[data-unit='6'] h3 a").click()
    page.wait_for_url("**/scenario/unit6/")
    fill_worksheet(page)
    page.locator(".orglab-worksheet").get_by_role("button", name="Submit").click()
    page.locator(".orglab-ws-status", has_text="Submitted on").wait_for()
    # ... and the grant proposal, Unit 6's other activity: its title, dates and a budget line.
    proposal = page.locator(".orglab-proposal")
    proposal.locator(".orglab-pr-own-title").fill("Científicas del clima")
    proposal.locator(".orglab-pr-own-start").fill("2027-03-01")
    proposal.locator(".orglab-pr-own-end").fill("2027-06-30")
    proposal.locator(".orglab-pr-item").first.fill("Conectividad")
    proposal.locator(".orglab-pr-amount").first.fill("1200")
    proposal.locator(".orglab-pr-currency").first.fill("PEN")
    proposal.get_by_role("button", name="Submit").click()
    proposal.locator(".orglab-pr-status", has_text="Submitted on").wait_for()

    page.goto(f"{live_server.url}/progress/")
    page.wait_for_url(f"**{MY_LAB}")
    assert "Earned on" in page.locator(".certificate").inner_text()
    # The certificate is earned; the grant fund also waits for the mentor's sign-off on the proposal
    # (the demo course's policy): mentor1 gives it, and the page says so on the next visit.
    assert "Mentor sign-off" in page.locator(".eligibility .unmet").inner_text()
    sign_off_proposal(get_user_model().objects.get(username="learner43"),
                      get_user_model().objects.get(username="mentor1"))
    page.reload()
    assert "You may apply to the grant fund." in page.locator(".eligibility").inner_text()
    assert page.locator("li[data-unit='6'] .done").count() == 1
    unit6 = page.locator(".submissions li[data-block-type='orglab_worksheet']", has_text="Unit 6")
    assert "Version 1" in unit6.inner_text()
    award = CertificateAward.objects.get(user__username="learner43")
    pdf = page.get_by_role("link", name="Download the certificate (PDF)").get_attribute("href")
    assert pdf == f"/orglab/certificates/{award.uuid}.pdf"

    page.get_by_role("link", name="Verification page").click()
    page.wait_for_url(f"**/orglab/certificates/{award.uuid}/")
    text = page.locator("body").inner_text()
    assert "Valid" in text and "learner43" not in text
    assert page.locator("main").evaluate("main => getComputedStyle(main).borderTopWidth") == "6px"
    assert refused == []
    response = page.request.get(f"{live_server.url}{pdf}")
    assert response.ok and response.body().startswith(b"%PDF")


@pytest.mark.parametrize("locale, heading", [("en-US", "My Organizer Lab"), ("es-419", "Mi Organizer Lab")])
def test_at_360_px_the_page_does_not_scroll_sideways(live_server, browser, locale, heading):
    call_command("seed_demo", learners=44)  # learner44: every unit, the certificate, eligible
    login = browser.new_context(locale="en-US")  # the login form in English, then the phone in its language
    log_in(login.new_page(), live_server.url, "learner44")
    session = login.storage_state()
    login.close()
    context = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True, storage_state=session)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}{MY_LAB}")
        assert page.locator("h1").inner_text() == heading
        assert page.locator(".certificate .links a").count() == 2
        if page.locator("details summary").count():  # a submission's earlier versions, opened: still narrow
            page.locator("details summary").first.click()
            page.locator("details[open]").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.evaluate("document.body.scrollWidth") <= 360
    finally:
        context.close()


def test_tab_reaches_every_link_and_shows_where_the_focus_is(live_server, new_page):
    call_command("seed_demo", learners=44)
    page = new_page()
    log_in(page, live_server.url, "learner44")
    page.goto(f"{live_server.url}{MY_LAB}")
    wanted = page.evaluate("""() => [...document.querySelectorAll('a[href], summary')]
        .map((el, i) => { el.dataset.k1 = String(i); return String(i); })""")
    assert len(wanted) >= 12  # back, four on this page, six units, two certificate links, submissions…
    reached = []
    for _ in range(len(wanted) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            return {k: el.dataset.k1 || '', outline: style.outlineStyle + ' ' + style.outlineWidth}; }""")
        if focused is None:
            break
        assert focused["outline"] == "solid 3px", focused  # a visible focus ring
        reached.append(focused["k"])
    assert reached == wanted  # every link, in reading order, and nothing else
    # Enter on a focused link follows it: the first unit.
    page.locator("li[data-unit='1'] h3 a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/scenario/unit1/")
