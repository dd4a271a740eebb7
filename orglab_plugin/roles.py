"""Who may do what in a course: who is course staff, who is a mentor (and whose), and who may read
whose work.

Course staff of a course are, in this order of asking:

- the LMS's course roles (staff, instructor; global staff count there), through `compat.is_course_staff`;
- orglab's own `CourseStaffRole` rows (the devsite, tests, or a site granting roles by hand);
- superusers.

Django's `is_staff` flag alone does not make anyone staff of a course outside the LMS. The REST
API's permissions, the instructor dashboard and the reports all ask here.

Mentors of a course are the users with orglab's `CourseMentorRole` in it (staff grant it, or assign
them to a learner, which grants it) and, inside the LMS, the users holding one of the course roles
the setting `ORGLAB_MENTOR_COURSE_ROLES` lists (e.g. `["ccx_coach"]`; empty by default), through
`compat.has_course_role`. A mentor reviews the learners assigned to them (`MentorAssignment`);
course staff can do whatever a mentor can, for every learner of the course.
"""
from __future__ import annotations

from django.conf import settings
from opaque_keys.edx.keys import CourseKey

from . import compat
from .keys import as_course_key
from .keys import user_id as _user_id
from .models import CourseMentorRole, CourseStaffRole, MentorAssignment


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True)


def is_course_staff(user, course_key: CourseKey | str) -> bool:
    """Whether `user` is staff of the course `course_key` (see the module's docstring)."""
    if not _active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    course_key = as_course_key(course_key)
    if compat.is_course_staff(user, course_key):
        return True
    return CourseStaffRole.objects.filter(user_id=user.pk, course_key=course_key).exists()


def mentor_course_roles() -> list[str]:
    """The LMS course roles that make a mentor (`ORGLAB_MENTOR_COURSE_ROLES`)."""
    return [str(role) for role in getattr(settings, "ORGLAB_MENTOR_COURSE_ROLES", None) or []]


def is_mentor(user, course_key: CourseKey | str) -> bool:
    """Whether `user` is a mentor of the course (orglab's role, or a mapped LMS course role)."""
    if not _active(user):
        return False
    course_key = as_course_key(course_key)
    if CourseMentorRole.objects.filter(user_id=user.pk, course_key=course_key).exists():
        return True
    roles = mentor_course_roles()
    return bool(roles) and compat.has_course_role(user, course_key, roles)


def is_mentor_of(user, course_key: CourseKey | str, learner) -> bool:
    """Whether `user` is assigned as a mentor of `learner` (a user or an id) in the course."""
    if not _active(user):
        return False
    return MentorAssignment.objects.filter(course_key=as_course_key(course_key), mentor_id=user.pk,
                                           learner_id=_user_id(learner)).exists()


def can_review(user, course_key: CourseKey | str, learner) -> bool:
    """Whether `user` may give feedback on `learner`'s work and sign it off: their mentor, or course staff."""
    return is_mentor_of(user, course_key, learner) or is_course_staff(user, course_key)


def is_reviewer(user, course_key: CourseKey | str) -> bool:
    """Whether `user` reviews anyone's work in the course: course staff, a mentor, or assigned to a learner."""
    if not _active(user):
        return False
    course_key = as_course_key(course_key)
    return (is_course_staff(user, course_key) or is_mentor(user, course_key)
            or MentorAssignment.objects.filter(course_key=course_key, mentor_id=user.pk).exists())


def can_read_learner_work(user, course_key: CourseKey | str, learner) -> bool:
    """A learner reads their own work; their mentor reads it too; course staff read any learner's in
    their course. A mentor of another learner does not."""
    if not _active(user):
        return False
    return user.pk == _user_id(learner) or can_review(user, course_key, learner)
