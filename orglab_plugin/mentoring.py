"""Mentors and the learners assigned to them: staff grant the mentor role, assign mentors to
learners one at a time or from a CSV file, and remove an assignment. Every change is audited
(`MentoringAudit`). Who *is* a mentor, and whose, is asked in `roles`.

Assigning a user as a learner's mentor grants them the course's mentor role if they lack it (staff
who name a mentor mean it). A learner must be enrolled in the course; nobody mentors themselves.
A CSV import (header `username,mentor`) is set-based whatever its size, like the milestones':
one query for the users it names, one for their enrolments, one for existing assignments, bulk
writes; each refused row is reported with its line and why, the others are taken.

Values leave as plain data (`Assignment`), never as model instances.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from . import csv_upload
from .cohort import enrollments, is_enrolled
from .keys import as_course_key
from .keys import user_id as _user_id
from .models import CourseMentorRole, MentorAssignment, MentoringAudit

MAX_BYTES = csv_upload.MAX_BYTES
COLUMNS = ("username", "mentor")


class MentoringError(ValueError):
    """An assignment (or a CSV file) that cannot be made; the message says why, in the user's language."""


@dataclass(frozen=True)
class Assignment:
    """A mentor assigned to a learner of a course."""

    course_key: CourseKey
    learner_id: int
    learner: str  # username
    mentor_id: int
    mentor: str  # username
    assigned_by: str | None
    created: datetime


_ASSIGNMENT_COLUMNS = ("course_key", "learner_id", "learner__username", "mentor_id", "mentor__username",
                       "assigned_by__username", "created")


def _assignments(rows) -> list[Assignment]:
    return [Assignment(course_key=row[0], learner_id=row[1], learner=row[2], mentor_id=row[3], mentor=row[4],
                       assigned_by=row[5], created=row[6])
            for row in rows.values_list(*_ASSIGNMENT_COLUMNS)]


def mentor_assignments(course_key: CourseKey | str, *, mentor: str = "", learner: str = "") -> list[Assignment]:
    """Every assignment of the course (optionally of one mentor or learner, by username), by learner
    then mentor (one query)."""
    rows = MentorAssignment.objects.filter(course_key=as_course_key(course_key))
    if mentor:
        rows = rows.filter(mentor__username=mentor)
    if learner:
        rows = rows.filter(learner__username=learner)
    return _assignments(rows.order_by("learner__username", "mentor__username", "pk"))


def mentors_of(learner, course_key: CourseKey | str) -> list[Assignment]:
    """The mentors assigned to `learner` (a user or an id) in the course (one query)."""
    rows = MentorAssignment.objects.filter(course_key=as_course_key(course_key), learner_id=_user_id(learner))
    return _assignments(rows.order_by("mentor__username", "pk"))


def learners_of(mentor, course_key: CourseKey | str) -> list[Assignment]:
    """The learners assigned to `mentor` (a user or an id) in the course (one query)."""
    rows = MentorAssignment.objects.filter(course_key=as_course_key(course_key), mentor_id=_user_id(mentor))
    return _assignments(rows.order_by("learner__username", "pk"))


def course_mentors(course_key: CourseKey | str) -> list[str]:
    """The usernames holding orglab's mentor role in the course (one query)."""
    return list(CourseMentorRole.objects.filter(course_key=as_course_key(course_key))
                .order_by("user__username").values_list("user__username", flat=True))


def _audit(course_key, user_id, actor, action, **detail) -> MentoringAudit:
    return MentoringAudit(course_key=course_key, user_id=user_id, actor_id=_user_id(actor) if actor else None,
                          action=action, detail=detail)


def grant_mentor_role(course_key: CourseKey | str, user, granted_by) -> bool:
    """Make `user` a mentor of the course (orglab's role); returns whether the role is new."""
    course_key = as_course_key(course_key)
    with transaction.atomic():
        _row, created = CourseMentorRole.objects.get_or_create(
            user_id=_user_id(user), course_key=course_key, defaults={"granted_by_id": _user_id(granted_by)})
        if created:
            _audit(course_key, _user_id(user), granted_by, MentoringAudit.ROLE_GRANTED).save()
    return created


def revoke_mentor_role(course_key: CourseKey | str, user, revoked_by) -> bool:
    """Take orglab's mentor role of the course from `user`, and their assignments with it; returns
    whether they had the role."""
    course_key = as_course_key(course_key)
    with transaction.atomic():
        deleted, _rows = CourseMentorRole.objects.filter(user_id=_user_id(user), course_key=course_key).delete()
        learners = list(MentorAssignment.objects.filter(course_key=course_key, mentor_id=_user_id(user))
                        .values_list("learner_id", flat=True))
        MentorAssignment.objects.filter(course_key=course_key, mentor_id=_user_id(user)).delete()
        audits = [_audit(course_key, learner, revoked_by, MentoringAudit.UNASSIGNED, mentor=_user_id(user))
                  for learner in learners]
        if deleted:
            audits.append(_audit(course_key, _user_id(user), revoked_by, MentoringAudit.ROLE_REVOKED))
        MentoringAudit.objects.bulk_create(audits)
    return bool(deleted)


def assign_mentor(course_key: CourseKey | str, learner, mentor, assigned_by) -> tuple[Assignment, bool]:
    """Assign `mentor` to `learner` (users) in the course; returns the assignment and whether it is
    new (assigning again changes nothing). Raises `MentoringError` for a learner not enrolled, a
    mentor who is the learner or an inactive account."""
    course_key = as_course_key(course_key)
    if mentor.pk == learner.pk:
        raise MentoringError(_("A learner cannot be their own mentor."))
    if not mentor.is_active:
        raise MentoringError(_("The account {username} is inactive: it cannot mentor.").format(
            username=mentor.username))
    if not is_enrolled(course_key, learner):
        raise MentoringError(_("{username} is not enrolled in this course.").format(username=learner.username))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, created = MentorAssignment.objects.get_or_create(
                    course_key=course_key, mentor=mentor, learner=learner,
                    defaults={"assigned_by_id": _user_id(assigned_by)})
        except IntegrityError:  # the same assignment, made meanwhile
            row, created = MentorAssignment.objects.get(course_key=course_key, mentor=mentor, learner=learner), False
        if created:
            grant_mentor_role(course_key, mentor, assigned_by)
            _audit(course_key, learner.pk, assigned_by, MentoringAudit.ASSIGNED, mentor=mentor.pk).save()
    assignment = _assignments(MentorAssignment.objects.filter(pk=row.pk))[0]
    return assignment, created


def unassign_mentor(course_key: CourseKey | str, learner, mentor, unassigned_by) -> bool:
    """Remove `mentor`'s assignment to `learner` (their feedback stays); returns whether there was one."""
    course_key = as_course_key(course_key)
    with transaction.atomic():
        deleted, _rows = MentorAssignment.objects.filter(course_key=course_key, mentor_id=_user_id(mentor),
                                                         learner_id=_user_id(learner)).delete()
        if deleted:
            _audit(course_key, _user_id(learner), unassigned_by, MentoringAudit.UNASSIGNED,
                   mentor=_user_id(mentor)).save()
    return bool(deleted)


# --------------------------------------------------------------------------- the CSV import


def import_assignments_csv(course_key: CourseKey | str, text: str | bytes, assigned_by) -> dict:
    """Assign the mentors a CSV file lists (header `username,mentor`, in any order): one learner and
    one mentor per row, by username.

    Returns `{"taken": n, "refused": [{"line": 3, "text": "…", "reason": "…"}, …]}`: a row is refused
    for an unknown learner or mentor, a learner not enrolled, a mentor who is the learner or
    inactive, a wrong number of columns, or repeating an earlier row; the other rows are taken
    (an assignment that exists already counts as taken and changes nothing). Raises
    `MentoringError` for a file refused whole: larger than 1 MB, more than 5,000 rows, not UTF-8,
    not CSV, or without the header.
    """
    course_key = as_course_key(course_key)
    try:
        rows = csv_upload.read_rows(text, COLUMNS)
    except csv_upload.CSVRefused as error:
        raise MentoringError(str(error)) from None
    names = {cell.strip() for _line, row in rows if len(row) == len(COLUMNS) for cell in row}
    users = {username: (pk, active) for pk, username, active in
             get_user_model().objects.filter(username__in=names).values_list("pk", "username", "is_active")}
    enrolled = set(enrollments(course_key).filter(user_id__in=[pk for pk, _active in users.values()])
                   .values_list("user_id", flat=True))

    refused: list[dict] = []
    wanted: dict[tuple[int, int], int] = {}  # (learner id, mentor id) → line
    for line, row in rows:
        def refuse(reason: str, line=line, row=row) -> None:
            refused.append({"line": line, "text": csv_upload.quote(row), "reason": reason})

        if len(row) != len(COLUMNS):
            refuse(_("It has {count} columns; every row needs 2: username, mentor.").format(count=len(row)))
            continue
        username, mentor = (cell.strip() for cell in row)
        problems = []
        learner_id, _active = users.get(username, (None, False))
        mentor_id, mentor_active = users.get(mentor, (None, False))
        if not username:
            problems.append(_("The username is empty."))
        elif learner_id is None:
            problems.append(_("No user is called {username!r}.").format(username=username))
        elif learner_id not in enrolled:
            problems.append(_("{username!r} is not enrolled in this course.").format(username=username))
        if not mentor:
            problems.append(_("The mentor is empty."))
        elif mentor_id is None:
            problems.append(_("No user is called {username!r}.").format(username=mentor))
        elif not mentor_active:
            problems.append(_("The account {username} is inactive: it cannot mentor.").format(username=mentor))
        elif mentor_id == learner_id:
            problems.append(_("A learner cannot be their own mentor."))
        if problems:
            refuse(" ".join(problems))
            continue
        earlier = wanted.get((learner_id, mentor_id))
        if earlier is not None:
            refuse(_("Line {line} already assigns {mentor!r} to {username!r}.").format(
                line=earlier, mentor=mentor, username=username))
            continue
        wanted[(learner_id, mentor_id)] = line

    if wanted:
        with transaction.atomic():
            learners = {learner for learner, _mentor in wanted}
            have = set(MentorAssignment.objects.filter(course_key=course_key, learner_id__in=learners)
                       .values_list("learner_id", "mentor_id"))
            new = [pair for pair in wanted if pair not in have]
            MentorAssignment.objects.bulk_create(
                [MentorAssignment(course_key=course_key, learner_id=learner, mentor_id=mentor,
                                  assigned_by_id=_user_id(assigned_by)) for learner, mentor in new],
                ignore_conflicts=True, batch_size=500)
            mentors = {mentor for _learner, mentor in new}
            roles = set(CourseMentorRole.objects.filter(course_key=course_key, user_id__in=mentors)
                        .values_list("user_id", flat=True))
            CourseMentorRole.objects.bulk_create(
                [CourseMentorRole(course_key=course_key, user_id=mentor, granted_by_id=_user_id(assigned_by))
                 for mentor in sorted(mentors - roles)], ignore_conflicts=True)
            MentoringAudit.objects.bulk_create(
                [_audit(course_key, mentor, assigned_by, MentoringAudit.ROLE_GRANTED, source="csv")
                 for mentor in sorted(mentors - roles)]
                + [_audit(course_key, learner, assigned_by, MentoringAudit.ASSIGNED, mentor=mentor, source="csv")
                   for learner, mentor in new], batch_size=500)
    return {"taken": len(wanted), "refused": refused}
