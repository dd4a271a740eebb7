"""The one place orglab touches edx-platform. Every import is inside a function, so the
package installs, imports and tests outside the platform; tests replace these functions."""
from __future__ import annotations


def is_course_staff(user, course_key) -> bool:
    """Whether `user` has a staff or instructor role on `course_key`.

    Inside the LMS this asks edx-platform's course roles; outside it (the devsite,
    tests) Django's own staff flag stands in.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    try:
        from common.djangoapps.student.roles import (  # pylint: disable=import-error
            CourseInstructorRole,
            CourseStaffRole,
        )
    except ImportError:
        return False
    return CourseStaffRole(course_key).has_user(user) or CourseInstructorRole(course_key).has_user(user)
