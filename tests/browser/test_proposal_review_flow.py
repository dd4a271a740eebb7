"""Issue 15's whole path on the devsite, in one run, as its people would walk it:

learner43 opens Unit 6's grant proposal and sees two sections thin; follows the link of one back to
Unit 5, improves the answer, returns and sees the section ready; finishes Unit 6's worksheet, adds a
title, dates and a budget line, submits; downloads the wikitext and the PDF (their text is theirs,
escaped). mentor1 opens the review queue and asks for a revision on one section; learner43 sees it
in the block, revises and resubmits; mentor1 finds the revision in the queue and signs it off; the
sign-off milestone turns learner43's grant-fund eligibility on (the demo course's policy asks for it).
"""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from devsite.runtime import course_key
from orglab_plugin.models import StaffMilestone

from .conftest import log_in
from .test_progress_browser import fill_worksheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Científicas del clima {{Plantilla}} [[Enlace]] ~~~~ <script>x</script>"
BUDGET_ITEM = "Conectividad | datos móviles"
FOLLOW_UP = [  # a fuller answer to Unit 5's follow-up question: three activities, over forty words
    "Encuentros mensuales en línea para revisar juntas los artículos creados y planear las siguientes mejoras",
    "Un grupo de Telegram con mentoras voluntarias que responden dudas de edición durante los tres meses siguientes",
    "Invitar a las participantes más activas a coorganizar la próxima edición de la campaña en su ciudad",
]


def pdf_title(body: bytes) -> str:
    """The PDF's /Title (fpdf2 writes it as UTF-16 hex, or as a literal string)."""
    found = re.search(rb"/Title\s*<([0-9A-Fa-f]+)>", body)
    if found:
        raw = bytes.fromhex(found.group(1).decode())
        return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    found = re.search(rb"/Title\s*\((.*?)(?<!\\)\)", body, re.S)
    return found.group(1).decode("latin-1") if found else ""


def submit(page, button) -> None:
    """Press a block's Submit and wait for the server's answer (the status may already say "Submitted
    on" from an earlier version, so the status alone does not tell that this one landed)."""
    with page.expect_response(lambda response: "/submit" in response.url and response.request.method == "POST") \
            as answer:
        button.click()
    assert answer.value.status == 200, answer.value.text()


def open_unit6(page, base):
    page.goto(f"{base}/scenario/unit6/")
    proposal = page.locator(".orglab-proposal")
    proposal.locator(".orglab-js-notice").wait_for(state="hidden")
    return proposal


def thin_sections(proposal) -> list[str]:
    return sorted(proposal.locator(".orglab-pr-section[data-state=thin]").evaluate_all(
        "sections => sections.map(s => s.dataset.section)"))


def test_learner43_builds_the_proposal_and_mentor1_reviews_and_signs_it_off(live_server, browser, new_page):
    call_command("seed_demo", learners=45)  # learner43: everything but Unit 6; mentor1 mentors learner41–45
    base = live_server.url
    learner = new_page()
    log_in(learner, base, "learner43")

    # Two sections thin; the follow-up one links back to the Unit 5 answer that feeds it.
    proposal = open_unit6(learner, base)
    assert thin_sections(proposal) == ["follow_up", "metrics"]
    summary = proposal.locator(".orglab-pr-summary").inner_text()
    assert "2" in summary and "thin" in summary.lower()
    follow_up = proposal.locator(".orglab-pr-section[data-section=follow_up]")
    follow_up.locator(".orglab-pr-source a").first.click()
    learner.wait_for_url(re.compile(r".*/scenario/unit5/.*"))
    worksheet = learner.locator(".orglab-worksheet")
    worksheet.locator(".orglab-js-notice").wait_for(state="hidden")
    activities = worksheet.locator("[data-field-id=follow_up_activities]")
    for number, activity in enumerate(FOLLOW_UP):
        if number:
            activities.locator(".orglab-ws-add").click()
        activities.locator(".orglab-ws-item input").nth(number).fill(activity)
    submit(learner, worksheet.locator(".orglab-ws-submit"))

    # Back in Unit 6 the section is ready; the learner finishes the Unit 6 worksheet and the proposal.
    proposal = open_unit6(learner, base)
    assert thin_sections(proposal) == ["metrics"]
    assert proposal.locator(".orglab-pr-section[data-section=follow_up]").get_attribute("data-state") == "ready"
    fill_worksheet(learner)
    submit(learner, learner.locator(".orglab-worksheet .orglab-ws-submit"))
    proposal.locator(".orglab-pr-own-title").fill(TITLE)
    proposal.locator(".orglab-pr-own-start").fill("2027-03-01")
    proposal.locator(".orglab-pr-own-end").fill("2027-06-30")
    proposal.locator(".orglab-pr-item").first.fill(BUDGET_ITEM)
    proposal.locator(".orglab-pr-amount").first.fill("1200")
    proposal.locator(".orglab-pr-currency").first.fill("pen")
    proposal.locator(".orglab-pr-usd").first.fill("320")
    submit(learner, proposal.locator(".orglab-pr-submit"))
    # Certified now, but the grant fund waits for the mentor's sign-off.
    eligibility = proposal.locator(".orglab-pr-eligibility").inner_text()
    assert "Mentor sign-off" in eligibility and not proposal.locator(".orglab-pr-apply").count()

    # The downloads hold the learner's own text, escaped.
    links = {link.get_attribute("data-format"): link.get_attribute("href")
             for link in proposal.locator("a.orglab-pr-download").all()}
    wikitext = learner.request.get(f"{base}{links['wikitext']}")
    assert wikitext.ok
    text = wikitext.text()
    assert "Científicas del clima" in text and "Budget in PEN" in text and "1,200" in text
    for raw in ("{{Plantilla}}", "[[Enlace]]", "~~~~", "<script>", BUDGET_ITEM):  # none of it becomes markup
        assert raw not in text, raw
    assert "Conectividad" in text and "datos móviles" in text
    pdf = learner.request.get(f"{base}{links['pdf']}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF") and pdf_title(pdf.body()).startswith("Científicas del clima {{Plantilla}}")

    # mentor1 asks for a revision of the metrics section.
    mentor = new_page()
    log_in(mentor, base, "mentor1")
    mentor.goto(f"{base}/orglab/courses/{course_key()}/review/")
    awaiting = mentor.locator("ol.awaiting a[href*='unit6_proposal']")
    assert awaiting.count() == 1 and "learner43" in awaiting.inner_text()
    awaiting.click()
    mentor.locator("#fb-section").select_option("metrics")
    mentor.locator("input[name=verdict][value=please_revise]").check()
    mentor.locator("#fb-comment").fill("Nombra la herramienta que medirá las ediciones (p. ej. el Dashboard).")
    mentor.get_by_role("button", name="Send feedback").click()
    mentor.locator("[role=status]", has_text="Your feedback is saved").wait_for()

    # learner43 sees it beside the version, revises and resubmits.
    proposal = open_unit6(learner, base)
    feedback = proposal.locator(".orglab-feedback")
    assert "Please revise" in feedback.inner_text() and "herramienta" in feedback.inner_text()
    assert "Metrics" in feedback.locator(".orglab-feedback-where").inner_text()
    assert feedback.locator(".orglab-feedback-new").count() >= 1
    assert feedback.locator(".orglab-feedback-revise").is_visible()
    proposal.locator(".orglab-pr-own-title").fill("Científicas del clima en Wikipedia")
    submit(learner, proposal.locator(".orglab-pr-submit"))

    # mentor1 finds the revision and signs it off.
    mentor.goto(f"{base}/orglab/courses/{course_key()}/review/")
    revised = mentor.locator("ol.revised a[href*='unit6_proposal']")
    assert revised.count() == 1
    revised.click()
    mentor.get_by_role("button", name=re.compile(r"Sign off version 2")).click()
    mentor.locator("[role=status]", has_text="Signed off").wait_for()
    assert StaffMilestone.objects.filter(user__username="learner43", milestone="mentor_signoff").exists()

    # The milestone turns the eligibility on, in the same run.
    proposal = open_unit6(learner, base)
    assert proposal.locator(".orglab-pr-eligible").count() == 1
    assert proposal.locator(".orglab-pr-apply").get_attribute("href").startswith("https://meta.wikimedia.org/")
    assert "Signed off" in proposal.locator(".orglab-feedback").inner_text()
