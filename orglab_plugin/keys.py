"""Course and block keys, and users, as the plugin's functions accept them: a key or its string, a
user or a user id (pure: opaque-keys only)."""
from __future__ import annotations

from opaque_keys.edx.keys import CourseKey, UsageKey


def as_course_key(value: CourseKey | str) -> CourseKey:
    return value if isinstance(value, CourseKey) else CourseKey.from_string(str(value))


def as_usage_key(value: UsageKey | str) -> UsageKey:
    return value if isinstance(value, UsageKey) else UsageKey.from_string(str(value))


def user_id(user) -> int:
    """The id of `user` (a user or an id)."""
    return int(getattr(user, "pk", user))
