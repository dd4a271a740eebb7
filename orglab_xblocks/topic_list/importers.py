"""Reading the lists organizers already have into topic rows, with a line-by-line report.

Formats: PetScan CSV/TSV exports, CSV with a header row, wikitext (bullet or numbered lists of
links, Listeria-style wikitables) and plain lines (titles, article URLs of any Wikipedia,
wikitext links, Wikidata QIDs or entity URLs, mixed freely). Pure Python.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import exporters, titles, wikis
from . import rows as rows_module

Gettext = Callable[[str], str]


MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_LINES = 5000
FORMATS = ("auto", "lines", "petscan", "csv", "wikitext")

# CSV columns by name (and the names other tools give them) → row fields.
CSV_COLUMNS = {
    "title": "title", "article": "title", "page": "title", "page_title": "title",
    "wiki": "wiki", "project": "wiki", "target_wiki": "wiki",
    "qid": "qid", "wikidata": "qid", "item": "qid", "wikidata_item": "qid",
    "source_title": "source_title", "source_wiki": "source_wiki",
    "status": "status", "gap": "gap", "knowledge_gap": "gap", "topic": "topic", "topic_area": "topic",
    "task": "task", "priority": "priority", "notes": "notes", "note": "notes",
    "sitelinks": "sitelinks", "canonical": "canonical",
}
PETSCAN_HEADER = {"number", "title", "pageid", "namespace"}
_ARTICLE_NAMESPACES = {"", "0", "(article)", "article", "(main)", "main"}
_BULLET = re.compile(r"^\s*(?:[*#:;]+|[-•–]|\d{1,4}[.)])\s*")
_URL = re.compile(r"^https?://\S+$", re.I)
# Most digits of a count read from a file: the number of Wikipedias with an article is below 10000.
SITELINKS_DIGITS = 4


class ImportError_(ValueError):  # noqa: N801 - not the builtin
    """The whole import is refused (too large, unreadable); nothing was taken."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Line:
    line: int
    outcome: str  # "added", "merged", "refused", "skipped"
    text: str  # what the line said (shortened)
    message: str = ""
    row_id: str = ""


@dataclass
class ImportResult:
    rows: list[dict[str, Any]]
    report: list[Line] = field(default_factory=list)
    format: str = "lines"
    wiki: str = ""  # the default wiki, normalized
    added: int = 0
    merged: int = 0
    refused: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format, "added": self.added, "merged": self.merged, "refused": self.refused,
            "report": [{"line": r.line, "outcome": r.outcome, "text": r.text, "message": r.message}
                       for r in self.report],
        }


@dataclass
class _Candidate:
    line: int
    text: str
    values: dict[str, Any] | None  # raw row values, or None when refused
    message: str = ""
    note: str = ""  # something left out of a row that was taken, said beside its outcome


def detect_format(text: str) -> str:
    head = text.lstrip("\ufeff").lstrip()[:4000]
    first = head.splitlines()[0] if head else ""
    columns = {c.strip().strip('"').lower() for c in re.split(r"[,\t]", first)}
    if PETSCAN_HEADER <= columns:
        return "petscan"
    if "{|" in head:
        return "wikitext"
    if ("," in first or "\t" in first) and columns & {"title", "article", "qid", "wikidata", "item"} \
            and not first.lstrip().startswith(("*", "#", "[[", "http")):
        return "csv"
    return "lines"


def ascii_count(text: str, max_digits: int) -> int | None:
    """`text` as a whole number when it is 1 to `max_digits` ASCII digits, else None.

    Not `int()` alone: it reads "٣" and "１２" as numbers, raises on "²" (which `isdigit` calls a
    digit) and on thousands of digits."""
    if not isinstance(text, str) or not 0 < len(text) <= max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def import_text(
    text: str, fmt: str, default_wiki: Any, rules: rows_module.Rules, gettext: Gettext,
    existing: list[dict[str, Any]] | None = None,
) -> ImportResult:
    """Read `text` and merge what it holds into `existing` rows (never changing them in place).
    `default_wiki` (for titles without one) is normalized like every wiki name: " ESWIKI" is eswiki."""
    _ = gettext
    if not isinstance(text, str):
        raise ImportError_(_("The list to import must be text."))
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ImportError_(_("This is larger than 2 MB; split it into smaller imports."))
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_IMPORT_LINES + 1:
        raise ImportError_(_("This has more than {n} lines; split it into smaller imports.")
                           .format(n=MAX_IMPORT_LINES))
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise ImportError_(_("“{format}” is not an import format.").format(format=rows_module.shown(fmt)[:20]))
    wiki = wikis.normalize_dbname(default_wiki)
    if wiki is None or not rules.allows_wiki(wiki):
        raise ImportError_(_("“{wiki}” is not a Wikipedia this list can use.").format(
            wiki=rows_module.shown(default_wiki)))
    default_wiki = wiki
    if fmt == "auto":
        fmt = detect_format(text)
    parser = {"lines": _parse_lines, "petscan": _parse_petscan, "csv": _parse_csv, "wikitext": _parse_wikitext}[fmt]
    candidates = list(parser(text, default_wiki, _))

    result = ImportResult(rows=[], format=fmt, wiki=default_wiki)
    cleaned: list[tuple[_Candidate, dict[str, Any]]] = []
    for candidate in candidates:
        if candidate.values is None:
            if candidate.message:
                result.report.append(Line(candidate.line, "refused", candidate.text, candidate.message))
                result.refused += 1
            else:
                result.report.append(Line(candidate.line, "skipped", candidate.text))
            continue
        try:
            row = rows_module.clean_row(rows_module.blank_row(**candidate.values), rules, _)
        except rows_module.RowError as error:
            result.report.append(Line(candidate.line, "refused", candidate.text, error.message))
            result.refused += 1
            continue
        cleaned.append((candidate, row))

    merge = rows_module.merge_rows(existing or [], [row for _candidate, row in cleaned])
    if len(merge.rows) > rules.max_topics:
        raise ImportError_(_("This would make {count} topics; a list can have at most {n}. Nothing was imported.")
                           .format(count=len(merge.rows), n=rules.max_topics))
    for (candidate, row), (row_id, merged) in zip(cleaned, merge.placed, strict=True):
        message = _("Already in the list: merged.") if merged else _describe(row)
        if candidate.note:
            message = f"{message} {candidate.note}"
        result.report.append(Line(candidate.line, "merged" if merged else "added", candidate.text, message, row_id))
    result.report.sort(key=lambda line: line.line)
    result.rows = merge.rows
    result.added, result.merged = merge.added, merge.merged
    return result


def _describe(row: dict[str, Any]) -> str:
    parts = [row["wiki"]]
    if row["title"]:
        parts.append(row["title"])
    if row["qid"]:
        parts.append(row["qid"])
    return " · ".join(parts)


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 120 else text[:117] + "…"


# --------------------------------------------------------------------------- plain lines


def _line_values(item: str, default_wiki: str, _: Gettext) -> tuple[dict[str, Any] | None, str]:
    """Row values for one line of a plain or mixed list, or (None, why not)."""
    item = _BULLET.sub("", item, count=1).strip()
    if not item:
        return None, ""
    link = titles.WIKILINK.search(item)
    if link:
        wiki, target = titles.resolve_link(link.group(1), default_wiki)
        if wiki is None:
            return {"wiki": default_wiki, "qid": target}, ""
        return {"wiki": wiki, "title": target}, ""
    if _URL.match(item):
        article = titles.parse_article_url(item)
        if article:
            return {"wiki": article[0], "title": article[1]}, ""
        qid = titles.normalize_qid(item)
        if qid:
            return {"wiki": default_wiki, "qid": qid}, ""
        return None, _("This address is not an article of a Wikipedia or a Wikidata item.")
    qid = titles.normalize_qid(item)
    if qid:
        return {"wiki": default_wiki, "qid": qid}, ""
    return {"wiki": default_wiki, "title": item}, ""


def _parse_lines(text: str, default_wiki: str, _: Gettext) -> Iterator[_Candidate]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        values, message = _line_values(line, default_wiki, _)
        yield _Candidate(number, _short(line), values, message)


# --------------------------------------------------------------------------- CSV and PetScan


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    if "\t" in first:
        return csv.excel_tab
    return csv.excel


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as error:
        yield reader.line_num, [f"\0{error}"]


def _parse_petscan(text: str, default_wiki: str, _: Gettext) -> Iterator[_Candidate]:
    records = _records(text)
    header_line, header = next(records, (0, []))
    columns = [c.strip().lower() for c in header]
    position = {name: columns.index(name) for name in ("title", "namespace", "wikidata") if name in columns}
    if "title" not in position:
        yield _Candidate(header_line, _short(",".join(header)), None, _("This is not a PetScan export (no “title” column)."))
        return
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        shown = _short(",".join(record))
        if record and record[0].startswith("\0"):
            yield _Candidate(number, shown, None, _("This line could not be read as CSV."))
            continue
        cell = dict.fromkeys(position, "")
        for name, index in position.items():
            cell[name] = record[index].strip() if index < len(record) else ""
        if cell.get("namespace", "").lower() not in _ARTICLE_NAMESPACES:
            yield _Candidate(number, shown, None, _("Not an article (namespace “{namespace}”).")
                             .format(namespace=cell["namespace"][:30]))
            continue
        values: dict[str, Any] = {"wiki": default_wiki, "title": cell["title"]}
        qid = titles.normalize_qid(cell.get("wikidata", "")) if cell.get("wikidata") else None
        if qid:
            values["qid"] = qid
        yield _Candidate(number, shown, values)


def _parse_csv(text: str, default_wiki: str, _: Gettext) -> Iterator[_Candidate]:
    records = _records(text)
    header_line, header = next(records, (0, []))
    mapping: dict[int, str] = {}
    for index, name in enumerate(header):
        key = re.sub(r"[\s-]+", "_", name.strip().lower())
        if key in CSV_COLUMNS and CSV_COLUMNS[key] not in mapping.values():
            mapping[index] = CSV_COLUMNS[key]
    if "title" not in mapping.values() and "qid" not in mapping.values():
        yield _Candidate(header_line, _short(",".join(header)), None,
                         _("The header row needs a “title” or a “qid” column."))
        return
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        shown = _short(",".join(record))
        if record and record[0].startswith("\0"):
            yield _Candidate(number, shown, None, _("This line could not be read as CSV."))
            continue
        values: dict[str, Any] = {"wiki": default_wiki}
        for index, name in mapping.items():
            value = exporters.unneutralize(record[index].strip()) if index < len(record) else ""
            if value:
                values[name] = value
        note = ""
        if "sitelinks" in values:
            count = ascii_count(values["sitelinks"], SITELINKS_DIGITS)
            if count is None:
                note = _("“{field}” was left out: “{value}” is not a whole number from 0 to 9999.").format(
                    field=_(rows_module.FIELD_LABELS["sitelinks"]), value=rows_module.shown(values["sitelinks"])[:20])
            values["sitelinks"] = count
        yield _Candidate(number, shown, values, note=note)


# --------------------------------------------------------------------------- wikitext


_TABLE_TITLE_COLUMNS = ("title", "article", "label", "name", "page", "artículo", "título", "nombre", "etiqueta")
_TABLE_QID_COLUMNS = ("item", "qid", "wikidata", "elemento")
_QID_IN_CELL = re.compile(r"\b(Q[1-9][0-9]{0,11})\b")


def _split_cells(line: str, marker: str) -> list[str]:
    body = line[1:]
    separator = "!!" if marker == "!" else "||"
    cells = body.split(separator) if marker == "|" else re.split(r"!!|\|\|", body)
    out = []
    for cell in cells:
        # "style=… | content": drop cell attributes (a single | outside links).
        depth, cut = 0, -1
        for index, char in enumerate(cell):
            if cell.startswith("[[", index) or cell.startswith("{{", index):
                depth += 1
            elif cell.startswith("]]", index) or cell.startswith("}}", index):
                depth -= 1
            elif char == "|" and depth == 0:
                cut = index
                break
        out.append(cell[cut + 1:].strip() if cut >= 0 else cell.strip())
    return out


def _parse_wikitext(text: str, default_wiki: str, _: Gettext) -> Iterator[_Candidate]:
    lines = text.splitlines()
    in_table = False
    header: list[str] = []
    row_cells: list[str] = []
    row_line = 0

    def table_row() -> _Candidate | None:
        if not row_cells:
            return None
        shown = _short(" || ".join(row_cells))
        names = [h.lower() for h in header]
        title_index = next((i for i, n in enumerate(names) if any(n.startswith(c) for c in _TABLE_TITLE_COLUMNS)), 0)
        qid_index = next((i for i, n in enumerate(names) if any(n.startswith(c) for c in _TABLE_QID_COLUMNS)), None)
        values: dict[str, Any] = {"wiki": default_wiki}
        if qid_index is not None and qid_index < len(row_cells):
            match = _QID_IN_CELL.search(row_cells[qid_index])
            if match:
                values["qid"] = match.group(1)
        if title_index < len(row_cells):
            cell = row_cells[title_index]
            link = titles.WIKILINK.search(cell)
            if link:
                wiki, target = titles.resolve_link(link.group(1), default_wiki)
                if wiki is None:
                    values.setdefault("qid", target)
                else:
                    values.update(wiki=wiki, title=target)
            else:
                # An unlinked label (Listeria's way of saying "no article yet") is the title to create.
                plain = re.sub(r"<[^>]*>|'{2,}|\{\{[^}]*\}\}", "", cell).strip()
                if plain:
                    values["title"] = plain
        if "title" not in values and "qid" not in values:
            return _Candidate(row_line, shown, None, _("No title or Wikidata item in this table row."))
        return _Candidate(row_line, shown, values)

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("{|"):
            in_table, header, row_cells = True, [], []
            continue
        if in_table:
            if stripped.startswith("|}"):
                candidate = table_row()
                if candidate:
                    yield candidate
                in_table, row_cells = False, []
            elif stripped.startswith("|-"):
                candidate = table_row()
                if candidate:
                    yield candidate
                row_cells, row_line = [], number + 1
            elif stripped.startswith("|+"):
                continue
            elif stripped.startswith("!"):
                header.extend(_split_cells(stripped, "!"))
            elif stripped.startswith("|"):
                if not row_cells:
                    row_line = number
                row_cells.extend(_split_cells(stripped, "|"))
            elif row_cells and stripped:
                row_cells[-1] += " " + stripped
            continue
        if not stripped or not _BULLET.match(line) or not stripped[0] in "*#":
            if stripped and not stripped.startswith(("=", "<!--", "{{", "__")):
                values, message = _line_values(stripped, default_wiki, _) if titles.WIKILINK.search(stripped) \
                    else (None, "")
                yield _Candidate(number, _short(line), values, message)
            continue
        if titles.WIKILINK.search(stripped):
            values, message = _line_values(stripped, default_wiki, _)
        else:
            values, message = None, _("This list item has no [[link]].")
        yield _Candidate(number, _short(line), values, message)
