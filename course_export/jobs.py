"""Report jobs: find or open one, run it with progress, store its file (`tasks` schedules the runs).

A job's file goes to the LMS's report store when orglab runs inside Open edX (so it is also listed
in the instructor dashboard's Data Download section), to Django's default storage elsewhere. The
file is written to a temporary file on disk first and handed to the storage as a file: a report's
memory does not grow with its size.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from . import reports
from .models import ReportJob

log = logging.getLogger(__name__)
REPORT_STORE, DJANGO = "report_store", "django"
_SPOOL_BYTES = 4 * 1024 * 1024


class ReportRequestError(ValueError):
    """A report that cannot be requested as asked; the message says why."""


def allowed_identity() -> tuple[str, ...]:
    """Which of username, full_name and email the site lets reports include (ORGLAB_REPORTS_PII_FIELDS)."""
    allowed = getattr(settings, "ORGLAB_REPORTS_PII_FIELDS", reports.IDENTITY)
    return tuple(name for name in reports.IDENTITY if name in allowed)


def clean_request(report: str, fmt: str, include, bom) -> dict:
    """Check a request's report, format and choices; returns the options (raises ReportRequestError)."""
    if report not in reports.REPORTS:
        raise ReportRequestError(_("There is no report “{report}”; choose one of: {names}.").format(
            report=report, names=", ".join(reports.REPORTS)))
    formats = reports.REPORTS[report].formats
    if fmt not in formats:
        raise ReportRequestError(_("The {report} report comes as {formats}; “{format}” is not one of them.").format(
            report=report, formats=", ".join(formats), format=fmt))
    if include is None:
        include = []
    if isinstance(include, str):
        include = [part for part in re.split(r"[,\s]+", include) if part]
    if not isinstance(include, (list, tuple)) or not all(isinstance(item, str) for item in include):
        raise ReportRequestError(_("`include` lists what to name learners by: username, full_name and/or email."))
    unknown = sorted(set(include) - set(reports.IDENTITY))
    if unknown:
        raise ReportRequestError(_("Reports cannot include {names}; choose from username, full_name, email.").format(
            names=", ".join(unknown)))
    refused = sorted(set(include) - set(allowed_identity()))
    if refused:
        raise ReportRequestError(_("This site's settings keep {names} out of reports.").format(names=", ".join(refused)))
    if not isinstance(bom, bool):
        raise ReportRequestError(_("`bom` is true or false."))
    return {"include": [name for name in reports.IDENTITY if name in include], "bom": bom and fmt == "csv"}


def _signature(course_key: CourseKey, report: str, fmt: str, options: dict) -> str:
    chosen = {key: options.get(key) for key in ("include", "bom", "language")}
    text = json.dumps([str(course_key), report, fmt, chosen], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


STALE_ERROR = "The report stopped without finishing (its worker was restarted); ask for it again."


def stale_after() -> timedelta:
    """How long a queued or running job may show no sign of life (no progress written) before it
    counts as dead with its worker (ORGLAB_REPORTS_STALE_MINUTES, 60 by default)."""
    return timedelta(minutes=float(getattr(settings, "ORGLAB_REPORTS_STALE_MINUTES", 60)))


def _stale_before():
    return timezone.now() - stale_after()


def expire_stale(course_key: CourseKey | None = None) -> int:
    """Mark the jobs that have shown no sign of life within the stale window failed (their worker
    died and no redelivered task took them over); returns how many."""
    rows = ReportJob.objects.filter(status__in=ReportJob.ACTIVE, updated__lt=_stale_before())
    if course_key is not None:
        rows = rows.filter(course_key=course_key)
    return rows.update(status=ReportJob.FAILED, finished=timezone.now(), updated=timezone.now(), error=STALE_ERROR)


def open_job(course_key: CourseKey, report: str, fmt: str, options: dict, user) -> tuple[ReportJob, bool]:
    """The job for this report: the one already queued or running with the same choices, or a new
    one, queued (`tasks.request_report` schedules it). Returns (job, created)."""
    signature = _signature(course_key, report, fmt, options)
    with transaction.atomic():
        # A job that has shown no sign of life for an hour died with its worker: it no longer blocks.
        expire_stale(course_key)
        running = ReportJob.objects.filter(course_key=course_key, signature=signature,
                                           status__in=ReportJob.ACTIVE).order_by("created").first()
        if running is not None:
            return running, False
        job = ReportJob.objects.create(course_key=course_key, report=report, format=fmt, options=options,
                                       signature=signature, requested_by=user,
                                       rows_total=reports.total_of(course_key, report))
    return job, True


def filename_for(job: ReportJob) -> str:
    course = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{job.course_key.org}_{job.course_key.course}_{job.course_key.run}")
    stamp = timezone.now().strftime("%Y-%m-%d-%H%M%S")
    return f"orglab_{course}_{job.report}_{stamp}.{reports.EXTENSIONS[job.format]}"


def _store(job: ReportJob, filename: str, handle) -> tuple[str, str]:
    if getattr(settings, "ORGLAB_REPORTS_STORAGE", "auto") == "auto":
        path = api.save_to_report_store(job.course_key, filename, handle)
        if path is not None:
            return REPORT_STORE, path
    folder = hashlib.sha1(str(job.course_key).encode("utf-8")).hexdigest()
    return DJANGO, default_storage.save(f"orglab_reports/{folder}/{filename}", File(handle, name=filename))


class Superseded(Exception):
    """This run no longer holds its job: another worker took the job over (it looked dead)."""


def _claim(job: ReportJob):
    """Take the job for this run; returns the run's token (the job's `started`), or None when the
    job is not ours to run: already finished, or running in a worker that showed life lately.

    A queued job is taken; a running one only once it has shown no sign of life within the stale
    window (its worker died and Celery redelivered the task, acks_late). Each step is a
    compare-and-set, so of two deliveries of one task only one runs the job."""
    token = timezone.now()
    if job.status == ReportJob.QUEUED:
        taken = ReportJob.objects.filter(pk=job.pk, status=ReportJob.QUEUED).update(
            status=ReportJob.RUNNING, started=token, updated=token)
    elif job.status == ReportJob.RUNNING and job.updated < _stale_before():
        taken = ReportJob.objects.filter(pk=job.pk, status=ReportJob.RUNNING, started=job.started,
                                         updated=job.updated).update(started=token, updated=token, rows_done=0)
        if taken:
            log.warning("orglab: report job %s showed no progress since %s; this worker takes it over",
                        job.uuid, job.updated)
    else:
        taken = 0
    return token if taken else None


def _pause() -> None:
    """ORGLAB_REPORT_CHUNK_PAUSE seconds between two chunks (0 by default; tests slow a report down)."""
    seconds = float(getattr(settings, "ORGLAB_REPORT_CHUNK_PAUSE", 0) or 0)
    if seconds > 0:
        time.sleep(seconds)


def run_job(job_uuid) -> ReportJob | None:
    """Write the job's report to its file, with progress; never raises (a failure is recorded).

    Safe to run twice for one job (a task delivered twice): a finished job is returned as it is, a
    job running elsewhere is left to that run (returned with status "running"), and a run that
    lost its job to another stores no file."""
    job = ReportJob.objects.filter(uuid=job_uuid).first()
    if job is None:
        log.warning("orglab: report job %s no longer exists", job_uuid)
        return None
    token = _claim(job)
    if token is None:
        job.refresh_from_db()
        return job  # already run, or running in another worker
    mine = ReportJob.objects.filter(pk=job.pk, status=ReportJob.RUNNING, started=token)

    def progress(done: int) -> None:
        if not mine.update(rows_done=done, updated=timezone.now()):
            raise Superseded(str(job.uuid))
        _pause()

    filename = filename_for(job)
    try:
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as handle:
            with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
                done = reports.write_report(job.course_key, job.report, job.format, handle, job.options, progress)
            size = handle.tell()
            handle.seek(0)
            if not mine.update(updated=timezone.now()):  # still ours: store the file
                raise Superseded(str(job.uuid))
            stored = _store(job, filename, handle)
    except Superseded:
        log.warning("orglab: report job %s was taken over by another worker; this run stops", job.uuid)
    except Exception as error:  # noqa: BLE001 - recorded on the job for staff to read
        log.exception("orglab: report %s (%s) of %s failed", job.report, job.uuid, job.course_key)
        mine.update(status=ReportJob.FAILED, finished=timezone.now(), updated=timezone.now(),
                    error=f"The report could not be written: {type(error).__name__}: {str(error)[:500]}")
    else:
        storage, path = stored
        if mine.update(status=ReportJob.DONE, finished=timezone.now(), updated=timezone.now(), rows_done=done,
                       rows_total=max(done, job.rows_total or 0), storage=storage, path=path, filename=filename,
                       size=size):
            log.info("orglab: report %s of %s written (%d rows, %d bytes) to %s", job.report, job.course_key,
                     done, size, storage)
        else:  # another run took the job over meanwhile: its file is the job's, this one goes
            log.warning("orglab: report job %s was taken over by another worker; its copy %s is removed",
                        job.uuid, path)
            _discard(storage, path)
    job.refresh_from_db()
    return job


def _discard(storage: str, path: str) -> None:
    """Remove the file of a run that lost its job (Django storage; the LMS's report store has no
    delete in orglab's API, so a copy there stays listed, named by its own time stamp)."""
    if storage != DJANGO:
        return
    try:
        default_storage.delete(path)
    except OSError:
        log.exception("orglab: could not remove the superseded report file %s", path)


def download_url(job: ReportJob) -> str | None:
    """Where the report store serves the file (signed, short-lived on S3); None for Django storage,
    which orglab's own download view streams after checking the requester."""
    if job.storage == REPORT_STORE:
        return api.report_store_url(job.path)
    return None


def open_file(job: ReportJob):
    return default_storage.open(job.path, "rb")


def write_to(course_key: CourseKey, report: str, fmt: str, path: str, options: dict) -> int:
    """Write a report straight to a file on disk (the `orglab_export` command)."""
    with open(path, "wb") as handle:
        return reports.write_report(course_key, report, fmt, handle, options)
