"""The forms of course_export: what staff send, checked in one place.

- `course_key_of`: the course a URL names (the dashboard's and the reports API's `course_id`);
- `ReportRequestForm`: a report request, from the reports API's body (JSON or a form) and from the
  cohort dashboard's report buttons alike; `request` makes or finds the job (`tasks.request_report`).
- `OverrideForm`, `MilestonesForm`: the dashboard's override and milestone-file forms.

Each form answers with the first problem only, in the learner-facing words the dashboard shows.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation
from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from . import jobs, reports, tasks

MAX_USERNAME = 150
MAX_REASON = 2000
MILESTONE_MAX_BYTES = 1024 * 1024

# The words a yes/no value may come as: JSON's true/false, a checkbox's "on", a query's "1"/"0"…
TRUE_VALUES = frozenset({True, "1", "t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
                         "ON"})
FALSE_VALUES = frozenset({False, "0", "f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
                          "Off", "OFF"})


def course_key_of(course_id: str) -> CourseKey | None:
    """The course `course_id` (from a URL) names; None when it is not a course id."""
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError:
        return None


class YesNoField(forms.Field):
    """A yes/no value: absent is no; anything but the words above is refused (not read as yes)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or value == "":
            return False
        if isinstance(value, (bool, int, str)) and value in TRUE_VALUES:
            return True
        if isinstance(value, (bool, int, str)) and value in FALSE_VALUES:
            return False
        raise forms.ValidationError(_("`bom` is true or false."), code="invalid")


class ReportRequestForm(forms.Form):
    """A request for a report: which, in what format, how to name learners in it, and whether a CSV
    starts with a byte-order mark (`jobs.clean_request` holds the rules across the fields)."""

    report = forms.ChoiceField(choices=[(name, name) for name in reports.REPORTS])
    format = forms.ChoiceField(choices=[(fmt, fmt) for fmt in sorted({f for r in reports.REPORTS.values()
                                                                      for f in r.formats})])
    include = forms.MultipleChoiceField(choices=[(name, name) for name in reports.IDENTITY], required=False)
    bom = YesNoField()

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.options = jobs.clean_request(data["report"], data["format"], data["include"], data["bom"])
            except jobs.ReportRequestError as error:
                raise forms.ValidationError(str(error), code="refused") from None
        return data

    def problems(self) -> dict:
        """The form's errors as the reports API answers them: a list of messages per field, or what
        the checks across fields refused as "detail"."""
        problems: dict = {name: [str(message) for message in messages]
                          for name, messages in self.errors.items() if name != NON_FIELD_ERRORS}
        if NON_FIELD_ERRORS in self.errors:
            problems["detail"] = " ".join(str(message) for message in self.errors[NON_FIELD_ERRORS])
        return problems

    def request(self, request, course_key: CourseKey):
        """The job for this valid request (made and scheduled, or the one already running with the
        same choices), for the user of `request`, in their language: (job, created)."""
        options = dict(self.options, base_url=request.build_absolute_uri("/").rstrip("/"),
                       language=translation.get_language() or "en")
        return tasks.request_report(course_key, self.cleaned_data["report"], self.cleaned_data["format"], options,
                                    request.user)


class OverrideForm(forms.Form):
    """Grant or deny a learner's grant-fund eligibility with a reason, or remove the override."""

    username = forms.CharField(required=False)
    override = forms.CharField(required=False, strip=False)
    reason = forms.CharField(required=False)

    def __init__(self, course_key: CourseKey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.course_key = course_key

    def clean_username(self) -> str:
        return self.cleaned_data["username"][:MAX_USERNAME]

    def clean(self):
        data = super().clean()
        if self.errors:  # a field Django itself refused (a NUL character, say)
            return data
        username, override, reason = data["username"], data["override"], data["reason"]
        learner = get_user_model().objects.filter(username=username).first() if username else None
        if learner is None or not api.is_enrolled(self.course_key, learner):
            raise forms.ValidationError(_("There is no learner “{username}” in this course.").format(username=username))
        if override not in ("grant", "deny", ""):
            raise forms.ValidationError(_("Choose whether to grant or deny eligibility, or to remove the override."))
        if override and not reason:
            raise forms.ValidationError(_("Give a reason for the override: it is kept in the learner's history."))
        if len(reason) > MAX_REASON:
            raise forms.ValidationError(_("Keep the reason under {max} characters.").format(max=MAX_REASON))
        data["learner"] = learner
        return data

    def typed(self) -> dict:
        """What was typed, to show the form again with it."""
        return {"username": (self.data.get("username") or "").strip()[:MAX_USERNAME],
                "override": self.data.get("override") or "",
                "reason": (self.data.get("reason") or "").strip()[:MAX_REASON]}


class MilestonesForm(forms.Form):
    """A CSV file of milestones (username,milestone,date), at most 1 MB."""

    file = forms.FileField(required=False, allow_empty_file=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            raise forms.ValidationError(_("Choose a CSV file with the columns username, milestone and date."))
        if upload.size > MILESTONE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it into smaller files."))
        return upload


def first_problem(form: forms.Form) -> str:
    """The form's (first) problem, as the dashboard shows it."""
    return " ".join(str(message) for messages in form.errors.values() for message in messages)
