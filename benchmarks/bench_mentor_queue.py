"""`make bench`: the mentor's review queue page at cohort scale, on SQLite.

One mentor with 1,000 learners (`--learners`), each with 10 submitted versions (5 blocks, 2 versions
each); a third of the learners' blocks have feedback on their first version, a sixth asked for a
revision. Measured through Django's test client, as a browser asks for it (session, middleware,
CSP, template): the page `/orglab/courses/<course>/review/`, the median of 15 requests after one
warm-up, < 300 ms; and its query count, which does not grow with the cohort.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-bench-mentor-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("orglab_plugin").setLevel(logging.WARNING)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from benchmarks.bench_progress import USER_FIELDS  # noqa: E402
from orglab_plugin import sql  # noqa: E402
from orglab_plugin.models import CoursePolicy, Enrollment, Feedback, MentorAssignment, Submission  # noqa: E402
from orglab_plugin.policy import DEFAULT_POLICY  # noqa: E402

COURSE = CourseKey.from_string("course-v1:Bench+Mentor+1")
BLOCKS = [COURSE.make_usage_key("orglab_worksheet", f"u{n}w") for n in range(1, 6)]
VERSIONS = 2
TARGET_MS = 300.0
REQUESTS = 15
SUBMISSION_FIELDS = ("course_key", "user", "block_key", "block_type", "version", "payload", "item_count", "created")
FEEDBACK_FIELDS = ("course_key", "learner", "submission", "block_key", "block_type", "version", "author", "section",
                   "verdict", "comment", "created")


def set_up(learners: int) -> int:
    """The mentor (id 1) and `learners` learners (ids 2…), bulk-inserted; returns the mentor's id."""
    payload = json.dumps({"answers": {"goal": "Más artículos sobre el clima " * 20}, "fields": []})
    CoursePolicy.objects.create(course_key=COURSE, document=DEFAULT_POLICY)
    with transaction.atomic():
        sql.insert(get_user_model(), USER_FIELDS,
                   [(i, "!", False, f"bench{i}", "", "", "", False, True, "2026-01-01")
                    for i in range(1, learners + 2)])
        Enrollment.objects.bulk_create([Enrollment(user_id=i, course_key=COURSE) for i in range(2, learners + 2)],
                                       batch_size=1000)
        MentorAssignment.objects.bulk_create([MentorAssignment(course_key=COURSE, mentor_id=1, learner_id=i)
                                              for i in range(2, learners + 2)], batch_size=1000)
        rows = []
        for i in range(2, learners + 2):
            for b, block in enumerate(BLOCKS):
                for version in range(1, VERSIONS + 1):
                    minute = (i * 7 + b * 3 + version * 11) % 60
                    rows.append((str(COURSE), i, str(block), "orglab_worksheet", version, payload, None,
                                 f"2026-0{version}-01 10:{minute:02d}:00"))
        sql.insert(Submission, SUBMISSION_FIELDS, rows)
        firsts = Submission.objects.filter(course_key=COURSE, version=1).values_list("pk", "user_id", "block_key")
        feedback = []
        for pk, user_id, block_key in firsts:
            if (user_id + hash(str(block_key)) % 3) % 3 == 0:
                verdict = "please_revise" if user_id % 2 else "looks_good"
                feedback.append((str(COURSE), user_id, pk, str(block_key), "orglab_worksheet", 1, 1, "", verdict,
                                 "Añade cifras", "2026-01-15 10:00:00"))
        sql.insert(Feedback, FEEDBACK_FIELDS, feedback)
    return 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    start = time.perf_counter()
    mentor = set_up(args.learners)
    setup = time.perf_counter() - start
    client = Client()
    client.force_login(get_user_model().objects.get(pk=mentor))
    url = reverse("orglab:review-queue", kwargs={"course_id": str(COURSE)})
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    html = first.content.decode()
    assert html.count("<tr><th scope=\"row\">") == args.learners, "every learner is listed"
    times = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connections["default"]) as queries:
            begin = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    median = statistics.median(times)
    ok = median < TARGET_MS
    versions = Submission.objects.filter(course_key=COURSE).count()
    print(f"{'measure':44} {'value':>10} {'target':>8}")
    print(f"{f'queue page, {args.learners:,} learners, {versions:,} versions: median ms':44} {median:10.1f} "
          f"{f'<{TARGET_MS:g}':>8} {'ok' if ok else 'MISSED'} (set-up {setup:.1f} s)")
    print(f"{'queue page: slowest ms':44} {max(times):10.1f}")
    print(f"{'queue page: queries':44} {len(queries):10d}          (the same for any cohort)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
