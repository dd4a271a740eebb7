"""Mentor review's emails, through Django's mail (`django.core.mail`): to the learner when a
reviewer gives feedback, to the learner's mentors when the learner resubmits after "please revise".

Off unless `ORGLAB_MENTOR_EMAILS` is true. Each message is rendered from the templates
`orglab_plugin/email/<name>_subject.txt` and `_body.txt` in the recipient's language: their LMS
preference (`compat.preferred_language`) when it is one of the site's `LANGUAGES`, else the site's
`LANGUAGE_CODE`. Links are absolute when the site names its root (`LMS_ROOT_URL`, as the LMS does).
Sent after the change is committed (`transaction.on_commit` in `feedback`); a mail server that fails
is logged, never fails the feedback or the submission.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import compat
from .models import Feedback, MentorAssignment

log = logging.getLogger(__name__)

BLOCK_KINDS = {
    "orglab_worksheet": _("worksheet"),
    "orglab_topic_list": _("topic list"),
    "orglab_audience": _("audience-needs assessment"),
    "orglab_proposal": _("grant proposal"),
}


def enabled() -> bool:
    return bool(getattr(settings, "ORGLAB_MENTOR_EMAILS", False))


def language_of(user) -> str:
    """The language to write to `user` in: their preference if the site offers it, else the site's."""
    offered = {code.lower(): code for code, _name in getattr(settings, "LANGUAGES", [])}
    try:
        preferred = compat.preferred_language(user)
    except Exception:  # noqa: BLE001 - a missing preference service is no reason to fail a mail
        log.exception("orglab: could not read the language preference of user %s", user.pk)
        preferred = None
    if preferred:
        preferred = preferred.lower()
        for candidate in (preferred, preferred.split("-")[0]):
            if candidate in offered:
                return offered[candidate]
    return settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    root = (getattr(settings, "LMS_ROOT_URL", "") or "").rstrip("/")
    return f"{root}{path}"


def _send(recipient, template: str, context: dict) -> bool:
    if not recipient.email:
        return False
    with translation.override(language_of(recipient)):
        subject = " ".join(render_to_string(f"orglab_plugin/email/{template}_subject.txt", context).split())
        body = render_to_string(f"orglab_plugin/email/{template}_body.txt", context)
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception:  # noqa: BLE001 - the change is kept whatever the mail server says
        log.exception("orglab: could not send the %s mail to user %s", template, recipient.pk)
        return False
    return True


def feedback_given(feedback_id: int) -> bool:
    """Mail the learner about feedback `feedback_id` (if mails are on); returns whether one was sent."""
    if not enabled():
        return False
    feedback = Feedback.objects.select_related("learner", "author").filter(pk=feedback_id).first()
    if feedback is None:
        return False
    context = {
        "learner": feedback.learner.get_full_name() or feedback.learner.username,
        "reviewer": feedback.author.username if feedback.author else "",
        "verdict": feedback.verdict,
        "section": feedback.section,
        "version": feedback.version,
        "kind": BLOCK_KINDS.get(feedback.block_type, ""),
        "url": absolute(f"/courses/{feedback.course_key}/jump_to/{feedback.block_key}"),
        "my_lab_url": absolute(reverse("orglab:my-lab", kwargs={"course_id": str(feedback.course_key)})),
    }
    return _send(feedback.learner, "feedback_given", context)


def revision_submitted(course_key, learner_id: int, block_key, version: int) -> int:
    """Mail the learner's mentors that `version` of `block_key` is a revision; returns how many mails
    were sent."""
    if not enabled():
        return 0
    learner = get_user_model().objects.filter(pk=learner_id).first()
    if learner is None:
        return 0
    mentors = get_user_model().objects.filter(
        pk__in=MentorAssignment.objects.filter(course_key=course_key, learner_id=learner_id).values("mentor_id"),
        is_active=True)
    url = absolute(reverse("orglab:review-submission", kwargs={
        "course_id": str(course_key), "username": learner.username, "block_id": str(block_key)}))
    sent = 0
    for mentor in mentors.order_by("pk"):
        sent += _send(mentor, "revision_submitted", {
            "mentor": mentor.get_full_name() or mentor.username, "learner": learner.username,
            "version": version, "kind": BLOCK_KINDS.get(block_key.block_type, ""), "url": url,
            "queue_url": absolute(reverse("orglab:review-queue", kwargs={"course_id": str(course_key)})),
        })
    return sent
