"""Report generation as a Celery task inside Open edX (the devsite runs `jobs.run_job` itself).

The task is safe to run more than once for one job (`jobs.run_job` claims the job with a
compare-and-set), so it is acknowledged late: a worker that dies mid-report leaves the message
unacknowledged and the broker delivers it again (on Redis, after the transport's
`visibility_timeout`); the next worker takes the job over once it has shown no progress within
ORGLAB_REPORTS_STALE_MINUTES, and writes the one file.
"""
from __future__ import annotations

from celery import shared_task

# A delivery that finds its job running in a worker that showed life lately checks again later,
# this many times at most (each wait is the rest of the stale window).
MAX_RECHECKS = 24


@shared_task(name="orglab_course_export.generate_report", bind=True, acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RECHECKS)
def generate_report_task(self, job_uuid: str) -> str | None:
    """Write the report of job `job_uuid` (see `jobs.run_job`); returns its final status."""
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from .jobs import run_job, stale_after
    from .models import ReportJob

    if not connection.in_atomic_block:
        close_old_connections()  # a worker's connection may have gone stale between tasks
    job = run_job(job_uuid)
    if job is not None and job.status == ReportJob.RUNNING and not (self.request.called_directly
                                                                    or self.request.is_eager):
        # Another worker holds the job (a duplicate delivery) or held it until it died: look again
        # once its stale window has passed, then take it over or find it finished.
        wait = (job.updated + stale_after() - timezone.now()).total_seconds()
        raise self.retry(countdown=max(1.0, wait + 1.0))
    return job.status if job else None
