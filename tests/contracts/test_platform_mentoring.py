"""Mentor review's calls into edx-platform (`compat.has_course_role`, `compat.preferred_language`),
checked against what the platform's own source declares (github.com/openedx/openedx-platform):

- common/djangoapps/student/roles.py: `class CourseRole(RoleBase)` with `__init__(self, role,
  course_key)`; `RoleBase.has_user(self, user, check_user_activation=True)` (False for an inactive
  or anonymous user, else the user's RoleCache: CourseAccessRole rows and openedx-authz assignments);
- openedx/core/djangoapps/lang_pref/__init__.py: `LANGUAGE_KEY = 'pref-lang'` (imported as such by
  lang_pref/middleware.py and its tests);
- openedx/core/djangoapps/user_api/preferences/api.py: `get_user_preference(requesting_user,
  preference_key, username=None)`, the value (a string) or None; a user reads their own.
"""
from __future__ import annotations

import inspect

import pytest
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import compat, roles

from .test_platform_calls import install

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
ROLES_MODULE = "common.djangoapps.student.roles"
RECORDED_COURSE_ROLE_INIT = "(self, role, course_key)"
RECORDED_HAS_USER = "(self, user, check_user_activation=True)"
LANG_PREF = "openedx.core.djangoapps.lang_pref"
PREFERENCES_API = "openedx.core.djangoapps.user_api.preferences.api"
RECORDED_GET_USER_PREFERENCE = "(requesting_user, preference_key, username=None)"


def course_role_class(held: set[tuple[int, str, CourseKey]]):
    class CourseRole:
        def __init__(self, role, course_key):
            assert isinstance(role, str) and isinstance(course_key, CourseKey)
            self.role, self.course_key = role, course_key

        def has_user(self, user, check_user_activation=True):
            if check_user_activation and not (user.is_authenticated and user.is_active):
                return False
            return (user.pk, self.role, self.course_key) in held

    assert str(inspect.signature(CourseRole.__init__)) == RECORDED_COURSE_ROLE_INIT
    assert str(inspect.signature(CourseRole.has_user)) == RECORDED_HAS_USER
    return CourseRole


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("coach", "coach@example.org", "x")


def test_a_mapped_course_role_makes_a_mentor(monkeypatch, settings, user):
    held = {(user.pk, "ccx_coach", COURSE)}
    install(monkeypatch, ROLES_MODULE, CourseRole=course_role_class(held))
    assert compat.has_course_role(user, COURSE, ["beta_testers", "ccx_coach"]) is True
    assert compat.has_course_role(user, COURSE, ["beta_testers"]) is False
    assert compat.has_course_role(user, CourseKey.from_string("course-v1:Other+Lab+1"), ["ccx_coach"]) is False
    settings.ORGLAB_MENTOR_COURSE_ROLES = ["ccx_coach"]
    assert roles.is_mentor(user, COURSE) is True
    user.is_active = False
    assert roles.is_mentor(user, COURSE) is False


def test_outside_the_lms_no_course_role_makes_a_mentor(user):
    assert compat.has_course_role(user, COURSE, ["ccx_coach"]) is False


def test_the_language_preference_is_read_as_the_platform_declares(monkeypatch, user):
    stored = {(user.pk, "pref-lang"): "es-419"}
    calls = []

    def get_user_preference(requesting_user, preference_key, username=None):
        calls.append((requesting_user.pk, preference_key, username))
        return stored.get(((get_user_model().objects.get(username=username).pk if username else requesting_user.pk),
                           preference_key))

    assert str(inspect.signature(get_user_preference)) == RECORDED_GET_USER_PREFERENCE
    install(monkeypatch, LANG_PREF, LANGUAGE_KEY="pref-lang")
    install(monkeypatch, PREFERENCES_API, get_user_preference=get_user_preference)
    assert compat.preferred_language(user) == "es-419"
    assert calls == [(user.pk, "pref-lang", None)]  # the user reads their own preference
    stored.clear()
    assert compat.preferred_language(user) is None


def test_outside_the_lms_there_is_no_language_preference(user):
    assert compat.preferred_language(user) is None
