"""The reports API (/api/orglab/v1/courses/<course>/reports/): who may request, list and download;
jobs, their progress and their files; one running job per request; bad input; the report store."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.utils import timezone

from course_export import jobs, reports, tasks
from course_export.models import ReportJob
from orglab_plugin import compat
from orglab_plugin.models import CourseStaffRole

from .conftest import COURSE, OTHER_COURSE, client_for, make_user

pytestmark = pytest.mark.django_db

BASE = f"/api/orglab/v1/courses/{COURSE}/reports/"
REQUEST = {"report": "completion", "format": "csv", "include": ["username"]}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def roles(cohort):
    other = make_user("other_staff")
    CourseStaffRole.objects.create(user=other, course_key=OTHER_COURSE)
    django_staff = make_user("django_staff", is_staff=True)
    return {"anonymous": None, "learner": cohort["amina"], "outsider": cohort["outsider"],
            "other_course_staff": other, "django_is_staff": django_staff, "course_staff": cohort["teacher"]}


@pytest.mark.parametrize("role, code", [("anonymous", 401), ("learner", 403), ("outsider", 403),
                                        ("other_course_staff", 403), ("django_is_staff", 403),
                                        ("course_staff", None)])
def test_only_the_course_staff_request_list_and_download(cohort, media, role, code):
    staff_job, _created = tasks.request_report(COURSE, "completion", "csv", {"include": ["username"]},
                                               cohort["teacher"])
    assert staff_job.status == "done"
    user = roles(cohort)[role]
    client = client_for(user)
    calls = [("get", BASE, None), ("post", BASE, REQUEST), ("get", f"{BASE}{staff_job.uuid}/", None),
             ("get", f"{BASE}{staff_job.uuid}/download/", None)]
    for method, url, body in calls:
        response = getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)
        if code is not None:
            assert response.status_code == code, (method, url, response.content[:200])
            assert "detail" in response.json()
        else:
            assert response.status_code in (200, 202), (method, url, response.content[:200])
    if code is not None:
        assert ReportJob.objects.count() == 1  # nothing was requested


def test_staff_request_follow_and_download_a_report(cohort, media):
    client = client_for(cohort["teacher"])
    response = client.post(BASE, {**REQUEST, "include": ["username", "email"], "bom": True}, format="json")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done" and job["rows_done"] == job["rows_total"] == 5 and job["percent"] == 100.0
    assert job["include"] == ["username", "email"] and job["bom"] is True
    assert job["filename"].startswith("orglab_Test_Reports_1_completion_") and job["filename"].endswith(".csv")
    detail = client.get(job["url"]).json()
    assert detail["id"] == job["id"] and detail["download_url"] == job["download_url"]
    download = client.get(job["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"].startswith("text/csv")
    body = b"".join(download.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {row["Username"] for row in rows} == {"amina", "bruno", "chen", "dalia", "emeka"}
    assert "Email" in rows[0] and "Full name" not in rows[0]
    listing = client.get(BASE).json()
    assert [item["id"] for item in listing["results"]] == [job["id"]]
    assert {item["report"] for item in listing["reports"]} == set(reports.REPORTS)


def test_a_job_of_another_course_is_not_found_here(cohort, media):
    other_job = ReportJob.objects.create(course_key=OTHER_COURSE, report="completion", format="csv",
                                         signature="x", status="done")
    client = client_for(cohort["teacher"])
    assert client.get(f"{BASE}{other_job.uuid}/").status_code == 404
    assert client.get(f"{BASE}{other_job.uuid}/download/").status_code == 404
    assert client.get(f"{BASE}00000000-0000-0000-0000-000000000000/").status_code == 404


def test_asking_again_while_it_runs_returns_the_running_job(cohort, media, settings, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    settings.ORGLAB_RUN_TASKS_EAGERLY = False  # as inside Open edX: a Celery task, on the LMS's queue
    settings.ORGLAB_LMS_CELERY_QUEUE = "edx.lms.core.default"
    queued = []
    def apply_async(args, queue):
        assert queue == "edx.lms.core.default"
        queued.append(*args)

    monkeypatch.setattr(tasks.generate_report_task, "apply_async", apply_async)
    client = client_for(cohort["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(BASE, REQUEST, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(BASE, REQUEST, format="json")
        other_format = client.post(BASE, {**REQUEST, "format": "xlsx"}, format="json")
    assert (first.status_code, second.status_code, other_format.status_code) == (202, 200, 202)
    assert first.json()["id"] == second.json()["id"] != other_format.json()["id"]
    assert first.json()["status"] == "queued" and first.json()["download_url"] is None
    assert queued == [first.json()["id"], other_format.json()["id"]]
    assert client.get(f"{BASE}{first.json()['id']}/download/").status_code == 409
    # The Celery task runs the job; then a new request makes a new job.
    tasks.generate_report_task(queued[0])
    assert ReportJob.objects.get(uuid=queued[0]).status == "done"
    with django_capture_on_commit_callbacks(execute=True):
        third = client.post(BASE, REQUEST, format="json")
    assert third.status_code == 202 and third.json()["id"] != first.json()["id"]


def test_a_job_that_stopped_showing_progress_no_longer_blocks(cohort, media):
    stuck = ReportJob.objects.create(course_key=COURSE, report="completion", format="csv", status="running",
                                     signature=jobs._signature(COURSE, "completion", "csv", {"include": ["username"],
                                                                                            "bom": False,
                                                                                            "language": "en-us"}))
    ReportJob.objects.filter(pk=stuck.pk).update(updated=timezone.now() - timedelta(hours=2))
    response = client_for(cohort["teacher"]).post(BASE, REQUEST, format="json")
    assert response.status_code == 202 and response.json()["id"] != str(stuck.uuid)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "ask for it again" in stuck.error


def test_a_job_whose_worker_died_says_so_when_staff_look_at_it(cohort, media):
    stuck = ReportJob.objects.create(course_key=COURSE, report="completion", format="csv", status="running",
                                     signature="stuck")
    ReportJob.objects.filter(pk=stuck.pk).update(updated=timezone.now() - timedelta(hours=2))
    client = client_for(cohort["teacher"])
    detail = client.get(f"{BASE}{stuck.uuid}/").json()
    assert detail["status"] == "failed" and "ask for it again" in detail["error"]
    listed = {job["id"]: job["status"] for job in client.get(BASE).json()["results"]}
    assert listed[str(stuck.uuid)] == "failed"


@pytest.mark.parametrize("body, words", [
    ({"report": "grades", "format": "csv"}, "report"),
    ({"report": "completion", "format": "ods"}, "format"),
    ({"report": "completion", "format": "wikitext"}, "comes as"),
    ({"report": "proposals", "format": "csv"}, "comes as"),
    ({"report": "completion", "format": "csv", "include": ["password"]}, "include"),
    ({"report": "completion", "format": "csv", "include": "username"}, "include"),
    ({"report": "completion", "format": "csv", "bom": "maybe"}, "bom"),
    ({"format": "csv"}, "report"),
    ([1, 2, 3], "detail"),
    ("just text", "detail"),
])
def test_bad_requests_get_a_400_that_says_why(cohort, media, body, words):
    response = client_for(cohort["teacher"]).post(BASE, body, format="json")
    assert response.status_code == 400, response.content
    assert words in response.content.decode()
    assert ReportJob.objects.count() == 0


def test_a_body_that_is_not_json_is_a_400(cohort, media):
    response = client_for(cohort["teacher"]).post(BASE, "{nope", content_type="application/json")
    assert response.status_code == 400


def test_the_site_can_keep_email_out_of_reports(cohort, media, settings):
    settings.ORGLAB_REPORTS_PII_FIELDS = ["username"]
    client = client_for(cohort["teacher"])
    response = client.post(BASE, {**REQUEST, "include": ["username", "email"]}, format="json")
    assert response.status_code == 400 and "keep email out of reports" in response.json()["detail"]
    assert client.get(BASE).json()["include_allowed"] == ["username"]


def test_a_course_id_that_is_not_one_is_a_400(cohort):
    response = client_for(cohort["teacher"]).get("/api/orglab/v1/courses/not-a-course/reports/")
    assert response.status_code == 400 and "not a course id" in response.content.decode()


def test_a_failing_report_is_recorded_and_says_why(cohort, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reports, "write_report", broken)
    client = client_for(cohort["teacher"])
    job = client.post(BASE, REQUEST, format="json").json()
    assert job["status"] == "failed" and "the database went away" in job["error"]
    response = client.get(f"{BASE}{job['id']}/download/")
    assert response.status_code == 409 and "failed" in response.json()["detail"]


def test_inside_open_edx_the_file_goes_to_the_report_store(cohort, tmp_path, monkeypatch):
    """The platform's report store (stubbed at compat: a Django storage and edx-platform's path scheme)."""

    class Store:
        storage = FileSystemStorage(location=str(tmp_path / "grades"), base_url="https://files.example.org/grades/")

        def path_to(self, course_id, filename="", parent_dir=""):
            import hashlib

            return f"{hashlib.sha1(str(course_id).encode()).hexdigest()}/{filename}"

    monkeypatch.setattr(compat, "report_store", lambda: Store())
    client = client_for(cohort["teacher"])
    job = client.post(BASE, REQUEST, format="json").json()
    stored = ReportJob.objects.get(uuid=job["id"])
    assert stored.storage == "report_store"
    files = list((tmp_path / "grades").rglob("*.csv"))
    assert len(files) == 1 and files[0].name == job["filename"]  # where Data Download lists it
    response = client.get(job["download_url"])
    assert response.status_code == 302 and response["Location"].startswith("https://files.example.org/grades/")
    # Only staff are sent there.
    assert client_for(cohort["amina"]).get(job["download_url"]).status_code == 403


def test_the_export_command_writes_a_report(cohort, tmp_path):
    out = tmp_path / "completion.csv"
    call_command("orglab_export", "--course", str(COURSE), "--report", "completion", "--format", "csv",
                 "--output", str(out), "--include", "username,email")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 5 and "Email" in rows[0]
    zipped = tmp_path / "drafts.zip"
    call_command("orglab_export", "--course", str(COURSE), "--report", "proposals", "--format", "zip",
                 "--output", str(zipped), "--include", "none")
    assert zipped.stat().st_size > 0


@pytest.mark.parametrize("args, words", [
    (["--course", "nope", "--report", "completion", "--format", "csv"], "not a course id"),
    (["--course", str(COURSE), "--report", "completion", "--format", "zip"], "comes as"),
    (["--course", str(COURSE), "--report", "completion", "--include", "phone"], "cannot include"),
])
def test_the_export_command_refuses_bad_arguments(cohort, tmp_path, args, words):
    with pytest.raises(CommandError, match=words):
        call_command("orglab_export", *args, "--output", str(tmp_path / "x.csv"))


def test_the_export_command_refuses_a_missing_folder(cohort, tmp_path):
    with pytest.raises(CommandError, match="no folder"):
        call_command("orglab_export", "--course", str(COURSE), "--report", "completion",
                     "--output", str(tmp_path / "missing" / "x.csv"))


def test_a_form_encoded_request_is_read_as_the_dashboard_reads_it(cohort, media):
    client = client_for(cohort["teacher"])
    response = client.post(BASE, "report=completion&format=csv&include=username&include=email&bom=on",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 202, response.content
    assert response.json()["include"] == ["username", "email"] and response.json()["bom"] is True
    refused = client.post(BASE, "report=completion&format=zip", content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 400 and "comes as" in refused.json()["detail"]
