"""The blocks look like they belong in Open edX (issue 14): Paragon-like controls from the shared
stylesheet (orglab.css, `.orglab-block`), a title that is not shown twice, and a guided empty state
for the audience assessment. Measured in Chromium on the computed styles, as a learner sees them."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from .conftest import log_in
from .test_axe import contrast, style

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each block's unit page and its root.
BLOCKS = {"worksheet": ("unit1", ".orglab-worksheet"), "topic_list": ("unit2", ".orglab-topics"),
          "audience": ("unit3", ".orglab-audience")}
PRIMARY = "rgb(10, 48, 85)"  # Paragon's primary (#0a3055)
WHITE = "rgb(255, 255, 255)"


@pytest.fixture
def learner(live_server):
    call_command("seed_demo", learners=1)
    return live_server.url


def opened(new_page, base: str, scenario: str, root: str, username: str = "learner1"):
    page = new_page()
    log_in(page, base, username)
    page.goto(f"{base}/scenario/{scenario}/")
    page.locator(root).locator(".orglab-js-notice").wait_for(state="hidden")
    return page


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_controls_are_paragon_like_and_big_enough_for_a_finger(learner, new_page, name):
    scenario, root = BLOCKS[name]
    page = opened(new_page, learner, scenario, root)
    block = page.locator(root)
    if name == "audience":
        block.locator(".orglab-au-add").click()  # a segment: its fields and its Remove button
    buttons = [b for b in block.locator("button:not(.orglab-tl-sort)").all() if b.is_visible()]
    assert len(buttons) >= 2, name
    filled = []
    for button in buttons:
        box = button.bounding_box()
        assert box["height"] >= 44, (name, button.inner_text(), box)  # a finger's target
        assert style(button, "borderTopLeftRadius") == "6px", button.inner_text()  # 0.375rem
        background, colour = style(button, "backgroundColor"), style(button, "color")
        assert contrast(page, colour, background) >= 4.5, (button.inner_text(), colour, background)
        if background == PRIMARY:
            filled.append(button.inner_text())
        else:  # outlined in the primary colour
            assert (background, colour, style(button, "borderTopColor")) == (WHITE, PRIMARY, PRIMARY), \
                button.inner_text()
    assert len(filled) == 1, (name, filled)  # one main action, filled
    fields = [f for f in block.locator("input[type=text], textarea, select").all() if f.is_visible()]
    assert fields, name
    for field in fields:
        assert contrast(page, style(field, "borderTopColor"), WHITE) >= 3  # a field's edge is seen (AA, 1.4.11)
        assert style(field, "borderTopLeftRadius") == "6px"


def test_a_block_named_like_its_unit_shows_the_name_once(learner, new_page):
    """In Unit 3 the audience block has its unit's name: the unit's heading shows it, the block's own
    heading stays for screen readers only. Alone in its scenario (no unit), its title shows."""
    page = opened(new_page, learner, "unit3", ".orglab-audience")
    unit_title = page.locator("h1").inner_text()
    heading = page.locator(".orglab-audience h2.orglab-au-title")
    assert heading.inner_text() == unit_title
    assert heading.bounding_box()["width"] <= 1  # visually hidden ...
    assert page.get_by_role("heading", name=unit_title, level=2).count() == 1  # ... and still a heading
    visible_texts = page.evaluate("""() => [...document.querySelectorAll('h1, h2')]
        .filter(h => h.getBoundingClientRect().width > 1).map(h => h.innerText)""")
    assert visible_texts.count(unit_title) == 1
    # A worksheet with its own name (Unit 1) shows it.
    page.goto(f"{learner}/scenario/unit1/")
    assert page.locator(".orglab-worksheet h2.orglab-ws-title").bounding_box()["width"] > 100
    # The block alone, in no unit: its title shows.
    page.goto(f"{learner}/scenario/orglab_audience.0/")
    assert page.locator(".orglab-audience h2.orglab-au-title").bounding_box()["width"] > 100


def test_the_audience_assessment_guides_a_learner_who_has_not_started(learner, new_page):
    page = opened(new_page, learner, "unit3", ".orglab-audience")
    guide = page.locator(".orglab-au-empty")
    add = page.locator(".orglab-au-add")
    assert guide.is_visible()
    assert "Here is how this assessment works" in guide.inner_text()
    assert guide.locator("li").count() == 4
    assert add.inner_text() == "Add your first segment"
    assert style(add, "backgroundColor") == PRIMARY  # the one thing to do first
    assert page.locator(".orglab-au-profile-empty").is_visible()
    add.click()
    # The first segment is there, the guide gives way, the focus is in the new segment's first field.
    assert page.locator(".orglab-au-segment").count() == 1
    assert guide.is_hidden()
    assert add.inner_text() == "Add a segment"
    assert style(add, "backgroundColor") == WHITE
    assert page.evaluate("document.activeElement.closest('.orglab-au-segment') !== null")
    # Removing it brings the guide back.
    page.locator(".orglab-au-segment button").last.click()
    assert page.locator(".orglab-au-segment").count() == 0
    assert guide.is_visible() and add.inner_text() == "Add your first segment"


def test_with_javascript_off_the_guide_still_shows(learner, browser, new_page):
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = new_page(context)
        log_in(page, learner, "learner1")
        page.goto(f"{learner}/scenario/unit3/")
        assert page.locator(".orglab-au-empty").is_visible()
        assert page.locator(".orglab-au-add").is_disabled()
    finally:
        context.close()
