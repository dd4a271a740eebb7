"""Heavy work as Celery tasks inside Open edX; the devsite (ORGLAB_RUN_TASKS_EAGERLY) runs the
same code in the process instead.

Where they run:
- `sync_course_outline_task` is started by Studio's publish (see `handlers.course_published`) and
  goes to the starting service's default queue: in Studio, a CMS worker (which reads the
  modulestore as Studio does).
- `recompute_course_task` must run in the LMS (awarding a certificate may ask edx-platform's
  certificates app to generate one, which only the LMS has), so it is always sent to
  `settings.ORGLAB_LMS_CELERY_QUEUE` (the LMS's default queue, `edx.lms.core.default`), also when
  Studio starts it. Studio's own router cannot do that for a plugin: `ALTERNATE_ENV_TASKS` and
  `EXPLICIT_QUEUES` are fixed in cms/envs/production.py after the plugins' settings run, and
  `openedx/core/lib/celery/routers.py` routes only the tasks named there.
"""
from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from opaque_keys.edx.keys import CourseKey

from .settings.common import LMS_DEFAULT_QUEUE

log = logging.getLogger(__name__)


def _eager() -> bool:
    return bool(getattr(settings, "ORGLAB_RUN_TASKS_EAGERLY", False))


def lms_queue() -> str:
    """The Celery queue the LMS's workers read (`ORGLAB_LMS_CELERY_QUEUE`)."""
    return getattr(settings, "ORGLAB_LMS_CELERY_QUEUE", None) or LMS_DEFAULT_QUEUE


def recompute(course_key: str) -> dict:
    """Recompute a course's progress and awards (set-based; see `progress.recompute_course`)."""
    from .progress import recompute_course

    return recompute_course(CourseKey.from_string(course_key))


# Both tasks are idempotent (a recompute upserts progress and re-evaluates awards, writing only what
# changed; an outline sync stores what is published), so they are acknowledged late: a worker that
# dies mid-task leaves the message for the broker to deliver again, and running it twice does no harm.
@shared_task(name="orglab_plugin.recompute_course", acks_late=True, reject_on_worker_lost=True)
def recompute_course_task(course_key: str) -> dict:
    """`recompute` in a Celery worker of the LMS."""
    return recompute(course_key)


def schedule_recompute(course_key: CourseKey | str) -> None:
    """Recompute `course_key` in an LMS worker, once the current transaction commits (at once,
    in the process, with ORGLAB_RUN_TASKS_EAGERLY)."""
    key = str(course_key)
    if _eager():
        recompute(key)
        return
    queue = lms_queue()
    transaction.on_commit(lambda: recompute_course_task.apply_async(args=[key], queue=queue), robust=True)


def sync_course_outline(course_key: str) -> dict:
    """Read the published outline of a course, store it, and recompute the course (in the LMS)
    when anything that counts changed."""
    from .outline import sync_from_platform

    key = CourseKey.from_string(course_key)
    changed = sync_from_platform(key)
    if changed:
        schedule_recompute(key)
    return {"course": course_key, "published": changed is not None, "changed": bool(changed)}


@shared_task(name="orglab_plugin.sync_course_outline", acks_late=True, reject_on_worker_lost=True)
def sync_course_outline_task(course_key: str) -> dict:
    """`sync_course_outline` in a Celery worker (Studio's, when a publish starts it)."""
    return sync_course_outline(course_key)


def schedule_outline_sync(course_key: CourseKey | str) -> None:
    """Sync the outline of `course_key` once the current transaction commits: in a worker, or in
    the process with ORGLAB_RUN_TASKS_EAGERLY."""
    key = str(course_key)
    if _eager():
        transaction.on_commit(lambda: sync_course_outline(key), robust=True)
    else:
        transaction.on_commit(lambda: sync_course_outline_task.delay(key), robust=True)
