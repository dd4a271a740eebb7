"""The one place orglab touches edx-platform. Every import is inside a function, so the
package installs, imports and tests outside the platform; tests replace these functions."""
from __future__ import annotations


def is_course_staff(user, course_key) -> bool:
    """Whether `user` has a staff or instructor role on `course_key`.

    Inside the LMS this asks edx-platform's course roles (global staff count, as they do there).
    Outside it (the devsite, tests) it answers False: Django's `is_staff` flag is not a course
    role there, and `orglab_plugin.rest_api.v1.permissions` reads orglab's own `CourseStaffRole`.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        from common.djangoapps.student.roles import (  # pylint: disable=import-error
            CourseInstructorRole,
            CourseStaffRole,
        )
    except ImportError:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return CourseStaffRole(course_key).has_user(user) or CourseInstructorRole(course_key).has_user(user)


def course_outline(course_key):
    """The course's units and their leaf blocks, from the modulestore (Studio), as
    `outline.UnitSpec`s in course order; None when the course cannot be read."""
    from xmodule.modulestore.django import modulestore  # pylint: disable=import-error

    from .outline import UnitSpec

    course = modulestore().get_course(course_key, depth=None)
    if course is None:
        return None
    units = []
    for chapter in course.get_children():
        spec = UnitSpec(key=chapter.location, title=chapter.display_name_with_default or "")
        pending = list(chapter.get_children())
        while pending:
            block = pending.pop(0)
            children = block.get_children() if block.has_children else []
            if children:
                pending[0:0] = children
            else:
                spec.blocks.append((block.location, block.location.block_type))
        units.append(spec)
    return units



# --------------------------------------------------------------------------- certificates (the `platform` issuer)
# edx-platform's certificates app asks other apps to use `lms.djangoapps.certificates.api` only.


def allowlist_learner(user, course_key, notes: str) -> None:
    """Put `user` on the certificate allowlist of `course_key` (or re-enable their entry).

    An allowlisted learner gets the platform's certificate whatever their grade, which is how
    orglab's own policy (not the platform's grading) decides who is certified.
    """
    from lms.djangoapps.certificates.api import (  # pylint: disable=import-error
        create_or_update_certificate_allowlist_entry,
    )

    create_or_update_certificate_allowlist_entry(user, course_key, notes)


def remove_from_allowlist(user, course_key) -> bool:
    """Take `user` off the certificate allowlist of `course_key`.

    edx-platform also invalidates the learner's certificate there if they have one. Returns
    whether an entry was removed.
    """
    from lms.djangoapps.certificates.api import remove_allowlist_entry  # pylint: disable=import-error

    return bool(remove_allowlist_entry(user, course_key))


def generate_platform_certificate(user, course_key) -> bool:
    """Ask edx-platform to generate (or regenerate) `user`'s certificate in `course_key`.

    The platform queues a task and applies its own checks (enrolment, ID verification for
    verified modes, an active invalidation). Returns whether a task was queued.
    """
    from lms.djangoapps.certificates.api import generate_certificate_task  # pylint: disable=import-error

    return bool(generate_certificate_task(user, course_key))


def invalidate_platform_certificate(user, course_key) -> bool:
    """Invalidate `user`'s platform certificate in `course_key`, if they have one.

    Returns whether there was a certificate to invalidate.
    """
    from lms.djangoapps.certificates.api import get_certificate_for_user_id  # pylint: disable=import-error

    certificate = get_certificate_for_user_id(user, course_key)  # GeneratedCertificate or None
    if certificate is None:
        return False
    certificate.invalidate(source="orglab")
    return True


def platform_certificate_url(user, course_key) -> str | None:
    """The learner-facing URL of `user`'s platform certificate in `course_key` (web or PDF), or
    None when the platform has none to show."""
    from lms.djangoapps.certificates.api import get_certificate_url  # pylint: disable=import-error

    return get_certificate_url(user_id=user.id, course_id=course_key) or None


# --------------------------------------------------------------------------- enrolments and profiles


def enrollments(course_key):
    """The active enrolments of `course_key` as a queryset with `user_id` and `created` (edx-platform's
    `CourseEnrollment`), or None outside the LMS (orglab's own `Enrollment` table stands in)."""
    try:
        from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-error
    except ImportError:
        return None
    return CourseEnrollment.objects.filter(course_id=course_key, is_active=True)


def full_names(user_ids) -> dict[int, str] | None:
    """{user id: full name} from the learners' LMS profiles (one query), or None outside the LMS."""
    try:
        from common.djangoapps.student.models import UserProfile  # pylint: disable=import-error
    except ImportError:
        return None
    return dict(UserProfile.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "name"))


# --------------------------------------------------------------------------- the instructor dashboard's report store


def report_store():
    """edx-platform's report store for instructor downloads (the `GRADES_DOWNLOAD` configuration, whose
    files the instructor dashboard's Data Download section lists), or None outside the LMS."""
    try:
        from lms.djangoapps.instructor_task.models import ReportStore  # pylint: disable=import-error
    except ImportError:
        return None
    return ReportStore.from_config(config_name="GRADES_DOWNLOAD")


def store_report(store, course_key, filename: str, fileobj) -> str:
    """Save an open file to the report store's folder of `course_key` without reading it into memory
    (the store's own `store()` would); returns the stored path."""
    from django.core.files import File

    return store.storage.save(store.path_to(course_key, filename), File(fileobj, name=filename))


def report_url(store, path: str) -> str:
    """The download URL of a stored report (S3 stores sign it for a few minutes)."""
    return store.storage.url(path)
