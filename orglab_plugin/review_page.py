"""The mentor's pages: the review queue `/orglab/courses/<course>/review/` (URL name
`orglab:review-queue`) and the review of one learner's block
`/orglab/courses/<course>/review/<username>/<block>/` (`orglab:review-submission`, `?version=n`).

Server-rendered like the learner's own page (`learner_page`): no JavaScript, no framework, inline
CSS under orglab's Content-Security-Policy, 360 px wide, in the reader's language. The queue lists
the reviewer's learners, what awaits feedback and what was revised since the last feedback, oldest
first, read with a fixed number of queries (`feedback.mentor_queue`). The review page shows the
learner's answers of one version (the payload's `fields`/`answers`, `sections`, `rows` and
`segments`, escaped by the template), the feedback given on every version, and plain HTML forms
(CSRF-protected) to give feedback per section or overall and, for a proposal, to sign it off.

Who sees what: an anonymous visitor is sent to log in; a course id that is not one, or a course
without the Organizer Lab, is a 404; someone who reviews nobody in the course (neither its staff nor
a mentor) gets a 403 page; a mentor asking for a learner who is not theirs gets the same 404 as for
a learner who does not exist.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey

from . import feedback as feedback_module
from . import roles
from .certificates.facts import course_title
from .csp import content_security_policy
from .learner_page import block_type_label, course_key_or_none, jump_to_url, uses_orglab
from .models import Feedback, OutlineBlock, Submission

TEMPLATE = "orglab_plugin/review.html"
MAX_ROWS_SHOWN = 500


def verdict_labels() -> dict[str, str]:
    return {Feedback.COMMENT: _("Comment"), Feedback.LOOKS_GOOD: _("Looks good"),
            Feedback.PLEASE_REVISE: _("Please revise"), Feedback.SIGNED_OFF: _("Signed off")}


def kind_label(block_type: str) -> str:
    if block_type == feedback_module.PROPOSAL_BLOCK_TYPE:
        return _("Grant proposal")
    return block_type_label(block_type)


def _refusal(request, title: str, message: str, status: int):
    return render(request, TEMPLATE, {"csp_nonce": request.orglab_csp_nonce,
                                      "refusal": {"title": title, "message": message}}, status=status)


def _course_or_refusal(request, course_id: str):
    course_key = course_key_or_none(course_id)
    if course_key is None or not uses_orglab(course_key):
        return None, _refusal(request, _("No such course"),
                              _("There is no Organizer Lab course with this address. Check the link."), 404)
    if not roles.is_reviewer(request.user, course_key):
        return None, _refusal(request, _("You do not review work in this course"),
                              _("This page is for the course's mentors and staff. If you mentor learners in "
                                "this course, ask the course staff to assign them to you."), 403)
    return course_key, None


def _review_url(course_key, username: str, block_key, version: int | None = None, **query) -> str:
    url = reverse("orglab:review-submission", kwargs={"course_id": str(course_key), "username": username,
                                                      "block_id": str(block_key)})
    if version is not None:
        query = {"version": version, **query}
    return f"{url}?{urlencode(query)}" if query else url


@require_safe
@content_security_policy
def review_queue(request, course_id: str):
    """The reviewer's queue in a course (see the module's docstring)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_key, refusal = _course_or_refusal(request, course_id)
    if refusal is not None:
        return refusal
    mentor = request.GET.get("mentor", "")[:150]
    queue = feedback_module.mentor_queue(request.user, course_key, mentor=mentor)
    limit = int(getattr(settings, "ORGLAB_REVIEW_QUEUE_LIMIT", 100))
    where = dict(OutlineBlock.objects.filter(course_key=course_key).values_list("block_key", "unit__position"))
    labels = verdict_labels()

    def items(rows):
        return [{"learner": item.learner, "kind": kind_label(item.block_type), "version": item.version,
                 "submitted": item.submitted, "unit": where.get(item.block_key),
                 "asked_revision": item.last_verdict == Feedback.PLEASE_REVISE,
                 "last_verdict": labels.get(item.last_verdict, ""), "last_version": item.last_feedback_version,
                 "url": _review_url(course_key, item.learner, item.block_key, item.version)}
                for item in rows[:limit]]

    return render(request, TEMPLATE, {
        "csp_nonce": request.orglab_csp_nonce,
        "page": "queue",
        "course_id": str(course_key),
        "course_title": course_title(course_key),
        "course_url": jump_to_url(course_key, course_key.make_usage_key("course", "course")),
        "staff": roles.is_course_staff(request.user, course_key),
        "mentor": mentor,
        "mentors": queue.mentors,
        "learners": queue.learners,
        "awaiting": items(queue.awaiting),
        "awaiting_total": len(queue.awaiting),
        "revised": items(queue.revised),
        "revised_total": len(queue.revised),
        "limit": limit,
    })


# --------------------------------------------------------------------------- one learner's block


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return "\n".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, indent=1)


def _parts(payload: dict) -> dict:
    """The learner's answers of one version, in shapes the template shows simply (all escaped there)."""
    parts: list[dict] = []
    sections: list[tuple[str, str]] = []
    answers = payload.get("answers") if isinstance(payload.get("answers"), dict) else {}
    fields = payload.get("fields") if isinstance(payload.get("fields"), list) else []
    seen = set()
    for item in fields:
        if isinstance(item, dict) and item.get("id") in answers:
            seen.add(item["id"])
            parts.append({"id": str(item["id"]), "label": _text(item.get("label")) or str(item["id"]),
                          "text": _text(answers[item["id"]])})
    for key, value in answers.items():
        if key not in seen:
            parts.append({"id": str(key), "label": str(key), "text": _text(value)})
    raw_sections = payload.get("sections")
    if isinstance(raw_sections, dict):
        raw_sections = [{"id": key, **(value if isinstance(value, dict) else {"text": value})}
                        for key, value in raw_sections.items()]
    if isinstance(raw_sections, list):
        for item in raw_sections:
            if isinstance(item, dict) and item.get("id"):
                text = item.get("text", item.get("value", item.get("answer", "")))
                parts.append({"id": str(item["id"]), "label": _text(item.get("title") or item.get("label"))
                              or str(item["id"]), "text": _text(text)})
    for part in parts:
        if feedback_module._SECTION_RE.match(part["id"]) and len(part["id"]) <= feedback_module.MAX_SECTION_CHARS:
            sections.append((part["id"], part["label"]))
    rows = payload.get("rows") if isinstance(payload.get("rows"), list) else []
    rows = [row for row in rows if isinstance(row, dict)]
    columns: list[str] = []
    for row in rows[:50]:
        for key in row:
            if key != "id" and key not in columns:
                columns.append(key)
    table = [[_text(row.get(column)) for column in columns] for row in rows[:MAX_ROWS_SHOWN]]
    segments = []
    for segment in payload.get("segments") or []:
        if isinstance(segment, dict):
            segments.append({"name": _text(segment.get("name")) or _("Segment"),
                             "facts": [(key, _text(value)) for key, value in segment.items()
                                       if key not in ("id", "name", "answers") and value not in ("", None)]})
    return {"parts": parts, "sections": sections, "columns": columns, "rows": table,
            "rows_total": len(rows), "segments": segments,
            "title": _text(payload.get("title")) if isinstance(payload.get("title"), str) else ""}


def _block_key(block_id: str, course_key):
    try:
        key = UsageKey.from_string(block_id)
    except InvalidKeyError:
        return None
    return key if key.context_key == course_key else None


@require_http_methods(["GET", "HEAD", "POST"])
@content_security_policy
def review_submission(request, course_id: str, username: str, block_id: str):
    """One learner's block: a version's answers, all feedback, the feedback and sign-off forms."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_key, refusal = _course_or_refusal(request, course_id)
    if refusal is not None:
        return refusal
    learner = get_user_model().objects.filter(username=username).first()
    block_key = _block_key(block_id, course_key)
    not_found = _refusal(request, _("Nothing to review here"),
                         _("None of the learners you review has submitted this activity. Go back to your "
                           "review queue."), 404)
    if learner is None or block_key is None or not roles.can_review(request.user, course_key, learner):
        return not_found
    versions = feedback_module.feedback_for(learner, block_key)
    if not versions:
        return not_found
    numbers = [item.version for item in versions]
    source = request.POST if request.method == "POST" else request.GET
    try:
        version = int(source.get("version") or numbers[-1])
    except ValueError:
        version = numbers[-1]
    if version not in numbers:
        version = numbers[-1]
    error, status = None, 200
    form = {"section": "", "verdict": Feedback.COMMENT, "comment": ""}
    if request.method == "POST":
        action = request.POST.get("action", "feedback")
        form = {"section": request.POST.get("section", ""), "verdict": request.POST.get("verdict", ""),
                "comment": request.POST.get("comment", "")}
        try:
            if action == "signoff":
                feedback_module.sign_off(course_key=course_key, reviewer=request.user, learner=learner,
                                         block_key=block_key, version=version, comment=form["comment"])
            else:
                feedback_module.give_feedback(course_key=course_key, reviewer=request.user, learner=learner,
                                              block_key=block_key, version=version, verdict=form["verdict"],
                                              comment=form["comment"], section=form["section"])
        except feedback_module.FeedbackError as problem:
            error, status = str(problem), 403 if problem.code == "forbidden" else 400
        else:
            return redirect(_review_url(course_key, learner.username, block_key, version,
                                        done="signoff" if action == "signoff" else "feedback"))
    submission = Submission.objects.filter(course_key=course_key, user=learner, block_key=block_key,
                                           version=version).only("payload", "block_type", "created").get()
    shown = _parts(submission.payload if isinstance(submission.payload, dict) else {})
    labels = verdict_labels()
    history = [{
        "version": item.version, "submitted": item.submitted, "current": item.version == version,
        "url": _review_url(course_key, learner.username, block_key, item.version),
        "feedback": [{"section": entry.section, "verdict": entry.verdict, "verdict_label": labels.get(entry.verdict),
                      "comment": entry.comment, "author": entry.author, "created": entry.created,
                      "unread": entry.unread} for entry in item.feedback],
    } for item in reversed(versions)]
    return render(request, TEMPLATE, {
        "csp_nonce": request.orglab_csp_nonce,
        "page": "submission",
        "course_id": str(course_key),
        "course_title": course_title(course_key),
        "queue_url": reverse("orglab:review-queue", kwargs={"course_id": str(course_key)}),
        "learner": learner.username,
        "kind": kind_label(submission.block_type),
        "block_url": jump_to_url(course_key, block_key),
        "version": version,
        "latest": numbers[-1],
        "submitted": submission.created,
        "shown": shown,
        "history": history,
        "verdicts": [(value, labels[value]) for value in feedback_module.GIVEN_VERDICTS],
        "can_sign_off": submission.block_type == feedback_module.PROPOSAL_BLOCK_TYPE,
        "form": form,
        "error": error,
        "done": request.GET.get("done", "") if request.method != "POST" else "",
        "max_comment": feedback_module.MAX_COMMENT_CHARS,
    }, status=status)
