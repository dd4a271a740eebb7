"""A learner on a cheap phone and a slow link: every block says so when its script has not started
(JavaScript off, or the script did not load) and holds its controls disabled, so that nothing typed
is lost; at 360 px nothing scrolls sideways, before and after submitting; after Submit the focus is
on the status message, not on <body>."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from orglab_plugin.models import Submission

from .conftest import log_in
from .test_audience_browser import answer_required
from .test_worksheet_browser import field, words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEEDS_JS = "This activity needs JavaScript"
JS_OFF = "JavaScript is turned off in this browser."
# Each block's scenario page, its root, and the controls it holds disabled until its script starts.
BLOCKS = {
    "worksheet": ("unit1", ".orglab-worksheet", [".orglab-ws-form textarea", ".orglab-ws-form input",
                                                  ".orglab-ws-add", ".orglab-ws-save", ".orglab-ws-submit"]),
    "topic_list": ("unit2", ".orglab-topics", [".orglab-tl-import-button", ".orglab-tl-bulk-apply",
                                                ".orglab-tl-bulk-remove", ".orglab-tl-add-button", ".orglab-tl-check",
                                                ".orglab-tl-submit"]),
    "audience": ("unit3", ".orglab-audience", [".orglab-au-add", ".orglab-au-save", ".orglab-au-submit"]),
}
PHONE = {"width": 360, "height": 740}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def focused_class(page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' : document.activeElement.className")


def check_held(page, root: str, controls: list[str]) -> None:
    """The block's notice shows, and every control that needs the script is disabled."""
    block = page.locator(root)
    notice = block.locator(".orglab-js-notice")
    assert notice.is_visible()
    assert NEEDS_JS in notice.inner_text()
    for selector in controls:
        found = block.locator(selector)
        assert found.count(), selector
        for index in range(found.count()):
            assert found.nth(index).is_disabled(), (selector, index)


@pytest.fixture
def learner(live_server):
    call_command("seed_demo", learners=1)
    return live_server.url


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_with_javascript_off_each_block_says_so_and_holds_its_controls(learner, browser, new_page, name):
    scenario, root, controls = BLOCKS[name]
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = new_page(context)
        log_in(page, learner, "learner1")  # the devsite's login is a plain form
        page.goto(f"{learner}/scenario/{scenario}/")
        check_held(page, root, controls)
        assert JS_OFF in page.locator(root).locator(".orglab-js-notice").inner_text()
        if name == "worksheet":
            # No form submits to nowhere: its Submit is disabled, so Enter or a click reloads nothing.
            submit = page.locator(".orglab-ws-submit")
            submit.click(force=True)
            assert page.url == f"{learner}/scenario/{scenario}/"
            assert not Submission.objects.exists()
        if name == "topic_list":
            # The import form's button is held: a pasted list is never sent to nowhere by a reload.
            page.locator(".orglab-tl-import-text").fill("Wangari Maathai")
            page.locator(".orglab-tl-import-button").click(force=True)
            assert page.url == f"{learner}/scenario/{scenario}/"
            assert page.locator(".orglab-tl-import-text").input_value() == "Wangari Maathai"
        if name == "audience":
            assert page.locator(".orglab-au-add").inner_text() == "Add your first segment"
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_a_script_that_did_not_load_leaves_the_same_notice(learner, new_page, name):
    scenario, root, controls = BLOCKS[name]
    page = new_page()
    log_in(page, learner, "learner1")
    page.route("**/orglab.js", lambda route: route.abort())
    page.goto(f"{learner}/scenario/{scenario}/")
    page.wait_for_load_state("load")
    check_held(page, root, controls)
    # JavaScript is on: the <noscript> line is not shown.
    assert JS_OFF not in page.locator(root).locator(".orglab-js-notice").inner_text()


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_when_the_script_starts_the_notice_goes_and_the_controls_work(learner, new_page, name):
    scenario, root, controls = BLOCKS[name]
    page = new_page()
    log_in(page, learner, "learner1")
    page.goto(f"{learner}/scenario/{scenario}/")
    block = page.locator(root)
    block.locator(".orglab-js-notice").wait_for(state="hidden")
    for gate in block.locator(".orglab-js-gate").all():
        assert gate.get_attribute("disabled") is None
    for selector in controls:
        assert block.locator(selector).first.is_enabled(), selector


def fill_unit1(page) -> None:
    field(page, "gap_statement").locator("textarea").fill(words(45))
    field(page, "gap_dimensions").get_by_label("Topics for Impact", exact=False).first.check()
    field(page, "gap_evidence").locator("textarea").fill(words(35))
    field(page, "target_wikis").get_by_role("button", name="Add an item").click()
    page.keyboard.type("eswiki")
    field(page, "why_matters").locator("textarea").fill(words(45))
    field(page, "goal_types").locator("input[type=checkbox]").first.check()
    field(page, "goal_description").locator("textarea").fill(words(30))


def phone_page(browser, learner, locale="en-US"):
    context = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    if locale.startswith("en"):
        log_in(page, learner, "learner1")
    else:  # the login page speaks the browser's language
        page.goto(f"{learner}/login/")
        page.locator("input[name=username]").fill("learner1")
        page.locator("input[name=password]").fill("orglab-dev")
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"{learner}/")
    return context, page


def test_the_worksheet_at_360_px_refused_then_submitted_and_the_focus_on_the_status(learner, browser):
    context, page = phone_page(browser, learner)
    try:
        page.goto(f"{learner}/scenario/unit1/")
        page.locator(".orglab-worksheet .orglab-js-notice").wait_for(state="hidden")
        assert scroll_width(page) <= PHONE["width"]

        # A refused submit: the focus goes to the first answer to fix, or the alert; never <body>.
        page.locator(".orglab-ws-submit").click()
        page.locator(".orglab-ws-alert").wait_for(state="visible")
        page.wait_for_function("document.activeElement !== document.body && !document.activeElement.disabled")
        assert focused_class(page) != "BODY"
        assert scroll_width(page) <= PHONE["width"]

        fill_unit1(page)
        page.locator(".orglab-ws-submit").click()
        page.locator(".orglab-ws-status", has_text="Submitted on").wait_for()
        page.wait_for_function("document.activeElement.classList.contains('orglab-ws-status')")
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
        assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "-1"
        assert scroll_width(page) <= PHONE["width"]
        assert Submission.objects.filter(user__username="learner1", block_type="orglab_worksheet").count() == 1
    finally:
        context.close()


def test_the_audience_at_360_px_shows_the_table_instead_of_the_map_and_the_focus_on_the_status(learner, browser):
    context, page = phone_page(browser, learner)
    try:
        page.goto(f"{learner}/scenario/unit3/")
        audience = page.locator(".orglab-audience")
        audience.locator(".orglab-js-notice").wait_for(state="hidden")
        assert scroll_width(page) <= PHONE["width"]

        for index, name in enumerate(["Docentes rurales de la provincia de Chimborazo", "مكتبيات المدينة"]):
            audience.locator(".orglab-au-add").click()  # "Add your first segment", then "Add a segment"
            segment = audience.locator(".orglab-au-segment").nth(index)
            segment.get_by_label("Name of this group").fill(name)
            answer_required(segment, {"barrier_connectivity": 5})
        audience.locator(".orglab-au-saved", has_text="Draft saved.").wait_for()
        audience.get_by_role("button", name="Submit").click()
        audience.locator(".orglab-au-status", has_text="Submitted on").wait_for()
        page.wait_for_function("document.activeElement.classList.contains('orglab-au-status')")
        assert scroll_width(page) <= PHONE["width"]

        # On a phone the numbers are a table one can read; the map (its text ~4 px here) is not shown.
        heatmap = audience.locator(".orglab-au-heatmap")
        assert not heatmap.locator("svg").is_visible()
        table = heatmap.locator("table")
        assert table.is_visible()
        assert table.locator("tbody tr").count() >= 8
        box = heatmap.locator(".orglab-au-table").bounding_box()
        assert box["width"] <= PHONE["width"]
        cell_font = table.locator("td").first.evaluate("td => parseFloat(getComputedStyle(td).fontSize)")
        assert cell_font >= 12

        # Unit 4's worksheet shows that profile's recommendations beside its questions: still 360 px.
        page.goto(f"{learner}/scenario/unit4/")
        page.locator(".orglab-ws-profile", has_text="Docentes rurales").wait_for()
        assert scroll_width(page) <= PHONE["width"]
    finally:
        context.close()


def test_on_a_wide_screen_the_map_shows_and_its_table_takes_no_room(learner, new_page):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, learner, "learner1")
    page.goto(f"{learner}/scenario/unit3/")
    audience = page.locator(".orglab-audience")
    audience.locator(".orglab-au-add").click()  # "Add your first segment", then "Add a segment"
    segment = audience.locator(".orglab-au-segment").first
    segment.get_by_label("Name of this group").fill("Docentes rurales")
    answer_required(segment, {})
    audience.locator(".orglab-au-saved", has_text="Draft saved.").wait_for()
    heatmap = audience.locator(".orglab-au-heatmap")
    assert heatmap.locator("svg").is_visible()
    box = heatmap.locator(".orglab-au-table").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    # Still there for a screen reader.
    assert heatmap.get_by_role("table").count() == 1
    assert scroll_width(page) <= 1280


@pytest.mark.parametrize("locale", ["en-US", "es-419"])
@pytest.mark.parametrize("unit", [1, 3, 4, 5, 6])
def test_every_worksheet_and_audience_unit_fits_360_px(learner, browser, unit, locale):
    context, page = phone_page(browser, learner, locale)
    try:
        page.goto(f"{learner}/scenario/unit{unit}/")
        if locale == "es-419":  # Spanish words are longer: they wrap too
            assert page.evaluate("document.documentElement.lang").startswith("es")
        for notice in page.locator(".orglab-worksheet .orglab-js-notice, .orglab-audience .orglab-js-notice").all():
            notice.wait_for(state="hidden")
        assert scroll_width(page) <= PHONE["width"]
    finally:
        context.close()
