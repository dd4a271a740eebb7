"""Checking a topic list against the wikis: does each article exist, is it a stub, a redirect or
a disambiguation page, what is its Wikidata item, and on how many wikis does the item have an
article. Rows are plain dicts (see rows.ROW_KEYS); the rows given are never changed."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .mediawiki import BATCH_SIZE, MediaWikiClient, MediaWikiError, PageInfo, api_url, default_languages

log = logging.getLogger(__name__)

DEFAULT_STUB_BYTES = 3000
LanguagesFor = Callable[[str], tuple[str, ...]]


@dataclass
class CheckResult:
    rows: list[dict[str, Any]]  # new dicts, in the order given
    checked: int = 0  # rows the wikis answered for
    failed: bool = False
    error: MediaWikiError | None = None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _by_wiki(rows: list[dict[str, Any]], indexes: list[int]) -> Iterator[tuple[str, list[int]]]:
    """Row indexes grouped by target wiki, wikis in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for index in indexes:
        groups.setdefault(_text(rows[index].get("wiki")), []).append(index)
    yield from groups.items()


def _batches(indexes: list[int], key: Callable[[int], str]) -> Iterator[tuple[list[str], list[int]]]:
    """(at most BATCH_SIZE distinct keys, the indexes having them): one API request each."""
    keys = list(dict.fromkeys(key(index) for index in indexes))
    for start in range(0, len(keys), BATCH_SIZE):
        chunk = keys[start:start + BATCH_SIZE]
        wanted = set(chunk)
        yield chunk, [index for index in indexes if key(index) in wanted]


class _Check:
    def __init__(self, rows: list[dict[str, Any]], client: MediaWikiClient, stub_bytes: int,
                 languages_for: LanguagesFor):
        self.rows = [dict(row) for row in rows]
        self.client = client
        self.stub_bytes = stub_bytes
        self.languages_for = languages_for
        self.done = [False] * len(self.rows)
        self.checked = 0

    def finish(self, index: int, *, checked: bool = True, **values: Any) -> None:
        self.rows[index].update(values)
        self.done[index] = True
        self.checked += checked

    def usable(self, wiki: str, indexes: list[int]) -> tuple[str, ...] | None:
        """The label languages of `wiki`, or None (rows marked unknown) when it is not a wiki."""
        try:
            api_url(wiki)
            return tuple(self.languages_for(wiki))
        except ValueError:
            for index in indexes:
                self.finish(index, checked=False, status="unknown")
            return None

    def run(self) -> None:
        rows = self.rows
        for index, row in enumerate(rows):
            if not _text(row.get("title")) and not _text(row.get("qid")):
                self.finish(index, checked=False, status="unknown")
        from_items = self.items_without_titles()
        self.titles()
        self.sitelinks(exclude=from_items)

    def items_without_titles(self) -> set[int]:
        """Step 1: rows with only a QID get the item's title on their wiki, or become `missing`
        with the item's label as a suggested title. Returns the rows it looked up (their
        sitelink counts are known)."""
        rows = self.rows
        pending = [i for i, row in enumerate(rows)
                   if not self.done[i] and not _text(row.get("title")) and _text(row.get("qid"))]
        looked_up: set[int] = set()
        for wiki, indexes in _by_wiki(rows, pending):
            languages = self.usable(wiki, indexes)
            if languages is None:
                continue
            for qids, batch in _batches(indexes, lambda i: _text(rows[i].get("qid"))):
                items = self.client.entities(qids, wiki=wiki, languages=languages)
                for index in batch:
                    looked_up.add(index)
                    item = items[_text(rows[index].get("qid"))]
                    if item.missing:
                        self.finish(index, status="unknown", sitelinks=None, canonical="")
                    elif item.site_title:
                        # checked with the titles, below
                        rows[index].update(title=item.site_title, canonical="", sitelinks=item.sitelinks)
                    else:
                        self.finish(index, status="missing", canonical=item.label or "", sitelinks=item.sitelinks)
        return looked_up

    def titles(self) -> None:
        """Step 2: every row with a title, checked on its wiki, 50 titles a request."""
        rows = self.rows
        pending = [i for i, row in enumerate(rows) if not self.done[i] and _text(row.get("title"))]
        for wiki, indexes in _by_wiki(rows, pending):
            if self.usable(wiki, indexes) is None:
                continue
            for titles, batch in _batches(indexes, lambda i: _text(rows[i].get("title"))):
                pages = self.client.page_info(wiki, titles)
                for index in batch:
                    self.finish(index, **self.page_values(rows[index], pages[_text(rows[index].get("title"))]))

    def page_values(self, row: dict[str, Any], page: PageInfo) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if page.invalid:
            return {"status": "unknown", "canonical": ""}
        if page.redirect:
            values["canonical"] = page.canonical
        else:
            values["canonical"] = ""
            if page.canonical != row.get("title"):
                values["title"] = page.canonical
        if not page.exists:
            values["status"] = "missing"
        elif page.disambiguation:
            values["status"] = "disambiguation"
        elif page.redirect:
            values["status"] = "redirect"
        elif page.length is not None and page.length < self.stub_bytes:
            values["status"] = "stub"
        else:
            values["status"] = "exists"
        if not _text(row.get("qid")) and page.qid:
            values["qid"] = page.qid
        return values

    def sitelinks(self, exclude: set[int]) -> None:
        """Step 3: for missing articles with a Wikidata item, on how many wikis the item has one
        (and, if the item does have one on the target wiki, its title there as `canonical`).
        Never for articles that exist: a list of existing articles costs one request per 50."""
        rows = self.rows
        pending = [i for i, row in enumerate(rows)
                   if self.done[i] and i not in exclude and row.get("status") == "missing" and _text(row.get("qid"))]
        for wiki, indexes in _by_wiki(rows, pending):
            languages = tuple(self.languages_for(wiki))
            for qids, batch in _batches(indexes, lambda i: _text(rows[i].get("qid"))):
                items = self.client.entities(qids, wiki=wiki, languages=languages)
                for index in batch:
                    item = items[_text(rows[index].get("qid"))]
                    if item.missing:
                        continue
                    rows[index]["sitelinks"] = item.sitelinks
                    if item.site_title and not rows[index].get("canonical"):
                        rows[index]["canonical"] = item.site_title

    def fail(self) -> None:
        for index, row in enumerate(self.rows):
            if not self.done[index]:
                row["status"] = "unknown"


def check_rows(rows: list[dict[str, Any]], client: MediaWikiClient, *, stub_bytes: int = DEFAULT_STUB_BYTES,
               languages_for: LanguagesFor | None = None) -> CheckResult:
    """Check every row on its wiki (and Wikidata). Never raises: when the wiki cannot be asked,
    rows already checked keep their new values, the others become `unknown`, and the result
    says `failed` with the MediaWikiError."""
    check = _Check(rows, client, stub_bytes, languages_for or default_languages)
    error: MediaWikiError | None = None
    try:
        check.run()
    except MediaWikiError as caught:
        error = caught
    except Exception as caught:  # a check must never break the block
        log.exception("Checking a topic list failed")
        error = MediaWikiError("malformed", repr(caught))
    if error is not None:
        check.fail()
    return CheckResult(rows=check.rows, checked=check.checked, failed=error is not None, error=error)
