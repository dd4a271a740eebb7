"""The topic list on a cheap phone: at 360 px nothing makes the page scroll sideways, before and
after an import and a check; after Import and after Check the focus is on the result (never on
<body>); a check that cannot reach the server says that checking failed, that nothing was lost
and to press the button again; the learner's Wikipedia follows their language and their choice."""
from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from requests.structures import CaseInsensitiveDict

from orglab_xblocks.topic_list import mediawiki

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

# Long titles and a long unbroken link: lines that must wrap, not widen the page.
LIST = "\n".join([
    "Cambio climático",
    "Adaptación al cambio climático en los pequeños estados insulares en desarrollo",
    "Efecto invernadero",
    "https://es.wikipedia.org/wiki/Emisiones_de_di%C3%B3xido_de_carbono_per_c%C3%A1pita_en_los_pa%C3%ADses_de_Am%C3%A9rica",
    "Categoría:Clima_y_meteorología_de_los_países_de_América_Latina_y_el_Caribe_por_región",
])


class EveryArticleMissing:
    """A Wikipedia on which no article exists yet (the check's transport, in the live server's thread)."""

    def __call__(self, url, params, headers, timeout):
        titles = params.get("titles", "").split("|") if params.get("titles") else []
        body = {"query": {"pages": [{"ns": 0, "title": title, "missing": True} for title in titles]}}
        return type("Response", (), {"status_code": 200, "headers": CaseInsensitiveDict(), "text": json.dumps(body)})()


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def focused_class(page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' : document.activeElement.className")


def open_unit2(new_page, live_server):
    call_command("seed_demo", learners=1)
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/unit2/")
    block = page.locator(".orglab-topics")
    block.locator(".orglab-tl-status").filter(has_text="No topics yet.").wait_for()
    return page, block


def test_at_360_px_nothing_scrolls_sideways_and_focus_follows_import_and_check(live_server, new_page, monkeypatch):
    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=EveryArticleMissing()))
    page, block = open_unit2(new_page, live_server)
    assert scroll_width(page) <= 360

    block.get_by_label("List to import").fill(LIST)
    block.get_by_label("Wikipedia for titles without one").fill("eswiki")
    block.get_by_role("button", name="Import", exact=True).click()
    summary = block.locator(".orglab-tl-report-summary")
    summary.filter(has_text="4 added").wait_for()
    assert "1 refused" in summary.inner_text()
    assert focused_class(page).split()[0] == "orglab-tl-report-summary"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert block.locator(".orglab-tl-table tbody tr").count() == 4
    assert scroll_width(page) <= 360
    # The refused line wraps inside the report rather than being cut.
    refused = block.locator(".orglab-tl-line-refused")
    assert refused.evaluate("node => node.scrollWidth <= node.clientWidth + 1")

    block.get_by_role("button", name="Check the articles on Wikipedia").click()
    result = block.locator(".orglab-tl-check-result")
    result.filter(has_text="4 topics checked.").wait_for()
    assert focused_class(page).split()[0] == "orglab-tl-check-result"
    assert set(block.locator("td[data-col=status]").all_inner_texts()) == {"Missing"}
    assert scroll_width(page) <= 360


def test_a_check_that_cannot_reach_the_server_says_so_and_keeps_the_list(live_server, new_page):
    page, block = open_unit2(new_page, live_server)
    block.get_by_label("List to import").fill("Cambio climático\nSequía\n")
    block.get_by_role("button", name="Import", exact=True).click()
    block.locator(".orglab-tl-report-summary").filter(has_text="2 added").wait_for()

    page.context.set_offline(True)
    block.get_by_role("button", name="Check the articles on Wikipedia").click()
    result = block.locator(".orglab-tl-check-result.orglab-tl-result-error")
    result.wait_for()
    text = result.inner_text()
    assert text.startswith("Checking the articles failed")
    assert "Nothing was lost" in text and "“Check the articles on Wikipedia” again" in text
    assert "could not be saved" not in text and "try again" not in text
    assert focused_class(page).split()[0] == "orglab-tl-check-result"
    assert block.locator(".orglab-tl-table tbody tr").count() == 2
    assert block.get_by_role("button", name="Check the articles on Wikipedia").is_enabled()
    assert scroll_width(page) <= 360

    # Back online, the same button works again.
    page.context.set_offline(False)
    page.route(lambda url: "/check_articles" in url, lambda route: route.fulfill(status=500, body="Server Error"))
    block.get_by_role("button", name="Check the articles on Wikipedia").click()
    block.locator(".orglab-tl-check-result", has_text="failed on the server").wait_for()
    assert focused_class(page).split()[0] == "orglab-tl-check-result"


def test_an_import_that_cannot_reach_the_server_keeps_the_text(live_server, new_page):
    page, block = open_unit2(new_page, live_server)
    block.get_by_label("List to import").fill("Cambio climático\n")
    page.context.set_offline(True)
    block.get_by_role("button", name="Import", exact=True).click()
    result = block.locator(".orglab-tl-report-summary.orglab-tl-result-error")
    result.wait_for()
    assert result.inner_text().startswith("The import failed: the server could not be reached. Nothing was lost")
    assert block.get_by_label("List to import").input_value() == "Cambio climático\n"
    assert focused_class(page).split()[0] == "orglab-tl-report-summary"


def test_the_learners_wikipedia_follows_their_language_and_their_choice(live_server, new_page):
    page, block = open_unit2(new_page, live_server)
    choice = block.locator(".orglab-tl-wiki-choice")
    assert choice.input_value() == "enwiki"
    # Spanish interface: titles without a wiki go to eswiki.
    page.evaluate("""async () => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        await fetch('/i18n/setlang/', {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRFToken': token},
            body: 'language=es&next=/'});
    }""")
    page.reload()
    block = page.locator(".orglab-topics")
    choice = block.locator(".orglab-tl-wiki-choice")
    assert choice.input_value() == "eswiki"
    assert block.locator(".orglab-tl-add-wiki").input_value() == "eswiki"
    assert scroll_width(page) <= 360  # Spanish labels are longer: they wrap too

    # The learner chooses another once; it is saved with the draft and kept after a reload.
    choice.fill("frwiki")
    choice.press("Tab")
    block.locator(".orglab-tl-saved").filter(has_text="Guardado.").wait_for()
    assert block.locator(".orglab-tl-add-wiki").input_value() == "frwiki"
    block.locator(".orglab-tl-add-title").fill("Sécheresse")
    block.locator(".orglab-tl-add-button").click()
    block.locator(".orglab-tl-saved").filter(has_text="Guardado.").wait_for()
    page.reload()
    block = page.locator(".orglab-topics")
    assert block.locator(".orglab-tl-wiki-choice").input_value() == "frwiki"
    assert block.locator("td[data-col=wiki]").all_inner_texts() == ["frwiki"]
    assert scroll_width(page) <= 360
