"""Course staff use the cohort dashboard in the browser: the funnel, the learner table's filters
(driven with the keyboard), a grant-fund override with its reason, and a completion report asked
for through the reports API, followed to the end and downloaded; a learner is turned away.

Set ORGLAB_SCREENSHOTS to a folder to keep screenshots of the page (English and Spanish)."""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "course-v1:Wikimedia+OrgLab+2026"
REASON = "Presentó el plan de la campaña en la sesión en vivo"


@pytest.fixture
def threaded_reports(settings):
    settings.ORGLAB_REPORTS_IN_THREAD = True  # as in the devsite: the page follows the job's progress


def dashboard(base_url: str) -> str:
    return base_url + reverse("orglab_reports:dashboard", args=[COURSE])


def screenshot(page, name: str) -> None:
    folder = os.environ.get("ORGLAB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def focused(page) -> dict:
    """The focused element: its id, tag, type, value and the text of its label(s)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const labels = el.labels ? Array.from(el.labels).map(l => l.innerText.trim()) : [];
        return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", value: el.value || "",
                labels, name: el.getAttribute("aria-label") || el.innerText || ""};
    }""")


def rows_shown(page) -> list[str]:
    return page.locator("table.orglab-learners tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.username)")


def test_staff_filter_override_and_download_the_completion_report(live_server, new_page, threaded_reports):
    call_command("seed_demo", learners=44)
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Anything the page's Content-Security-Policy blocked would be an error too.
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, live_server.url, "staff")
    page.get_by_role("link", name="Cohort dashboard").click()
    page.wait_for_url(dashboard(live_server.url))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "44" in page.locator(".orglab-figures").inner_text()

    # The funnel: a chart with a text alternative, and the same figures as a table.
    chart = page.locator("svg.orglab-funnel")
    assert chart.get_attribute("role") == "img" and chart.is_visible()
    assert "44 enrolled" in chart.locator("title").text_content()
    steps = page.locator("table.orglab-funnel-table tbody tr")
    assert steps.count() == 6
    assert int(steps.first.locator("td").first.inner_text()) >= 4
    assert page.locator("table.orglab-funnel-table caption").is_visible()
    # The page's own CSS and JS were served (the live server serves app static files).
    assert page.evaluate("getComputedStyle(document.querySelector('.orglab-skip')).position") == "absolute"
    screenshot(page, "dashboard-en")

    # Keyboard only: the filter form, from the search box to Apply.
    page.get_by_label("Search").focus()
    assert focused(page)["id"] == "orglab-q"
    page.keyboard.press("Tab")
    assert focused(page)["labels"] == ["Show"]
    page.keyboard.press("ArrowDown")  # Everyone → Not yet eligible
    assert focused(page)["value"] == "not_eligible"
    page.keyboard.press("Tab")
    assert focused(page)["labels"] == ["Sort by"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Username (A–Z) → Username (Z–A) → Most progress first
    assert focused(page)["value"] == "-progress"
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "button" and focused(page)["name"] == "Apply"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=not_eligible.*sort=-progress|sort=-progress.*status=not_eligible"))
    shown = rows_shown(page)
    assert shown[0] == "learner43" and "learner44" not in shown  # learner44 is eligible
    assert "43 learners match." in page.locator("#orglab-count").inner_text()

    # Keyboard only: "Override…" on learner43's row fills in the override form and moves focus there.
    page.locator("tr[data-username='learner43'] a.orglab-pick").focus()
    page.keyboard.press("Enter")
    now = focused(page)
    assert now["id"] == "orglab-o-username" and now["value"] == "learner43"
    assert now["labels"] == ["Learner's username"]
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["type"] == "radio" and now["value"] == "grant" and now["labels"][0].startswith("Grant")
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["id"] == "orglab-o-reason" and now["labels"] == ["Reason"]
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Save override"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.locator(".orglab-messages", has_text="learner43 may now apply to the grant fund").wait_for()
    assert "status=not_eligible" in page.url  # the filters are kept
    assert "learner43" not in rows_shown(page)  # eligible now: no longer "not yet eligible"

    page.get_by_label("Show").select_option("overridden")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"status=overridden"))
    assert rows_shown(page) == ["learner43"]
    row = page.locator("tr[data-username='learner43']")
    assert "Granted" in row.locator(".orglab-override").inner_text()
    assert REASON in row.locator(".orglab-override").inner_text()
    assert "Eligible" in row.locator(".orglab-elig").inner_text()

    # The completion report, as CSV naming learners by username, through the reports API.
    form = page.locator("form.orglab-report[data-report='completion']")
    assert form.get_by_label("Format").input_value() == "csv"
    assert form.get_by_label("Username").is_checked()
    assert form.get_by_label("UTF-8 BOM (for Excel)").is_visible()
    here = page.url
    # A refused request shows the API's message beside the form (here a format no report has).
    form.locator("select[name='format'] option").first.evaluate("option => { option.value = 'pdf'; }")
    form.get_by_role("button", name="Request").click()
    refused = form.locator(".orglab-report-msg")
    refused.filter(has_text="pdf").wait_for()
    assert refused.get_attribute("aria-live") == "polite" and "orglab-error" in refused.get_attribute("class")
    assert page.locator(".orglab-job").count() == 0
    form.locator("select[name='format'] option").first.evaluate("option => { option.value = 'csv'; }")
    form.get_by_role("button", name="Request").click()
    form.locator(".orglab-report-msg", has_text="Completion report requested.").wait_for()
    job = page.locator(".orglab-job").first
    page.wait_for_function(
        "() => { const job = document.querySelector('.orglab-job');"
        " return job && job.dataset.status === 'done' && job.querySelector('progress').value === 100; }")
    assert page.url == here  # no reload: the script followed the job
    assert job.get_attribute("data-job-url").startswith("/api/orglab/v1/courses/")
    assert job.locator("progress").get_attribute("aria-label") == "Progress of the Completion report"
    assert job.locator(".orglab-job-status").inner_text() == "Done"
    done, total = map(int, re.search(r"(\d+) of (\d+) rows", job.locator(".orglab-job-rows").inner_text()).groups())
    assert total >= 44 and done == total

    with page.expect_download() as info:
        job.locator("a.orglab-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = {row["Username"]: row for row in csv.DictReader(handle)}
    assert len(rows) == 44
    assert rows["learner43"]["Staff override"] == "grant"
    assert rows["learner43"]["Override reason"] == REASON
    assert rows["learner44"]["Grant-fund eligibility"] == "eligible"
    assert errors == []


def test_without_javascript_every_action_is_a_form(live_server, browser, threaded_reports):
    call_command("seed_demo", learners=3, stages=False)
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, live_server.url, "staff")
        page.goto(dashboard(live_server.url) + "?sort=-username")
        page.get_by_label("Learner's username").fill("learner2")
        page.get_by_label("Deny: the learner may not apply").check()
        page.get_by_label("Reason").fill("Duplicate account")
        page.get_by_role("button", name="Save override").click()
        page.locator(".orglab-messages", has_text="learner2 may not apply to the grant fund").wait_for()
        assert page.url.endswith("?sort=-username")
        assert "Denied" in page.locator("tr[data-username='learner2'] .orglab-override").inner_text()

        form = page.locator("form.orglab-report[data-report='completion']")
        form.get_by_role("button", name="Request").click()
        page.locator(".orglab-messages", has_text="Completion report requested.").wait_for()
        for _attempt in range(30):
            if page.locator(".orglab-job[data-status='done']").count():
                break
            page.wait_for_timeout(500)
            page.reload()
        link = page.locator(".orglab-job[data-status='done'] a.orglab-download").first
        response = page.request.get(live_server.url + link.get_attribute("href"))
        assert response.ok
        rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
        assert {row["Username"]: row["Staff override"] for row in rows}["learner2"] == "deny"
    finally:
        context.close()


def test_the_dashboard_in_spanish(live_server, browser):
    call_command("seed_demo", learners=44)
    context = browser.new_context(locale="es-ES")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, live_server.url, "staff")
        page.goto(dashboard(live_server.url))
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("table.orglab-funnel-table tbody tr").count() == 6
        assert page.locator("svg.orglab-funnel rect.orglab-funnel-bar").count() == 6
        text = page.locator("body").inner_text()
        assert "Avance por las unidades" in text and "Informe de finalización" in text  # course_export's catalogue
        screenshot(page, "dashboard-es")
        page.set_viewport_size({"width": 360, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the table scrolls, not the page
        screenshot(page, "dashboard-es-360")
    finally:
        context.close()


def test_a_learner_is_turned_away(live_server, new_page):
    call_command("seed_demo", learners=2, stages=False)
    page = new_page()
    log_in(page, live_server.url, "learner1")
    assert page.get_by_role("link", name="Cohort dashboard").count() == 0
    response = page.goto(dashboard(live_server.url))
    assert response.status == 403
    assert page.get_by_role("heading", name="Course staff only").is_visible()
