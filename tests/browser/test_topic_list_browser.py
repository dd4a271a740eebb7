"""A learner builds the Unit 2 topic list in a real browser: pastes a mixed list, reads the
per-line report, tags gaps in bulk, reloads (saved), submits, and downloads the wikitext table."""
from __future__ import annotations

import pytest
from completion.models import BlockCompletion
from django.core.management import call_command

from orglab_plugin.models import Submission

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIXED = "\n".join([
    "https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico",
    "https://es.m.wikipedia.org/wiki/Efecto_invernadero",
    "* [[Calentamiento global|el calentamiento]]",
    "# [[:es:Energía solar]]",
    "[[w:es:Justicia climática]]",
    "Q7942",
    "https://www.wikidata.org/wiki/Q125928",
    "Deforestación",
    "Wangari_Maathai",
    "Berta Cáceres",
    "Categoría:Clima",
    "cambio_climático",
])


def test_learner_imports_tags_reloads_submits_and_exports(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/unit2/")
    block = page.locator(".orglab-topics")

    block.get_by_label("List to import").fill(MIXED)
    block.get_by_label("Wikipedia for titles without one").fill("eswiki")
    block.get_by_role("button", name="Import", exact=True).click()
    summary = block.locator(".orglab-tl-report-summary")
    summary.wait_for()
    assert "10 added, 1 merged" in summary.inner_text() and "1 refused" in summary.inner_text()
    refused = block.locator(".orglab-tl-line-refused")
    assert refused.count() == 1 and "namespace" in refused.inner_text()
    assert block.locator(".orglab-tl-table tbody tr").count() == 10

    # Tag every topic with a gap, in bulk.
    block.locator(".orglab-tl-select-all").check()
    block.get_by_label("Set knowledge gap").select_option("topics_for_impact")
    block.get_by_role("button", name="Apply").click()
    block.locator(".orglab-tl-saved", has_text="Saved.").wait_for()
    assert "The list meets every requirement" in block.locator(".orglab-tl-todo").inner_text()

    # Reload: all of it was saved.
    page.reload()
    block = page.locator(".orglab-topics")
    gaps = block.locator(".orglab-tl-table tbody td[data-col=gap]")
    assert gaps.count() == 10
    assert set(gaps.all_inner_texts()) == {"Topics for Impact (climate change and sustainability)"}

    block.get_by_role("button", name="Submit the list").click()
    block.locator(".orglab-tl-status", has_text="Submitted on").wait_for()
    submission = Submission.objects.get(user__username="learner1", block_type="orglab_topic_list")
    assert len(submission.payload["rows"]) == 10
    assert BlockCompletion.objects.get(user__username="learner1", block_key=submission.block_key).completion == 1.0

    with page.expect_download() as download:
        block.get_by_role("link", name="Wikitable for a Meta campaign page").click()
    path = download.value.path()
    wikitext = open(path, encoding="utf-8").read()
    assert wikitext.startswith('{| class="wikitable sortable"')
    assert "[[w:es:Cambio climático|Cambio climático]]" in wikitext
    assert wikitext.count("\n|-\n") == 11


def test_a_thousand_topics_load_and_sort(live_server, new_page):
    call_command("seed_demo", learners=1)
    page = new_page()
    log_in(page, live_server.url, "learner1")
    page.goto(f"{live_server.url}/scenario/unit2/")
    block = page.locator(".orglab-topics")
    block.get_by_label("List to import").fill("\n".join(f"Artículo {n}" for n in range(1000)))
    block.get_by_label("Wikipedia for titles without one").fill("eswiki")
    block.get_by_role("button", name="Import", exact=True).click()
    block.locator(".orglab-tl-report-summary").wait_for()
    page.reload()
    assert page.locator(".orglab-tl-table tbody tr").count() == 1000
    # Sorting redraws the whole table (how fast is measured by `make bench`, not here).
    page.locator(".orglab-tl-sort[data-key=title]").click()
    first = page.locator(".orglab-tl-table tbody tr").first.locator("td[data-col=title]")
    assert first.inner_text() == "Artículo 0"
    page.locator(".orglab-tl-sort[data-key=title]").click()
    assert first.inner_text() == "Artículo 999"
    assert page.locator("th[aria-sort=descending]").count() == 1
