"""The learner's own page, "My Organizer Lab": `/orglab/courses/<course>/me/` (URL name
`orglab:my-lab`), reached from the course's "My Organizer Lab" tab (`course_tabs.MyOrganizerLabTab`).

One server-rendered page, for the logged-in learner and about them only: their progress per unit
(each unit linked through the LMS's `/courses/<course>/jump_to/<unit>`), their certificate (its
verification page and PDF), their grant-fund eligibility and what is still missing (the policy's
reasons, `status.learner_status`), and their submissions with each version's date. It needs no
JavaScript and no front-end framework (its small stylesheet is inline under orglab's
Content-Security-Policy, `csp.py`), fits a 360 px screen and reads in the learner's language.

Who sees what: an anonymous visitor is sent to log in (`redirect_to_login`, as the LMS's own pages
do); a course id that is not one, or a course without the Organizer Lab, is a 404; someone neither
enrolled in the course nor its staff gets a 403 page that says so. The same rule decides whether the
course tab is shown (`can_see`).
"""
from __future__ import annotations

from collections import OrderedDict

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from . import awards
from .certificates.facts import course_title
from .cohort import is_enrolled
from .csp import content_security_policy
from .models import CertificateAward, CoursePolicy, OutlineBlock
from .outline import units_of
from .roles import is_course_staff
from .status import learner_status
from .submissions import course_submissions

TEMPLATE = "orglab_plugin/my_lab.html"
VIEW_NAME = "orglab:my-lab"
OUR_BLOCK_PREFIX = "orglab_"


def course_key_or_none(course_id: str) -> CourseKey | None:
    """The course key a URL names, or None when it names none."""
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError:
        return None


def uses_orglab(course_key: CourseKey) -> bool:
    """Whether the course is an Organizer Lab course: its outline holds one of orglab's blocks, or
    its staff stored an award policy for it (two small indexed queries at most)."""
    return (OutlineBlock.objects.filter(course_key=course_key, block_type__startswith=OUR_BLOCK_PREFIX).exists()
            or CoursePolicy.objects.filter(course_key=course_key).exists())


def can_see(user, course_key: CourseKey) -> bool:
    """Whether `user` has a page of their own in this course: logged in, and enrolled in it or its
    staff (the LMS's `EnrolledTab` rule), in a course that uses the Organizer Lab."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return uses_orglab(course_key) and (is_enrolled(course_key, user) or is_course_staff(user, course_key))


def jump_to_url(course_key: CourseKey, usage_key) -> str:
    """The LMS's link to a block of the course (`/courses/<course>/jump_to/<block>`, which opens the
    unit in the Learning MFE)."""
    return f"/courses/{course_key}/jump_to/{usage_key}"


def block_type_label(block_type: str) -> str:
    labels = {
        "orglab_worksheet": _("Worksheet"),
        "orglab_topic_list": _("Topic list"),
        "orglab_audience": _("Audience-needs assessment"),
    }
    return labels.get(block_type, block_type)


def _units(course_key: CourseKey, status: dict) -> list[dict]:
    keys = {unit["position"]: unit["unit_key"] for unit in units_of(course_key)}
    units = []
    for unit in status["units"]:
        key = keys.get(unit["position"])
        units.append({**unit, "url": jump_to_url(course_key, key) if key else "",
                      "done": bool(unit["total"]) and unit["completed"] >= unit["total"]})
    return units


def _submissions(course_key: CourseKey, user) -> list[dict]:
    """The learner's submissions, one entry per block (in the order of their first submission), its
    versions newest first."""
    where = {str(key): (position, title) for key, position, title in OutlineBlock.objects.filter(
        course_key=course_key).values_list("block_key", "unit__position", "unit__title")}
    blocks: OrderedDict[str, dict] = OrderedDict()
    for submission in course_submissions(course_key=course_key, user=user):
        key = str(submission.block_key)
        entry = blocks.get(key)
        if entry is None:
            position, title = where.get(key, (None, ""))
            entry = blocks[key] = {"block_type": submission.block_type, "kind": block_type_label(submission.block_type),
                                   "unit_position": position, "unit_title": title,
                                   "url": jump_to_url(course_key, key), "versions": []}
        rows = submission.payload.get("rows") if isinstance(submission.payload, dict) else None
        topics = len(rows) if isinstance(rows, list) and submission.block_type == "orglab_topic_list" else None
        entry["versions"].append({
            "version": submission.version, "created": submission.created,
            "topics": ngettext("{count} topic", "{count} topics", topics).format(count=topics)
            if topics is not None else "",
        })
    for entry in blocks.values():
        entry["versions"].reverse()
        entry["latest"] = entry["versions"][0]
        entry["earlier"] = entry["versions"][1:]
    return list(blocks.values())


def _certificate(course_key: CourseKey, user, state: dict | None) -> dict | None:
    if state is None:
        return None
    award = CertificateAward.objects.filter(course_key=course_key, user=user).only("issuer", "name").first()
    builtin = award is not None and award.issuer == "builtin"
    return {**state, "revoked": state["status"] == CertificateAward.REVOKED,
            "name": award.name if award else "",
            "pdf_url": reverse("orglab:certificate-pdf", args=[state["uuid"]]) if builtin else ""}


def _message(request, title: str, message: str, status: int):
    return render(request, TEMPLATE, {"csp_nonce": request.orglab_csp_nonce, "refusal": {
        "title": title, "message": message}}, status=status)


@require_safe
@content_security_policy
def my_lab(request, course_id: str):
    """The learner's own page in a course (see the module's docstring)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_key = course_key_or_none(course_id)
    if course_key is None or not uses_orglab(course_key):
        return _message(request, _("No such course"),
                        _("There is no Organizer Lab course with this address. Check the link, or open the "
                          "course from your dashboard."), 404)
    user = request.user
    if not (is_enrolled(course_key, user) or is_course_staff(user, course_key)):
        return _message(request, _("You are not enrolled in this course"),
                        _("This page shows your own progress in a course you are enrolled in. Enroll in the "
                          "course first, then come back to this page."), 403)
    awards.evaluate_learners(course_key, [user.pk])  # a first visit already has a decision
    status = learner_status(course_key, user)
    eligibility = status["eligibility"]
    certificate_requirements = status["requirements"]["certificate"]
    return render(request, TEMPLATE, {
        "csp_nonce": request.orglab_csp_nonce,
        "course_id": str(course_key),
        "course_title": course_title(course_key),
        "course_url": jump_to_url(course_key, course_key.make_usage_key("course", "course")),
        "units": _units(course_key, status),
        "certificate": _certificate(course_key, user, status["certificate"]),
        "certificate_missing": [r["detail"] for r in certificate_requirements if not r["met"]],
        "eligibility": eligibility,
        "eligible": bool(eligibility) and eligibility["status"] == "eligible",
        # What the grant fund still needs (the certificate's own list is above it, not repeated).
        "eligibility_missing": [r["detail"] for r in status["requirements"]["eligibility"] if not r["met"]],
        "milestones": status["milestones"],
        "submissions": _submissions(course_key, user),
    })
