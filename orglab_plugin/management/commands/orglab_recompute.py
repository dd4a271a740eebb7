"""`orglab_recompute --course KEY`: recompute a course's unit progress and awards (set-based)."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from orglab_plugin.progress import recompute_course


class Command(BaseCommand):
    help = "Recompute every learner's unit progress, certificate and eligibility in a course."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="Course key, e.g. course-v1:Wikimedia+OrgLab+2026")

    def handle(self, *args, course: str, **options):
        try:
            course_key = CourseKey.from_string(course)
        except InvalidKeyError as error:
            raise CommandError(f"'{course}' is not a course key.") from error
        result = recompute_course(course_key)
        self.stdout.write(f"{course_key}: {result['learners']} learners, {result['units']} units, "
                          f"{result['written']} progress rows written.")
