"""Who may do what in a course: who is course staff, and who may read whose work.

Course staff of a course are, in this order of asking:

- the LMS's course roles (staff, instructor; global staff count there), through `compat.is_course_staff`;
- orglab's own `CourseStaffRole` rows (the devsite, tests, or a site granting roles by hand);
- superusers.

Django's `is_staff` flag alone does not make anyone staff of a course outside the LMS. The REST
API's permissions, the instructor dashboard and the reports all ask here.
"""
from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from . import compat
from .keys import as_course_key
from .models import CourseStaffRole


def is_course_staff(user, course_key: CourseKey | str) -> bool:
    """Whether `user` is staff of the course `course_key` (see the module's docstring)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    if getattr(user, "is_superuser", False):
        return True
    course_key = as_course_key(course_key)
    if compat.is_course_staff(user, course_key):
        return True
    return CourseStaffRole.objects.filter(user_id=user.pk, course_key=course_key).exists()


def can_read_learner_work(user, course_key: CourseKey | str, learner) -> bool:
    """A learner reads their own work; course staff read any learner's in their course."""
    return user.pk == learner.pk or is_course_staff(user, course_key)
