"""Tabular files written as a stream: CSV, XLSX and JSON lines.

Each writer takes rows one at a time (lists of cells in column order) and writes them to a binary
file as they come, so a report's memory does not grow with its length. Cells are str, int, float,
bool, date, datetime or None.

Spreadsheet safety: a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
`-`, `@`, a tab or a carriage return) is made inert. In CSV it gets a leading apostrophe (the
OWASP advice; spreadsheets show the text, not a formula); in XLSX it is written as a string cell,
which no spreadsheet evaluates, so the text stays exactly what the learner wrote.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32767  # characters a spreadsheet cell holds
XLSX_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class Column:
    key: str  # machine name (JSON lines' keys)
    label: str  # what a person reads (the header row)
    width: int = 14  # XLSX column width, in characters


def neutralise(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_text(text: str) -> str:
    if text[:1] in _FORMULA_FIRST:
        # A negative number is a number, not a formula ("-3" stays "-3").
        if text[0] in "+-" and _is_number_text(text):
            return text
        return "'" + text
    return text


def _csv_datetime(value: datetime.datetime) -> str:
    return _utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


_FORMULA_FIRST = frozenset(FORMULA_STARTS)
# One function a type: a report writes millions of cells, and a dict lookup beats a chain of isinstance.
_CSV_BY_TYPE = {
    str: _csv_text,
    int: str,
    float: repr,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "",
    datetime.datetime: _csv_datetime,
    datetime.date: datetime.date.isoformat,
}


def csv_cell(value: Any) -> str:
    """A cell as CSV text: ISO dates (UTC), true/false, and text no spreadsheet runs as a formula."""
    convert = _CSV_BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, datetime.datetime):
        return _csv_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):  # subclasses (bool itself is in the table)
        return repr(value) if isinstance(value, float) else str(int(value))
    return _csv_text(str(value))


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


class CSVWriter:
    """RFC 4180 CSV in UTF-8 (with a byte-order mark when `bom`, for spreadsheets that need it)."""

    extension, content_type = "csv", "text/csv; charset=utf-8"

    def __init__(self, fileobj: BinaryIO, columns: Sequence[Column], *, bom: bool = False, **_options):
        self._raw = fileobj
        if bom:
            fileobj.write(codecs.BOM_UTF8)
        self._text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="", write_through=False)
        self._csv = csv.writer(self._text)
        self._csv.writerow([neutralise(column.label) for column in columns])

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        cell = csv_cell
        self._csv.writerows([cell(value) for value in row] for row in rows)

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # leave the caller's file open


class JSONLinesWriter:
    """One JSON object a line, keyed by the columns' machine names."""

    extension, content_type = "jsonl", "application/jsonl; charset=utf-8"

    def __init__(self, fileobj: BinaryIO, columns: Sequence[Column], **_options):
        self._file = fileobj
        self._keys = [column.key for column in columns]

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        keys = self._keys
        lines = [json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False, default=_json_default)
                 for row in rows]
        if lines:
            self._file.write(("\n".join(lines) + "\n").encode("utf-8"))

    def close(self) -> None:
        self._file.flush()


def _json_default(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return _utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class XLSXWriter:
    """An XLSX workbook written row by row (openpyxl's write-only mode): header row frozen and in
    bold, column widths set, dates as dates, numbers as numbers and every text as a string cell."""

    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, fileobj: BinaryIO, columns: Sequence[Column], *, sheet_title: str = "Report", **_options):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self._file = fileobj
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=_sheet_title(sheet_title))
        self._sheet.freeze_panes = "A2"  # the header row stays in view
        for index, column in enumerate(columns, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = column.width
        self._cell = WriteOnlyCell
        bold = Font(bold=True)
        header = []
        for column in columns:
            cell = self._text_cell(column.label)
            cell.font = bold
            header.append(cell)
        self._sheet.append(header)
        self._rows = 1

    def _value(self, value: Any):
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, datetime.datetime):
            return _utc(value).replace(tzinfo=None)  # spreadsheets have no time zones: UTC, as the header says
        if isinstance(value, datetime.date):
            return value
        return self._text_cell(str(value))

    def _text_cell(self, text: str):
        cell = self._cell(self._sheet, value=_xml_safe(text)[:XLSX_MAX_CELL])
        # A string cell whatever the text: "=HYPERLINK(…)" is shown, never evaluated.
        cell.data_type = "s"
        return cell

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            if self._rows >= XLSX_MAX_ROWS:
                raise ValueError("A spreadsheet holds at most 1,048,576 rows: choose CSV or JSON lines.")
            self._sheet.append([self._value(value) for value in row])
            self._rows += 1

    def close(self) -> None:
        self._book.save(self._file)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Report"
    return cleaned[:31]


def _xml_safe(text: str) -> str:
    """XML 1.0 has no place for most control characters; drop them (tabs and newlines stay)."""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


WRITERS = {"csv": CSVWriter, "xlsx": XLSXWriter, "jsonl": JSONLinesWriter}


def make_writer(fmt: str, fileobj: BinaryIO, columns: Sequence[Column], **options):
    """A writer of format `fmt` ("csv", "xlsx" or "jsonl") over `fileobj`."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"Unknown format {fmt!r}; use one of: {', '.join(WRITERS)}.") from None
    return writer(fileobj, columns, **options)
