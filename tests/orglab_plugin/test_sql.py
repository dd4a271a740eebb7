"""`orglab_plugin.sql`, the plugin's plain SQL: quoted identifiers, values only as parameters, each
vendor's upsert and index hint, the two aggregate SELECTs on real rows; and `progress.percent`.

Runs on the suite's database (SQLite under `make test`, MariaDB under `make test-mysql`); the
other vendor's text is checked by asking for it with the connection's vendor swapped."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from completion.models import BlockCompletion
from django.db import connection
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import outline, sql
from orglab_plugin.models import AwardAudit, CourseUnit, UnitProgress
from orglab_plugin.progress import percent

COURSE = CourseKey.from_string("course-v1:Sql+Lab+1")
UTC = datetime.UTC


@pytest.fixture
def vendor(monkeypatch):
    """`vendor("mysql")`: the SQL text as that vendor's connection would get it (quoting included)."""

    def use(name: str) -> None:
        monkeypatch.setattr(connection, "vendor", name)
        # Django's quote_name of each backend: backticks on MySQL/MariaDB, double quotes elsewhere.
        mark = "`" if name == "mysql" else '"'
        monkeypatch.setattr(connection.ops, "quote_name", lambda n: n if n.startswith(mark) else f"{mark}{n}{mark}")

    return use


def test_percent_rounds_to_one_decimal_and_an_empty_total_is_done():
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(3, 3) == 100.0
    assert percent(0, 5) == 0.0
    assert percent(0, 0) == 100.0


def test_an_insert_names_quoted_columns_and_takes_values_as_parameters():
    text = sql.insert_sql(AwardAudit, ("user", "course_key", "reason"))
    q = connection.ops.quote_name
    assert text == (f"INSERT INTO {q('orglab_plugin_awardaudit')} ({q('user_id')}, {q('course_key')}, {q('reason')}) "
                    "VALUES (%s, %s, %s)")


@pytest.mark.parametrize(("name", "expected"), [
    ("sqlite", 'INSERT INTO "orglab_plugin_unitprogress" ("user_id", "unit_id", "completed", "total") '
               'VALUES (%s, %s, %s, %s) ON CONFLICT ("user_id", "unit_id") DO UPDATE SET '
               '"completed" = excluded."completed", "total" = excluded."total"'),
    ("postgresql", 'INSERT INTO "orglab_plugin_unitprogress" ("user_id", "unit_id", "completed", "total") '
                   'VALUES (%s, %s, %s, %s) ON CONFLICT ("user_id", "unit_id") DO UPDATE SET '
                   '"completed" = excluded."completed", "total" = excluded."total"'),
    # MariaDB has no `AS new` row alias: the upsert keeps VALUES().
    ("mysql", "INSERT INTO `orglab_plugin_unitprogress` (`user_id`, `unit_id`, `completed`, `total`) "
              "VALUES (%s, %s, %s, %s) ON DUPLICATE KEY UPDATE "
              "`completed` = VALUES(`completed`), `total` = VALUES(`total`)"),
])
def test_each_vendor_gets_its_upsert(vendor, name, expected):
    vendor(name)
    assert sql.upsert_sql(UnitProgress, ("user", "unit", "completed", "total"), ("user", "unit")) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("sqlite", ' INDEXED BY "{index}"'),
    ("mysql", " FORCE INDEX (`{index}`)"),
    ("postgresql", ""),
])
def test_each_vendor_gets_its_index_hint(vendor, name, expected):
    by_user = next(index.name for index in BlockCompletion._meta.indexes if index.fields[0] == "user")
    vendor(name)
    assert sql.index_hint(BlockCompletion, "user") == expected.format(index=by_user)
    assert sql.index_hint(BlockCompletion, "no_such_field") == ""
    assert expected.format(index=by_user) in sql.unit_completions_sql()
    assert expected.format(index=by_user) in sql.last_completions_sql(3)


def test_the_templates_hold_no_values():
    """Every value is a parameter: the course key, thresholds and ids never enter the text."""
    assert sql.unit_completions_sql().count("%s") == 4
    assert sql.last_completions_sql(3).count("%s") == 4
    assert "course-v1" not in sql.unit_completions_sql() + sql.last_completions_sql(3)


@pytest.fixture
def course(db):
    unit_blocks = {u: [COURSE.make_usage_key("orglab_worksheet", f"u{u}b{b}") for b in range(1, 3)] for u in (1, 2)}
    outline.sync_outline(COURSE, [
        outline.UnitSpec(key=COURSE.make_usage_key("chapter", f"u{u}"), title=f"Unit {u}",
                         blocks=[(block, "orglab_worksheet") for block in blocks])
        for u, blocks in unit_blocks.items()], set())
    return {unit.position: unit.pk for unit in CourseUnit.objects.filter(course_key=COURSE)}, unit_blocks


def complete(user, block, when, value=1.0):
    BlockCompletion.objects.create(user=user, context_key=COURSE, block_key=block, block_type="orglab_worksheet",
                                   completion=value)
    BlockCompletion.objects.filter(user=user, block_key=block).update(modified=when)


def test_the_unit_completions_count_completed_counted_blocks_per_learner_and_unit(course, learner, other_learner,
                                                                                    django_user_model):
    units, blocks = course
    outsider = django_user_model.objects.create_user("outsider")
    day = datetime.datetime(2026, 3, 1, tzinfo=UTC)
    complete(learner, blocks[1][0], day)
    complete(learner, blocks[1][1], day)
    complete(learner, blocks[2][0], day)
    complete(other_learner, blocks[2][1], day)
    complete(other_learner, blocks[1][0], day, value=0.5)  # not complete
    complete(outsider, blocks[1][0], day)
    low, high = sorted((learner.pk, other_learner.pk))
    rows = sql.fetch_all(sql.unit_completions_sql(), [str(COURSE), 1.0, low, high])
    expected = {(learner.pk, units[1], 2), (learner.pk, units[2], 1), (other_learner.pk, units[2], 1)}
    if low < outsider.pk <= high:
        expected.add((outsider.pk, units[1], 1))
    assert set(rows) == expected


def test_the_last_completions_are_each_learners_latest_in_the_course(course, learner, other_learner):
    _units, blocks = course
    early, late = datetime.datetime(2026, 3, 1, tzinfo=UTC), datetime.datetime(2026, 3, 9, tzinfo=UTC)
    complete(learner, blocks[1][0], early)
    complete(learner, blocks[2][1], late)
    complete(other_learner, blocks[1][1], early)
    from orglab_plugin.cohort import _last_completions

    assert _last_completions(COURSE, [learner.pk, other_learner.pk]) == {learner.pk: late, other_learner.pk: early}
    assert len(sql.fetch_all(sql.last_completions_sql(1), [learner.pk, str(COURSE)])) == 1


def test_insert_and_upsert_write_in_batches_and_update_in_place(course, learner, other_learner, monkeypatch):
    units, _blocks = course
    monkeypatch.setattr(sql, "BATCH", 1)  # several executemany calls
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(datetime.datetime(2026, 3, 1, tzinfo=UTC))
    fields = ("user", "course_key", "unit", "completed", "total", "percent", "completed_at", "updated")
    sql.upsert(UnitProgress, fields, ("user", "unit"), [
        (learner.pk, str(COURSE), units[1], 1, 2, 50.0, None, now),
        (other_learner.pk, str(COURSE), units[1], 2, 2, 100.0, now, now),
    ])
    first = UnitProgress.objects.get(user=learner, unit_id=units[1]).pk
    sql.upsert(UnitProgress, fields, ("user", "unit"), [
        (learner.pk, str(COURSE), units[1], 2, 2, 100.0, now, now),
        (learner.pk, str(COURSE), units[2], 0, 2, 0.0, None, now),
    ])
    assert sorted(UnitProgress.objects.values_list("user_id", "unit_id", "completed", "percent")) == sorted([
        (learner.pk, units[1], 2, 100.0), (learner.pk, units[2], 0, 0.0), (other_learner.pk, units[1], 2, 100.0)])
    assert UnitProgress.objects.get(user=learner, unit_id=units[1]).pk == first  # updated, not replaced

    sql.insert(AwardAudit, ("user", "course_key", "kind", "from_status", "to_status", "reason", "created"),
               [(learner.pk, str(COURSE), AwardAudit.CERTIFICATE, "", "awarded", f"r{n}", now) for n in range(3)])
    assert sorted(AwardAudit.objects.values_list("reason", flat=True)) == ["r0", "r1", "r2"]
    sql.insert(AwardAudit, ("user",), [])  # nothing to write: no statement


def test_the_plugin_writes_plain_sql_only_in_its_sql_module():
    """Every cursor of the plugin is opened in `orglab_plugin/sql.py` (migrations aside)."""
    package = Path(sql.__file__).parent
    raw = re.compile(r"\bcursor\(|\.executemany\(|\.execute\(|\bRawSQL\(|\.raw\(|\.extra\(")
    found = [f"{path.relative_to(package)}:{number}" for path in sorted(package.rglob("*.py"))
             if path.name != "sql.py" and "migrations" not in path.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []
    assert raw.search(Path(sql.__file__).read_text(encoding="utf-8"))  # the pattern finds what it looks for
