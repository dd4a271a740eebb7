"""`make bench`: the completion report (CSV) at cohort scale, on SQLite.

A synthetic course of 6 units and 60 blocks; learner i has completed the first i % 61 blocks in
course order, submitted a worksheet and a topic list (some a second version, some an audience
assessment), and every tenth has a staff milestone; awards are computed before measuring.
- the report for 10,000 learners: < 3 s; for 100,000 learners: < 20 s (`--learners` to change the sizes);
- within 2x of the floor: the same aggregate queries alone, their raw rows written to CSV unformatted;
- at least 10x faster per learner than a naive exporter (`learner_status` per learner), on the same data;
- peak memory of the report, in a fresh process per size: < 250 MB, and at the largest size no more
  than 1.5x the peak at the smallest.

Memory is measured in a child process (this script with `--child-report`) that opens the same
SQLite file: it runs the report once untraced and reads its peak RSS, then once more under
tracemalloc for the peak of Python's own allocations. The 250 MB and 1.5x targets apply to the
tracemalloc peak, not to the RSS, because the RSS is mostly SQLite's caches, sized by the devsite's
pragmas rather than by the report: up to 256 MB of the database file is mapped into memory
(`PRAGMA mmap_size`; mapped pages count toward RSS) and pages beyond the map go through a 64 MB
page cache (`cache_size`). The 100,000-learner file (~1.4 GB) fills both, so the peak RSS there
sits near the ~90 MB of an idle Django process plus 256 + 64 MB, whatever the report holds. The
tracemalloc peak is what the report itself keeps (rows, chunks, buffers): what would grow with the
cohort were it not streamed. The RSS is printed beside it, split into anonymous (the Python heap
and the page cache) and file-backed (the map and the shared libraries) peaks; the anonymous peak,
the process's own memory, must be under 250 MB too.
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "ORGLAB_VAR_DIR" not in os.environ:  # the memory child inherits its parent's
    os.environ["ORGLAB_VAR_DIR"] = tempfile.mkdtemp(prefix="orglab-bench-reports-")
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
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import get_resolver  # noqa: E402

# The same synthetic course (6 units of 10 blocks) as the progress benchmark.
from benchmarks.bench_progress import COMPLETION_FIELDS, COURSE, USER_FIELDS, blocks, set_up_course  # noqa: E402
from course_export.reports import write_report  # noqa: E402
from orglab_plugin import outline, sql  # noqa: E402
from orglab_plugin.api import learner_status  # noqa: E402
from orglab_plugin.cohort import CHUNK, _enrolled_chunks, chunk_queries  # noqa: E402
from orglab_plugin.models import (  # noqa: E402
    CertificateAward,
    Enrollment,
    StaffMilestone,
    Submission,
)
from orglab_plugin.progress import recompute_course  # noqa: E402

NAIVE_SAMPLE = 200
REPORT_TARGETS = {10_000: 3.0, 100_000: 20.0}  # seconds
FLOOR_RATIO, NAIVE_SPEEDUP = 2.0, 10.0
PEAK_MB, PEAK_GROWTH = 250.0, 1.5
VAR_DIR = Path(os.environ["ORGLAB_VAR_DIR"])


SUBMISSION_FIELDS = ("course_key", "user", "block_key", "block_type", "version", "payload", "item_count", "created")


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Write these rows and empty the list (a batch of the set-up)."""
    sql.insert(model, fields, rows)
    rows.clear()


def add_learners(first: int, last: int) -> None:
    """Learners first..last-1, enrolled, with varied progress, submissions and milestones (bulk
    inserts: setting up is not measured)."""
    course = str(COURSE)
    keys = [str(key) for key in blocks()]
    worksheet = str(COURSE.make_usage_key("orglab_worksheet", "u6b1"))  # the policy's Unit 6 worksheet
    topic_list = str(COURSE.make_usage_key("orglab_topic_list", "topics"))
    audience = str(COURSE.make_usage_key("orglab_audience", "audience"))
    with transaction.atomic():
        sql.insert(get_user_model(), USER_FIELDS,
                   [(i, "!", False, f"bench{i}", f"Learner{i}", "Bench", f"bench{i}@example.org", False, True,
                     "2026-01-01 00:00:00") for i in range(first, last)])
        sql.insert(Enrollment, ("user", "course_key", "is_active", "created"),
                   [(i, course, True, f"2026-01-{1 + i % 28:02d} 09:00:00") for i in range(first, last)])
        completions, submissions, milestones = [], [], []
        for user in range(first, last):
            day = f"2026-02-{1 + user % 28:02d} 12:00:00"
            for key in keys[:user % 61]:
                completions.append((day, day, user, course, key, "orglab_worksheet", 1.0))
            submissions.append((course, user, worksheet, "orglab_worksheet", 1, '{"answers": {}}', None, day))
            submissions.append((course, user, topic_list, "orglab_topic_list", 1, '{"rows": []}', 12, day))
            if user % 5 == 0:  # a revised topic list: the report counts the latest version's topics
                submissions.append((course, user, topic_list, "orglab_topic_list", 2, '{"rows": []}', 15, day))
            if user % 2 == 0:
                submissions.append((course, user, audience, "orglab_audience", 1, '{"segments": []}', None, day))
            if user % 10 == 0:
                milestones.append((user, course, "live_sessions", "2026-03-01", None, day))
            if len(completions) >= 60000:
                _insert(BlockCompletion, COMPLETION_FIELDS, completions)
        _insert(BlockCompletion, COMPLETION_FIELDS, completions)
        _insert(Submission, SUBMISSION_FIELDS, submissions)
        _insert(StaffMilestone, ("user", "course_key", "milestone", "date", "recorded_by", "created"), milestones)


# --------------------------------------------------------------------------- what is measured


def run_report(path: Path) -> tuple[float, int]:
    with open(path, "wb") as out:
        start = time.perf_counter()
        rows = write_report(COURSE, report="completion", fmt="csv", fileobj=out, options={})
        return time.perf_counter() - start, rows


def run_floor(path: Path) -> tuple[float, dict[str, float]]:
    """The queries of `orglab_plugin.cohort._build_rows`, chunk by chunk as `learner_rows` issues them,
    their rows written to CSV as fetched: no LearnerRow, no formatting. Keep it in step with
    `_build_rows`. Returns the time and the time of each table's queries (and of the CSV writing)."""
    per_table: dict[str, float] = defaultdict(float)
    start = time.perf_counter()
    outline.units_of(COURSE)  # learner_rows reads the outline once
    chunks = _enrolled_chunks(COURSE, CHUNK)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        while True:
            began = time.perf_counter()
            enrolled = next(chunks, None)
            per_table["enrolment"] += time.perf_counter() - began
            if enrolled is None:
                break
            writer.writerows(enrolled)
            ids = [row[0] for row in enrolled]
            # The very reads `_build_rows` makes (orglab_plugin.cohort.chunk_queries), bare.
            for table, query in chunk_queries(COURSE, ids, by_range=True).items():
                began = time.perf_counter()
                rows = query()
                per_table[table] += time.perf_counter() - began
                began = time.perf_counter()
                if rows:
                    writer.writerows(rows.items() if isinstance(rows, dict) else rows)
                per_table["csv"] += time.perf_counter() - began
    return time.perf_counter() - start, per_table


def run_naive(path: Path, sample: int) -> float:
    """A naive exporter: per enrolled learner, their standing (`learner_status`, several queries)
    and a CSV row. Returns ms per learner over the first `sample` learners."""
    enrolled = Enrollment.objects.filter(course_key=COURSE, is_active=True).select_related("user").order_by("user_id")
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        start = time.perf_counter()
        done = 0
        for enrolment in enrolled[:sample]:
            state = learner_status(COURSE, enrolment.user)
            certificate, eligibility = state["certificate"] or {}, state["eligibility"] or {}
            writer.writerow([enrolment.user_id, state["username"], enrolment.created]
                            + [unit["percent"] for unit in state["units"]]
                            + [certificate.get("status", ""), eligibility.get("status", ""),
                               "; ".join(eligibility.get("unmet", [])),
                               "; ".join(milestone["id"] for milestone in state["milestones"])])
            done += 1
    return (time.perf_counter() - start) * 1000 / done


def _status_kb(*fields: str) -> dict[str, int]:
    """Fields of /proc/self/status, in KB (VmHWM: peak RSS; RssAnon, RssFile: resident now)."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _colon, value = line.partition(":")
            if name in fields:
                found[name] = int(value.split()[0])
    return found


def warm_up() -> None:
    """What a running LMS worker has done before any report: load the URLconf (the certificates'
    URLs reverse through it; the first load imports every app's views, ~1 s here)."""
    get_resolver().url_patterns  # noqa: B018 (populates the resolver)


def child_report(path: str) -> int:
    """In a fresh process: the report's peak RSS (an untraced run) and the peaks of its anonymous
    and file-backed resident memory (sampled), then the tracemalloc peak of a second run; one JSON
    line on stdout.

    The peak RSS is the process's VmHWM, not `ru_maxrss`: a child's `ru_maxrss` starts from the
    parent's peak (Linux carries the high-water mark of the memory image that exec replaces, here
    the parent's), so it would show this script's set-up, not the report."""
    warm_up()
    before = _status_kb("VmHWM", "RssAnon", "RssFile")
    peaks = dict(before)
    running = True

    def sample() -> None:
        while running:
            now = _status_kb("RssAnon", "RssFile")
            for name, value in now.items():
                peaks[name] = max(peaks[name], value)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    elapsed, rows = run_report(Path(path))
    running = False
    sampler.join()
    peak_rss = _status_kb("VmHWM")["VmHWM"]
    tracemalloc.start()
    run_report(Path(path))
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mb = 1 / 1024
    print(json.dumps({"rows": rows, "seconds": elapsed, "rss_mb": peak_rss * mb, "before_mb": before["VmHWM"] * mb,
                      "anon_mb": peaks["RssAnon"] * mb, "file_mb": peaks["RssFile"] * mb,
                      "file_before_mb": before["RssFile"] * mb, "traced_mb": traced / 2**20,
                      "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * mb}))
    return 0


def measure_memory(size: int) -> dict:
    env = {**os.environ, "ORGLAB_DB": str(settings.DATABASES["default"]["NAME"]), "ORGLAB_VAR_DIR": str(VAR_DIR)}
    done = subprocess.run([sys.executable, __file__, "--child-report", str(VAR_DIR / f"child-{size}.csv")],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the memory child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child-report", help=argparse.SUPPRESS)  # the memory child: write the report here
    args = parser.parse_args()
    if args.child_report:
        return child_report(args.child_report)
    call_command("migrate", run_syncdb=True, verbosity=0)
    set_up_course()
    warm_up()
    results, failed, have = [], False, 0
    peaks: dict[int, float] = {}
    breakdowns: dict[int, dict[str, float]] = {}

    def record(name, value, target, ok, note=""):
        nonlocal failed
        failed |= not ok
        results.append((name, value, target, ok, note))

    sizes = sorted(args.learners)
    for size in sizes:
        start = time.perf_counter()
        add_learners(have + 1, size + 1)
        have = size
        setup = time.perf_counter() - start
        start = time.perf_counter()
        summary = recompute_course(COURSE)
        recompute = time.perf_counter() - start
        assert summary["learners"] == size
        assert CertificateAward.objects.filter(course_key=COURSE).count() == (size + 1) // 61  # learner i has all 60 blocks when i % 61 == 60
        record(f"recompute {size:,} learners s", recompute, "", True, f"(set-up {setup:.0f} s)")

        floor, breakdowns[size] = run_floor(VAR_DIR / f"floor-{size}.csv")
        record(f"floor {size:,} s", floor, "", True)
        elapsed, rows = run_report(VAR_DIR / f"report-{size}.csv")
        assert rows == size, rows
        target = REPORT_TARGETS.get(size)
        record(f"report {size:,} learners s", elapsed, f"<{target:g}" if target else "",
               target is None or elapsed < target)
        ratio = elapsed / floor
        record(f"report / floor {size:,}", ratio, f"<={FLOOR_RATIO:g}", ratio <= FLOOR_RATIO)
        if size == sizes[0]:
            naive_ms = run_naive(VAR_DIR / "naive.csv", NAIVE_SAMPLE)
            report_ms = elapsed * 1000 / size
            speedup = naive_ms / report_ms
            record("naive ms/learner", naive_ms, "", True, f"(first {NAIVE_SAMPLE} learners)")
            record("report ms/learner", report_ms, "", True)
            record("speed-up over naive", speedup, f">={NAIVE_SPEEDUP:g}", speedup >= NAIVE_SPEEDUP)
        memory = measure_memory(size)
        assert memory["rows"] == size, memory
        peaks[size] = memory["traced_mb"]
        # The targets apply to the tracemalloc peak (see the docstring): the RSS counts the mapped database.
        record(f"peak RSS {size:,} MB", memory["rss_mb"], "", True,
               f"({memory['before_mb']:.0f} before; anon {memory['anon_mb']:.0f}, file-backed "
               f"{memory['file_mb']:.0f} ({memory['file_before_mb']:.0f} before); "
               f"ru_maxrss {memory['ru_maxrss_mb']:.0f}, the parent's)")
        record(f"peak traced {size:,} MB", memory["traced_mb"], f"<{PEAK_MB:g}", memory["traced_mb"] < PEAK_MB)
        # And the process's own memory (anonymous pages: the Python heap and SQLite's page cache).
        record(f"peak anonymous RSS {size:,} MB", memory["anon_mb"], f"<{PEAK_MB:g}", memory["anon_mb"] < PEAK_MB)
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        growth = peaks[high] / peaks[low]
        record(f"peak traced {high:,} / {low:,}", growth, f"<={PEAK_GROWTH:g}", growth <= PEAK_GROWTH)

    print(f"{'measure':34} {'value':>10} {'target':>8}")
    for name, value, target, ok, note in results:
        print(f"{name:34} {value:10.2f} {target:>8} {'ok' if ok else 'MISSED'} {note}")
    for size, times in breakdowns.items():
        print(f"floor {size:,}, s per table: " + ", ".join(f"{table} {seconds:.2f}" for table, seconds in times.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
