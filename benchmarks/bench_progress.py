"""`make bench`: unit progress and awards at cohort scale, on SQLite.

A synthetic course of 6 units and 60 blocks; every learner has completed every block.
- recompute (progress + awards) for 10,000 learners (600,000 completions): < 10 s;
- and for 100,000 learners (6,000,000 completions): < 60 s (`--learners` to change the sizes);
- at least 10× faster per learner than the per-learner path, timed on the same data;
- one completion event: its query count (bounded) and median handling time.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-bench-progress-"))
# ORGLAB_BENCH_DATABASE=mysql: on the MariaDB that tests/mysql/server.sh starts (`ORGLAB_BENCH_DATABASE=mysql
# make bench` runs this script through it), connected as tests.settings_mysql (as Open edX connects).
if os.environ.get("ORGLAB_BENCH_DATABASE", "sqlite") == "mysql":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_mysql")
elif os.environ.get("ORGLAB_BENCH_DATABASE", "sqlite") != "sqlite":
    sys.exit("ORGLAB_BENCH_DATABASE is sqlite (the default) or mysql")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("orglab_plugin").setLevel(logging.WARNING)  # one line a certificate is not a benchmark

from completion.models import BlockCompletion  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from benchmarks.per_learner import recompute_learner  # noqa: E402
from orglab_plugin import outline, sql  # noqa: E402
from orglab_plugin.models import UnitProgress  # noqa: E402
from orglab_plugin.progress import on_completion, recompute_course  # noqa: E402

COURSE = CourseKey.from_string("course-v1:Bench+Lab+1")
UNITS, BLOCKS_PER_UNIT = 6, 10
PER_LEARNER_SAMPLE = 200


def blocks():
    return [COURSE.make_usage_key("orglab_worksheet", f"u{u}b{b}") for u in range(1, UNITS + 1)
            for b in range(1, BLOCKS_PER_UNIT + 1)]


def set_up_course() -> None:
    specs = []
    for u in range(1, UNITS + 1):
        unit_blocks = [(COURSE.make_usage_key("orglab_worksheet", f"u{u}b{b}"), "orglab_worksheet")
                       for b in range(1, BLOCKS_PER_UNIT + 1)]
        specs.append(outline.UnitSpec(key=COURSE.make_usage_key("chapter", f"u{u}"), title=f"Unit {u}",
                                      blocks=unit_blocks))
    outline.sync_outline(COURSE, specs, set())


USER_FIELDS = ("id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
               "is_active", "date_joined")
COMPLETION_FIELDS = ("created", "modified", "user", "context_key", "block_key", "block_type", "completion")


def add_learners(first: int, last: int) -> None:
    """Learners first..last-1 with every block completed (bulk inserts: setting up is not measured)."""
    keys = [str(key) for key in blocks()]
    with transaction.atomic():
        sql.insert(get_user_model(), USER_FIELDS,
                   [(i, "!", False, f"bench{i}", "", "", "", False, True, "2026-01-01") for i in range(first, last)])
        batch = []
        for user in range(first, last):
            for key in keys:
                batch.append(("2026-01-01", "2026-01-01", user, str(COURSE), key, "orglab_worksheet", 1.0))
            if len(batch) >= 60000:
                sql.insert(BlockCompletion, COMPLETION_FIELDS, batch)
                batch = []
        sql.insert(BlockCompletion, COMPLETION_FIELDS, batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    targets = {10_000: 10.0, 100_000: 60.0}
    call_command("migrate", run_syncdb=True, verbosity=0)
    set_up_course()
    results, failed, have = [], False, 0
    per_learner_ms = None
    for size in sorted(args.learners):
        start = time.perf_counter()
        add_learners(have + 1, size + 1)
        have = size
        setup = time.perf_counter() - start
        start = time.perf_counter()
        summary = recompute_course(COURSE)
        elapsed = time.perf_counter() - start
        assert summary["learners"] == size and UnitProgress.objects.filter(percent=100).count() == size * UNITS
        target = targets.get(size)
        ok = target is None or elapsed < target
        failed |= not ok
        results.append((f"recompute {size:,} learners s", elapsed, target, ok, f"(set-up {setup:.0f} s)"))
        if per_learner_ms is None:
            # The per-learner path on the same data: clear a sample's progress, then recompute one by one.
            sample = list(range(1, 1 + PER_LEARNER_SAMPLE))
            UnitProgress.objects.filter(user_id__in=sample).delete()
            start = time.perf_counter()
            for user_id in sample:
                recompute_learner(COURSE, user_id)
            per_learner_ms = (time.perf_counter() - start) * 1000 / len(sample)
            set_based_ms = elapsed * 1000 / size
            ratio = per_learner_ms / set_based_ms
            results.append(("per-learner path ms/learner", per_learner_ms, None, True, ""))
            results.append(("set-based ms/learner", set_based_ms, None, True, ""))
            results.append(("speed-up (at least 10x)", ratio, None, ratio >= 10, ""))
            failed |= ratio < 10
            # One completion event on the full data: queries and time.
            times, query_counts = [], []
            for user_id, key in zip(range(1, 201), blocks() * 4, strict=False):
                UnitProgress.objects.filter(user_id=user_id).delete()
                reset_queries()
                with CaptureQueriesContext(connections["default"]) as queries:
                    start = time.perf_counter()
                    on_completion(user_id, COURSE, key)
                    times.append((time.perf_counter() - start) * 1000)
                query_counts.append(len(queries))
            results.append(("one event: queries", max(query_counts), None, True, "(the same for any cohort)"))
            results.append(("one event: median ms", statistics.median(times), None, True, ""))
    print(f"{'measure':34} {'value':>10} {'target':>8}")
    for name, value, target, ok, note in results:
        shown = f"<{target:g}" if target else ""
        print(f"{name:34} {value:10.2f} {shown:>8} {'ok' if ok else 'MISSED'} {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
