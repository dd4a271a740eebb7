"""orglab's Celery tasks are safe to deliver twice (they are acknowledged late, so a broker may):
a report job is run once and has one file, a recompute does not award or audit twice. The tasks
are called here as a worker calls them, in this process; test_celery_worker.py runs them on a
real worker."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from course_export import jobs, reports
from course_export.models import ReportJob
from course_export.tasks import generate_report_task
from orglab_plugin.models import AwardAudit, CertificateAward, GrantEligibility, UnitProgress
from orglab_plugin.tasks import recompute_course_task, sync_course_outline_task

from .cohort import COURSE, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(settings, tmp_path, completion_on):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ORGLAB_RUN_TASKS_EAGERLY = False
    return seed(30)


def new_job(cohort, **fields) -> ReportJob:
    options = {"include": ["username"], "bom": False}
    return ReportJob.objects.create(course_key=COURSE, report="completion", format="csv", options=options,
                                    signature=jobs._signature(COURSE, "completion", "csv", options),
                                    requested_by=cohort["teacher"], rows_total=30, **fields)


def files(settings) -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.csv"))


def test_the_tasks_are_acknowledged_late_and_requeued_when_their_worker_is_lost():
    for task in (generate_report_task, recompute_course_task, sync_course_outline_task):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True), task.name


def test_a_report_task_delivered_twice_writes_one_file(cohort, settings):
    job = new_job(cohort)
    assert generate_report_task(str(job.uuid)) == "done"
    first = ReportJob.objects.get(pk=job.pk)
    assert generate_report_task(str(job.uuid)) == "done"
    again = ReportJob.objects.get(pk=job.pk)
    assert len(files(settings)) == 1
    assert (again.status, again.path, again.finished, again.rows_done, again.size) == \
        (first.status, first.path, first.finished, 30, first.size)
    assert Path(settings.MEDIA_ROOT, again.path) == files(settings)[0]


def test_a_delivery_leaves_a_job_that_another_worker_runs_alone(cohort, settings):
    started = timezone.now() - timedelta(minutes=5)
    job = new_job(cohort, status="running", started=started, rows_done=10)
    seen = jobs.run_job(job.uuid)
    assert (seen.status, seen.started, seen.rows_done) == ("running", started, 10)
    assert files(settings) == []


def test_a_delivery_takes_over_a_job_whose_worker_died(cohort, settings):
    settings.ORGLAB_REPORTS_STALE_MINUTES = 1
    job = new_job(cohort, status="running", started=timezone.now() - timedelta(minutes=5), rows_done=10)
    ReportJob.objects.filter(pk=job.pk).update(updated=timezone.now() - timedelta(minutes=2))
    assert generate_report_task(str(job.uuid)) == "done"
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.error) == ("done", 30, "")
    assert len(files(settings)) == 1


def test_a_run_whose_job_was_taken_over_stores_no_file(cohort, settings, monkeypatch):
    """The first run was slow, not dead: another worker took the job over meanwhile. The first run
    notices at its next progress write and stops; the job stays the other run's."""
    job = new_job(cohort)
    write_report = reports.write_report
    other = timezone.now() + timedelta(seconds=1)

    def taken_over_midway(course_key, report, fmt, handle, options, progress):
        def progress_then_lost(done):
            ReportJob.objects.filter(pk=job.pk).update(started=other, updated=other)  # the other worker
            progress(done)

        return write_report(course_key, report, fmt, handle, options, progress_then_lost)

    monkeypatch.setattr(reports, "write_report", taken_over_midway)
    seen = jobs.run_job(job.uuid)
    assert (seen.status, seen.started, seen.path, seen.error) == ("running", other, "", "")
    assert files(settings) == []


def test_a_recompute_delivered_twice_awards_and_audits_once(cohort):
    first = recompute_course_task(str(COURSE))
    counts = (UnitProgress.objects.filter(course_key=COURSE).count(),
              CertificateAward.objects.filter(course_key=COURSE).count(),
              GrantEligibility.objects.filter(course_key=COURSE).count(),
              AwardAudit.objects.filter(course_key=COURSE).count())
    assert counts[1] == len(cohort["finishers"]) == 10 and counts[0] == 20 and counts[2] == 30
    assert counts[3] == 10 + 30  # a certificate audit per finisher, an eligibility audit per learner
    second = recompute_course_task(str(COURSE))
    assert (first["learners"], second["learners"], second["written"]) == (30, 30, 0)
    assert (UnitProgress.objects.filter(course_key=COURSE).count(),
            CertificateAward.objects.filter(course_key=COURSE).count(),
            GrantEligibility.objects.filter(course_key=COURSE).count(),
            AwardAudit.objects.filter(course_key=COURSE).count()) == counts
