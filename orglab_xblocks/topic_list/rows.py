"""A topic list's rows: their shape, validation, merging of duplicates, and the rules an
author sets for submitting. Pure Python; messages go through the caller's gettext."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _
from ..validation import shown
from . import titles, vocab, wikis

Gettext = Callable[[str], str]


ROW_KEYS = (
    "id", "title", "wiki", "qid", "source_title", "source_wiki", "status", "gap", "topic", "task",
    "priority", "notes", "sitelinks", "canonical",
)
# How each field is named to people (the table's columns, messages).
FIELD_LABELS = {
    "title": _("Article"), "wiki": _("Wikipedia"), "qid": _("Wikidata item"), "status": _("Status"),
    "gap": _("Knowledge gap"), "topic": _("Topic area"), "task": _("Task"), "priority": _("Priority"),
    "sitelinks": _("Wikipedias with an article"), "notes": _("Notes"), "source_title": _("Source article"),
    "source_wiki": _("Source Wikipedia"), "canonical": _("Title on Wikipedia"),
}
# Fields an author may require on every row before a list can be submitted.
REQUIRABLE = {
    "qid": _("Wikidata item"),
    "gap": _("Knowledge gap"),
    "topic": _("Topic area"),
    "task": _("Task"),
    "priority": _("Priority"),
    "notes": _("Notes"),
    "source_title": _("Source article"),
}
MAX_NOTES = 500
MAX_ID = 24
DEFAULT_MIN_TOPICS = 10
DEFAULT_MAX_TOPICS = 1000
LIMIT_MAX_TOPICS = 5000


def new_id() -> str:
    return "r" + secrets.token_hex(5)


def blank_row(**values: Any) -> dict[str, Any]:
    row = {key: "" for key in ROW_KEYS}
    row.update(status="unknown", sitelinks=None, id=new_id())
    row.update(values)
    return row


@dataclass
class Rules:
    """What the author allows and asks for (set in Studio)."""

    allowed_wikis: tuple[str, ...] = ()  # empty: any Wikipedia
    gaps: tuple[str, ...] = tuple(vocab.GAP_DIMENSIONS)
    required: tuple[str, ...] = ()
    min_topics: int = DEFAULT_MIN_TOPICS
    max_topics: int = DEFAULT_MAX_TOPICS

    def allows_wiki(self, wiki: str) -> bool:
        """Whether `wiki` is a Wikipedia this list may use (compared by its normalized name)."""
        name = wikis.normalize_dbname(wiki)
        return name is not None and (not self.allowed_wikis or name in self.allowed_wikis)


class RowError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


def _text(value: Any, name: str, limit: int, _: Gettext) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(name, _("“{name}” must be text.").format(name=_(FIELD_LABELS[name])))
    value = " ".join(value.split()) if name != "notes" else value.replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise RowError(name, _("“{name}” is longer than {n} characters.").format(name=_(FIELD_LABELS[name]), n=limit))
    return value


def clean_row(raw: Any, rules: Rules, gettext: Gettext) -> dict[str, Any]:
    """One row, checked and normalized, or RowError naming the field and the problem."""
    _ = gettext
    if not isinstance(raw, dict):
        raise RowError("", _("Every topic must be an object."))
    unknown = sorted(set(raw) - set(ROW_KEYS))
    if unknown:
        raise RowError(unknown[0], _("A topic has no field “{name}”.").format(name=str(unknown[0])[:40]))
    row_id = raw.get("id")
    if not isinstance(row_id, str) or not 0 < len(row_id) <= MAX_ID or not row_id.isascii():
        raise RowError("id", _("Every topic needs an id of at most {n} characters.").format(n=MAX_ID))
    wiki = wikis.normalize_dbname(raw.get("wiki"))
    if wiki is None:
        raise RowError("wiki", _("“{wiki}” is not a Wikipedia (use a database name such as enwiki or eswiki).")
                       .format(wiki=shown(raw.get("wiki"))))
    if not rules.allows_wiki(wiki):
        raise RowError("wiki", _("This list is for {wikis}; “{wiki}” is not one of them.")
                       .format(wikis=", ".join(rules.allowed_wikis), wiki=wiki))
    row = {"id": row_id, "wiki": wiki}
    title = _text(raw.get("title"), "title", 300, _)
    try:
        row["title"] = titles.normalize_title(title, wiki) if title else ""
    except titles.TitleError as error:
        raise RowError("title", error.message(_)) from error
    qid = raw.get("qid") or ""
    if qid:
        row["qid"] = titles.normalize_qid(qid) if isinstance(qid, str) else None
        if not row["qid"]:
            raise RowError("qid", _("“{qid}” is not a Wikidata item id (like Q7942).").format(qid=str(qid)[:40]))
    else:
        row["qid"] = ""
    if not row["title"] and not row["qid"]:
        raise RowError("title", _("A topic needs a title or a Wikidata item."))
    source_wiki = raw.get("source_wiki") or ""
    source_title = _text(raw.get("source_title"), "source_title", 300, _)
    if source_wiki:
        if wikis.normalize_dbname(source_wiki) is None:
            raise RowError("source_wiki", _("“{wiki}” is not a Wikipedia.").format(wiki=shown(source_wiki)))
        source_wiki = wikis.normalize_dbname(source_wiki)
    if source_title and not source_wiki:
        raise RowError("source_wiki", _("Say which Wikipedia the source article is on."))
    try:
        row["source_title"] = titles.normalize_title(source_title, source_wiki) if source_title else ""
    except titles.TitleError as error:
        raise RowError("source_title", error.message(_)) from error
    row["source_wiki"] = source_wiki if source_title else ""
    for name, vocabulary, allowed in (
        ("status", vocab.STATUSES, vocab.STATUSES),
        ("gap", vocab.GAP_DIMENSIONS, rules.gaps),
        ("topic", vocab.TOPIC_AREAS, vocab.TOPIC_AREAS),
        ("task", vocab.TASKS, vocab.TASKS),
        ("priority", vocab.PRIORITIES, vocab.PRIORITIES),
    ):
        value = raw.get(name) or ("unknown" if name == "status" else "")
        if not isinstance(value, str) or (value and (value not in vocabulary or value not in allowed)):
            raise RowError(name, _("“{value}” is not a value of “{name}” here.").format(
                value=str(value)[:40], name=_(FIELD_LABELS[name])))
        row[name] = value
    row["notes"] = _text(raw.get("notes"), "notes", MAX_NOTES, _)
    row["canonical"] = _text(raw.get("canonical"), "canonical", 300, _)
    sitelinks = raw.get("sitelinks")
    if sitelinks is not None and (isinstance(sitelinks, bool) or not isinstance(sitelinks, int)
                                  or not 0 <= sitelinks < 10_000):
        raise RowError("sitelinks", _("The number of Wikipedias must be a whole number."))
    row["sitelinks"] = sitelinks
    return {key: row[key] for key in ROW_KEYS}


# --------------------------------------------------------------------------- merging


def _keys(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    keys = []
    if row.get("title"):
        keys.append(("title", row.get("wiki"), row["title"]))
    if row.get("qid"):
        keys.append(("qid", row.get("wiki"), row["qid"]))
    return keys


@dataclass
class MergeResult:
    rows: list[dict[str, Any]]
    added: int = 0
    merged: int = 0
    # For each incoming row, in order: the id of the row it is now, and whether it was merged.
    placed: list[tuple[str, bool]] = field(default_factory=list)


def merge_rows(existing: Iterable[dict[str, Any]], incoming: Iterable[dict[str, Any]]) -> MergeResult:
    """Add `incoming` rows to `existing`; a row with the same wiki and title, or the same QID
    on the same wiki, as one already there is merged into it (empty fields filled in), not doubled."""
    rows = [dict(row) for row in existing]
    index: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        for key in _keys(row):
            index.setdefault(key, row)
    result = MergeResult(rows=rows)
    for new in incoming:
        match = next((index[key] for key in _keys(new) if key in index), None)
        if match is None:
            row = dict(new)
            rows.append(row)
            result.added += 1
            result.placed.append((row["id"], False))
        else:
            for name in ROW_KEYS:
                if name != "id" and match.get(name) in ("", None, "unknown") and new.get(name) not in ("", None):
                    match[name] = new[name]
            row = match
            result.merged += 1
            result.placed.append((row["id"], True))
        for key in _keys(row):
            index.setdefault(key, row)
    return result


def normalize_stored(rows: Any) -> list[dict[str, Any]]:
    """Rows as the block stored them, with every wiki name normalized.

    Older versions kept wiki names as they were sent ("ESWIKI ", "\\neswiki"); read through here,
    such rows get the canonical name, and rows that then name the same article are merged
    (`merge_rows`: the first is kept, its empty fields filled in from the others). A name that
    is not a Wikipedia at all is left as it is, and so is a list that needs no change."""
    if not isinstance(rows, list):
        return []
    fixed, changed = [], False
    for row in rows:
        if not isinstance(row, dict):
            changed = True  # not a row: nothing the block could show or export
            continue
        updates = {}
        for name in ("wiki", "source_wiki"):
            value = row.get(name)
            normal = wikis.normalize_dbname(value) if isinstance(value, str) and value else None
            if normal is not None and normal != value:
                updates[name] = normal
        if updates:
            changed = True
            row = {**row, **updates}
        fixed.append(row)
    if not changed:
        return rows
    return merge_rows([], fixed).rows


# --------------------------------------------------------------------------- changing the draft

# Most changes one save may carry.
MAX_OPS = 5000


class OpsError(ValueError):
    """A set of changes refused whole: `message` for the person, `problems` (per row and field)
    where one row is to blame."""

    def __init__(self, message: str, problems: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems


def apply_ops(current: Iterable[dict[str, Any]], ops: Any, rules: Rules, gettext: Gettext) -> list[dict[str, Any]]:
    """The draft `current` with `ops` applied: `{"op": "put", "row": {…}}` adds or replaces a row by
    id, `{"op": "del", "id": "…"}` removes one. All or nothing: OpsError says what was refused."""
    _ = gettext
    if not isinstance(ops, list) or len(ops) > MAX_OPS:
        raise OpsError(_("The changes must be a list of at most {n} operations.").format(n=MAX_OPS))
    rows = {row["id"]: row for row in current}
    for op in ops:
        kind = op.get("op") if isinstance(op, dict) else None
        if kind == "put":
            try:
                row = clean_row(op.get("row"), rules, _)
            except RowError as error:
                row_id = op["row"].get("id") if isinstance(op.get("row"), dict) else ""
                raise OpsError(error.message, problems=[{
                    "row": row_id[:MAX_ID] if isinstance(row_id, str) else "",
                    "field": error.field, "message": error.message}]) from error
            rows[row["id"]] = row
        elif kind == "del" and isinstance(op.get("id"), str):
            rows.pop(op["id"], None)
        else:
            raise OpsError(_("Unknown change “{op}”: use put or del.").format(op=str(kind)[:20]))
    seen: dict[tuple[str, str], str] = {}
    for row in rows.values():
        for key in ((row["wiki"], row["title"]) if row["title"] else None,
                    (row["wiki"], row["qid"]) if row["qid"] else None):
            if key and key in seen and seen[key] != row["id"]:
                raise OpsError(_("“{title}” is already in the list.").format(title=key[1]),
                               problems=[{"row": row["id"], "field": "title",
                                          "message": _("“{title}” is already in the list.").format(title=key[1])}])
            if key:
                seen[key] = row["id"]
    if len(rows) > rules.max_topics:
        raise OpsError(_("A list can have at most {n} topics. Nothing was saved.").format(n=rules.max_topics))
    return list(rows.values())


# --------------------------------------------------------------------------- submitting


def submit_problems(rows: list[dict[str, Any]], rules: Rules, gettext: Gettext) -> list[dict[str, str]]:
    """What stands between this list and a valid submission, per row where it can."""
    _ = gettext
    problems = []
    if len(rows) < rules.min_topics:
        problems.append({"row": "", "message": _("The list needs at least {n} topics; it has {count}.")
                         .format(n=rules.min_topics, count=len(rows))})
    if len(rows) > rules.max_topics:
        problems.append({"row": "", "message": _("The list can have at most {n} topics; it has {count}.")
                         .format(n=rules.max_topics, count=len(rows))})
    for name in rules.required:
        missing = [row for row in rows if not row.get(name)]
        if missing:
            problems.append({
                "row": missing[0]["id"],
                "message": _("{count} topics have no “{field}” (for example “{title}”).").format(
                    count=len(missing), field=_(REQUIRABLE[name]), title=missing[0]["title"] or missing[0]["qid"]),
            })
    return problems


def summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counts of topics by gap dimension and by status (for the chart and the report)."""
    by_gap: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in rows:
        by_gap[row["gap"] or ""] = by_gap.get(row["gap"] or "", 0) + 1
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    return {"gap": by_gap, "status": by_status}
