"""`make bench`: how fast and how heavy the worksheet is, in the devsite's real runtime.

Measures, on a throw-away SQLite database with the demo course and a 50-learner cohort:
- a learner's save_draft and submit (handler round trip inside the runtime, database included);
- rendering the unit-1 worksheet for a learner;
- orglab_plugin.api.latest_submission on a table of every learner's versions;
- what a learner downloads for a unit page (HTML of the block, and its JS and CSS once cached);
- peak Python memory while 25 learners submit (the other 25 are timed, untraced).

Targets (the run fails if one is missed): save_draft p95 < 50 ms, submit p95 < 100 ms,
render p95 < 50 ms, latest_submission p95 < 5 ms, block HTML < 60 KB, JS + CSS < 40 KB,
peak memory for the cohort's submits < 50 MB.
"""
from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("orglab_plugin").setLevel(logging.WARNING)

import webob  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

TARGETS = {
    "save_draft p95 ms": 50,
    "submit p95 ms": 100,
    "render p95 ms": 50,
    "latest_submission p95 ms": 5,
    "block HTML KB": 60,
    "JS + CSS KB": 40,
    "cohort submits peak MB": 50,
}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def call(block, handler, data):
    request = webob.Request.blank("/", method="POST", body=json.dumps(data).encode())
    response = block.runtime.handle(block, handler, request)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def main() -> int:
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("seed_demo", verbosity=0)
    from devsite.demo_work import valid_answers
    from devsite.runtime import DevsiteRuntime, course_key
    from devsite.scenarios import get_scenarios
    from orglab_plugin import api

    get_scenarios()
    key = course_key().make_usage_key("orglab_worksheet", "unit1_worksheet")
    users = list(get_user_model().objects.filter(username__startswith="learner").order_by("pk"))
    results: dict[str, float] = {}

    learner = users[0]
    state = {"revision": 0, "seq": 0}

    def save():
        block = DevsiteRuntime(learner).get_block(key)
        state["seq"] += 1
        data = call(block, "save_draft", {"answers": {"gap_statement": "palabra " * 200},
                                          "revision": state["revision"], "client": "bench", "seq": state["seq"]})
        state["revision"] = data["status"]["revision"]

    results["save_draft p95 ms"] = p95(timed(save, 200))
    results["render p95 ms"] = p95(timed(lambda: DevsiteRuntime(learner).get_block(key).render("student_view", {}), 100))

    answers = valid_answers(DevsiteRuntime(learner).get_block(key).config())

    def submit(user):
        block = DevsiteRuntime(user).get_block(key)
        call(block, "submit", {"answers": answers, "revision": block.draft_revision, "client": "bench", "seq": 10**6})

    # Time half the cohort's submits untraced (tracemalloc slows Python down), trace the other half's memory.
    half = len(users) // 2
    submit_samples = []
    for user in users[:half]:
        start = time.perf_counter()
        submit(user)
        submit_samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    for user in users[half:]:
        submit(user)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["submit p95 ms"] = p95(submit_samples)
    results["cohort submits peak MB"] = peak / 2**20

    # Every learner, every unit block, five versions each: the table a finished cohort leaves.
    for unit in (4, 5, 6):
        other = course_key().make_usage_key("orglab_worksheet", f"unit{unit}_worksheet")
        for user in users:
            for _ in range(5):
                api.record_submission(course_key=course_key(), user=user, block_key=other,
                                      block_type="orglab_worksheet", payload={"answers": answers})
    results["latest_submission p95 ms"] = p95(
        timed(lambda: api.latest_submission(user=users[25], block_key=key), 500))

    frag = DevsiteRuntime(learner).get_block(key).render("student_view", {})
    results["block HTML KB"] = len(frag.body_html().encode()) / 1024
    public = ROOT / "orglab_xblocks" / "worksheet" / "public"
    results["JS + CSS KB"] = sum(
        (public / name).stat().st_size for name in ("js/worksheet.js", "css/worksheet.css")) / 1024

    failed = False
    print(f"{'measure':28} {'value':>9} {'target':>8}")
    for name, value in results.items():
        ok = value < TARGETS[name]
        failed |= not ok
        print(f"{name:28} {value:9.2f} {'<' + str(TARGETS[name]):>8} {'ok' if ok else 'MISSED'}")
    print(f"(submissions in the table: {sum(1 for _ in api.course_submissions(course_key=course_key()))})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
