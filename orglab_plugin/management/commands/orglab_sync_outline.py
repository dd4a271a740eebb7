"""`orglab_sync_outline --course KEY [--course KEY ...] | --all`: read courses' published outlines
from edx-platform's modulestore into orglab's outline, and recompute the courses whose outline
changed (in the LMS's workers). Runs in the LMS or in Studio (`./manage.py lms …` or `cms …`).

Studio's publishes keep outlines up to date; run this once after installing orglab (courses
published before it was installed have no outline yet), and whenever a sync may have been missed.
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import compat, tasks
from orglab_plugin.outline import sync_from_platform


class Command(BaseCommand):
    help = ("Sync the outline of a course (--course, repeatable) or of every course (--all) from the "
            "published branch of the modulestore; recompute the courses whose outline changed.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--course", action="append", dest="courses", metavar="KEY",
                           help="Course key, e.g. course-v1:Wikimedia+OrgLab+2026 (repeatable)")
        which.add_argument("--all", action="store_true", dest="all_courses",
                           help="Every course of the site (edx-platform's course overviews)")
        parser.add_argument("--no-recompute", action="store_true",
                            help="Only store the outlines; schedule no recompute")

    def handle(self, *args, courses=None, all_courses=False, no_recompute=False, **options):
        if all_courses:
            keys = [CourseKey.from_string(str(key)) for key in compat.all_course_keys()]
        else:
            keys = []
            for course in courses:
                try:
                    keys.append(CourseKey.from_string(course))
                except InvalidKeyError as error:
                    raise CommandError(f"'{course}' is not a course key.") from error
        counts = {"changed": 0, "unchanged": 0, "unpublished": 0, "failed": 0}
        for key in keys:
            try:
                changed = sync_from_platform(key)
            except Exception as error:  # noqa: BLE001 - one broken course must not stop --all
                counts["failed"] += 1
                self.stderr.write(f"{key}: failed ({error.__class__.__name__}: {error})")
                continue
            if changed is None:
                counts["unpublished"] += 1
                self.stdout.write(f"{key}: no published course")
            elif changed:
                counts["changed"] += 1
                if not no_recompute:
                    tasks.schedule_recompute(key)
                self.stdout.write(f"{key}: outline changed" + ("" if no_recompute else "; recompute scheduled"))
            else:
                counts["unchanged"] += 1
                self.stdout.write(f"{key}: outline unchanged")
        self.stdout.write(", ".join(f"{n} {label}" for label, n in counts.items()) + f" of {len(keys)} courses.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} course(s) could not be synced.")
