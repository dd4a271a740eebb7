"""orglab's tasks on a real Celery worker: Debian's redis-server as the broker, `celery worker`
as a subprocess (solo pool, the LMS's default queue), the test process as the LMS web process.

The worker loads `tests.integration.celery_app` with `tests.integration.celery_settings`, which
point it at the broker and at this test's SQLite file and media folder; the test commits its rows
(a transactional database), so the worker reads them. Nothing runs eagerly: the worker's own log
names every task it ran.
"""
from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from celery import _state as celery_state
from django.db import connection
from rest_framework.test import APIClient

from course_export.models import ReportJob
from orglab_plugin.models import AwardAudit, CertificateAward, UnitProgress

from .cohort import COURSE, seed

REDIS_SERVER = "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[2]
QUEUE = "edx.lms.core.default"  # ORGLAB_LMS_CELERY_QUEUE and the LMS's default queue
LEARNERS = 1500  # three chunks of a report's progress (course_export.reports.PROGRESS_EVERY = 500)
REPORTS = f"/api/orglab/v1/courses/{COURSE}/reports/"

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check, timeout: float, interval: float = 0.05, on_timeout=lambda: ""):
    """Poll `check()` until it returns something true (returned); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}. {on_timeout()}")
        time.sleep(interval)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """Debian's redis-server on a free loopback port, no persistence, for this module's tests."""
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"{REDIS_SERVER} is not installed (`make redis` installs Debian's redis-server)")
    import redis

    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    log = open(folder / "redis.log", "wb")  # noqa: SIM115 - closed in the finalizer
    process = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--daemonize", "no", "--dir", str(folder)],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)

        def answers():
            if process.poll() is not None:
                pytest.fail(f"redis-server exited: {(folder / 'redis.log').read_text()}")
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        wait_for("redis-server to answer", answers, timeout=15)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
        log.close()


@pytest.fixture
def broker(redis_url):
    """The broker, emptied, and Celery's current app in this (the LMS web) process sending to it."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushall()
    previous = celery_state.get_current_app()
    app = Celery("orglab_integration_web", set_as_current=True)
    app.conf.update(broker_url=redis_url, task_default_queue=QUEUE, task_always_eager=False,
                    broker_connection_retry_on_startup=True)
    yield redis_url
    app.close()
    client.close()
    previous.set_current()
    previous.set_default()


@pytest.fixture
def web(settings, tmp_path):
    """This process as the LMS's web process: tasks go to Celery, report files to a media folder."""
    settings.ORGLAB_RUN_TASKS_EAGERLY = False
    settings.ORGLAB_REPORTS_IN_THREAD = False
    settings.ORGLAB_LMS_CELERY_QUEUE = QUEUE
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def start_worker(broker, web, transactional_db, tmp_path):
    """`start_worker(name, **settings)`: a Celery worker subprocess, ready; killed after the test."""
    workers: list[Worker] = []

    def start(name: str, stale_minutes: float = 60, chunk_pause: float = 0,
              visibility_timeout: float = 3600) -> Worker:
        log = tmp_path / f"{name}.log"
        env = {**os.environ,
               "DJANGO_SETTINGS_MODULE": "tests.integration.celery_settings",
               # The settings this test process runs on (tests.settings, or tests.settings_mysql:
               # pytest-django puts the module it set up in the environment).
               "ORGLAB_CELERY_TEST_BASE_SETTINGS": os.environ["DJANGO_SETTINGS_MODULE"],
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               "ORGLAB_CELERY_BROKER_URL": broker,
               "ORGLAB_CELERY_TEST_DB": str(connection.settings_dict["NAME"]),
               "ORGLAB_CELERY_TEST_MEDIA": web.MEDIA_ROOT,
               "ORGLAB_CELERY_TEST_STALE_MINUTES": str(stale_minutes),
               "ORGLAB_CELERY_TEST_CHUNK_PAUSE": str(chunk_pause),
               "ORGLAB_CELERY_TEST_VISIBILITY_TIMEOUT": str(visibility_timeout)}
        with open(log, "wb") as handle:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tests.integration.celery_app", "worker", "--pool=solo",
                 "--concurrency=1", "-Q", QUEUE, "-n", f"{name}@orglab-test", "--loglevel=INFO",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        worker = Worker(process, log)
        workers.append(worker)

        def ready():
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({process.returncode}):\n{worker.output()}")
            return " ready." in worker.output()

        wait_for(f"Celery worker {name} to be ready", ready, timeout=30, interval=0.1,
                 on_timeout=worker.output)
        return worker

    yield start
    for worker in workers:
        stop(worker.process)


def job_states(client, url: str, until, timeout: float, on_timeout) -> list[tuple[str, int]]:
    """Poll a job's GET endpoint until `until(job)`; every (status, rows_done) seen, in order."""
    seen: list[tuple[str, int]] = []

    def check():
        job = client.get(url).json()
        if not seen or seen[-1] != (job["status"], job["rows_done"]):
            seen.append((job["status"], job["rows_done"]))
        return until(job)

    wait_for(f"the report job to finish (seen {seen})", check, timeout=timeout, on_timeout=on_timeout)
    return seen


def report_files(media_root: str) -> list[Path]:
    return sorted(Path(media_root, "orglab_reports").rglob("*.csv"))


def test_a_report_and_a_recompute_run_on_a_real_worker(start_worker, web):
    cohort = seed(LEARNERS)
    worker = start_worker("orglab-1", chunk_pause=0.4)
    client = APIClient()
    client.force_authenticate(cohort["teacher"])

    # The completion report: queued by the web process, run by the worker, with progress.
    response = client.post(REPORTS, {"report": "completion", "format": "csv", "include": ["username"]},
                           format="json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["rows_total"]) == ("queued", LEARNERS)
    url = f"{REPORTS}{job['id']}/"
    seen = job_states(client, url, lambda j: j["status"] in ("done", "failed"), timeout=30,
                      on_timeout=worker.output)
    assert seen[-1] == ("done", LEARNERS), worker.output()
    assert any(status == "running" and 0 < done < LEARNERS for status, done in seen), seen
    assert "Task orglab_course_export.generate_report[" in worker.output()
    # The job is stored as done before the worker logs the task's success.
    wait_for("the worker to log the report", lambda: "succeeded" in worker.output(), timeout=10,
             on_timeout=worker.output)

    download = client.get(f"{url}download/")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8"))))
    assert sorted(row["Username"] for row in rows) == cohort["usernames"]
    assert len(report_files(web.MEDIA_ROOT)) == 1

    # The recompute: the bulk-imported completions become progress and certificates in the worker.
    assert not UnitProgress.objects.filter(course_key=COURSE).exists()
    assert not CertificateAward.objects.filter(course_key=COURSE).exists()
    response = client.post(f"/api/orglab/v1/courses/{COURSE}/recompute/")
    assert response.status_code == 202, response.content
    wait_for("the recompute's certificates", lambda: CertificateAward.objects.filter(course_key=COURSE).count()
             == len(cohort["finishers"]), timeout=30, on_timeout=worker.output)
    wait_for("the worker to log the recompute", lambda: "orglab_plugin.recompute_course[" in worker.output()
             and worker.output().count("succeeded") >= 2, timeout=10, on_timeout=worker.output)
    finisher = cohort["finishers"][0]
    assert sorted(UnitProgress.objects.filter(course_key=COURSE, user_id=finisher)
                  .values_list("completed", "total", "percent")) == [(1, 1, 100), (1, 1, 100)]
    assert sorted(CertificateAward.objects.filter(course_key=COURSE).values_list("user_id", flat=True)) \
        == cohort["finishers"]
    assert AwardAudit.objects.filter(course_key=COURSE, kind=AwardAudit.CERTIFICATE).count() \
        == len(cohort["finishers"])


def test_a_report_whose_worker_is_killed_is_finished_by_the_next_worker(start_worker, web):
    """SIGKILL mid-report: the task was acknowledged late, so Redis delivers it again (after the
    visibility timeout, lowered here); the restarted worker takes the job over once it has shown no
    progress within the stale window (lowered too) and writes the one file."""
    cohort = seed(LEARNERS)
    lowered = {"stale_minutes": 0.05, "visibility_timeout": 2}  # 3 s and 2 s
    first = start_worker("orglab-killed", chunk_pause=1.0, **lowered)
    client = APIClient()
    client.force_authenticate(cohort["teacher"])
    response = client.post(REPORTS, {"report": "completion", "format": "csv"}, format="json")
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    url = f"{REPORTS}{job_id}/"
    job_states(client, url, lambda j: j["status"] == "running" and j["rows_done"] > 0, timeout=30,
               on_timeout=first.output)

    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    killed_at = time.monotonic()
    job = ReportJob.objects.get(uuid=job_id)
    assert job.status == "running" and 0 < job.rows_done < LEARNERS
    assert report_files(web.MEDIA_ROOT) == []

    # The unacknowledged task becomes deliverable again once its visibility timeout has passed.
    # Kombu restores such tasks when a worker starts polling, and then only every 10 (kombu 5.7)
    # to 100 (kombu 5.6, which Open edX pins) seconds: start the next worker once it is due.
    wait_for("the killed worker's task to be due again", timeout=lowered["visibility_timeout"] + 5,
             check=lambda: time.monotonic() - killed_at > lowered["visibility_timeout"] + 1)
    second = start_worker("orglab-restarted", **lowered)
    seen = job_states(client, url, lambda j: j["status"] in ("done", "failed"), timeout=40,
                      on_timeout=second.output)
    assert seen[-1] == ("done", LEARNERS), second.output()
    assert "takes it over" in second.output()
    assert "Task orglab_course_export.generate_report[" in second.output()
    assert len(report_files(web.MEDIA_ROOT)) == 1
    download = client.get(f"{url}download/")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8"))))
    assert len(rows) == LEARNERS + 1
