"""Instructor reports in the platform's report store (the instructor dashboard's Data Download list)."""
from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from . import compat
from .keys import as_course_key


def save_to_report_store(course_key: CourseKey | str, filename: str, fileobj) -> str | None:
    """Inside the LMS: save an open report file to the platform's report store (the instructor
    dashboard's Data Download list shows it) without reading it into memory, and return its path.
    Outside the LMS (no report store): None."""
    store = compat.report_store()
    if store is None:
        return None
    return compat.store_report(store, as_course_key(course_key), filename, fileobj)


def report_store_url(path: str) -> str | None:
    """The platform report store's download URL of a stored report (signed on S3), or None."""
    store = compat.report_store()
    return compat.report_url(store, path) if store is not None else None
