"""When and where a report job runs: scheduling, owned here (`jobs` holds the job itself).

Inside Open edX a job is the Celery task below, on the LMS's workers; the devsite runs it in the
request, or in a thread (`ORGLAB_RUN_TASKS_EAGERLY`, `ORGLAB_REPORTS_IN_THREAD`).

The task is safe to run more than once for one job (`jobs.run_job` claims the job with a
compare-and-set), so it is acknowledged late: a worker that dies mid-report leaves the message
unacknowledged and the broker delivers it again (on Redis, after the transport's
`visibility_timeout`); the next worker takes the job over once it has shown no progress within
ORGLAB_REPORTS_STALE_MINUTES, and writes the one file.
"""
from __future__ import annotations

import threading

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from . import jobs
from .models import ReportJob

# A delivery that finds its job running in a worker that showed life lately checks again later,
# this many times at most (each wait is the rest of the stale window).
MAX_RECHECKS = 24


@shared_task(name="orglab_course_export.generate_report", bind=True, acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RECHECKS)
def generate_report_task(self, job_uuid: str) -> str | None:
    """Write the report of job `job_uuid` (see `jobs.run_job`); returns its final status."""
    if not connection.in_atomic_block:
        close_old_connections()  # a worker's connection may have gone stale between tasks
    job = jobs.run_job(job_uuid)
    if job is not None and job.status == ReportJob.RUNNING and not (self.request.called_directly
                                                                    or self.request.is_eager):
        # Another worker holds the job (a duplicate delivery) or held it until it died: look again
        # once its stale window has passed, then take it over or find it finished.
        wait = (job.updated + jobs.stale_after() - timezone.now()).total_seconds()
        raise self.retry(countdown=max(1.0, wait + 1.0))
    return job.status if job else None


def request_report(course_key: CourseKey, report: str, fmt: str, options: dict, user) -> tuple[ReportJob, bool]:
    """The job for this report: the one already queued or running with the same choices, or a new
    one, scheduled. Returns (job, created)."""
    job, created = jobs.open_job(course_key, report, fmt, options, user)
    if created:
        schedule(job)
        job.refresh_from_db()
    return job, created


def schedule(job: ReportJob) -> None:
    """Run the job: as a Celery task inside Open edX; in the request, or in a thread, in the devsite."""
    if not getattr(settings, "ORGLAB_RUN_TASKS_EAGERLY", False):
        transaction.on_commit(lambda: send_task(job))
    elif getattr(settings, "ORGLAB_REPORTS_IN_THREAD", False):
        transaction.on_commit(lambda: _thread(job.uuid))
    else:
        jobs.run_job(job.uuid)


def send_task(job: ReportJob) -> None:
    """Queue the job's Celery task on the LMS's workers (setting `ORGLAB_LMS_CELERY_QUEUE`): a report
    may ask the platform certificate issuer for certificate URLs, and edx-platform's certificates
    work in the LMS only. Without the setting, Celery's own routing decides."""
    queue = getattr(settings, "ORGLAB_LMS_CELERY_QUEUE", None)
    if queue:
        generate_report_task.apply_async(args=[str(job.uuid)], queue=queue)
    else:
        generate_report_task.delay(str(job.uuid))


def _thread(job_uuid) -> None:
    def work():
        try:
            close_old_connections()
            jobs.run_job(job_uuid)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"orglab-report-{job_uuid}", daemon=True).start()
