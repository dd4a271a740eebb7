from __future__ import annotations

from ... import compat


def can_read_learner_work(user, course_key, learner) -> bool:
    """A learner reads their own work; course staff read any learner's in their course."""
    return user.pk == learner.pk or compat.is_course_staff(user, course_key)
