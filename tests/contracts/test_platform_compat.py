"""The rest of `orglab_plugin.compat` against edx-platform as its source declares it: course roles,
the list of courses, enrolments and the instructor report store. Each stand-in below is built from
signatures and field names recorded from the platform file named beside it (openedx/openedx-platform,
read for this test), and refuses a call that the platform would refuse."""
from __future__ import annotations

import inspect
import io

import pytest
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import compat

from .test_platform_calls import a_course_key, a_user, install

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")

# common/djangoapps/student/roles.py: CourseRole(RoleBase).__init__(self, role, course_key) reads
# `course_key.org`; CourseStaffRole / CourseInstructorRole pass their ROLE first; RoleBase.has_user.
RECORDED_ROLES = {"CourseRole.__init__": "(self, role, course_key)",
                  "RoleBase.has_user": "(self, user, check_user_activation=True)"}
# openedx/core/djangoapps/content/course_overviews/models.py: a classmethod without arguments.
RECORDED_OVERVIEWS = {"CourseOverview.get_all_course_keys": "()"}
# common/djangoapps/student/models/course_enrollment.py: CourseEnrollment's fields (the foreign key
# `course` to CourseOverview is stored as `course_id`).
ENROLLMENT_FIELDS = {"id", "user", "user_id", "course", "course_id", "created", "is_active", "mode"}
# lms/djangoapps/instructor_task/models.py: ReportStore.from_config(cls, config_name) and
# DjangoStorageReportStore.path_to(self, course_id, filename='', parent_dir=''), `storage` a Django
# storage (save(name, content), url(name)); the instructor dashboard lists the GRADES_DOWNLOAD store.
RECORDED_REPORT_STORE = {"ReportStore.from_config": "(config_name)",
                         "DjangoStorageReportStore.path_to": "(self, course_id, filename='', parent_dir='')"}


class CourseRole:
    ROLE = ""
    members: set[tuple[str, str, int]] = set()

    def __init__(self, role, course_key):
        a_course_key(course_key)
        self.role, self.course_key, self.org = role, course_key, course_key.org

    def has_user(self, user, check_user_activation=True):
        a_user(user)
        return (self.role, str(self.course_key), user.pk) in self.members


class CourseStaffRole(CourseRole):
    ROLE = "staff"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseInstructorRole(CourseRole):
    ROLE = "instructor"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseOverview:
    keys = [COURSE, CourseKey.from_string("course-v1:Wikimedia+Other+2025")]

    @classmethod
    def get_all_course_keys(cls):
        return iter(cls.keys)  # the platform returns a queryset or a list: anything iterable


class EnrollmentQuery:
    def __init__(self):
        self.filters = []

    def filter(self, **kwargs):
        unknown = {name.split("__")[0] for name in kwargs} - ENROLLMENT_FIELDS
        assert not unknown, f"CourseEnrollment has no field {sorted(unknown)}"
        self.filters.append(kwargs)
        return self


class Storage:
    def __init__(self):
        self.saved = {}

    def save(self, name, content):
        self.saved[name] = content.read()
        return name

    def url(self, name):
        return f"https://reports.example.org/{name}"


class ReportStore:
    configs = []

    def __init__(self):
        self.storage = Storage()

    @classmethod
    def from_config(cls, config_name):
        cls.configs.append(config_name)
        return cls()

    def path_to(self, course_id, filename="", parent_dir=""):
        a_course_key(course_id)
        return f"{parent_dir or 'hashed'}/{filename}"


def test_the_stand_ins_have_the_recorded_signatures():
    recorded = {"CourseRole.__init__": CourseRole.__init__, "RoleBase.has_user": CourseRole.has_user,
                "CourseOverview.get_all_course_keys": CourseOverview.get_all_course_keys,
                "ReportStore.from_config": ReportStore.from_config,
                "DjangoStorageReportStore.path_to": ReportStore.path_to}
    expected = {**RECORDED_ROLES, **RECORDED_OVERVIEWS, **RECORDED_REPORT_STORE}
    assert {name: str(inspect.signature(function)) for name, function in recorded.items()} == expected


@pytest.fixture
def roles(monkeypatch):
    install(monkeypatch, "common.djangoapps.student.roles", CourseStaffRole=CourseStaffRole,
            CourseInstructorRole=CourseInstructorRole)
    monkeypatch.setattr(CourseRole, "members", set())
    return CourseRole.members


@pytest.mark.django_db
def test_course_staff_are_asked_of_the_course_roles_with_a_course_key(roles):
    users = get_user_model()
    teacher = users.objects.create_user("teacher", "t@example.org", "x")
    instructor = users.objects.create_user("instructor", "i@example.org", "x")
    learner = users.objects.create_user("learner", "l@example.org", "x")
    roles.update({("staff", str(COURSE), teacher.pk), ("instructor", str(COURSE), instructor.pk)})
    assert compat.is_course_staff(teacher, COURSE) is True
    assert compat.is_course_staff(instructor, COURSE) is True
    assert compat.is_course_staff(learner, COURSE) is False


def test_every_course_key_comes_from_the_course_overviews(monkeypatch):
    install(monkeypatch, "openedx.core.djangoapps.content.course_overviews.models", CourseOverview=CourseOverview)
    assert compat.all_course_keys() == CourseOverview.keys


def test_enrolments_are_filtered_on_fields_the_platform_declares(monkeypatch):
    query = EnrollmentQuery()
    install(monkeypatch, "common.djangoapps.student.models",
            CourseEnrollment=type("CourseEnrollment", (), {"objects": query}))
    assert compat.enrollments(COURSE) is query
    assert query.filters == [{"course_id": COURSE, "is_active": True}]


def test_reports_go_to_the_grades_download_store_under_the_courses_folder(monkeypatch):
    install(monkeypatch, "lms.djangoapps.instructor_task.models", ReportStore=ReportStore)
    monkeypatch.setattr(ReportStore, "configs", [])
    store = compat.report_store()
    assert ReportStore.configs == ["GRADES_DOWNLOAD"]
    path = compat.store_report(store, COURSE, "orglab_completion.csv", io.BytesIO(b"username\nlearner1\n"))
    assert path == "hashed/orglab_completion.csv"
    assert store.storage.saved == {path: b"username\nlearner1\n"}
    assert compat.report_url(store, path) == "https://reports.example.org/hashed/orglab_completion.csv"
