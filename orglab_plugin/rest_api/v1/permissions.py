"""Who may use orglab's REST API: the course's staff (`roles.is_course_staff` says who they are)."""
from __future__ import annotations

from rest_framework.permissions import BasePermission

from ...roles import can_read_learner_work, is_course_staff  # noqa: F401  (the views ask these)


class IsCourseStaff(BasePermission):
    """The requesting user is staff of the view's course (`view.course_key`, from the URL).

    Put it after `IsAuthenticated`, so that an anonymous request gets a 401 and never reaches the
    course id (an invalid one is a 400, raised by `view.course_key`).
    """

    message = "Only the course's staff can do this."

    def has_permission(self, request, view) -> bool:
        return is_course_staff(request.user, view.course_key)
