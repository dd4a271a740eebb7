"""Loaded by `make test-mysql` (`-p tests.mysql.pytest_plugin`): the suite's few SQLite-only tests
are skipped there, each with its reason and the MySQL test that stands in for it."""
from __future__ import annotations

import pytest

SQLITE_ONLY = {
    "tests/orglab_plugin/test_plugin.py::test_latest_version_query_uses_an_index":
        "reads SQLite's EXPLAIN QUERY PLAN; on MySQL tests/mysql/test_query_plans.py checks the same query's plan",
}


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "sqlite":
        return
    for item in items:
        reason = SQLITE_ONLY.get(item.nodeid)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
