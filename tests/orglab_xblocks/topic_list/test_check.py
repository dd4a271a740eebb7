"""Checking a topic list against the wikis, on recorded answers (never the network)."""
from __future__ import annotations

import copy
from typing import Any

import pytest
import requests

from orglab_xblocks.topic_list.check import CheckResult, check_rows
from orglab_xblocks.topic_list.mediawiki import MediaWikiClient, MediaWikiError

from .test_mediawiki import FakeTransport, fake_wiki, respond


def row(title: str = "", *, wiki: str = "eswiki", qid: str = "", status: str = "unknown", **values: Any
        ) -> dict[str, Any]:
    base = {
        "id": "", "title": title, "wiki": wiki, "qid": qid, "source_title": "", "source_wiki": "",
        "status": status, "gap": "", "topic": "", "task": "", "priority": "", "notes": "", "sitelinks": None,
        "canonical": "",
    }
    base.update(values)
    base["id"] = base["id"] or f"r-{title or qid}"
    return base


def checker(*answers: Any) -> tuple[MediaWikiClient, FakeTransport, list[float]]:
    transport = FakeTransport(*answers)
    sleeps: list[float] = []
    return MediaWikiClient(transport=transport, sleep=sleeps.append), transport, sleeps


# --------------------------------------------------------------------------- a mixed list, recorded


MIXED = [
    row("cambio_climático", notes="Normalized by the wiki"),
    row("Mercurio"),
    row("EEUU", canonical="stale"),
    row("Laboratorio Tabianchi", qid="Q130000099"),
    row("Marta Vieira (científica)", qid="Q130000001", status="exists"),
    row("Wangari Mathai", qid="Q47487"),
    row("Cosa[rara]", status="exists"),
    row(qid="Q42"),
    row(qid="Q130000002", notes="Kenyan climate scientist"),
    row("Climate change", wiki="enwiki"),
]


@pytest.fixture
def mixed() -> tuple[CheckResult, FakeTransport, list[dict[str, Any]]]:
    given = copy.deepcopy(MIXED)
    client, transport, _sleeps = checker(
        "check_entities_qid_only_eswiki",  # step 1: the rows with only a QID
        "check_query_eswiki",  # step 2: the titles, one wiki at a time
        "check_query_enwiki",
        "check_entities_missing_eswiki",  # step 3: sitelinks of missing articles with an item
    )
    result = check_rows(given, client)
    assert given == MIXED  # the rows given are not changed
    return result, transport, given


def by_id(result: CheckResult) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in result.rows}


def test_mixed_list_statuses(mixed):
    result, transport, _given = mixed
    assert not result.failed and result.error is None
    assert result.checked == len(MIXED)
    assert [row["id"] for row in result.rows] == [row["id"] for row in MIXED]
    assert {row["id"]: row["status"] for row in result.rows} == {
        "r-cambio_climático": "exists",
        "r-Mercurio": "disambiguation",
        "r-EEUU": "redirect",
        "r-Laboratorio Tabianchi": "stub",
        "r-Marta Vieira (científica)": "missing",
        "r-Wangari Mathai": "missing",
        "r-Cosa[rara]": "unknown",
        "r-Q42": "exists",
        "r-Q130000002": "missing",
        "r-Climate change": "exists",
    }
    assert [call.host for call in transport.calls] == [
        "www.wikidata.org", "es.wikipedia.org", "en.wikipedia.org", "www.wikidata.org"]


def test_normalization_replaces_the_title(mixed):
    rows = by_id(mixed[0])
    assert rows["r-cambio_climático"]["title"] == "Cambio climático"
    assert rows["r-cambio_climático"]["canonical"] == ""
    assert rows["r-cambio_climático"]["notes"] == "Normalized by the wiki"


def test_redirect_keeps_the_title_and_gives_the_target(mixed):
    rows = by_id(mixed[0])
    assert rows["r-EEUU"]["title"] == "EEUU"
    assert rows["r-EEUU"]["canonical"] == "Estados Unidos"


def test_qid_filled_from_the_wiki_but_never_overwritten(mixed):
    rows = by_id(mixed[0])
    assert rows["r-cambio_climático"]["qid"] == "Q125928"
    assert rows["r-Mercurio"]["qid"] == "Q186474"
    assert rows["r-Laboratorio Tabianchi"]["qid"] == "Q130000099"  # the learner's, not the page's Q130000003


def test_invalid_title_is_unknown_and_kept(mixed):
    rows = by_id(mixed[0])
    assert rows["r-Cosa[rara]"]["title"] == "Cosa[rara]"
    assert rows["r-Cosa[rara]"]["qid"] == ""


def test_qid_only_row_gets_its_title_and_sitelink_count(mixed):
    rows = by_id(mixed[0])
    assert rows["r-Q42"]["title"] == "Douglas Adams"
    assert rows["r-Q42"]["sitelinks"] == 5
    assert rows["r-Q42"]["canonical"] == ""


def test_qid_only_row_without_an_article_suggests_the_label(mixed):
    rows = by_id(mixed[0])
    assert rows["r-Q130000002"]["title"] == ""
    assert rows["r-Q130000002"]["canonical"] == "Wanjiru Kamau-Okello"  # no Spanish label: English
    assert rows["r-Q130000002"]["sitelinks"] == 2
    assert rows["r-Q130000002"]["notes"] == "Kenyan climate scientist"


def test_missing_articles_with_an_item_get_sitelink_counts(mixed):
    result, transport, _given = mixed
    rows = by_id(result)
    assert rows["r-Marta Vieira (científica)"]["sitelinks"] == 4
    assert rows["r-Marta Vieira (científica)"]["canonical"] == ""
    # The item has an article on this wiki under another title: that title is suggested.
    assert rows["r-Wangari Mathai"]["sitelinks"] == 3
    assert rows["r-Wangari Mathai"]["canonical"] == "Wangari Maathai"
    # Existing articles are never looked up on Wikidata.
    assert rows["r-Climate change"]["sitelinks"] is None
    assert transport.calls[-1].ids == ["Q130000001", "Q47487"]


# --------------------------------------------------------------------------- request counts


def test_1000_existing_titles_take_at_most_20_requests():
    rows = [row(f"Topic {number:04d}", wiki="enwiki") for number in range(1000)]
    client, transport, _sleeps = checker(*([fake_wiki] * 40))
    result = check_rows(rows, client)
    assert not result.failed
    assert client.request_count <= 20
    assert all(call.params["action"] == "query" for call in transport.calls)
    assert all(len(call.titles) <= 50 for call in transport.calls)
    assert transport.max_in_flight == 1
    assert {row["status"] for row in result.rows} == {"exists"}
    assert result.rows[7]["qid"] == "Q100007"
    assert result.checked == 1000


def test_stub_threshold():
    client, _transport, _sleeps = checker(lambda url, params: fake_wiki(url, params, length=2999),
                                          lambda url, params: fake_wiki(url, params, length=2999))
    assert check_rows([row("Topic 1", wiki="enwiki")], client).rows[0]["status"] == "stub"
    assert check_rows([row("Topic 1", wiki="enwiki")], client, stub_bytes=2000).rows[0]["status"] == "exists"


def test_languages_for_chooses_the_label_languages():
    client, transport, _sleeps = checker(fake_wiki)
    result = check_rows([row(qid="Q7", wiki="swwiki")], client, languages_for=lambda wiki: ("fr", "en"))
    assert transport.calls[0].params["languages"] == "fr|en"
    # Q7 has a Swahili article in the fake, and it exists: one more request for the title.
    assert result.rows[0]["title"] == "Title of Q7"


# --------------------------------------------------------------------------- failures


def test_network_failure_midway_keeps_what_was_checked():
    rows = [row(f"Topic {number:03d}", wiki="enwiki", status="exists") for number in range(120)]
    rows[100]["status"] = "missing"
    client, _transport, _sleeps = checker(lambda url, params: fake_wiki(url, params, length=100),
                                          requests.ConnectionError("Connection reset by peer"))
    result = check_rows(rows, client)
    assert result.failed
    assert isinstance(result.error, MediaWikiError) and result.error.code == "network"
    assert result.checked == 50
    assert [row["status"] for row in result.rows[:50]] == ["stub"] * 50
    assert all(row["qid"] for row in result.rows[:50])
    assert [row["status"] for row in result.rows[50:]] == ["unknown"] * 70
    assert rows[100]["status"] == "missing"  # the rows given are untouched


def test_failure_on_a_later_wiki_keeps_the_earlier_wiki():
    rows = [row("Topic 1", wiki="enwiki"), row("Topic 2", wiki="frwiki")]
    client, _transport, _sleeps = checker(fake_wiki, requests.Timeout("read timed out"))
    result = check_rows(rows, client)
    assert result.failed and result.error.code == "timeout"
    assert [row["status"] for row in result.rows] == ["exists", "unknown"]


def test_maxlag_exhausted_marks_everything_unknown():
    maxlag = ["maxlag"] * 4
    client, _transport, sleeps = checker(*maxlag)
    result = check_rows([row("Mercury", wiki="enwiki", status="disambiguation")], client)
    assert result.failed and result.error.code == "maxlag"
    assert str(result.error) == "Wikipedia is busy right now. Try again in a few minutes."
    assert result.rows[0]["status"] == "unknown"
    assert sleeps == [7, 7, 7]


def test_failure_in_the_sitelink_step_keeps_the_statuses():
    rows = [row("Wanjiru Kamau-Okello", wiki="enwiki", qid="Q130000002")]
    client, _transport, _sleeps = checker("query_missing", respond(text="<html>Internal error</html>", status=500))
    result = check_rows(rows, client)
    assert result.failed and result.error.code == "http"
    assert result.rows[0]["status"] == "missing"
    assert result.checked == 1


def test_rows_on_an_unknown_wiki_or_without_title_and_qid_are_unknown():
    client, transport, _sleeps = checker()
    result = check_rows([row("Foo", wiki="en.wikipedia.org", status="exists"), row("", wiki="enwiki")], client)
    assert not result.failed
    assert [row["status"] for row in result.rows] == ["unknown", "unknown"]
    assert result.checked == 0
    assert transport.calls == []


def test_an_unexpected_bug_does_not_raise():
    class Broken(MediaWikiClient):
        def page_info(self, wiki, titles):
            raise KeyError("surprise")

    result = check_rows([row("Foo", wiki="enwiki", status="exists")], Broken(transport=FakeTransport()))
    assert result.failed and result.error.code == "malformed"
    assert result.rows[0]["status"] == "unknown"


def test_an_empty_list():
    client, transport, _sleeps = checker()
    assert check_rows([], client) == CheckResult(rows=[], checked=0, failed=False, error=None)
    assert transport.calls == []
