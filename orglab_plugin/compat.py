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
    """The published outline of `course_key` as `outline.UnitSpec`s in course order (which blocks
    count: `outline.units_from_course`), or None when the modulestore has no published course.

    Read as edx-platform reads Studio's publish (cms/djangoapps/contentstore/outlines.py,
    `get_outline_from_modulestore`): inside `modulestore().branch_setting(ModuleStoreEnum.Branch.
    published_only, course_key)` (xmodule/modulestore/__init__.py, xmodule/modulestore/django.py),
    the whole tree at once with `get_course(course_key, depth=None)`. Works in the CMS and the LMS.
    """
    from xmodule.modulestore import ModuleStoreEnum  # pylint: disable=import-error
    from xmodule.modulestore.django import modulestore  # pylint: disable=import-error

    from .outline import units_from_course

    store = modulestore()
    with store.branch_setting(ModuleStoreEnum.Branch.published_only, course_key):
        course = store.get_course(course_key, depth=None)
        if course is None:
            return None
        return units_from_course(course, course_key)


def all_course_keys():
    """Every course run's key, from edx-platform's course overviews (one query; installed in the
    LMS and the CMS): `CourseOverview.get_all_course_keys()` in openedx/core/djangoapps/content/
    course_overviews/models.py."""
    from openedx.core.djangoapps.content.course_overviews.models import (  # pylint: disable=import-error
        CourseOverview,
    )

    return list(CourseOverview.get_all_course_keys())


# --------------------------------------------------------------------------- certificates (the `platform` issuer)
# edx-platform's certificates app asks other apps to use `lms.djangoapps.certificates.api` only.
# Its app is installed in the LMS only: `running_in_lms` says whether this process is the LMS.

# edx-platform's certificate generation task: `@shared_task` without a name in
# `lms/djangoapps/certificates/tasks.py`, so Celery names it after its module and function.
CERTIFICATE_TASK = "lms.djangoapps.certificates.tasks.generate_certificate"


def running_in_lms() -> bool:
    """Whether this process is the LMS (a web or a Celery worker of the LMS), not Studio.

    edx-platform sets SERVICE_VARIANT = 'lms' in `lms/envs/common.py` and 'cms' in
    `cms/envs/common.py`; a Celery worker loads the settings of the service it works for. Outside
    edx-platform (the devsite, tests) there is no SERVICE_VARIANT: not the LMS.
    """
    from django.conf import settings

    return getattr(settings, "SERVICE_VARIANT", None) == "lms"


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
    """Ask edx-platform to generate (or regenerate) `user`'s certificate in `course_key`; returns
    whether a generation task for a certificate the learner can have was really queued.

    `generate_certificate_task` (`lms/djangoapps/certificates/generation_handler.py`) applies the
    platform's checks (enrolment mode, an active invalidation, ID verification, HTML certificates
    on). It answers True when it queued the `generate_certificate` task, but also when it only
    recorded a status instead (an invalidated certificate: "unavailable"; ID verification required
    and missing: "unverified", sometimes by queuing the task with status="unverified"), and False
    when it declined. So the answer is read from Celery: True only if, during the call, the
    platform sent (or, with CELERY_ALWAYS_EAGER, ran) `generate_certificate` for this learner and
    course without a `status` (the task's status then defaults to downloadable). The task's keyword
    arguments are those `_generate_certificate_task` builds: student=str(user.id),
    course_key=str(course_key), enrollment_mode, course_grade and, when set, status and
    generation_mode.
    """
    from celery import signals
    from lms.djangoapps.certificates.api import generate_certificate_task  # pylint: disable=import-error

    wanted = {"student": str(user.id), "course_key": str(course_key)}
    queued = []

    def note(name, kwargs) -> None:
        if (name == CERTIFICATE_TASK and isinstance(kwargs, dict) and "status" not in kwargs
                and all(str(kwargs.get(key)) == value for key, value in wanted.items())):
            queued.append(name)

    def published(sender=None, body=None, headers=None, **_kwargs):
        # Celery's message protocol 2: headers["task"] names the task, body is (args, kwargs, embed).
        name = (headers or {}).get("task") or sender
        kwargs = body[1] if isinstance(body, (tuple, list)) and len(body) > 1 else None
        if isinstance(body, dict):  # protocol 1
            kwargs = body.get("kwargs")
        note(name, kwargs)

    def ran_eagerly(sender=None, task=None, kwargs=None, **_kwargs):
        note(getattr(task or sender, "name", None), kwargs)

    signals.before_task_publish.connect(published, weak=False)
    signals.task_prerun.connect(ran_eagerly, weak=False)
    try:
        answered = generate_certificate_task(user, course_key)
    finally:
        signals.before_task_publish.disconnect(published)
        signals.task_prerun.disconnect(ran_eagerly)
    return bool(answered) and bool(queued)


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
    """The learner-facing URL of `user`'s platform certificate in `course_key` (its web page, or
    its PDF), or None when the platform has no downloadable certificate to show.

    `get_certificate_url` (`lms/djangoapps/certificates/utils.py`) builds a web certificate's URL
    from the certificate's `verify_uuid` and answers '' without it. `get_certificate_for_user`
    (`lms/djangoapps/certificates/api.py`, format_results=True) formats the learner's certificate
    with `download_url` built exactly that way (uuid=cert.verify_uuid), None unless downloadable.
    """
    from lms.djangoapps.certificates.api import get_certificate_for_user  # pylint: disable=import-error

    certificate = get_certificate_for_user(user.username, course_key)  # a dict, or None
    return (certificate or {}).get("download_url") or None


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
    """{user id: full name} from the learners' LMS profiles (one query), or None outside the LMS.

    In Open edX a learner's full name is `UserProfile.name` (table auth_userprofile, one row per
    user: `common/djangoapps/student/models/user.py`), often the only name they set; the account's
    first and last names are usually empty. Callers fall back to those, then to the username.
    """
    try:
        from common.djangoapps.student.models import UserProfile  # pylint: disable=import-error
    except ImportError:
        return None
    return dict(UserProfile.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "name"))


def users_with_profile_name(text: str):
    """The users whose LMS profile name (`UserProfile.name`) contains `text` (case-insensitive), as
    a subquery of user ids for `filter(user_id__in=...)`; None outside the LMS."""
    try:
        from common.djangoapps.student.models import UserProfile  # pylint: disable=import-error
    except ImportError:
        return None
    return UserProfile.objects.filter(name__icontains=text).values("user_id")


# --------------------------------------------------------------------------- course tabs


def course_tab_base():
    """edx-platform's `CourseTab` (`xmodule/tabs.py`), the base class of every tab of the
    `openedx.course_tab` entry point group (`openedx/core/lib/course_tabs.py`). Raises ImportError
    outside edx-platform: only the platform's CourseTabPluginManager loads orglab's tabs."""
    from xmodule.tabs import CourseTab  # pylint: disable=import-error

    return CourseTab


def masquerade_role(user, course_key) -> str | None:
    """The role a staff member is viewing `course_key` as ("student", "staff"), or None when they do
    not masquerade (`get_masquerade_role` in `lms/djangoapps/courseware/masquerade.py`; the
    platform's own Instructor tab hides itself for "student"). None outside the LMS."""
    try:
        from lms.djangoapps.courseware.masquerade import get_masquerade_role  # pylint: disable=import-error
    except ImportError:
        return None
    return get_masquerade_role(user, course_key)


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


# --------------------------------------------------------------------------- mentors and their mail


def has_course_role(user, course_key, roles) -> bool:
    """Whether `user` holds one of the LMS course access roles `roles` (role names such as
    "ccx_coach", "beta_testers", "data_researcher") in `course_key`; False outside the LMS.

    edx-platform's `CourseRole(role, course_key)` (common/djangoapps/student/roles.py) answers
    `has_user(user, check_user_activation=True)` from the user's roles, cached on the user
    (`user._roles`, a RoleCache of CourseAccessRole rows and openedx-authz assignments); role
    inheritance (`ACCESS_ROLES_INHERITANCE`) applies as everywhere in the platform.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        from common.djangoapps.student.roles import CourseRole  # pylint: disable=import-error
    except ImportError:
        return False
    return any(CourseRole(role, course_key).has_user(user) for role in roles)


def preferred_language(user) -> str | None:
    """The language `user` chose for the LMS (their `pref-lang` preference), or None outside the LMS
    or when they chose none.

    `get_user_preference(requesting_user, preference_key, username=None)` in
    openedx/core/djangoapps/user_api/preferences/api.py answers the value (a string) or None; a user
    may read their own preferences. The key is `LANGUAGE_KEY` of openedx/core/djangoapps/lang_pref
    ('pref-lang', what the language middleware stores).
    """
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # pylint: disable=import-error
        from openedx.core.djangoapps.user_api.preferences.api import (  # pylint: disable=import-error
            get_user_preference,
        )
    except ImportError:
        return None
    return get_user_preference(user, LANGUAGE_KEY) or None
