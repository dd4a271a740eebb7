"""Report generation as a Celery task inside Open edX (the devsite runs `jobs.run_job` itself)."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="orglab_course_export.generate_report", acks_late=True)
def generate_report_task(job_uuid: str) -> str | None:
    """Write the report of job `job_uuid` (see `jobs.run_job`); returns its final status."""
    from django.db import close_old_connections, connection

    from .jobs import run_job

    if not connection.in_atomic_block:
        close_old_connections()  # a worker's connection may have gone stale between tasks
    job = run_job(job_uuid)
    return job.status if job else None
