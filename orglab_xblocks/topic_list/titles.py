"""Article titles as MediaWiki sees them: normalization, legality, and where a URL or a
wikitext link points. Pure Python; messages go through the caller's gettext."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from ..i18n import _
from . import wikis

Gettext = Callable[[str], str]


class TitleError(ValueError):
    """A title MediaWiki would refuse; `reason` is a translatable template, `values` fill it."""

    def __init__(self, reason: str, **values):
        super().__init__(reason.format(**values))
        self.reason = reason
        self.values = values

    def message(self, gettext: Gettext) -> str:
        return gettext(self.reason).format(**self.values)


MAX_TITLE_BYTES = 255
# Longest text read as a URL (article links or Wikidata entity URLs are far shorter).
MAX_URL = 2000
QID = re.compile(r"^[Qq]([1-9][0-9]{0,11})$")
# Characters MediaWiki never allows in a title ($wgLegalTitleChars leaves them out).
_ILLEGAL = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")
# Whitespace MediaWiki folds to a plain space, and the direction marks it strips.
_SPACES = re.compile(r"[\s_\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_DIRECTION_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e]")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_RELATIVE = re.compile(r"(^\.{1,2}$)|(^\.{1,2}/)|(/\.{1,2}/)|(/\.{1,2}$)")


def _ucfirst(title: str) -> str:
    first = title[:1]
    upper = first.upper()
    # MediaWiki keeps characters whose upper case is not a single character (ß) and
    # Georgian Mkhedruli (which has no title case in MediaWiki's sense).
    if len(upper) != 1 or "\u10d0" <= first <= "\u10ff":
        return title
    return upper + title[1:]


def normalize_title(raw: str, wiki: str) -> str:
    """The title MediaWiki would store for `raw` on `wiki`, or TitleError saying why not.

    Percent-decoding, underscores and any whitespace to single spaces, direction marks
    removed, Unicode NFC, first letter upper-cased where the wiki does; fragments,
    non-article namespaces, illegal characters and over-long titles are refused.
    """
    if not isinstance(raw, str):
        raise TitleError(_("A title must be text."))
    title = raw
    if _PERCENT_ESCAPE.search(title):
        try:
            title = unquote(title, errors="strict")
        except UnicodeDecodeError as error:
            raise TitleError(_("“{title}” has a broken percent-escape."), title=raw[:80]) from error
    title = unicodedata.normalize("NFC", _DIRECTION_MARKS.sub("", title))
    title = _SPACES.sub(" ", title).strip()
    if not title:
        raise TitleError(_("The title is empty."))
    if "#" in title:
        raise TitleError(_("“{title}” points to a section (after “#”); give the article's title only."),
                         title=title[:80])
    bad = _ILLEGAL.search(title)
    if bad:
        raise TitleError(_("“{title}” contains “{char}”, which titles cannot contain."),
                         title=title[:80], char=bad.group(0) if bad.group(0).isprintable() else "?")
    if _PERCENT_ESCAPE.search(title):
        raise TitleError(_("“{title}” still contains a percent-escape after decoding."), title=title[:80])
    if title.startswith(":"):
        title = title[1:].strip()
    if _RELATIVE.search(title) or "~~~" in title:
        raise TitleError(_("“{title}” is not a valid title."), title=title[:80])
    namespace = wikis.namespace_of(title, wiki)
    if namespace is not None:
        raise TitleError(_("“{title}” is in the “{namespace}” namespace, not an article."),
                         title=title[:80], namespace=namespace)
    if wiki not in wikis.FIRST_LETTER_CASE_SENSITIVE:
        title = _ucfirst(title)
    if len(title.encode("utf-8")) > MAX_TITLE_BYTES:
        raise TitleError(_("“{title}…” is longer than MediaWiki allows (255 bytes)."), title=title[:40])
    return title


def normalize_qid(raw: object) -> str | None:
    """`Q7942`, `q7942`, or a Wikidata entity URL → "Q7942"; anything else → None.

    Never raises: a malformed URL (`https://[`, a host that changes under NFKC) is not an item."""
    if not isinstance(raw, str) or len(raw) > MAX_URL:
        return None
    text = raw.strip()
    match = QID.fullmatch(text)
    if match:
        return f"Q{match.group(1)}"
    if "//" not in text:
        return None
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
    except ValueError:
        return None
    if hostname and hostname.lower() in ("www.wikidata.org", "wikidata.org", "m.wikidata.org"):
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if parts.query:
            for pair in parts.query.split("&"):
                key, _sep, value = pair.partition("=")
                if key == "title":
                    last = value
        match = QID.fullmatch(last.removeprefix("Special:EntityPage/"))
        if match:
            return f"Q{match.group(1)}"
    return None


def parse_article_url(url: object) -> tuple[str, str] | None:
    """(wiki, raw title) of an article URL of any Wikipedia, desktop or mobile; None otherwise.

    `https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico` → ("eswiki", "Cambio_clim%C3%A1tico");
    `https://sw.m.wikipedia.org/w/index.php?title=Mabadiliko_ya_tabianchi` works too.
    """
    if not isinstance(url, str) or len(url) > MAX_URL:
        return None
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "") or not hostname:
        return None
    wiki = wikis.from_host(hostname)
    if wiki is None:
        return None
    if parts.path.startswith("/wiki/"):
        return wiki, parts.path[len("/wiki/"):]
    if parts.path in ("/w/index.php", "/index.php"):
        for pair in parts.query.split("&"):
            key, _sep, value = pair.partition("=")
            if key == "title" and value:
                return wiki, value.replace("+", " ")
    return None


# [[target]] or [[target|label]], with an optional leading colon and interwiki prefixes.
WIKILINK = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_PROJECT_PREFIXES = ("w", "wikipedia")
_WIKIDATA_PREFIXES = ("d", "wikidata")


def resolve_link(target: str, default_wiki: str) -> tuple[str, str] | tuple[None, str]:
    """Where a wikitext link target points: (wiki, raw title), or (None, qid) for a Wikidata item.

    `:es:Título` and `es:Título` → eswiki; `w:sw:Kichwa` → swwiki; `d:Q42` → Wikidata;
    a plain `Título` → `default_wiki`.
    """
    rest = target.strip().lstrip(":").strip()
    while ":" in rest:
        prefix, remainder = rest.split(":", 1)
        key = prefix.strip().lower()
        if key in _PROJECT_PREFIXES:
            rest = remainder.strip()
            continue
        if key in _WIKIDATA_PREFIXES:
            qid = normalize_qid(remainder)
            if qid:
                return None, qid
            break
        if key.replace("-", "_") and wikis.is_wikipedia(wikis.dbname(key)):
            return wikis.dbname(key), remainder.strip()
        break
    return default_wiki, rest
