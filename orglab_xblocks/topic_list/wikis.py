"""Which Wikipedias exist, how their database names, languages and hosts relate, and which title
prefixes are namespaces (so that a topic list refuses "Usuario:Ana" or "Category:Climate").

The facts are data, read once from `data/wikis.json` (a snapshot of Wikimedia's configuration:
the open and closed Wikipedias, `$wgCapitalLinks`, the per-wiki namespace names and aliases);
`make refresh-wikis` (`refresh_wikis.py`) renews it from the MediaWiki API. Standard library only.
"""
from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from typing import Any


def load_data(text: str | None = None) -> dict[str, Any]:
    """The parsed `data/wikis.json` (or `text` in its format)."""
    if text is None:
        text = resources.files(__package__).joinpath("data", "wikis.json").read_text(encoding="utf-8")
    return json.loads(text)


_DATA = load_data()

# Language subdomains of the open (not closed, not test) Wikipedias: <code>.wikipedia.org.
WIKIPEDIA_LANGUAGES: frozenset[str] = frozenset(_DATA["wikipedia_languages"])

# Wikipedias that still have a database and a host but are closed (read-only): not offered.
CLOSED_WIKIPEDIA_LANGUAGES: frozenset[str] = frozenset(_DATA["closed_wikipedia_languages"])

# Database names of the Wikipedias that do not upper-case a title's first letter ($wgCapitalLinks = false).
FIRST_LETTER_CASE_SENSITIVE: frozenset[str] = frozenset(_DATA["first_letter_case_sensitive"])

# Language codes whose database name is not the code with "_" for "-".
_DBNAME_OF: dict[str, str] = dict(_DATA["dbname_exceptions"])
_LANGUAGE_OF = {dbname: code for code, dbname in _DBNAME_OF.items()}
# Old subdomains that still redirect to a Wikipedia.
_HOST_ALIASES: dict[str, str] = dict(_DATA["host_aliases"])

_HOST = re.compile(r"^([a-z0-9-]+)(?:\.m)?\.wikipedia\.org$")


def dbname(language: str) -> str:
    """The database name of the Wikipedia in `language` (its subdomain): `en` → `enwiki`,
    `zh-min-nan` → `zh_min_nanwiki`, `be-tarask` → `be_x_oldwiki`. Any string is mapped the same
    way, existing or not: check the result with `is_wikipedia`."""
    code = language.strip().lower()
    code = _HOST_ALIASES.get(code, code)
    return _DBNAME_OF.get(code) or f"{code.replace('-', '_')}wiki"


def language(dbname: str) -> str | None:
    """The language subdomain of an open Wikipedia's database name (`be_x_oldwiki` → `be-tarask`);
    None when `dbname` is not one (Wikidata, Commons, other projects, closed or unknown wikis)."""
    if not isinstance(dbname, str):
        return None
    name = dbname.strip().lower()
    code = _LANGUAGE_OF.get(name)
    if code is None:
        if not name.endswith("wiki"):
            return None
        code = name[: -len("wiki")].replace("_", "-")
    return code if code in WIKIPEDIA_LANGUAGES else None


def is_wikipedia(dbname: str) -> bool:
    """Whether `dbname` is the database name of an open Wikipedia."""
    return language(dbname) is not None


# Longest text read as a database name (the longest real one is under 25 characters).
MAX_DBNAME_INPUT = 64


def normalize_dbname(value: object) -> str | None:
    """The canonical database name of the open Wikipedia that `value` names, surrounding
    whitespace and letter case ignored (`" ESWIKI\\n"` → `eswiki`, `be-taraskwiki` →
    `be_x_oldwiki`, `zh-min-nanwiki` → `zh_min_nanwiki`); None for anything else (not text,
    not ASCII, not a Wikipedia). Every wiki name that enters a topic list goes through here."""
    if not isinstance(value, str) or len(value) > MAX_DBNAME_INPUT:
        return None
    name = value.strip()
    if not name.isascii():
        return None
    code = language(name)
    return None if code is None else dbname(code)


def host(dbname: str) -> str:
    """The host of a Wikipedia given by its database name: `eswiki` → `es.wikipedia.org`;
    ValueError when it is not an open Wikipedia."""
    code = language(dbname)
    if code is None:
        raise ValueError(f"not a Wikipedia database name: {dbname!r}")
    return f"{code}.wikipedia.org"


def from_host(host: str) -> str | None:
    """The database name of the Wikipedia at `host`, desktop or mobile, any case
    (`es.wikipedia.org`, `ES.m.Wikipedia.org` → `eswiki`); None for any other host."""
    if not isinstance(host, str):
        return None
    name = host.strip().lower().rstrip(".")
    name = re.sub(r":[0-9]+$", "", name)
    match = _HOST.match(name)
    if not match:
        return None
    code = _HOST_ALIASES.get(match.group(1), match.group(1))
    return dbname(code) if code in WIKIPEDIA_LANGUAGES else None


# --------------------------------------------------------------------------- namespaces

# Characters that do not tell namespace names apart: zero-width (non-)joiners and direction marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f"))


def _normalize(name: str) -> str:
    """How a namespace name is written here: NFC, lowercase, spaces for underscores, single spaces."""
    text = unicodedata.normalize("NFC", name).replace("_", " ")
    return " ".join(text.split()).lower()


def _key(name: str) -> str:
    return _normalize(name).translate(_INVISIBLE)


def _names(*groups: str) -> frozenset[str]:
    """Namespace names, given one by one or as "|"-separated strings, normalized."""
    return frozenset(_normalize(name) for group in groups for name in group.split("|") if name.strip())


# Names that are namespaces on (nearly) every Wikipedia: MediaWiki's canonical names, the aliases
# Image, Project and WP/WT, and the namespaces of extensions deployed on all Wikimedia wikis
# (Scribunto, TimedMediaHandler, Gadgets, Flow, CampaignEvents). Portal and Draft exist on most
# large Wikipedias.
CANONICAL_NAMESPACES: frozenset[str] = _names(*_DATA["canonical_namespaces"])

# Language → the lowercase localized namespace names (and aliases, talk forms) of its Wikipedia:
# MediaWiki core's names for the language, the project namespace, the wiki's own namespaces and aliases.
LOCAL_NAMESPACES: dict[str, frozenset[str]] = {
    code: frozenset(_names(*names) - CANONICAL_NAMESPACES) for code, names in sorted(_DATA["local_namespaces"].items())
}

_CANONICAL_KEYS = frozenset(map(_key, CANONICAL_NAMESPACES))
_LOCAL_KEYS = {code: frozenset(map(_key, names)) for code, names in LOCAL_NAMESPACES.items()}


def namespace_of(title: str, dbname: str) -> str | None:
    """The namespace a title is in on the wiki `dbname`, lowercased (`Categoría:Clima` on eswiki →
    "categoría", `Category_talk:X` anywhere → "category talk"); None for a main-namespace title,
    including one that merely contains a colon ("Star Wars: Episode IV")."""
    if not isinstance(title, str) or ":" not in title:
        return None
    prefix = _normalize(title.split(":", 1)[0])
    if not prefix:
        return None
    key = prefix.translate(_INVISIBLE)
    if key in _CANONICAL_KEYS or key in _LOCAL_KEYS.get(language(dbname) or "", ()):
        return prefix
    return None


# --------------------------------------------------------------------------- a language's Wikipedia

# Interface languages whose Wikipedia has another code: Norwegian Bokmål writes on no.wikipedia.org.
_LANGUAGE_WIKI_ALIASES = {"nb": "no"}


def for_language(code: object) -> str | None:
    """The database name of the open Wikipedia written in the interface language `code`, as the
    LMS names languages (`es`, `es-419`, `es_419`, `pt-br`, `zh-hans`, `nb`): the full code first
    (`be-tarask`, `zh-min-nan`), then its base language; None when there is none (`xx`, "")."""
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_DBNAME_INPUT or not code.isascii():
        return None
    full = code.strip().lower().replace("_", "-")
    for candidate in (full, full.split("-", 1)[0]):
        candidate = _LANGUAGE_WIKI_ALIASES.get(candidate, candidate)
        name = dbname(candidate)
        if is_wikipedia(name):
            return name
    return None
