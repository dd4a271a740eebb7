"""Who may do what in orglab's REST API.

Course staff of a course are, in this order of asking:

- the LMS's course roles (staff, instructor; global staff count there), through `compat.is_course_staff`;
- orglab's own `CourseStaffRole` rows (the devsite, tests, or a site granting roles by hand);
- superusers.

Django's `is_staff` flag alone does not make anyone staff of a course outside the LMS.
"""
from __future__ import annotations

from rest_framework.permissions import BasePermission

from ... import compat
from ...models import CourseStaffRole


def is_course_staff(user, course_key) -> bool:
    """Whether `user` is staff of the course `course_key` (see the module's docstring)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if compat.is_course_staff(user, course_key):
        return True
    return CourseStaffRole.objects.filter(user_id=user.pk, course_key=course_key).exists()


def can_read_learner_work(user, course_key, learner) -> bool:
    """A learner reads their own work; course staff read any learner's in their course."""
    return user.pk == learner.pk or is_course_staff(user, course_key)


class IsCourseStaff(BasePermission):
    """The requesting user is staff of the view's course (`view.course_key`, from the URL).

    Put it after `IsAuthenticated`, so that an anonymous request gets a 401 and never reaches the
    course id (an invalid one is a 400, raised by `view.course_key`).
    """

    message = "Only the course's staff can do this."

    def has_permission(self, request, view) -> bool:
        return is_course_staff(request.user, view.course_key)
