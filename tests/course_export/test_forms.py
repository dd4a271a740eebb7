"""course_export's forms: one set of rules for what staff send, from the dashboard's forms and the
reports API's body alike."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from course_export import forms

from .conftest import COURSE

pytestmark = pytest.mark.django_db


def test_a_report_request_reads_the_same_from_json_and_from_a_form(cohort):
    from_json = forms.ReportRequestForm({"report": "answers", "format": "csv", "include": ["email", "username"],
                                         "bom": True})
    from_form = forms.ReportRequestForm(QueryDict("report=answers&format=csv&include=email&include=username&bom=on"))
    assert from_json.is_valid() and from_form.is_valid()
    assert from_json.options == from_form.options == {"include": ["username", "email"], "bom": True}
    bare = forms.ReportRequestForm(QueryDict("report=topics&format=wikitext"))
    assert bare.is_valid() and bare.options == {"include": [], "bom": False}


@pytest.mark.parametrize("data, problems", [
    ({"report": "grades", "format": "csv"}, {"report"}),
    ({"format": "csv"}, {"report"}),
    ({"report": "completion", "format": "ods"}, {"format"}),
    ({"report": "completion", "format": "csv", "include": "username"}, {"include"}),
    ({"report": "completion", "format": "csv", "include": ["phone"]}, {"include"}),
    ({"report": "completion", "format": "csv", "bom": "maybe"}, {"bom"}),
    ({"report": "completion", "format": "csv", "bom": 2}, {"bom"}),
    ({"report": "proposals", "format": "csv"}, {"detail"}),  # a format of another report
])
def test_a_bad_report_request_says_which_part_is_wrong(cohort, data, problems):
    form = forms.ReportRequestForm(data)
    assert not form.is_valid()
    assert set(form.problems()) == problems
    if problems == {"detail"}:
        assert "comes as zip" in form.problems()["detail"]


def test_the_sites_setting_decides_which_names_a_report_may_hold(cohort, settings):
    settings.ORGLAB_REPORTS_PII_FIELDS = ["username"]
    form = forms.ReportRequestForm({"report": "completion", "format": "csv", "include": ["username", "email"]})
    assert not form.is_valid()
    assert form.problems() == {"detail": "This site's settings keep email out of reports."}
    assert forms.first_problem(form) == "This site's settings keep email out of reports."


@pytest.mark.parametrize("data, problem", [
    ({"username": "nobody", "override": "grant", "reason": "x"}, "There is no learner “nobody” in this course."),
    ({"username": "outsider", "override": "grant", "reason": "x"}, "There is no learner “outsider” in this course."),
    ({"username": "", "override": "grant", "reason": "x"}, "There is no learner “” in this course."),
    ({"username": "amina", "override": "maybe", "reason": "x"}, "Choose whether to grant or deny"),
    ({"username": "amina", "override": "grant", "reason": "  "}, "Give a reason for the override"),
    ({"username": "amina", "override": "deny", "reason": "x" * 2001}, "Keep the reason under 2000 characters."),
])
def test_an_override_gets_its_first_problem_only(cohort, data, problem):
    form = forms.OverrideForm(COURSE, data)
    assert not form.is_valid()
    assert forms.first_problem(form).startswith(problem)
    assert len(form.errors) == 1 and len(next(iter(form.errors.values()))) == 1


def test_an_override_form_is_shown_again_as_typed_within_its_limits(cohort):
    form = forms.OverrideForm(COURSE, {"username": " amina ", "override": "grant", "reason": " Mentor asked "})
    assert form.is_valid()
    assert form.cleaned_data["learner"] == cohort["amina"]
    assert (form.cleaned_data["override"], form.cleaned_data["reason"]) == ("grant", "Mentor asked")
    long = forms.OverrideForm(COURSE, {"username": "u" * 200, "override": "deny", "reason": "r" * 3000})
    assert long.typed() == {"username": "u" * 150, "override": "deny", "reason": "r" * 2000}
    removal = forms.OverrideForm(COURSE, {"username": "amina", "override": ""})
    assert removal.is_valid() and removal.cleaned_data["override"] == ""  # removing needs no reason


def test_a_milestones_file_must_be_there_and_small(cohort):
    missing = forms.MilestonesForm({}, {})
    assert not missing.is_valid() and "Choose a CSV file" in forms.first_problem(missing)
    big = forms.MilestonesForm({}, {"file": SimpleUploadedFile("m.csv", b"x" * (forms.MILESTONE_MAX_BYTES + 1))})
    assert not big.is_valid() and "larger than 1 MB" in forms.first_problem(big)
    empty = forms.MilestonesForm({}, {"file": SimpleUploadedFile("m.csv", b"")})
    assert empty.is_valid()  # the import says what is wrong with an empty file, in its own words


def test_a_course_id_from_a_url(cohort):
    assert forms.course_key_of(str(COURSE)) == COURSE
    assert forms.course_key_of("not-a-course") is None
