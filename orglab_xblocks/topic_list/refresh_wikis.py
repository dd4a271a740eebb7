"""Refresh `data/wikis.json`, the snapshot of Wikimedia's configuration that `wikis.py` reads: which
Wikipedias are open and closed, their database names and hosts, which ones keep the case of a title's
first letter, and each one's namespace names and aliases.

    make refresh-wikis                       # or: python -m orglab_xblocks.topic_list.refresh_wikis
    python -m orglab_xblocks.topic_list.refresh_wikis --languages es,fr   # only these wikis' namespaces
    python -m orglab_xblocks.topic_list.refresh_wikis --recorded DIR      # from saved API answers

It asks the MediaWiki Action API (the network; the tests never do, they use `--recorded`):

- Meta's site matrix (`action=sitematrix&smtype=language`, extension SiteMatrix): every language's
  sites with their `url`, `dbname`, `code` ("wiki" for a Wikipedia) and `closed`;
- each open Wikipedia's `action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases`:
  `general.case` ("case-sensitive" where `$wgCapitalLinks` is false), and the localized names,
  canonical names and aliases of its namespaces.

Recorded answers (`--recorded DIR`) are those same JSON documents (`formatversion=2`), saved as
`DIR/sitematrix.json` and `DIR/siteinfo-<subdomain>.json` (`siteinfo-es.json`, `siteinfo-be-tarask.json`).

Kept from the current file, because the API does not give them: `canonical_namespaces` (MediaWiki's
canonical names and the aliases every Wikipedia shares, checked on every wiki) and `host_aliases`
(old subdomains that still redirect). Review the diff before committing the new file.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "wikis.json"
META_API = "https://meta.wikimedia.org/w/api.php"
USER_AGENT = "OrganizerLab-refresh-wikis/1.0 (https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab)"
# Seconds between two requests: one client, one request at a time, as the API etiquette asks.
PAUSE = 0.2

Fetch = Callable[[str, dict[str, str]], dict[str, Any]]


# --------------------------------------------------------------------------- the file's format


def _normalize(name: str) -> str:
    """As `wikis.py` compares namespace names: NFC, lowercase, spaces for underscores, single spaces."""
    text = unicodedata.normalize("NFC", name).replace("_", " ")
    return " ".join(text.split()).lower()


def dump(data: dict[str, Any]) -> str:
    """The file's text: stable key order, one list or mapping entry per line, so that a refresh's
    diff shows what changed upstream and nothing else."""
    lines = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
            lines.append(f"  {json.dumps(key)}: {{")
            entries = list(value.items())
            for number, (code, names) in enumerate(entries):
                tail = "," if number < len(entries) - 1 else ""
                lines.append(f"    {json.dumps(code, ensure_ascii=False)}: {json.dumps(names, ensure_ascii=False)}{tail}")
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def local_names(names: Iterable[str], canonical: Iterable[str]) -> list[str]:
    """`names` as the file keeps them: spaces for underscores, one spelling per normalized name,
    in the order given, without the names checked on every wiki."""
    skip = {_normalize(name) for name in canonical}
    kept: dict[str, str] = {}
    for name in names:
        key = _normalize(name)
        if key and key not in skip and key not in kept:
            kept[key] = " ".join(name.replace("_", " ").split())
    return list(kept.values())


# --------------------------------------------------------------------------- from the API answers


def wikipedias(sitematrix: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
    """From a site-matrix answer: {subdomain: dbname} of the open Wikipedias, and the subdomains of
    the closed ones. Private and fishbowl wikis are neither."""
    open_, closed = {}, set()
    matrix = sitematrix.get("sitematrix", {})
    for key, language in matrix.items():
        if key in ("count", "specials") or not isinstance(language, dict):
            continue
        for site in language.get("site", []):
            if site.get("code") != "wiki" or site.get("private") not in (None, False) \
                    or site.get("fishbowl") not in (None, False):
                continue
            host = urllib.parse.urlsplit(site["url"]).hostname or ""
            if not host.endswith(".wikipedia.org"):
                continue
            subdomain = host[: -len(".wikipedia.org")]
            # formatversion=2 says `"closed": true`; the older format says `"closed": ""`.
            if "closed" in site and site["closed"] is not False:
                closed.add(subdomain)
            else:
                open_[subdomain] = site["dbname"]
    return open_, closed


def siteinfo_names(siteinfo: dict[str, Any]) -> tuple[bool, list[str]]:
    """From a siteinfo answer: whether the wiki keeps a title's first letter as written, and the names
    of its namespaces other than the main one (localized, canonical, then aliases)."""
    query = siteinfo.get("query", {})
    case_sensitive = query.get("general", {}).get("case") == "case-sensitive"
    namespaces = query.get("namespaces", {})
    namespaces = namespaces.values() if isinstance(namespaces, dict) else namespaces
    names = []
    for namespace in sorted(namespaces, key=lambda ns: ns.get("id", 0)):
        if namespace.get("id") == 0:
            continue
        names.extend(name for name in (namespace.get("name"), namespace.get("canonical")) if name)
    names.extend(alias["alias"] for alias in query.get("namespacealiases", []) if alias.get("alias"))
    return case_sensitive, names


def refresh(current: dict[str, Any], fetch: Fetch, languages: set[str] | None = None,
            log: Callable[[str], None] = lambda message: None) -> dict[str, Any]:
    """The file's new content: the site matrix read again, and the namespaces of every open Wikipedia
    (or, with `languages`, of those only; the others keep what `current` has)."""
    open_, closed = wikipedias(fetch(META_API, {"action": "sitematrix", "smtype": "language",
                                                "smlangprop": "code|site", "smsiteprop": "url|dbname|code",
                                                "smlimit": "max"}))
    if not open_:
        raise ValueError("the site matrix lists no open Wikipedia")
    canonical = current["canonical_namespaces"]
    case_sensitive = set(current.get("first_letter_case_sensitive", []))
    namespaces = dict(current.get("local_namespaces", {}))
    for code in sorted(open_):
        if languages is not None and code not in languages:
            continue
        dbname = open_[code]
        log(f"{dbname}: siteinfo")
        info = fetch(f"https://{code}.wikipedia.org/w/api.php",
                     {"action": "query", "meta": "siteinfo", "siprop": "general|namespaces|namespacealiases"})
        sensitive, names = siteinfo_names(info)
        (case_sensitive.add if sensitive else case_sensitive.discard)(dbname)
        namespaces[code] = local_names(names, canonical)
    return {
        "about": current.get("about", ""),
        "wikipedia_languages": sorted(open_),
        "closed_wikipedia_languages": sorted(closed - set(open_)),
        "first_letter_case_sensitive": sorted(db for db in case_sensitive if db in open_.values()),
        "dbname_exceptions": {code: db for code, db in sorted(open_.items())
                              if db != code.replace("-", "_") + "wiki"},
        "host_aliases": current.get("host_aliases", {}),
        "canonical_namespaces": canonical,
        "local_namespaces": {code: names for code, names in sorted(namespaces.items()) if code in open_},
    }


# --------------------------------------------------------------------------- fetching


def network_fetch(url: str, params: dict[str, str]) -> dict[str, Any]:
    """One GET of the Action API, JSON `formatversion=2`, with a descriptive User-Agent and `maxlag`."""
    query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2", "maxlag": "5"})
    request = urllib.request.Request(f"{url}?{query}", headers={"User-Agent": USER_AGENT})
    for attempt in range(5):
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (https only, fixed hosts)
            body = json.loads(response.read().decode("utf-8"))
        if body.get("error", {}).get("code") == "maxlag":
            time.sleep(5 * (attempt + 1))
            continue
        if "error" in body:
            raise RuntimeError(f"{url}: {body['error'].get('info', body['error'])}")
        time.sleep(PAUSE)
        return body
    raise RuntimeError(f"{url}: the servers stayed lagged; try again later")


def recorded_fetch(directory: Path) -> Fetch:
    """Answers saved as `sitematrix.json` and `siteinfo-<subdomain>.json` in `directory`."""
    def fetch(url: str, params: dict[str, str]) -> dict[str, Any]:
        if params.get("action") == "sitematrix":
            name = "sitematrix.json"
        else:
            name = f"siteinfo-{(urllib.parse.urlsplit(url).hostname or '').split('.')[0]}.json"
        return json.loads((directory / name).read_text("utf-8"))
    return fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DATA_FILE, help="the file to write (default: the package's)")
    parser.add_argument("--languages", help="refresh the namespaces of these subdomains only (comma-separated)")
    parser.add_argument("--recorded", type=Path, help="read saved API answers from this directory, not the network")
    args = parser.parse_args(argv)
    current = json.loads(DATA_FILE.read_text("utf-8"))
    fetch = recorded_fetch(args.recorded) if args.recorded else network_fetch
    languages = set(args.languages.split(",")) if args.languages else None
    data = refresh(current, fetch, languages, log=lambda message: print(message, file=sys.stderr))
    args.output.write_text(dump(data), encoding="utf-8")
    print(f"{args.output}: {len(data['wikipedia_languages'])} open Wikipedias, "
          f"{sum(map(len, data['local_namespaces'].values()))} local namespace names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
