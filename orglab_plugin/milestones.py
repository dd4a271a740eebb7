"""Milestones staff record for learners (live-session attendance, a mentor's sign-off), one at a
time or from a CSV file, and the re-evaluation of the learners' awards that follows.

A milestone is one of the ids the course policy lists under `milestones`. Recording one again
replaces its date (an upsert); every recording is followed by `awards.evaluate_learners` for the
learners it touched. A CSV import is set-based whatever its size: one query for the learners it
names, one bulk upsert, one evaluation of the affected learners.
"""
from __future__ import annotations

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.utils.translation import gettext
from opaque_keys.edx.keys import CourseKey

from . import awards, csv_upload
from .cohort import enrollments, is_enrolled
from .course_policy import policy_for
from .keys import as_course_key
from .models import StaffMilestone

MAX_BYTES = csv_upload.MAX_BYTES
COLUMNS = ("username", "milestone", "date")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class MilestoneError(ValueError):
    """A milestone (or a whole CSV file) that cannot be recorded; the message says why."""


def known_milestones(course_key: CourseKey | str) -> dict[str, str]:
    """The milestones the course policy defines: {id: label}, in policy order. A label is shown in
    the active language where it is one of the default policy's (an author's own stays as written)."""
    document = policy_for(course_key)
    return {item["id"]: gettext(item["label"]) for item in document.get("milestones", [])}


def parse_date(value) -> datetime.date:
    """An ISO date (YYYY-MM-DD) or a `date`; `MilestoneError` otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not _DATE_RE.match(text):
        raise MilestoneError(f"{text!r} is not a date written YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise MilestoneError(f"{text!r} is not a date of the calendar.") from None


def record_milestone(course_key: CourseKey, user, milestone: str, date, recorded_by) -> StaffMilestone:
    """Record (or re-date) one learner's milestone, then re-evaluate that learner's awards."""
    known = known_milestones(course_key)
    if milestone not in known:
        raise MilestoneError(_unknown_milestone(milestone, known))
    if not is_enrolled(course_key, user):
        raise MilestoneError(f"{user.username!r} is not enrolled in this course.")
    when = parse_date(date)
    row, _created = StaffMilestone.objects.update_or_create(
        user=user, course_key=course_key, milestone=milestone,
        defaults={"date": when, "recorded_by": recorded_by},
    )
    awards.evaluate_learners(course_key, [user.pk])
    return row


def _unknown_milestone(milestone: str, known: dict[str, str]) -> str:
    choices = ", ".join(known) or "none: the course policy lists no milestones"
    return f"{milestone!r} is not a milestone of this course (the policy's milestones: {choices})."


def import_milestones_csv(course_key: CourseKey | str, text: str | bytes, recorded_by) -> dict:
    """Record the milestones a CSV file lists (header `username,milestone,date`, in any order).

    Returns `{"taken": n, "refused": [{"line": 3, "text": "…", "reason": "…"}, …]}`; a row is refused
    for an unknown username, milestone or a bad date, a wrong number of columns, or repeating an
    earlier row's learner and milestone. Raises `MilestoneError` for a file refused whole: larger
    than 1 MB, more than 5,000 rows, not UTF-8, or without the header.
    """
    course_key = as_course_key(course_key)
    try:
        rows = csv_upload.read_rows(text, COLUMNS)
    except csv_upload.CSVRefused as error:
        raise MilestoneError(str(error)) from None
    index = {name: position for position, name in enumerate(COLUMNS)}

    known = known_milestones(course_key)
    usernames = {row[index["username"]].strip() for _line, row in rows if len(row) == len(COLUMNS)}
    users = dict(get_user_model().objects.filter(username__in=usernames).values_list("username", "pk"))
    enrolled = set(enrollments(course_key).filter(user_id__in=users.values()).values_list("user_id", flat=True))

    refused: list[dict] = []
    wanted: dict[tuple[int, str], tuple[int, datetime.date]] = {}  # (user id, milestone) → (line, date)
    for line, row in rows:
        def refuse(reason: str, line=line, row=row) -> None:
            refused.append({"line": line, "text": csv_upload.quote(row), "reason": reason})

        if len(row) != len(COLUMNS):
            refuse(f"It has {len(row)} column{'s' if len(row) != 1 else ''}; every row needs 3: "
                   "username, milestone, date.")
            continue
        username, milestone, date = (row[index[name]].strip() for name in COLUMNS)
        problems = []
        user_id = users.get(username)
        if user_id is None:
            problems.append(f"No user is called {username!r}." if username else "The username is empty.")
        elif user_id not in enrolled:
            problems.append(f"{username!r} is not enrolled in this course.")
        if milestone not in known:
            problems.append(_unknown_milestone(milestone, known) if milestone else "The milestone is empty.")
        try:
            when = parse_date(date)
        except MilestoneError as error:
            problems.append(str(error))
        if problems:
            refuse(" ".join(problems))
            continue
        earlier = wanted.get((user_id, milestone))
        if earlier is not None:
            refuse(f"Line {earlier[0]} already records {milestone!r} for {username!r}.")
            continue
        wanted[(user_id, milestone)] = (line, when)

    if wanted:
        recorded_by_id = getattr(recorded_by, "pk", recorded_by)
        # MySQL (Open edX) upserts on any unique key and refuses a named target; SQLite and
        # PostgreSQL need the target.
        features = connections[router.db_for_write(StaffMilestone)].features
        target = ["user", "course_key", "milestone"] if features.supports_update_conflicts_with_target else None
        with transaction.atomic():
            StaffMilestone.objects.bulk_create(
                [StaffMilestone(user_id=user_id, course_key=course_key, milestone=milestone, date=when,
                                recorded_by_id=recorded_by_id)
                 for (user_id, milestone), (_line, when) in wanted.items()],
                update_conflicts=True, unique_fields=target,
                update_fields=["date", "recorded_by"],
            )
        awards.evaluate_learners(course_key, {user_id for user_id, _milestone in wanted})
    return {"taken": len(wanted), "refused": refused}
