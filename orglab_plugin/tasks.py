"""Heavy work as Celery tasks inside Open edX; the devsite (ORGLAB_RUN_TASKS_EAGERLY) runs the
same code in the request instead."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from opaque_keys.edx.keys import CourseKey


@shared_task(name="orglab_plugin.recompute_course")
def recompute_course_task(course_key: str) -> dict:
    """Recompute a course's progress and awards (set-based; see `progress.recompute_course`)."""
    from .progress import recompute_course

    return recompute_course(CourseKey.from_string(course_key))


def schedule_recompute(course_key: CourseKey | str) -> None:
    if getattr(settings, "ORGLAB_RUN_TASKS_EAGERLY", False):
        recompute_course_task(str(course_key))
    else:
        recompute_course_task.delay(str(course_key))
