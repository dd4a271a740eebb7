"""A demo learner who has done everything but the Unit 6 worksheet submits it in the browser and
sees the certificate and grant-fund eligibility appear, with a working verification link."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from orglab_plugin.models import CertificateAward

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = " ".join(["Campaña", "de", "edición", "sobre", "clima", "y", "género", "en", "Paraguay"] * 8)


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
    call_command("seed_demo", learners=43)  # learner43 has done everything but the Unit 6 worksheet
    page = new_page()
    refused = []  # what the pages' Content-Security-Policy blocked (nothing of ours should be)
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, live_server.url, "learner43")

    page.goto(f"{live_server.url}/progress/")
    assert "Not earned yet" in page.locator(".certificate").inner_text()
    unmet = page.locator(".eligibility .unmet").inner_text()
    assert "Unit 6" in unmet
    assert page.locator("tr[data-unit='5'] td").first.inner_text() == "1 of 1"

    page.goto(f"{live_server.url}/scenario/unit6/")
    fill_worksheet(page)
    page.get_by_role("button", name="Submit").click()
    page.locator(".orglab-ws-status", has_text="Submitted on").wait_for()

    page.goto(f"{live_server.url}/progress/")
    assert "Earned on" in page.locator(".certificate").inner_text()
    assert "You may apply to the grant fund." in page.locator(".eligibility").inner_text()
    award = CertificateAward.objects.get(user__username="learner43")

    page.get_by_role("link", name="Verification page").click()
    page.wait_for_url(f"**/orglab/certificates/{award.uuid}/")
    text = page.locator("body").inner_text()
    assert "Valid" in text and "learner43" not in text
    # The page's own (nonce'd) styles apply under its Content-Security-Policy.
    assert page.locator("main").evaluate("main => getComputedStyle(main).borderTopWidth") == "6px"
    assert refused == []
    response = page.request.get(f"{live_server.url}/orglab/certificates/{award.uuid}.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
