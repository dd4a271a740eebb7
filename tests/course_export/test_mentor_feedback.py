"""Mentor review in course_export (issue 15): the dashboard names each learner's mentors and links
the review queue; the answers reports carry the feedback given on the version each row comes from;
the proposals export has a feedback.md beside the block's own files. All with data made through
`orglab_plugin.api` (assign_mentor, give_feedback, record_submission), and with a bounded number of
queries whatever the cohort."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from course_export import reports
from course_export.reports import feedback as report_feedback
from orglab_plugin import api
from orglab_xblocks.proposal import assembly

from .conftest import COURSE, TOPICS, WORKSHEET_1, key, make_user, submit, worksheet_payload

pytestmark = pytest.mark.django_db

PROPOSAL = key("orglab_proposal", "u2proposal")
ALL = {"include": ["username", "full_name", "email"]}
STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def write(report, fmt="csv", options=None) -> bytes:
    handle = io.BytesIO()
    reports.write_report(COURSE, report, fmt, handle, options if options is not None else ALL)
    return handle.getvalue()


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def feedback(reviewer, learner, block, version, verdict, comment="", section=""):
    return api.give_feedback(course_key=COURSE, reviewer=reviewer, learner=learner, block_key=block, version=version,
                             verdict=verdict, comment=comment, section=section)


@pytest.fixture
def mentored(cohort):
    """mentor1 mentors amina and emeka, mentor2 amina too; amina's worksheet has feedback on both
    its versions, emeka's on his only one."""
    users = dict(cohort)
    users["mentor1"], users["mentor2"] = make_user("mentor1"), make_user("mentor2")
    staff = users["teacher"]
    for learner, mentor in (("amina", "mentor1"), ("amina", "mentor2"), ("emeka", "mentor1")):
        api.assign_mentor(COURSE, users[learner], users[mentor], staff)
    mentor1 = users["mentor1"]
    feedback(mentor1, users["amina"], WORKSHEET_1, 1, "please_revise", "Name the country.", section="statement")
    feedback(mentor1, users["amina"], WORKSHEET_1, 2, "looks_good", "Much clearer now.", section="statement")
    feedback(users["mentor2"], users["amina"], WORKSHEET_1, 2, "comment", "Cite a source\nfor the numbers.",
             section="statement")
    feedback(staff, users["amina"], WORKSHEET_1, 2, "looks_good")  # the whole version, no comment
    feedback(mentor1, users["amina"], WORKSHEET_1, 2, "comment", "See the budget too.", section="budget")
    feedback(mentor1, users["emeka"], WORKSHEET_1, 1, "please_revise", "Add one more dimension.",
             section="dimensions")
    return users


# --------------------------------------------------------------------------- the dashboard


def dashboard(client, user, language="en", **query):
    client.force_login(user)
    response = client.get(reverse("orglab_reports:dashboard", args=[str(COURSE)]), query,
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def learner_row(html: str, username: str) -> str:
    return html.split(f'<tr data-username="{username}">', 1)[1].split("</tr>", 1)[0]


def test_the_dashboard_names_each_learners_mentors_and_links_their_queue(client, mentored):
    html = dashboard(client, mentored["teacher"])
    queue = reverse("orglab:review-queue", kwargs={"course_id": str(COURSE)})
    assert '<th scope="col">Mentors</th>' in html
    assert f'<a href="{queue}">Mentor review</a>' in html  # the page's sections
    assert html.count(f'href="{queue}"') == 2  # and beside the learners table
    amina = learner_row(html, "amina")
    assert [name for name in re.findall(r'\?mentor=(\w+)"', amina)] == ["mentor1", "mentor2"]
    assert f'<a href="{queue}?mentor=mentor1">mentor1<span class="orglab-vh"> · their review queue</span></a>' \
        in amina
    assert re.findall(r'\?mentor=(\w+)"', learner_row(html, "emeka")) == ["mentor1"]
    assert "No mentor" in learner_row(html, "bruno") and "?mentor=" not in learner_row(html, "bruno")


def test_inside_the_instructor_dashboard_the_queue_opens_at_the_top(client, mentored):
    html = dashboard(client, mentored["teacher"], embedded="1")
    queue = reverse("orglab:review-queue", kwargs={"course_id": str(COURSE)})
    assert f'<a href="{queue}" target="_top">Mentor review</a>' in html
    assert f'href="{queue}?mentor=mentor1" target="_top"' in learner_row(html, "amina")


def test_the_dashboards_mentors_speak_spanish(client, mentored):
    html = dashboard(client, mentored["teacher"], language="es")
    assert '<html lang="es"' in html
    assert '<th scope="col">Mentores</th>' in html and ">Revisión de mentores</a>" in html
    assert "Sin mentor" in learner_row(html, "bruno") and "su cola de revisión" in learner_row(html, "amina")


def test_a_hostile_mentor_name_is_text_on_the_dashboard(client, cohort):
    from django.contrib.auth import get_user_model

    name = '"><img src=x onerror=alert(1)>&mentor=x'
    mentor = get_user_model().objects.create_user(name, "m@example.org", "x")
    api.assign_mentor(COURSE, cohort["bruno"], mentor, cohort["teacher"])
    row = learner_row(dashboard(client, cohort["teacher"]), "bruno")
    assert "<img" not in row and "&lt;img src=x onerror=alert(1)&gt;&amp;mentor=x" in row
    assert "?mentor=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%26mentor%3Dx" in row


def test_the_dashboard_reads_a_fixed_number_of_queries_whatever_the_mentors(client, course):
    staff = make_user("teacher")
    from orglab_plugin.models import CourseStaffRole

    CourseStaffRole.objects.create(user=staff, course_key=COURSE)
    mentors = [make_user(f"mentor{number}") for number in range(3)]

    def queries_for(count: int) -> int:
        for number in range(count):
            learner = make_user(f"m{count}x{number}")
            api.enroll(learner, COURSE)
            for mentor in mentors[:1 + number % 3]:
                api.assign_mentor(COURSE, learner, mentor, staff)
        client.force_login(staff)
        url = reverse("orglab_reports:dashboard", args=[str(COURSE)])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("?mentor=") >= min(count, 25)
        return len(captured)

    assert queries_for(2) == queries_for(30)  # a full page of 25 mentored learners reads what 2 do


# --------------------------------------------------------------------------- the answers report


def test_each_answer_row_carries_the_feedback_on_its_field_of_its_version(mentored):
    rows = [row for row in csv_rows(write("answers")) if row["Block ID"] == str(WORKSHEET_1)]
    amina = {row["Field ID"]: row for row in rows if row["Username"] == "amina"}
    statement, dimensions = amina["statement"], amina["dimensions"]
    assert statement["Version"] == "2"
    # The field's feedback on version 2, oldest first; version 1's "please revise" stayed with version 1.
    first, second = statement["Feedback on this field"].split("\n\n")
    assert re.fullmatch(rf"Looks good \(mentor1, {STAMP.pattern}\): Much clearer now\.", first)
    assert re.fullmatch(rf"Comment \(mentor2, {STAMP.pattern}\): Cite a source\nfor the numbers\.", second)
    assert "Name the country" not in "".join(str(row) for row in rows)
    assert statement["Feedback verdict (this field)"] == "Comment"  # the newest
    assert dimensions["Feedback on this field"] == "" and dimensions["Feedback verdict (this field)"] == ""
    # The whole version's, and a section naming none of its fields, on every row of the version.
    for row in (statement, dimensions):
        overall, budget = row["Feedback on the whole version"].split("\n\n")
        assert re.fullmatch(rf"Looks good \(teacher, {STAMP.pattern}\)", overall)
        assert re.fullmatch(rf"On budget: Comment \(mentor1, {STAMP.pattern}\): See the budget too\.", budget)
        assert row["Feedback verdict (whole version)"] == "Comment"
    emeka = {row["Field ID"]: row for row in rows if row["Username"] == "emeka"}
    assert emeka["dimensions"]["Feedback verdict (this field)"] == "Please revise"
    assert emeka["statement"]["Feedback on this field"] == "" and emeka["statement"]["Feedback on the whole version"] == ""
    assert all(row["Feedback on this field"] == "" for row in csv_rows(write("answers"))
               if row["Username"] == "bruno")


def test_the_feedback_columns_in_every_format_and_in_spanish(mentored):
    lines = [json.loads(line) for line in write("answers", "jsonl").decode("utf-8").splitlines()]
    statement = next(line for line in lines if line["username"] == "amina" and line["field"] == "statement")
    assert statement["feedback_verdict"] == "Comment" and "Much clearer now." in statement["feedback"]
    assert statement["version_verdict"] == "Comment" and statement["version_feedback"].startswith("Looks good (teacher, ")
    with translation.override("es"):
        rows = csv_rows(write("answers"))
    statement = next(row for row in rows if row["Nombre de usuario"] == "amina" and row["ID del campo"] == "statement") \
        if "Nombre de usuario" in rows[0] else None
    es_headers = list(rows[0])
    assert "Retroalimentación sobre este campo" in es_headers and "Retroalimentación sobre toda la versión" in es_headers
    cells = "".join(str(row) for row in rows)
    assert "Está bien (mentor1, " in cells and "Sobre budget: Comentario (mentor1, " in cells
    assert statement is None or statement["Veredicto de la retroalimentación (este campo)"] == "Comentario"


def test_the_wide_report_ends_with_the_feedback_on_each_learners_latest_versions(mentored):
    rows = {row["Username"]: row for row in csv_rows(write("answers_wide"))}
    assert list(rows["amina"])[-1] == "Feedback on these versions"
    amina = rows["amina"]["Feedback on these versions"]
    blocks = amina.split("\n\n[")
    assert blocks[0].startswith("[Your knowledge-gap statement]\nLooks good (teacher, ")
    assert "\n\nOn budget: Comment (mentor1, " in blocks[0]
    assert len(blocks) == 2 and blocks[1].startswith("Your knowledge-gap statement · What gap will your campaign close?]\n"
                                "Looks good (mentor1, ")
    assert "Name the country" not in amina
    assert "Add one more dimension." in rows["emeka"]["Feedback on these versions"]
    assert rows["bruno"]["Feedback on these versions"] == ""


def report_queries(course, count: int, report: str) -> int:
    staff = make_user(f"staff{count}")
    from orglab_plugin.models import CourseStaffRole

    CourseStaffRole.objects.get_or_create(user=staff, course_key=COURSE)
    for number in range(count):
        user = make_user(f"f{count}x{number}")
        api.enroll(user, COURSE)
        submit(user, WORKSHEET_1, worksheet_payload("x"))
        feedback(staff, user, WORKSHEET_1, 1, "comment", "Say more.", section="statement")
        feedback(staff, user, WORKSHEET_1, 1, "looks_good")
    with CaptureQueriesContext(connection) as captured:
        data = write(report, "zip" if report == "proposals" else "csv")
    if report == "proposals":
        assert sum(name.endswith("feedback.md") for name in zipfile.ZipFile(io.BytesIO(data)).namelist()) >= count
    else:
        assert data.decode("utf-8").count("Say more.") >= count
    return len(captured)


@pytest.mark.parametrize("report", ["answers", "answers_wide", "proposals"])
def test_the_reports_read_a_fixed_number_of_queries_whatever_the_feedback(course, report):
    assert report_queries(course, 3, report) == report_queries(course, 40, report)


def test_feedback_is_read_once_per_batch_of_learners(mentored, monkeypatch):
    calls = []

    def reader(course_key, *, learners):
        calls.append(list(learners))
        return real(course_key, learners=learners)

    real = api.course_feedback
    monkeypatch.setattr(api, "course_feedback", reader)
    monkeypatch.setattr(report_feedback, "BATCH", 2)
    original = report_feedback.with_feedback
    monkeypatch.setattr("course_export.reports.answers.with_feedback",
                        lambda course_key, groups: original(course_key, groups, batch=2))
    rows = csv_rows(write("answers"))
    learners_with_work = {row["Username"] for row in rows}
    assert sorted(len(batch) for batch in calls) == sorted([2] * (len(learners_with_work) // 2)
                                                           + [1] * (len(learners_with_work) % 2))
    assert "Much clearer now." in "".join(row["Feedback on this field"] for row in rows)


# --------------------------------------------------------------------------- the proposals export


def archive_of(options=None) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(write("proposals", "zip", options)))


def test_the_proposals_export_lists_the_feedback_beside_the_blocks_files(mentored):
    amina = mentored["amina"]
    submit(amina, PROPOSAL, assembly.payload(title="Your grant proposal", own={"title": "Científicas de Kenia"},
                                             rules={}, summary={}))
    before = archive_of()
    feedback(mentored["mentor1"], amina, PROPOSAL, 1, "please_revise", "Add a budget line.", section="budget")
    feedback(mentored["mentor1"], amina, TOPICS, 1, "looks_good", "Good mix of wikis.", section="topics")
    after = archive_of()
    for name in ("amina/proposal.md", "amina/proposal.wiki"):  # still exactly the block's own downloads
        assert after.read(name) == before.read(name)
    text = after.read("amina/feedback.md").decode("utf-8")
    assert text.startswith("# Mentor feedback\n")
    headings = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert headings[0] == "Grant proposal (version 1)"  # the proposal first, then the others in course order
    assert headings[1:] == ["Your topic list (Unit 1 · Knowledge gaps, version 1)",  # u1topics, then u1ws
                            "Your knowledge-gap statement (Unit 1 · Knowledge gaps, version 2)"]
    proposal = text.split("\n## ")[1]
    assert re.search(rf"^### Please revise · mentor1 · {STAMP.pattern}$", proposal, flags=re.MULTILINE)
    assert "*On: Budget*" in proposal and "\n\nAdd a budget line.\n" in proposal
    worksheet = text.split("\n## ")[3]
    assert "*On: What gap will your campaign close?*" in worksheet and "*On: the whole version*" in worksheet
    assert "Cite a source\\\nfor the numbers." in worksheet  # the comment's line break kept
    assert worksheet.index("Much clearer now") < worksheet.index("Cite a source")  # oldest first
    assert "Name the country" not in text  # version 1's feedback: the draft is made of version 2
    assert "*On: Topic list (2 topics)*" in text.split("\n## ")[2]
    names = after.namelist()
    assert "emeka/feedback.md" in names and "bruno/feedback.md" not in names
    assert "feedback.md lists it, grouped by block" in after.read("README.txt").decode("utf-8")
    assert "learner-" in archive_of({"include": []}).namelist()[0]


def test_feedback_md_in_spanish(mentored):
    with translation.override("es"):
        text = archive_of().read("amina/feedback.md").decode("utf-8")
    assert text.startswith("# Retroalimentación de mentores\n")
    assert "### Está bien · mentor1 · " in text and "*Sobre: toda la versión*" in text
    assert "## Your knowledge-gap statement (Unit 1 · Knowledge gaps, versión 2)" in text  # titles as the course has them
