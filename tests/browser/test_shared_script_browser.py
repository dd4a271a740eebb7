"""The blocks' shared script (window.OrgLab, orglab_xblocks/public/js/orglab.js) in a real browser:
every learner and Studio view starts without a script error, loading the script again keeps the
one OrgLab, and each block's drafts follow the one protocol when a save does not reach the server
(the alert says so and carries the retry marker; the next save that arrives clears it)."""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo course's unit showing each block.
UNITS = {"orglab_worksheet": "unit1", "orglab_topic_list": "unit2", "orglab_audience": "unit3"}
PREFIXES = {"orglab_worksheet": "orglab-ws", "orglab_topic_list": "orglab-tl", "orglab_audience": "orglab-au"}
SAVE = re.compile(r"/handler/[^/]+/save_draft/")


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_every_view_starts_and_orglab_is_defined_once(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    errors = watch_errors(page)
    log_in(page, live_server.url, "staff")
    for unit in UNITS.values():
        for view in ("", "studio_view/"):
            page.goto(f"{live_server.url}/scenario/{unit}/{view}")
            page.wait_for_load_state("load")
            assert page.evaluate("() => typeof window.OrgLab.drafts") == "function", (unit, view)
            assert errors == [], (unit, view, errors)
    # A page with other kinds of block loads the script again from their addresses: one OrgLab stays.
    page.goto(f"{live_server.url}/scenario/unit1/")
    page.evaluate("() => { window.firstOrgLab = window.OrgLab; }")
    for block_type in UNITS:
        page.add_script_tag(url=f"{live_server.url}/resource/{block_type}/public/js/orglab.js")
    assert page.evaluate("() => window.OrgLab === window.firstOrgLab")
    assert errors == []


def change_something(page, block_type: str, n: int) -> None:
    """A change that the block saves as a draft."""
    if block_type == "orglab_worksheet":
        page.locator('.orglab-ws-field[data-field-id="gap_region"] input').fill(f"Región {n}")
    elif block_type == "orglab_topic_list":
        page.locator(".orglab-tl-add-title").fill(f"Artículo {n}")
        page.locator(".orglab-tl-add-wiki").fill("eswiki")
        page.locator(".orglab-tl-add-button").click()
    else:
        page.locator(".orglab-au-add").click()


@pytest.mark.parametrize("block_type", sorted(UNITS))
def test_a_save_that_does_not_arrive_is_said_and_retried(live_server, new_page, block_type):
    call_command("seed_demo", learners=1)
    page = new_page()
    errors = watch_errors(page)
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/{UNITS[block_type]}/")
    prefix = PREFIXES[block_type]
    alert = page.locator(f".{prefix}-alert")

    page.route(SAVE, lambda route: route.abort("internetdisconnected"))
    change_something(page, block_type, 1)
    alert.wait_for(state="visible")
    assert "could not be saved" in alert.inner_text()
    assert alert.get_attribute("data-kind") == "network"

    page.unroute(SAVE)
    change_something(page, block_type, 2)
    page.locator(f".{prefix}-saved", has_text="saved.").wait_for()
    alert.wait_for(state="hidden")
    assert alert.get_attribute("data-kind") is None
    assert page.locator(f".{prefix}-status").inner_text() == "Draft, not submitted yet."
    assert errors == []
