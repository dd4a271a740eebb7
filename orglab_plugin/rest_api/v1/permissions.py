"""Who may use orglab's REST API: the course's staff (`roles.is_course_staff` says who they are)."""
from __future__ import annotations

from ...roles import can_read_learner_work, is_course_staff  # noqa: F401  (the views ask these)
from ..door import IsCourseStaff  # noqa: F401  (the permission every course view uses)
