"""The plugin's plain SQL, all of it: where a cohort's worth of rows would cost more in the ORM's
per-object work than in the database, the plugin writes the SQL itself, here and nowhere else.

- `insert` and `upsert`: many rows in one statement a batch. The upsert is the one place the SQL
  differs by vendor: MySQL/MariaDB (Open edX's database) write `ON DUPLICATE KEY UPDATE … VALUES()`
  (MariaDB has no `AS new` row alias, so the older form stays); SQLite (the devsite, the tests) and
  PostgreSQL write `ON CONFLICT (…) DO UPDATE SET … = excluded.…`.
- `index_hint`: read edx-completion's table through its (user, course, …) index. Planners otherwise
  pick the (course, …) index and scan the whole course once a chunk of learners (quadratic in the
  cohort). SQLite writes `INDEXED BY`, MySQL/MariaDB `FORCE INDEX`; other vendors get no hint.
- The two aggregate SELECTs, as templates: `UNIT_COMPLETIONS` (the recompute's completed blocks per
  learner and unit) and `LAST_COMPLETIONS` (the report's latest completion per learner).

Identifiers come from the models' `_meta` and are quoted by the connection
(`connection.ops.quote_name`); values are always parameters, never part of the text. Values passed
to `insert`/`upsert` must already be in their database form (`connection.ops.adapt_…`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from completion.models import BlockCompletion
from django.db import connection

from .models import OutlineBlock

BATCH = 1000  # rows a statement (executemany)

# The recompute: per learner and unit, the blocks a learner has completed among the unit's counted
# blocks, for a range of learners (a chunk) of one course. Parameters: course key, the completion
# value that counts as complete, the first and the last user id of the chunk.
UNIT_COMPLETIONS = (
    "SELECT bc.{user}, ob.{unit}, COUNT(*) "
    "FROM {completions} bc{hint} JOIN {blocks} ob "
    "ON ob.{block_key} = bc.{completion_block_key} "
    "AND ob.{course_key} = bc.{context_key} "
    "WHERE bc.{context_key} = %s AND ob.{counts} "
    "AND bc.{completion} >= %s "
    "AND bc.{user} BETWEEN %s AND %s "
    "GROUP BY bc.{user}, ob.{unit}"
)

# The report: each learner's latest completion in a course. Parameters: the user ids (one
# placeholder each, `{ids}`), then the course key.
LAST_COMPLETIONS = (
    "SELECT {user}, MAX({modified}) FROM {completions}{hint} "
    "WHERE {user} IN ({ids}) AND {context_key} = %s GROUP BY {user}"
)


def quote(name: str) -> str:
    """An identifier (table, column, index) quoted for the default connection."""
    return connection.ops.quote_name(name)


def table(model) -> str:
    return quote(model._meta.db_table)


def column(model, field: str) -> str:
    """The quoted column of a model's field (`user` → `"user_id"`)."""
    return quote(model._meta.get_field(field).column)


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def insert_sql(model, fields: Sequence[str]) -> str:
    """`INSERT INTO table (columns) VALUES (%s, …)` for these fields of the model."""
    columns = ", ".join(column(model, name) for name in fields)
    return f"INSERT INTO {table(model)} ({columns}) VALUES ({placeholders(len(fields))})"


def upsert_sql(model, fields: Sequence[str], unique: Sequence[str]) -> str:
    """Insert these fields, or on a clash with the unique key `unique` (some of `fields`) update the
    others in place. MySQL/MariaDB upsert on any unique key and take no target; the others need it."""
    updates = [column(model, name) for name in fields if name not in unique]
    if connection.vendor == "mysql":
        conflict = "ON DUPLICATE KEY UPDATE " + ", ".join(f"{c} = VALUES({c})" for c in updates)
    else:
        target = ", ".join(column(model, name) for name in unique)
        conflict = f"ON CONFLICT ({target}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updates)
    return f"{insert_sql(model, fields)} {conflict}"


def execute_many(sql: str, rows: Sequence[tuple], *, batch: int | None = None) -> None:
    """Run `sql` once a row, `batch` (default `BATCH`) rows a call."""
    if not rows:
        return
    batch = batch or BATCH
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start:start + batch])


def insert(model, fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Many new rows (each a tuple in the order of `fields`, in database form)."""
    if rows:
        execute_many(insert_sql(model, fields), rows)


def upsert(model, fields: Sequence[str], unique: Sequence[str], rows: Sequence[tuple]) -> None:
    """Many rows, new or replacing those with the same `unique` key (see `upsert_sql`)."""
    if rows:
        execute_many(upsert_sql(model, fields, unique), rows)


def index_hint(model, first_field: str) -> str:
    """The clause (with its leading space) that makes the query read `model`'s table through its
    index whose first field is `first_field`; "" when the model has no such index or the vendor
    takes no hint."""
    name = next((index.name for index in model._meta.indexes if index.fields and index.fields[0] == first_field),
                None)
    if name is None:
        return ""
    return {"sqlite": f" INDEXED BY {quote(name)}", "mysql": f" FORCE INDEX ({quote(name)})"}.get(connection.vendor, "")


def unit_completions_sql() -> str:
    """`UNIT_COMPLETIONS` for edx-completion's and the outline's tables, through the by-user index."""
    return UNIT_COMPLETIONS.format(
        user=column(BlockCompletion, "user"), unit=column(OutlineBlock, "unit"),
        completions=table(BlockCompletion), hint=index_hint(BlockCompletion, "user"), blocks=table(OutlineBlock),
        block_key=column(OutlineBlock, "block_key"), completion_block_key=column(BlockCompletion, "block_key"),
        course_key=column(OutlineBlock, "course_key"), context_key=column(BlockCompletion, "context_key"),
        counts=column(OutlineBlock, "counts"), completion=column(BlockCompletion, "completion"),
    )


def last_completions_sql(count: int) -> str:
    """`LAST_COMPLETIONS` for `count` learners, through edx-completion's by-user index."""
    return LAST_COMPLETIONS.format(
        user=column(BlockCompletion, "user"), modified=column(BlockCompletion, "modified"),
        completions=table(BlockCompletion), hint=index_hint(BlockCompletion, "user"),
        ids=placeholders(count), context_key=column(BlockCompletion, "context_key"),
    )


def fetch_all(sql: str, params: Iterable) -> list[tuple]:
    """The rows of one SELECT."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
