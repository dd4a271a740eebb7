"""A CSV file staff upload (milestones, mentor assignments), read one way: at most 1 MB of UTF-8 (a
byte-order mark allowed), a header naming the columns in any order (blank lines before it skipped),
at most 5,000 data rows, each with the line it starts on. A file that cannot be read is refused
whole (`CSVRefused`, with a message for the person who uploaded it); what each row means is the
caller's to check, row by row.
"""
from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

MAX_ROWS = 5000
MAX_BYTES = 1024 * 1024  # 1 MB
_MAX_TEXT = 200  # of a row, as a report quotes it


class CSVRefused(ValueError):
    """The file was refused whole; the message says why."""


def quote(row: list[str]) -> str:
    """A row as a report quotes it back: its cells joined by commas, at most 200 characters."""
    text = ",".join(row)
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT - 1] + "…"


def read_rows(text: str | bytes, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The file's data rows with the line each starts on, blank rows left out. A row with as many
    cells as `columns` has them in the order of `columns`, whatever the header's order; a row with
    another number of cells is returned as it is (the caller refuses it, quoting it)."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise CSVRefused(_("The file is larger than 1 MB; split it into smaller files."))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CSVRefused(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise CSVRefused(_("The file is larger than 1 MB; split it into smaller files."))
    header_text = ",".join(columns)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            raise CSVRefused(_("The file is empty: its first line must be the header {header}.").format(
                header=header_text))
        names = [cell.strip().lower() for cell in header]
        if sorted(names) != sorted(columns):
            raise CSVRefused(_("The first line must be the header {header} (it is {found!r}).").format(
                header=header_text, found=quote(header)))
        index = [names.index(name) for name in columns]
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows.append((start, [row[i] for i in index] if len(row) == len(columns) else row))
            if len(rows) > MAX_ROWS:
                raise CSVRefused(_("The file has more than {limit} rows; split it into smaller files.").format(
                    limit=f"{MAX_ROWS:,}"))
    except csv.Error as error:
        raise CSVRefused(_("The file is not valid CSV (line {line}): {error}.").format(
            line=reader.line_num, error=error)) from None
    return rows
