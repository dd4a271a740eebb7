"""orglab's one MediaWiki Action API client: which titles exist on a Wikipedia (and what they
redirect to), and what Wikidata knows about items.

It keeps the Wikimedia API etiquette: a policy-shaped User-Agent, one request at a time,
`maxlag=5` with a wait of `Retry-After` seconds, 50 titles or ids a request, and answers
cached for a day so that re-checking a list does not ask again.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import math
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import requests

import orglab_plugin

from ..i18n import _

DEFAULT_CONTACT = "https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab"
WIKIDATA_API = "https://www.wikidata.org/w/api.php"
BATCH_SIZE = 50  # titles or ids a request (the limit without the apihighlimits right)
MAXLAG = 5
DEFAULT_RETRY_AFTER = 5.0
MAX_RETRY_AFTER = 60.0  # never make a learner wait longer than this for one retry
CACHE_SECONDS = 86400
_CACHE_VERSION = "1"


# What a person is told; `MediaWikiError.code` picks one. Translated by the block.
ERROR_MESSAGES: dict[str, str] = {
    "timeout": _("Wikipedia did not answer in time."),
    "network": _("Could not reach Wikipedia. Check the connection and try again."),
    "http": _("Wikipedia answered with an error. Try again later."),
    "malformed": _("Wikipedia sent an answer that could not be read."),
    "api": _("Wikipedia refused the request."),
    "maxlag": _("Wikipedia is busy right now. Try again in a few minutes."),
}

# Reasons given for titles the API does not treat as pages of this wiki.
INTERWIKI_REASON = "The title points to another wiki."
SPECIAL_REASON = "The title is a special page."
EMPTY_REASON = "The title is empty."
NO_ANSWER_REASON = "The API gave no page for this title."


class MediaWikiError(Exception):
    """The wiki could not be asked, or did not answer usefully. `str()` is for people;
    `code` is one of ERROR_MESSAGES' keys and `detail` is technical (for logs)."""

    def __init__(self, code: str, detail: str = ""):
        if code not in ERROR_MESSAGES:
            raise ValueError(f"unknown MediaWikiError code {code!r}")
        super().__init__(ERROR_MESSAGES[code])
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return ERROR_MESSAGES[self.code]

    def __str__(self) -> str:
        return ERROR_MESSAGES[self.code]

    def __repr__(self) -> str:
        return f"MediaWikiError({self.code!r}, {self.detail!r})"


@dataclass(frozen=True)
class PageInfo:
    title: str  # as asked
    canonical: str  # after normalization and redirects
    exists: bool
    redirect: bool
    disambiguation: bool
    length: int | None  # bytes of wikitext, from prop=info
    qid: str | None  # pageprops.wikibase_item
    invalid: str | None  # why MediaWiki refuses the title (its invalidreason)

    @property
    def normalized(self) -> bool:
        """The title was only rewritten (case, underscores…), not redirected."""
        return not self.redirect and self.canonical != self.title


@dataclass(frozen=True)
class EntityInfo:
    qid: str
    missing: bool
    sitelinks: int  # sitelinks of the item on all wikis
    site_title: str | None  # its title on the wiki asked about, if it has one there
    label: str | None  # in the first of the asked languages that has one


class Response(Protocol):
    status_code: int
    headers: Mapping[str, str]
    text: str


Transport = Callable[[str, dict[str, str], dict[str, str], float], Response]


class Cache(Protocol):
    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, timeout: int | float | None) -> Any: ...


# --------------------------------------------------------------------------- wikis

_DBNAME = re.compile(r"[a-z][a-z_]*wiki")  # used with fullmatch (no trailing newline)
# Database names whose host is not the language code with hyphens.
_SPECIAL_HOSTS = {
    "be_x_oldwiki": "be-tarask.wikipedia.org",
    "commonswiki": "commons.wikimedia.org",
    "metawiki": "meta.wikimedia.org",
    "specieswiki": "species.wikimedia.org",
    "wikidatawiki": "www.wikidata.org",
    "mediawikiwiki": "www.mediawiki.org",
}
# Wikidata label languages where they differ from the host's subdomain.
_SPECIAL_LANGUAGES = {
    "be_x_old": "be-tarask",
    "simple": "en",
    "zh_classical": "lzh",
    "zh_min_nan": "nan",
    "zh_yue": "yue",
    "commons": "en",
    "meta": "en",
    "species": "en",
    "wikidata": "en",
    "mediawiki": "en",
}


def _check_dbname(wiki: str) -> str:
    if not isinstance(wiki, str) or not _DBNAME.fullmatch(wiki):
        raise ValueError(f"not a wiki database name: {wiki!r}")
    code = wiki[: -len("wiki")]
    if code.endswith("_") or "__" in code:
        raise ValueError(f"not a wiki database name: {wiki!r}")
    return code


def api_host(wiki: str) -> str:
    """`enwiki` → `en.wikipedia.org`; `zh_min_nanwiki` → `zh-min-nan.wikipedia.org`."""
    code = _check_dbname(wiki)
    return _SPECIAL_HOSTS.get(wiki) or f"{code.replace('_', '-')}.wikipedia.org"


def api_url(wiki: str) -> str:
    """The Action API endpoint of a wiki given by its database name; ValueError otherwise."""
    return f"https://{api_host(wiki)}/w/api.php"


def wiki_language(wiki: str) -> str:
    """The Wikidata label language of a wiki: `eswiki` → `es`, `be_x_oldwiki` → `be-tarask`."""
    code = _check_dbname(wiki)
    return _SPECIAL_LANGUAGES.get(code) or code.replace("_", "-")


def default_languages(wiki: str | None) -> tuple[str, ...]:
    """Label languages for a wiki: its own, then English."""
    if not wiki:
        return ("en",)
    return tuple(dict.fromkeys((wiki_language(wiki), "en")))


def make_user_agent(contact: str | None = None) -> str:
    """`orglab/0.1.0 (<contact>) python-requests/2.x`, per the Wikimedia User-Agent policy."""
    contact = " ".join((contact or DEFAULT_CONTACT).split()).replace("(", "").replace(")", "")
    return f"orglab/{orglab_plugin.__version__} ({contact or DEFAULT_CONTACT}) python-requests/{requests.__version__}"


# --------------------------------------------------------------------------- helpers


def _chunks(items: list[str], size: int = BATCH_SIZE) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _multi(values: Iterable[str]) -> str:
    """A multi-value parameter: `A|B`, or `\\x1fA\\x1fB` when a value contains a pipe."""
    values = list(values)
    if any("|" in value for value in values):
        return "\x1f" + "\x1f".join(values)
    return "|".join(values)


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    try:
        value = headers.get(name)
    except AttributeError:
        return None
    if value is None and hasattr(headers, "items"):
        value = next((v for k, v in headers.items() if str(k).lower() == name.lower()), None)
    return None if value is None else str(value)


def retry_after(headers: Any) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), 5 if absent or odd."""
    value = _header(headers, "Retry-After")
    if value is None:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return DEFAULT_RETRY_AFTER
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if not math.isfinite(seconds):
        return DEFAULT_RETRY_AFTER
    seconds = min(max(seconds, 0.0), MAX_RETRY_AFTER)
    return int(seconds) if seconds.is_integer() else seconds


def _cache_key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]
    return f"orglab:mw:{kind}:{_CACHE_VERSION}:{digest}"


def _default_transport() -> Transport:
    session = requests.Session()

    def transport(url: str, params: dict[str, str], headers: dict[str, str], timeout: float) -> Response:
        return session.get(url, params=params, headers=headers, timeout=timeout)

    return transport


def _malformed(detail: str) -> MediaWikiError:
    return MediaWikiError("malformed", detail)


# --------------------------------------------------------------------------- the client


class MediaWikiClient:
    """Asks Wikipedias and Wikidata, one request at a time. Not for the network in tests:
    give it a `transport` that answers with recorded responses."""

    def __init__(self, *, transport: Transport | None = None, user_agent: str | None = None,
                 timeout: float = 10.0, cache: Cache | None = None, sleep: Callable[[float], Any] = time.sleep,
                 max_retries: int = 3, budget: float | None = None, clock: Callable[[], float] = time.monotonic):
        self.transport: Transport = transport or _default_transport()
        # A time budget (seconds) for all of this client's requests, waits included: a web request
        # that checks a long list stops in time; what was answered stays (and stays cached).
        self.clock = clock
        self.deadline = None if budget is None else clock() + budget
        self.user_agent = make_user_agent(user_agent)  # `user_agent`: the contact (URL or e-mail)
        self.timeout = timeout
        self.cache = cache
        self.sleep = sleep
        self.max_retries = max_retries
        self.request_count = 0
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- requests

    @property
    def headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Api-User-Agent": self.user_agent, "Accept": "application/json"}

    def get(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        """One API call (retried on maxlag); its JSON, or MediaWikiError."""
        params = {**params, "format": "json", "formatversion": "2", "maxlag": str(MAXLAG)}
        with self._lock:  # one request at a time, waits included
            retries = 0
            while True:
                response = self._send(url, params)
                status = response.status_code
                try:
                    data = json.loads(response.text)
                except (TypeError, ValueError):
                    data = None
                error = data.get("error") if isinstance(data, dict) else None
                if isinstance(error, dict) and error.get("code") == "maxlag":
                    code, detail = "maxlag", str(error.get("info") or "maxlag")
                elif status in (429, 503):
                    code, detail = "http", f"HTTP {status}"
                else:
                    break
                if retries >= self.max_retries:
                    raise MediaWikiError(code, f"{detail} (after {retries} retries)")
                retries += 1
                self.sleep(retry_after(response.headers))
        if not isinstance(status, int) or status >= 400:
            raise MediaWikiError("http", f"HTTP {status}")
        if not isinstance(data, dict):
            raise _malformed(f"not a JSON object: {str(response.text)[:80]!r}")
        if "error" in data:
            error = data["error"]
            if isinstance(error, dict):
                raise MediaWikiError("api", f"{error.get('code')}: {error.get('info')}")
            raise MediaWikiError("api", str(error)[:200])
        return data

    def _send(self, url: str, params: dict[str, str]) -> Response:
        if self.deadline is not None and self.clock() >= self.deadline:
            raise MediaWikiError("timeout", "the time budget for this check is spent")
        self.request_count += 1
        try:
            return self.transport(url, params, self.headers, self.timeout)
        except requests.Timeout as error:
            raise MediaWikiError("timeout", str(error)) from error
        except (requests.RequestException, OSError) as error:
            raise MediaWikiError("network", str(error)) from error

    # ----------------------------------------------------------------- cache

    def _cached(self, key: str) -> dict[str, Any] | None:
        if self.cache is None:
            return None
        value = self.cache.get(key)
        return value if isinstance(value, dict) else None

    def _store(self, key: str, value: dict[str, Any]) -> None:
        if self.cache is not None:
            self.cache.set(key, value, CACHE_SECONDS)

    # ----------------------------------------------------------------- pages

    def page_info(self, wiki: str, titles: list[str]) -> dict[str, PageInfo]:
        """What `wiki` knows of each title (keyed by the titles as given): existence, redirects,
        normalization, disambiguation, length and Wikidata item. ValueError for a bad wiki."""
        url = api_url(wiki)
        result: dict[str, PageInfo] = {}
        wanted: list[str] = []
        for title in dict.fromkeys(titles):
            if not isinstance(title, str) or not title.strip():
                result[title] = PageInfo(title=title, canonical=title if isinstance(title, str) else "",
                                         exists=False, redirect=False, disambiguation=False, length=None,
                                         qid=None, invalid=EMPTY_REASON)
                continue
            cached = self._cached(_cache_key("page", wiki, title))
            if cached is not None:
                try:
                    result[title] = PageInfo(**cached)
                    continue
                except TypeError:
                    pass
            wanted.append(title)
        for batch in _chunks(wanted):
            answers = self._query_pages(url, batch)
            for title in batch:
                info = answers[title]
                self._store(_cache_key("page", wiki, title), asdict(info))
                result[title] = info
        return {title: result[title] for title in titles}

    def _query_pages(self, url: str, titles: list[str]) -> dict[str, PageInfo]:
        sent = {title: unicodedata.normalize("NFC", title) for title in titles}
        data = self.get(url, {
            "action": "query",
            "prop": "info|pageprops",
            "ppprop": "wikibase_item|disambiguation",
            "redirects": "1",
            "titles": _multi(dict.fromkeys(sent.values())),
        })
        query = data.get("query")
        if not isinstance(query, dict):
            raise _malformed("no 'query' in the answer")
        normalized = self._pairs(query, "normalized")
        converted = self._pairs(query, "converted")
        redirects = self._pairs(query, "redirects")
        pages: dict[str, dict[str, Any]] = {}
        raw_pages = query.get("pages", [])
        if not isinstance(raw_pages, list):
            raise _malformed("'pages' is not a list")
        for page in raw_pages:
            if not isinstance(page, dict) or not isinstance(page.get("title"), str):
                raise _malformed("a page without a title")
            pages[page["title"]] = page
        interwiki = set()
        for entry in query.get("interwiki", []) or []:
            if isinstance(entry, dict) and isinstance(entry.get("title"), str):
                interwiki.add(entry["title"])

        answers = {}
        for title, asked in sent.items():
            current = normalized.get(asked, asked)
            current = converted.get(current, current)
            redirected = False
            seen = {current}
            while current in redirects:
                current = redirects[current]
                redirected = True
                if current in seen:  # a redirect loop
                    break
                seen.add(current)
            answers[title] = self._page_info(title, current, redirected, pages.get(current), current in interwiki)
        return answers

    @staticmethod
    def _pairs(query: dict[str, Any], name: str) -> dict[str, str]:
        entries = query.get(name, [])
        if not isinstance(entries, list):
            raise _malformed(f"'{name}' is not a list")
        pairs = {}
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("from"), str) \
                    or not isinstance(entry.get("to"), str):
                raise _malformed(f"an entry of '{name}' without from/to")
            pairs[entry["from"]] = entry["to"]
        return pairs

    @staticmethod
    def _page_info(title: str, canonical: str, redirected: bool, page: dict[str, Any] | None,
                   interwiki: bool) -> PageInfo:
        invalid = None
        if interwiki:
            invalid = INTERWIKI_REASON
        elif page is None:
            invalid = NO_ANSWER_REASON
        elif page.get("invalid") or "invalidreason" in page:
            invalid = str(page.get("invalidreason") or "invalid title")
        elif page.get("special") or page.get("ns", 0) == -1:
            invalid = SPECIAL_REASON
        page = page or {}
        props = page.get("pageprops") if isinstance(page.get("pageprops"), dict) else {}
        length = page.get("length")
        qid = props.get("wikibase_item")
        return PageInfo(
            title=title,
            canonical=canonical,
            exists=invalid is None and not page.get("missing"),
            redirect=redirected or bool(page.get("redirect")),
            disambiguation="disambiguation" in props,
            length=length if isinstance(length, int) and not isinstance(length, bool) else None,
            qid=qid if isinstance(qid, str) and qid else None,
            invalid=invalid,
        )

    # ----------------------------------------------------------------- Wikidata

    def entities(self, qids: list[str], *, wiki: str | None = None,
                 languages: tuple[str, ...] = ("en",)) -> dict[str, EntityInfo]:
        """What Wikidata knows of each item (keyed by the ids as given): whether it exists, on how
        many wikis it has a sitelink, its title on `wiki` and its label in `languages`."""
        languages = tuple(dict.fromkeys(language for language in languages if language)) or ("en",)
        site = wiki or ""
        result: dict[str, EntityInfo] = {}
        wanted: dict[str, str] = {}  # asked id → id sent
        for qid in dict.fromkeys(qids):
            normal = qid.strip().upper() if isinstance(qid, str) else ""
            if not re.fullmatch(r"Q[1-9][0-9]*", normal):
                # wbgetentities refuses the whole request for an ill-formed id: never send one.
                result[qid] = EntityInfo(qid=qid, missing=True, sitelinks=0, site_title=None, label=None)
                continue
            cached = self._cached(_cache_key("entity", normal, site, "|".join(languages)))
            if cached is not None:
                try:
                    result[qid] = EntityInfo(**{**cached, "qid": qid})
                    continue
                except TypeError:
                    pass
            wanted[qid] = normal
        for batch in _chunks(list(dict.fromkeys(wanted.values()))):
            answers = self._get_entities(batch, site, languages)
            for normal, info in answers.items():
                self._store(_cache_key("entity", normal, site, "|".join(languages)), asdict(info))
            for qid, normal in wanted.items():
                if normal in answers:
                    result[qid] = EntityInfo(**{**asdict(answers[normal]), "qid": qid})
        return {qid: result[qid] for qid in qids}

    def _get_entities(self, ids: list[str], site: str, languages: tuple[str, ...]) -> dict[str, EntityInfo]:
        data = self.get(WIKIDATA_API, {
            "action": "wbgetentities",
            "ids": "|".join(ids),
            "props": "sitelinks|labels",
            "languages": "|".join(languages),
        })
        entities = data.get("entities")
        if not isinstance(entities, dict):
            raise _malformed("no 'entities' in the answer")
        by_id = {}
        for entity in entities.values():
            if isinstance(entity, dict):
                by_id.setdefault(entity.get("id"), entity)
                redirect = entity.get("redirects")
                if isinstance(redirect, dict):  # an item merged into another answers as the other
                    by_id.setdefault(redirect.get("from"), entity)
        answers = {}
        for qid in ids:
            entity = entities.get(qid, by_id.get(qid))
            if not isinstance(entity, dict):
                raise _malformed(f"no entity {qid} in the answer")
            if "missing" in entity:
                answers[qid] = EntityInfo(qid=qid, missing=True, sitelinks=0, site_title=None, label=None)
                continue
            sitelinks = entity.get("sitelinks") or {}
            labels = entity.get("labels") or {}
            if not isinstance(sitelinks, dict) or not isinstance(labels, dict):
                raise _malformed(f"entity {qid} has odd sitelinks or labels")
            link = sitelinks.get(site) if site else None
            site_title = link.get("title") if isinstance(link, dict) else None
            label = None
            for language in languages:
                entry = labels.get(language)
                if isinstance(entry, dict) and isinstance(entry.get("value"), str) and entry["value"]:
                    label = entry["value"]
                    break
            answers[qid] = EntityInfo(qid=qid, missing=False, sitelinks=len(sitelinks),
                                      site_title=site_title if isinstance(site_title, str) else None, label=label)
        return answers


def default_client() -> MediaWikiClient:
    """A client set up from Django settings (read now): ORGLAB_MEDIAWIKI_CONTACT,
    ORGLAB_MEDIAWIKI_TIMEOUT, ORGLAB_MEDIAWIKI_CHECK_SECONDS (the budget of one check), and
    Django's default cache."""
    from django.conf import settings
    from django.core.cache import cache

    contact = getattr(settings, "ORGLAB_MEDIAWIKI_CONTACT", None) or DEFAULT_CONTACT
    timeout = float(getattr(settings, "ORGLAB_MEDIAWIKI_TIMEOUT", 10) or 10)
    budget = float(getattr(settings, "ORGLAB_MEDIAWIKI_CHECK_SECONDS", 45) or 45)
    return MediaWikiClient(user_agent=contact, timeout=timeout, cache=cache, budget=budget)
