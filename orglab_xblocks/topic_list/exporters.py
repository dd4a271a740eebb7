"""What organizers paste next: CSV (safe to open in a spreadsheet), a sortable wikitable for a
Meta campaign page (no cell can break the table or inject markup: every text goes through
`orglab_plugin.api`'s wikitext escaping, the one rule of all exports), plain title lists per wiki,
and a CampaignEvents worklist (JSON). Pure Python; `orglab_plugin.api` (which needs Django) is
imported only when a wikitable is written, so that importing this module (the importers do) never
needs it."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

Gettext = Callable[[str], str]

CSV_FIELDS = (
    "title", "wiki", "qid", "source_title", "source_wiki", "status", "gap", "topic", "task", "priority",
    "notes", "sitelinks", "canonical",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a leading quote (and so
    does a leading quote, so that reading the file back is never ambiguous)."""
    return "'" + value if value.startswith(FORMULA_STARTS + ("'",)) else value


def unneutralize(value: str) -> str:
    """Undo `neutralize` when reading our own CSV back."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS + ("'",)) else value


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        writer.writerow([neutralize("" if row.get(name) is None else str(row[name])) for name in CSV_FIELDS])
    return out.getvalue()


def _language(wiki: str) -> str:
    return wiki[: -len("wiki")].replace("_", "-").replace("be-x-old", "be-tarask")


def _article_link(wiki: str, title: str) -> str:
    # `w:` reaches Wikipedia from any Wikimedia wiki, Meta included; a title that would not be read
    # back as itself in a link target is shown without a link.
    from orglab_plugin import api

    return api.wikitext_link(f"w:{_language(wiki)}:{title}", title)


def to_wikitext(rows: list[dict[str, Any]], labels: dict[str, dict[str, str]], gettext: Gettext) -> str:
    """A sortable wikitable. `labels[vocabulary][value]` gives the shown label of a value."""
    from orglab_plugin import api

    _ = gettext
    headers = [_("Article"), _("Wikipedia"), _("Wikidata item"), _("Status"), _("Knowledge gap"), _("Topic area"),
               _("Task"), _("Priority"), _("Wikipedias with an article"), _("Notes")]
    lines = ['{| class="wikitable sortable"', "|-", "! " + " !! ".join(api.escape_wikitext(h) for h in headers)]
    for row in rows:
        title = row.get("title") or row.get("canonical") or ""
        cells = [
            _article_link(row["wiki"], row["title"]) if row.get("title") else api.escape_wikitext(title),
            api.escape_wikitext(row["wiki"]),
            api.wikitext_link(f"d:{row['qid']}", row["qid"]) if row.get("qid") else "",
            api.escape_wikitext(labels.get("status", {}).get(row.get("status", ""), row.get("status", ""))),
            api.escape_wikitext(labels.get("gap", {}).get(row.get("gap", ""), row.get("gap", ""))),
            api.escape_wikitext(labels.get("topic", {}).get(row.get("topic", ""), row.get("topic", ""))),
            api.escape_wikitext(labels.get("task", {}).get(row.get("task", ""), row.get("task", ""))),
            api.escape_wikitext(labels.get("priority", {}).get(row.get("priority", ""), row.get("priority", ""))),
            str(row["sitelinks"]) if isinstance(row.get("sitelinks"), int) else "",
            api.escape_wikitext(row.get("notes", "")),
        ]
        lines.append("|-")
        lines.append("| " + " || ".join(cells))
    lines.append("|}")
    return "\n".join(lines) + "\n"


def worklist_title(row: dict[str, Any]) -> str:
    """The article to work on: a redirect's target, otherwise the title."""
    if row.get("status") == "redirect" and row.get("canonical"):
        return row["canonical"]
    return row.get("title") or ""


def to_title_lists(rows: list[dict[str, Any]], wiki: str | None = None) -> str:
    """One title per line; for several wikis, a `# wiki` line heads each wiki's titles."""
    grouped = _by_wiki(rows)
    if wiki is not None:
        return "".join(f"{title}\n" for title in grouped.get(wiki, []))
    blocks = [f"# {name}\n" + "".join(f"{title}\n" for title in titles) for name, titles in grouped.items()]
    return "\n".join(blocks)


def to_worklist(rows: list[dict[str, Any]]) -> str:
    """CampaignEvents worklist: `{"<wiki dbname>": ["Title", …]}`, canonical titles only."""
    return json.dumps(_by_wiki(rows), ensure_ascii=False, indent=2) + "\n"


def _by_wiki(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for row in rows:
        title = worklist_title(row)
        if title and title not in grouped.setdefault(row["wiki"], []):
            grouped[row["wiki"]].append(title)
    return {wiki: titles for wiki, titles in grouped.items() if titles}
