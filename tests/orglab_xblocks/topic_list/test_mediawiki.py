"""The MediaWiki Action API client, on recorded answers (never the network).

Recorded answers live in `recorded/*.json`: the request they answer (`host` and parameters),
the HTTP status and headers, and the body exactly as `formatversion=2` sends it.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import caches
from requests.structures import CaseInsensitiveDict

import orglab_plugin
from orglab_xblocks.topic_list import mediawiki
from orglab_xblocks.topic_list.mediawiki import (
    ERROR_MESSAGES,
    EntityInfo,
    MediaWikiClient,
    MediaWikiError,
    PageInfo,
    api_url,
    default_client,
)

RECORDED = Path(__file__).resolve().parent / "recorded"
META = "https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab"


# --------------------------------------------------------------------------- the fake transport


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class FakeResponse:
    status_code: int = 200
    headers: CaseInsensitiveDict | None = None
    text: str = ""


def respond(body: Any = None, *, status: int = 200, headers: dict[str, str] | None = None,
            text: str | None = None) -> FakeResponse:
    headers = CaseInsensitiveDict({"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    return FakeResponse(status, headers, text if text is not None else json.dumps(body, ensure_ascii=False))


@dataclass
class Call:
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    timeout: float

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def titles(self) -> list[str]:
        return self.params["titles"].split("|")

    @property
    def ids(self) -> list[str]:
        return self.params["ids"].split("|")


class FakeTransport:
    """Answers each request with the next answer given: the name of a recorded file (whose
    request must match), a FakeResponse, an exception to raise, or a callable(url, params)."""

    def __init__(self, *answers: str | FakeResponse | BaseException | Callable[..., FakeResponse],
                 delay: float = 0.0):
        self.answers = list(answers)
        self.calls: list[Call] = []
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def __call__(self, url: str, params: dict[str, str], headers: dict[str, str], timeout: float) -> FakeResponse:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.calls.append(Call(url, dict(params), dict(headers), timeout))
            assert self.answers, f"unexpected request: {url} {params}"
            answer = self.answers.pop(0)
        try:
            if self.delay:
                time.sleep(self.delay)
            if isinstance(answer, BaseException):
                raise answer
            if isinstance(answer, str):
                record = recorded(answer)
                expected = dict(record["request"])
                assert urlsplit(url).hostname == expected.pop("host")
                assert urlsplit(url).path == "/w/api.php"
                for key, value in expected.items():
                    assert params.get(key) == value, (answer, key, params.get(key), value)
                return respond(record.get("body"), status=record["status"], headers=record["headers"],
                               text=record.get("text"))
            if callable(answer):
                return answer(url, params)
            return answer
        finally:
            with self._lock:
                self.in_flight -= 1


def fake_wiki(url: str, params: dict[str, str], *, length: int = 5000) -> FakeResponse:
    """A wiki where every title asked exists (with a Wikidata item), and Wikidata items with 3 sitelinks."""
    if params["action"] == "query":
        pages = []
        for title in params["titles"].split("|"):
            number = int(re.sub(r"\D", "", title) or 0)
            pages.append({
                "pageid": 1000 + number, "ns": 0, "title": title, "contentmodel": "wikitext",
                "pagelanguage": "en", "pagelanguagehtmlcode": "en", "pagelanguagedir": "ltr",
                "touched": "2025-05-01T00:00:00Z", "lastrevid": 5000 + number, "length": length,
                "pageprops": {"wikibase_item": f"Q{100000 + number}"},
            })
        return respond({"batchcomplete": True, "query": {"pages": pages}})
    assert params["action"] == "wbgetentities"
    entities = {}
    for qid in params["ids"].split("|"):
        entities[qid] = {
            "type": "item", "id": qid,
            "labels": {"en": {"language": "en", "value": f"Label of {qid}"}},
            "sitelinks": {site: {"site": site, "title": f"Title of {qid}", "badges": []}
                          for site in ("enwiki", "frwiki", "swwiki")},
        }
    return respond({"entities": entities, "success": 1})


def client_for(*answers: Any, **options: Any) -> tuple[MediaWikiClient, FakeTransport, list[float]]:
    transport = FakeTransport(*answers)
    sleeps: list[float] = []
    client = MediaWikiClient(transport=transport, sleep=sleeps.append, **options)
    return client, transport, sleeps


@pytest.fixture
def cache():
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


# --------------------------------------------------------------------------- pages


def test_missing_page():
    client, transport, _sleeps = client_for("query_missing")
    info = client.page_info("enwiki", ["Wanjiru Kamau-Okello"])["Wanjiru Kamau-Okello"]
    assert info == PageInfo(title="Wanjiru Kamau-Okello", canonical="Wanjiru Kamau-Okello", exists=False,
                            redirect=False, disambiguation=False, length=None, qid=None, invalid=None)
    assert client.request_count == 1


def test_request_parameters_follow_the_etiquette():
    client, transport, _sleeps = client_for("query_missing", timeout=4.5)
    client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    (call,) = transport.calls
    assert call.url == "https://en.wikipedia.org/w/api.php"
    assert call.params == {
        "action": "query", "prop": "info|pageprops", "ppprop": "wikibase_item|disambiguation",
        "redirects": "1", "titles": "Wanjiru Kamau-Okello", "format": "json", "formatversion": "2", "maxlag": "5",
    }
    assert call.timeout == 4.5


def test_redirect_chain_is_followed_to_the_end():
    client, _transport, _sleeps = client_for("query_redirect_chain")
    info = client.page_info("enwiki", ["climate crisis"])["climate crisis"]
    assert info.title == "climate crisis"
    assert info.canonical == "Climate change"
    assert info.redirect and info.exists and not info.normalized
    assert info.length == 171204
    assert info.qid == "Q125928"


def test_normalization_without_redirect():
    client, transport, _sleeps = client_for("query_normalized")
    info = client.page_info("eswiki", ["cambio_climático"])["cambio_climático"]
    assert transport.calls[0].host == "es.wikipedia.org"
    assert info.canonical == "Cambio climático"
    assert info.exists and not info.redirect and info.normalized
    assert (info.length, info.qid, info.disambiguation) == (148230, "Q125928", False)


def test_titles_are_sent_in_unicode_nfc():
    decomposed = "Cambio clima\u0301tico"
    page = recorded("query_normalized")["body"]["query"]["pages"][0]
    client, transport, _sleeps = client_for(respond({"batchcomplete": True, "query": {"pages": [page]}}))
    info = client.page_info("eswiki", [decomposed])[decomposed]
    assert transport.calls[0].params["titles"] == "Cambio climático"
    assert info.exists and info.canonical == "Cambio climático"


def test_disambiguation_page():
    client, _transport, _sleeps = client_for("query_disambiguation")
    info = client.page_info("enwiki", ["Mercury"])["Mercury"]
    assert info.disambiguation and info.exists
    assert info.qid == "Q200276"


def test_invalid_title():
    client, _transport, _sleeps = client_for("query_invalid")
    info = client.page_info("enwiki", ["Climate [change]"])["Climate [change]"]
    assert info.invalid == 'The requested page title contains invalid characters: "[".'
    assert not info.exists


def test_empty_title_is_not_sent():
    client, transport, _sleeps = client_for()
    assert client.page_info("enwiki", ["  "])["  "].invalid
    assert transport.calls == []


def test_a_title_with_a_pipe_uses_the_unit_separator():
    body = {"batchcomplete": True, "query": {"pages": [
        {"ns": 0, "title": "Alpha", "missing": True},
        {"title": "Beta|Gamma", "invalidreason": 'The requested page title contains invalid characters: "|".',
         "invalid": True},
    ]}}
    client, transport, _sleeps = client_for(respond(body))
    answers = client.page_info("enwiki", ["Alpha", "Beta|Gamma"])
    assert transport.calls[0].params["titles"] == "\x1fAlpha\x1fBeta|Gamma"
    assert answers["Beta|Gamma"].invalid and not answers["Alpha"].exists


def test_interwiki_title_is_not_a_page_here():
    body = {"batchcomplete": True, "query": {"interwiki": [{"title": "fr:Paris", "iw": "fr"}]}}
    client, _transport, _sleeps = client_for(respond(body))
    assert client.page_info("enwiki", ["fr:Paris"])["fr:Paris"].invalid == mediawiki.INTERWIKI_REASON


def test_answers_are_keyed_by_the_titles_given_in_order():
    client, _transport, _sleeps = client_for(fake_wiki)
    answers = client.page_info("enwiki", ["Topic 2", "Topic 1", "Topic 2"])
    assert list(answers) == ["Topic 2", "Topic 1"]
    assert client.request_count == 1


# --------------------------------------------------------------------------- batching and concurrency


def test_batching_120_titles_makes_3_requests_of_at_most_50_in_order():
    titles = [f"Topic {number:03d}" for number in range(120)]
    client, transport, _sleeps = client_for(fake_wiki, fake_wiki, fake_wiki)
    answers = client.page_info("enwiki", titles)
    assert client.request_count == 3
    assert [len(call.titles) for call in transport.calls] == [50, 50, 20]
    assert [title for call in transport.calls for title in call.titles] == titles
    assert transport.max_in_flight == 1
    assert all(answers[title].exists and answers[title].length == 5000 for title in titles)
    assert answers["Topic 007"].qid == "Q100007"


def test_concurrent_callers_share_one_request_at_a_time():
    transport = FakeTransport(*([fake_wiki] * 8), delay=0.01)
    client = MediaWikiClient(transport=transport, sleep=lambda seconds: None)
    errors = []

    def check(start: int) -> None:
        try:
            client.page_info("enwiki", [f"Topic {start + number}" for number in range(100)])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=check, args=(start,)) for start in (0, 1000, 2000, 3000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert client.request_count == 8
    assert transport.max_in_flight == 1


# --------------------------------------------------------------------------- cache


def test_cache_hit_makes_no_second_request(cache):
    client, transport, _sleeps = client_for("query_normalized", fake_wiki, cache=cache)
    first = client.page_info("eswiki", ["cambio_climático"])
    again = client.page_info("eswiki", ["cambio_climático"])
    assert again == first
    assert client.request_count == 1
    # Only the titles not in the cache are asked for.
    client.page_info("eswiki", ["cambio_climático", "Topic 5"])
    assert client.request_count == 2
    assert transport.calls[1].titles == ["Topic 5"]


def test_another_client_reads_the_same_cache(cache):
    client_for("query_normalized", cache=cache)[0].page_info("eswiki", ["cambio_climático"])
    other, transport, _sleeps = client_for(cache=cache)
    assert other.page_info("eswiki", ["cambio_climático"])["cambio_climático"].canonical == "Cambio climático"
    assert transport.calls == []


def test_cache_keys_are_short_ascii_and_kept_a_day():
    stored: dict[str, tuple[Any, Any]] = {}

    class RecordingCache:
        def get(self, key):
            return stored.get(key, (None, None))[0]

        def set(self, key, value, timeout):
            stored[key] = (value, timeout)

    client, _transport, _sleeps = client_for(fake_wiki, fake_wiki, cache=RecordingCache())
    long_title = "Ñandú " + "x" * 240
    client.page_info("eswiki", [long_title, "Topic 1"])
    client.entities(["Q42"], wiki="eswiki", languages=("es", "en"))
    assert len(stored) == 3
    for key, (_value, timeout) in stored.items():
        assert key.isascii() and " " not in key and len(key) < 100
        assert timeout == 86400
    # The same title on another wiki is another entry.
    client2, transport2, _sleeps = client_for(fake_wiki, cache=RecordingCache())
    client2.page_info("enwiki", ["Topic 1"])
    assert len(transport2.calls) == 1


def test_entities_are_cached_per_item_wiki_and_languages(cache):
    client, _transport, _sleeps = client_for(fake_wiki, fake_wiki, fake_wiki, cache=cache)
    client.entities(["Q1"], wiki="eswiki", languages=("es", "en"))
    client.entities(["Q1"], wiki="eswiki", languages=("es", "en"))
    assert client.request_count == 1
    client.entities(["Q1"], wiki="frwiki", languages=("es", "en"))
    client.entities(["Q1"], wiki="eswiki", languages=("en",))
    assert client.request_count == 3


# --------------------------------------------------------------------------- Wikidata


def test_entities_sitelinks_labels_and_missing_items():
    client, transport, _sleeps = client_for("wbgetentities")
    items = client.entities(["Q42", "Q999999999"], wiki="eswiki", languages=("es", "en"))
    assert items["Q42"] == EntityInfo(qid="Q42", missing=False, sitelinks=6, site_title="Douglas Adams",
                                      label="Douglas Adams")
    assert items["Q999999999"] == EntityInfo(qid="Q999999999", missing=True, sitelinks=0, site_title=None,
                                             label=None)
    (call,) = transport.calls
    assert call.url == "https://www.wikidata.org/w/api.php"
    assert call.params == {"action": "wbgetentities", "ids": "Q42|Q999999999", "props": "sitelinks|labels",
                           "languages": "es|en", "format": "json", "formatversion": "2", "maxlag": "5"}
    assert "sitefilter" not in call.params


def test_entity_label_falls_back_to_the_next_language():
    client, _transport, _sleeps = client_for(fake_wiki)
    item = client.entities(["Q7"], wiki="eswiki", languages=("es", "en"))["Q7"]
    assert item.label == "Label of Q7"
    assert item.site_title is None
    assert item.sitelinks == 3


def test_entities_are_batched_50_a_request():
    qids = [f"Q{number}" for number in range(1, 121)]
    client, transport, _sleeps = client_for(fake_wiki, fake_wiki, fake_wiki)
    items = client.entities(qids, wiki="enwiki")
    assert [len(call.ids) for call in transport.calls] == [50, 50, 20]
    assert items["Q120"].site_title == "Title of Q120"


def test_ill_formed_ids_are_never_sent():
    client, transport, _sleeps = client_for(fake_wiki)
    items = client.entities(["Q0", "foo", "q12"], wiki="enwiki")
    assert items["Q0"].missing and items["foo"].missing
    assert items["q12"].sitelinks == 3
    assert transport.calls[0].ids == ["Q12"]


# --------------------------------------------------------------------------- errors and maxlag


def test_maxlag_waits_retry_after_then_succeeds():
    client, transport, sleeps = client_for("maxlag", "query_missing")
    info = client.page_info("enwiki", ["Wanjiru Kamau-Okello"])["Wanjiru Kamau-Okello"]
    assert not info.exists
    assert sleeps == [7]
    assert client.request_count == 2
    assert transport.calls[0].params == transport.calls[1].params


def test_maxlag_retries_exhausted():
    client, _transport, sleeps = client_for("maxlag", "maxlag", "maxlag", "maxlag", max_retries=3)
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    assert caught.value.code == "maxlag"
    assert str(caught.value) == ERROR_MESSAGES["maxlag"]
    assert sleeps == [7, 7, 7]
    assert client.request_count == 4


def test_maxlag_without_retry_after_waits_5_seconds():
    body = recorded("maxlag")["body"]
    client, _transport, sleeps = client_for(respond(body), "query_missing")
    client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    assert sleeps == [5]


@pytest.mark.parametrize("status", [429, 503])
def test_too_many_requests_and_unavailable_wait_retry_after(status):
    busy = respond(text="Too many requests", status=status, headers={"Retry-After": "2"})
    client, _transport, sleeps = client_for(busy, "query_missing")
    assert not client.page_info("enwiki", ["Wanjiru Kamau-Okello"])["Wanjiru Kamau-Okello"].exists
    assert sleeps == [2]


def test_retry_after_is_capped():
    busy = respond(recorded("maxlag")["body"], headers={"Retry-After": "86400"})
    client, _transport, sleeps = client_for(busy, "query_missing")
    client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    assert sleeps == [mediawiki.MAX_RETRY_AFTER]


def test_timeout():
    client, _transport, sleeps = client_for(requests.Timeout("read timed out"))
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Climate change"])
    assert caught.value.code == "timeout"
    assert str(caught.value) == "Wikipedia did not answer in time."
    assert sleeps == []


def test_network_failure():
    client, _transport, _sleeps = client_for(requests.ConnectionError("Name or service not known"))
    with pytest.raises(MediaWikiError) as caught:
        client.entities(["Q42"])
    assert caught.value.code == "network"
    assert "Name or service" in caught.value.detail
    assert "Name or service" not in str(caught.value)


def test_http_500_is_not_retried():
    client, _transport, sleeps = client_for("http_500")
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Climate change"])
    assert caught.value.code == "http"
    assert client.request_count == 1 and sleeps == []


def test_malformed_json():
    client, _transport, _sleeps = client_for("malformed")
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Climate change"])
    assert caught.value.code == "malformed"


@pytest.mark.parametrize("body", [
    {"batchcomplete": True},
    {"batchcomplete": True, "query": {"pages": {"-1": {"title": "Climate change", "missing": ""}}}},
    {"batchcomplete": True, "query": {"pages": [{"ns": 0}]}},
    ["not", "an", "object"],
])
def test_unexpected_shape_is_malformed(body):
    client, _transport, _sleeps = client_for(respond(body))
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Climate change"])
    assert caught.value.code == "malformed"


def test_other_api_error():
    client, _transport, _sleeps = client_for("api_error")
    with pytest.raises(MediaWikiError) as caught:
        client.page_info("enwiki", ["Climate change"])
    assert caught.value.code == "api"
    assert caught.value.detail.startswith("toomanyvalues")


def test_every_error_code_has_a_message():
    assert set(ERROR_MESSAGES) == {"timeout", "network", "http", "malformed", "api", "maxlag"}
    for code in ERROR_MESSAGES:
        assert str(MediaWikiError(code)) == ERROR_MESSAGES[code]
        assert MediaWikiError(code).code == code


# --------------------------------------------------------------------------- User-Agent and wikis


def test_user_agent_follows_the_policy():
    client, transport, _sleeps = client_for("query_missing")
    client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    headers = transport.calls[0].headers
    expected = f"orglab/{orglab_plugin.__version__} ({META}) python-requests/{requests.__version__}"
    assert headers["User-Agent"] == expected
    assert headers["Api-User-Agent"] == expected
    assert re.fullmatch(r"[\w.-]+/[\w.]+ \((https://|[^@\s]+@)[^)]+\) python-requests/[\d.]+", headers["User-Agent"])


def test_user_agent_contact_from_the_constructor():
    client, transport, _sleeps = client_for("query_missing", user_agent="orglab-admin@example.org")
    client.page_info("enwiki", ["Wanjiru Kamau-Okello"])
    assert "(orglab-admin@example.org)" in transport.calls[0].headers["User-Agent"]


@pytest.mark.parametrize(("wiki", "url"), [
    ("enwiki", "https://en.wikipedia.org/w/api.php"),
    ("eswiki", "https://es.wikipedia.org/w/api.php"),
    ("zh_min_nanwiki", "https://zh-min-nan.wikipedia.org/w/api.php"),
    ("be_x_oldwiki", "https://be-tarask.wikipedia.org/w/api.php"),
    ("simplewiki", "https://simple.wikipedia.org/w/api.php"),
])
def test_api_url(wiki, url):
    assert api_url(wiki) == url


@pytest.mark.parametrize("wiki", ["", "wiki", "en", "EnWiki", "enwiktionary", "en.wikipedia.org", "en_wiki",
                                  "en-wiki", "1wiki", "enwiki/../x", "enwiki\n"])
def test_api_url_refuses_what_is_not_a_wiki(wiki):
    with pytest.raises(ValueError):
        api_url(wiki)
    client, transport, _sleeps = client_for()
    with pytest.raises(ValueError):
        client.page_info(wiki, ["Climate change"])
    assert transport.calls == []


def test_wiki_languages():
    assert mediawiki.default_languages("eswiki") == ("es", "en")
    assert mediawiki.default_languages("enwiki") == ("en",)
    assert mediawiki.default_languages("be_x_oldwiki") == ("be-tarask", "en")
    assert mediawiki.default_languages("simplewiki") == ("en",)


def test_default_client_reads_settings_when_called(settings):
    settings.ORGLAB_MEDIAWIKI_CONTACT = "organizers@example.org"
    settings.ORGLAB_MEDIAWIKI_TIMEOUT = 3
    client = default_client()
    assert "(organizers@example.org)" in client.user_agent
    assert client.timeout == 3
    from django.core.cache import cache as django_cache
    assert client.cache is django_cache
    del settings.ORGLAB_MEDIAWIKI_CONTACT
    del settings.ORGLAB_MEDIAWIKI_TIMEOUT
    client = default_client()
    assert f"({META})" in client.user_agent
    assert client.timeout == 10


def test_a_spent_time_budget_stops_before_the_next_request():
    from orglab_xblocks.topic_list.mediawiki import MediaWikiClient, MediaWikiError

    now = [0.0]
    sent = []

    def transport(url, params, headers, timeout):
        sent.append(params)
        now[0] += 30  # each answer takes 30 s
        from requests.structures import CaseInsensitiveDict

        pages = [{"ns": 0, "title": t, "missing": True} for t in params["titles"].split("|")]
        return type("R", (), {"status_code": 200, "headers": CaseInsensitiveDict(),
                              "text": json.dumps({"query": {"pages": pages}})})()

    client = MediaWikiClient(transport=transport, budget=45, clock=lambda: now[0])
    with pytest.raises(MediaWikiError) as error:
        client.page_info("eswiki", [f"T{n}" for n in range(150)])
    assert error.value.code == "timeout" and len(sent) == 2
