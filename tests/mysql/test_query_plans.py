"""On MySQL/MariaDB, the queries that must use an index do (the SQLite plans are checked elsewhere:
tests/orglab_plugin/test_plugin.py; the index hints of the recompute and the report by tests/mysql/test_parity.py)."""
from __future__ import annotations

import pytest
from completion.models import BlockCompletion
from django.db import connection
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api
from orglab_plugin.sql import last_completions_sql, unit_completions_sql

pytestmark = [
    pytest.mark.skipif(connection.vendor != "mysql", reason="MySQL's EXPLAIN; SQLite's plans are tested elsewhere"),
    pytest.mark.django_db,
]

COURSE = CourseKey.from_string("course-v1:Plan+Lab+1")
BLOCK = COURSE.make_usage_key("orglab_worksheet", "w1")


def explain(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_the_latest_version_query_uses_an_index(learner):
    for n in range(3):
        api.record_submission(course_key=COURSE, user=learner, block_key=BLOCK, block_type="orglab_worksheet",
                              payload={"n": n})
    plan = explain("SELECT * FROM orglab_plugin_submission WHERE course_key=%s AND user_id=%s AND block_key=%s "
                   "ORDER BY version DESC LIMIT 1", [str(COURSE), learner.pk, str(BLOCK)])
    assert plan[0]["key"] in {"orglab_submission_unique_version", "orglab_sub_user_block"}, plan


def test_the_recompute_and_the_report_read_completions_by_user(learner):
    by_user = next(index.name for index in BlockCompletion._meta.indexes if index.fields[0] == "user")
    aggregate = explain(unit_completions_sql(), [str(COURSE), 1.0, 1, 1000])
    assert by_user in {row["key"] for row in aggregate}, aggregate
    latest = explain(last_completions_sql(2), [learner.pk, learner.pk + 1, str(COURSE)])
    assert latest[0]["key"] == by_user, latest
