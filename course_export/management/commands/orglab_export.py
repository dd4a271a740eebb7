"""`orglab_export`: write one of the instructor reports of a course to a file (for operators).

    python manage.py lms orglab_export --course course-v1:Wikimedia+OrgLab+2026 \
        --report completion --format csv --output completion.csv [--include username,email] [--bom]

The same reports as the dashboard and the REST API, written straight to the file (streamed).
"""
from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from ... import jobs, reports


class Command(BaseCommand):
    help = "Write an Organizer Lab instructor report of a course to a file."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="The course id, e.g. course-v1:Wikimedia+OrgLab+2026.")
        parser.add_argument("--report", required=True, choices=list(reports.REPORTS), help="Which report.")
        parser.add_argument("--format", dest="fmt", default="csv",
                            choices=sorted({f for r in reports.REPORTS.values() for f in r.formats}),
                            help="csv, xlsx, jsonl, wikitext (topics) or zip (proposals).")
        parser.add_argument("--output", required=True, help="The file to write (replaced if it exists).")
        parser.add_argument("--include", default="username",
                            help="What to name learners by, comma-separated: username, full_name, email "
                                 "(default: username; 'none' for user ids only).")
        parser.add_argument("--bom", action="store_true", help="Start a CSV with a UTF-8 byte-order mark.")
        parser.add_argument("--base-url", default="", help="The site's root URL, for certificate links.")

    def handle(self, *args, course, report, fmt, output, include, bom, base_url, **options):
        try:
            course_key = CourseKey.from_string(course)
        except InvalidKeyError:
            raise CommandError(f"{course!r} is not a course id (e.g. course-v1:Wikimedia+OrgLab+2026).") from None
        include = "" if include.strip().lower() == "none" else include
        try:
            chosen = jobs.clean_request(report, fmt, include, bom)
        except jobs.ReportRequestError as error:
            raise CommandError(str(error)) from None
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            raise CommandError(f"There is no folder {folder!r} to write {os.path.basename(output)!r} in.")
        start = time.perf_counter()
        done = jobs.write_to(course_key, report, fmt, output, {**chosen, "base_url": base_url})
        self.stdout.write(f"Wrote the {report} report of {course_key} ({done} rows) to {output} "
                          f"in {time.perf_counter() - start:.1f} s.")
