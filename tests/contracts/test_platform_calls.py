"""orglab's calls into edx-platform (all in `orglab_plugin/compat.py`), checked against what the
platform's own source declares (github.com/openedx/openedx-platform; each fact names its file).

edx-platform is not installed here. Each test puts stand-ins of exactly the platform's module paths
into `sys.modules`: their functions have the signatures recorded below (a call with a wrong
argument name raises TypeError, as it would in the platform) and check the types of what they are
given; then it calls orglab's compat functions (or the instructor dashboard's Mako include, or the
course tab class) as the platform would.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import sys
import types
import uuid
from pathlib import Path

import pytest
from celery import Celery
from celery import _state as celery_state
from django.contrib.auth import get_user_model
from django.urls import reverse
from mako.lookup import TemplateLookup
from opaque_keys.edx.keys import CourseKey

from course_export.filters import AddOrgLabDashboardTab
from orglab_plugin import compat
from orglab_plugin.certificates.issuers import IssuerError, PlatformIssuer

ROOT = Path(__file__).resolve().parent.parent.parent
COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
OTHER_COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2027")

# --------------------------------------------------------------------------- the recorded signatures
# lms/djangoapps/certificates/api.py (the certificates app's public API: "Other Django apps should
# use the API functions defined here in this module").
CERTIFICATES_API = "lms.djangoapps.certificates.api"
CERTIFICATES_API_FILE = "lms/djangoapps/certificates/api.py"
RECORDED_CERTIFICATES_API = {
    "create_or_update_certificate_allowlist_entry": "(user, course_key, notes, enabled=True)",
    "remove_allowlist_entry": "(user, course_key)",
    "generate_certificate_task": "(user, course_key, generation_mode=None)",
    "get_certificate_for_user": "(username, course_key, format_results=True)",
    "get_certificate_for_user_id": "(user, course_id)",
    "get_certificate_url": "(user_id=None, course_id=None, uuid=None, user_certificate=None)",
}
# lms/djangoapps/certificates/tasks.py: `@shared_task(base=LoggedPersistOnFailureTask, bind=True,
# ...) def generate_certificate(self, **kwargs)`, no name given: Celery's name is module.function.
# lms/djangoapps/certificates/generation_handler.py `_generate_certificate_task` sends it with
# apply_async(countdown=delay_seconds, kwargs={'student': str(user.id), 'course_key':
# str(course_key), 'enrollment_mode': ..., 'course_grade': ...}) plus 'status' and
# 'generation_mode' when set; tasks.py pops status with the default CertificateStatuses.downloadable.
CERTIFICATE_TASK = "lms.djangoapps.certificates.tasks.generate_certificate"
CERTIFICATE_DELAY_SECONDS = 2  # lms/djangoapps/certificates/tasks.py
# lms/djangoapps/certificates/data.py CertificateStatuses
DOWNLOADABLE, UNAVAILABLE, UNVERIFIED = "downloadable", "unavailable", "unverified"

# common/djangoapps/student/models/user.py: class UserProfile(models.Model), Meta.db_table =
# "auth_userprofile"; user = OneToOneField(User, unique=True, db_index=True, related_name='profile');
# name = CharField(blank=True, max_length=255, db_index=True); imported by the platform itself as
# `from common.djangoapps.student.models import ...` (e.g. lms/djangoapps/instructor/views/instructor_dashboard.py).
STUDENT_MODELS = "common.djangoapps.student.models"
USER_PROFILE_FIELDS = {
    "id", "user", "name", "meta", "courseware", "language", "location", "year_of_birth", "gender",
    "level_of_education", "mailing_address", "city", "country", "state", "goals", "bio",
    "profile_image_uploaded_at", "phone_number",
}
USER_PROFILE_NAME_MAX_LENGTH = 255

# lms/djangoapps/courseware/masquerade.py: def get_masquerade_role(user, course_key) -> the role
# ("student", "staff") or None.
MASQUERADE = "lms.djangoapps.courseware.masquerade"
RECORDED_MASQUERADE = {"get_masquerade_role": "(user, course_key)"}

# lms/templates/instructor/instructor_dashboard_2/instructor_dashboard_2.html includes every section:
DASHBOARD_TEMPLATE_URI = "/instructor/instructor_dashboard_2/instructor_dashboard_2.html"
DASHBOARD_INCLUDE = ("""<%include file="${ section_data.get('template_path_prefix', '') }"""
                     """${ section_data['section_key'] }.html" args="section_data=section_data" />""")
# common/djangoapps/edxmako/paths.py add_lookup(): the LMS's DynamicTemplateLookup(TemplateLookup),
# whose adjust_uri first calls TemplateLookup.adjust_uri (Mako's), with these arguments:
LMS_LOOKUP_ARGS = {"output_encoding": "utf-8", "input_encoding": "utf-8", "default_filters": ["decode.utf8"],
                   "encoding_errors": "replace"}

# openedx/core/lib/course_tabs.py: COURSE_TAB_NAMESPACE = 'openedx.course_tab'; the platform's own
# tabs are registered under their `type` (pyproject.toml [project.entry-points."openedx.course_tab"],
# e.g. instructor = "lms.djangoapps.instructor.views.instructor_dashboard:InstructorDashboardTab").
COURSE_TAB_NAMESPACE = "openedx.course_tab"


def check_signature(function, recorded: str, where: str) -> None:
    assert str(inspect.signature(function)) == recorded, f"{function.__name__} differs from {where}"


def install(monkeypatch, dotted: str, **attributes) -> types.ModuleType:
    """A stand-in module at `dotted` (its parent packages too, where absent) with `attributes`."""
    parts = dotted.split(".")
    for depth in range(1, len(parts)):
        parent = ".".join(parts[:depth])
        if parent not in sys.modules:
            monkeypatch.setitem(sys.modules, parent, types.ModuleType(parent))
    module = types.ModuleType(dotted)
    for name, value in attributes.items():
        setattr(module, name, value)
    monkeypatch.setitem(sys.modules, dotted, module)
    return module


def a_user(value) -> None:
    assert isinstance(value, get_user_model()), f"a Django User was expected, not {value!r}"


def a_course_key(value) -> None:
    assert isinstance(value, CourseKey), f"a CourseKey was expected, not {value!r}"


# --------------------------------------------------------------------------- lms/djangoapps/certificates/api.py


class Certificate:
    """A GeneratedCertificate as the API hands it out (lms/djangoapps/certificates/models.py fields)."""

    def __init__(self, user, course_id, status=DOWNLOADABLE, download_url=""):
        self.user, self.course_id, self.status, self.download_url = user, course_id, status, download_url
        self.verify_uuid = uuid.uuid4().hex
        self.mode, self.grade = "honor", ""
        self.invalidated_by = None

    def invalidate(self, mode=None, source=None):  # models.py: def invalidate(self, mode=None, source=None)
        self.status, self.invalidated_by = UNAVAILABLE, source


class CertificatesPlatform:
    """The certificates API with the recorded signatures, over certificates held in memory; `html`
    is the course's HTML certificates switch (utils.has_html_certificates_enabled)."""

    def __init__(self, celery_task=None):
        self.calls: list[tuple] = []
        self.certificates: dict[tuple[int, CourseKey], Certificate] = {}
        self.allowlist: dict[tuple[int, CourseKey], str] = {}
        self.html = True
        self.generation = "queue"
        self.task = celery_task

    def module(self) -> dict:
        platform = self

        def create_or_update_certificate_allowlist_entry(user, course_key, notes, enabled=True):
            a_user(user)
            a_course_key(course_key)
            assert isinstance(notes, str) and isinstance(enabled, bool)
            platform.calls.append(("allowlist", user.pk, course_key))
            platform.allowlist[(user.pk, course_key)] = notes
            return object(), True

        def remove_allowlist_entry(user, course_key):
            a_user(user)
            a_course_key(course_key)
            platform.calls.append(("remove", user.pk, course_key))
            return platform.allowlist.pop((user.pk, course_key), None) is not None

        def generate_certificate_task(user, course_key, generation_mode=None):
            """generation_handler.generate_certificate_task, one outcome per `platform.generation`."""
            a_user(user)
            a_course_key(course_key)
            assert generation_mode in (None, "self", "batch")
            platform.calls.append(("generate", user.pk, course_key))
            kwargs = {"student": str(user.id), "course_key": str(course_key), "enrollment_mode": "honor",
                      "course_grade": ""}
            outcome = platform.generation
            if outcome == "queue":  # _can_generate_allowlist_certificate: _generate_certificate_task
                platform.task.apply_async(countdown=CERTIFICATE_DELAY_SECONDS, kwargs=kwargs)
                return True
            if outcome == "invalidated":  # _set_allowlist_cert_status -> "unavailable": no task
                return True
            if outcome == "unverified":  # _get_cert_status_common, no certificate yet: a task with a status
                platform.task.apply_async(countdown=CERTIFICATE_DELAY_SECONDS,
                                          kwargs={**kwargs, "status": UNVERIFIED, "generation_mode": "batch"})
                return True
            if outcome == "someone_else":  # another learner's generation, sent meanwhile
                platform.task.apply_async(countdown=CERTIFICATE_DELAY_SECONDS,
                                          kwargs={**kwargs, "student": str(user.id + 1000)})
                return True
            return False  # declined (not enrolled, mode not eligible, HTML certificates off...)

        def get_certificate_url(user_id=None, course_id=None, uuid=None, user_certificate=None):
            """lms/djangoapps/certificates/utils.py get_certificate_url."""
            assert user_id is None or isinstance(user_id, int)
            assert course_id is None or isinstance(course_id, (CourseKey, str))
            assert uuid is None or isinstance(uuid, str)
            if platform.html:
                return f"/certificates/{uuid}" if uuid else ""  # _certificate_html_url(uuid)
            certificate = user_certificate or platform.certificates.get((user_id, course_id))
            return certificate.download_url if certificate else ""

        def get_certificate_for_user(username, course_key, format_results=True):
            """api.get_certificate_for_user and _format_certificate_for_user (its download_url)."""
            assert isinstance(username, str), f"a username was expected, not {username!r}"
            a_course_key(course_key)
            user = get_user_model().objects.get(username=username)
            cert = platform.certificates.get((user.pk, course_key))
            if cert is None or not format_results:
                return cert
            return {
                "username": username, "course_key": cert.course_id, "type": cert.mode, "status": cert.status,
                "grade": cert.grade, "is_passing": cert.status == DOWNLOADABLE,
                "is_pdf_certificate": bool(cert.download_url),
                "download_url": (cert.download_url or get_certificate_url(cert.user.id, cert.course_id,
                                                                          uuid=cert.verify_uuid,
                                                                          user_certificate=cert)
                                 if cert.status == DOWNLOADABLE else None),
                "uuid": cert.verify_uuid,
            }

        def get_certificate_for_user_id(user, course_id):
            a_user(user)
            a_course_key(course_id)
            return platform.certificates.get((user.pk, course_id))

        defined = dict(locals())
        functions = {name: value for name, value in defined.items() if name in RECORDED_CERTIFICATES_API}
        for name, function in functions.items():
            check_signature(function, RECORDED_CERTIFICATES_API[name], CERTIFICATES_API_FILE)
        return functions


@pytest.fixture
def platform_celery():
    """A Celery app with the platform's task name, on an in-memory broker (nothing leaves the test).

    Sending a task makes its app Celery's current and default app; the app the tests found is made
    current and default again afterwards, so no later test sees this one's tasks."""
    previous = celery_state.get_current_app()
    app = Celery("lms", broker="memory://", set_as_current=False)
    app.conf.task_always_eager = False
    ran = []

    @app.task(name=CERTIFICATE_TASK, bind=True)
    def generate_certificate(self, **kwargs):  # pylint: disable=unused-argument
        ran.append(kwargs)

    generate_certificate.ran = ran
    yield app, generate_certificate
    app.close()
    previous.set_current()
    previous.set_default()


@pytest.fixture
def certificates(monkeypatch, settings, platform_celery):
    settings.SERVICE_VARIANT = "lms"  # lms/envs/common.py
    platform = CertificatesPlatform(platform_celery[1])
    install(monkeypatch, CERTIFICATES_API, **platform.module())
    return platform


@pytest.fixture
def learner(db):
    return get_user_model().objects.create_user("wmaathai", "wangari@example.org", "x")


def test_the_recorded_certificates_api_is_what_the_stand_in_declares():
    """The stand-ins are built from the recorded signatures (a typo in the record fails here)."""
    module = CertificatesPlatform().module()
    assert set(module) == set(RECORDED_CERTIFICATES_API)


def test_the_certificate_url_is_built_with_the_certificates_uuid(certificates, learner):
    """get_certificate_url answers '' for an HTML certificate unless given its uuid
    (lms/djangoapps/certificates/utils.py)."""
    cert = certificates.certificates[(learner.pk, COURSE)] = Certificate(learner, COURSE)
    assert compat.platform_certificate_url(learner, COURSE) == f"/certificates/{cert.verify_uuid}"


def test_a_pdf_certificate_url_and_no_url_before_it_is_downloadable(certificates, learner):
    certificates.html = False
    cert = certificates.certificates[(learner.pk, COURSE)] = Certificate(
        learner, COURSE, download_url="https://cdn.example.org/cert.pdf")
    assert compat.platform_certificate_url(learner, COURSE) == "https://cdn.example.org/cert.pdf"
    cert.status = "generating"
    assert compat.platform_certificate_url(learner, COURSE) is None
    assert compat.platform_certificate_url(learner, OTHER_COURSE) is None


def test_allowlisting_and_revoking_call_the_api_as_declared(certificates, learner):
    compat.allowlist_learner(learner, COURSE, "Organizer Lab certificate: awarded by the course policy.")
    certificates.certificates[(learner.pk, COURSE)] = Certificate(learner, COURSE)
    assert compat.remove_from_allowlist(learner, COURSE) is True
    assert compat.invalidate_platform_certificate(learner, COURSE) is True
    assert certificates.certificates[(learner.pk, COURSE)].invalidated_by == "orglab"
    assert compat.invalidate_platform_certificate(learner, OTHER_COURSE) is False
    assert [call[0] for call in certificates.calls] == ["allowlist", "remove"]


def test_queued_only_when_the_platform_sent_the_generation_task(certificates, learner):
    certificates.generation = "queue"
    assert compat.generate_platform_certificate(learner, COURSE) is True


@pytest.mark.parametrize("outcome", ["invalidated", "unverified", "someone_else", "declined"])
def test_not_queued_when_the_platform_only_set_a_status_or_declined(certificates, learner, outcome):
    """generate_certificate_task answers True for the first three (generation_handler.py): only a
    status was recorded, or the task sent is not this learner's downloadable certificate."""
    certificates.generation = outcome
    assert compat.generate_platform_certificate(learner, COURSE) is False
    assert certificates.calls == [("generate", learner.pk, COURSE)]


def test_queued_when_the_lms_runs_celery_tasks_eagerly(certificates, learner, platform_celery):
    app, task = platform_celery
    app.conf.task_always_eager = True  # CELERY_ALWAYS_EAGER (devstack, tests)
    certificates.generation = "queue"
    assert compat.generate_platform_certificate(learner, COURSE) is True
    assert task.ran == [{"student": str(learner.id), "course_key": str(COURSE), "enrollment_mode": "honor",
                         "course_grade": ""}]
    certificates.generation = "invalidated"
    assert compat.generate_platform_certificate(learner, COURSE) is False


def test_the_issuer_reports_a_generation_that_was_not_queued(certificates, learner, caplog, db):
    from django.utils import timezone

    from orglab_plugin.models import CertificateAward

    award = CertificateAward.objects.create(user=learner, course_key=COURSE, uuid=uuid.uuid4(),
                                            status=CertificateAward.AWARDED, awarded_at=timezone.now(), name="W")
    certificates.generation = "invalidated"
    PlatformIssuer().issue(award)
    assert "queued no generation" in caplog.text
    assert [call[0] for call in certificates.calls] == ["allowlist", "generate"]


def test_outside_the_lms_the_issuer_does_not_reach_the_certificates_api(certificates, learner, settings, db):
    from django.utils import timezone

    from orglab_plugin.models import CertificateAward

    award = CertificateAward.objects.create(user=learner, course_key=COURSE, uuid=uuid.uuid4(),
                                            status=CertificateAward.AWARDED, awarded_at=timezone.now(), name="W")
    settings.SERVICE_VARIANT = "cms"  # cms/envs/common.py: Studio's web and Celery workers
    for action in (PlatformIssuer().issue, PlatformIssuer().revoke, PlatformIssuer().url):
        with pytest.raises(IssuerError, match="LMS"):
            action(award)
    assert certificates.calls == []


# --------------------------------------------------------------------------- common/djangoapps/student/models/user.py


class ProfileRows:
    """`UserProfile.objects`: lookups and column names are checked against the recorded fields."""

    def __init__(self, names: dict[int, str], lookups=None):
        self.names, self.lookups = names, dict(lookups or {})

    @staticmethod
    def _field(name: str) -> str:
        field, _, lookup = name.partition("__")
        if field == "user_id":
            field = "user"
        assert field in USER_PROFILE_FIELDS, f"UserProfile has no field {field!r} ({STUDENT_MODELS})"
        assert lookup in ("", "in", "exact", "icontains", "iexact"), lookup
        return field

    def filter(self, **lookups):
        for name in lookups:
            self._field(name)
        return ProfileRows(self.names, {**self.lookups, **lookups})

    def _rows(self):
        for user_id, name in self.names.items():
            ok = all(
                (user_id in value) if key in ("user_id__in", "user__in") else
                (value.lower() in name.lower()) if key == "name__icontains" else False
                for key, value in self.lookups.items()
            )
            if ok:
                yield {"user_id": user_id, "user": user_id, "name": name}

    def values_list(self, *fields):
        for field in fields:
            self._field(field)
        return [tuple(row[field] for field in fields) for row in self._rows()]

    def values(self, *fields):
        for field in fields:
            self._field(field)
        return [{field: row[field] for field in fields} for row in self._rows()]


@pytest.fixture
def profiles(monkeypatch):
    names: dict[int, str] = {}

    class UserProfile:
        objects = ProfileRows(names)

        class _meta:  # noqa: N801 - Django's name
            db_table = "auth_userprofile"

    install(monkeypatch, STUDENT_MODELS, UserProfile=UserProfile)
    return names


def test_full_names_read_the_profiles_name(profiles):
    profiles.update({7: "Wangari Maathai", 8: ""})
    assert compat.full_names([7, 8, 9]) == {7: "Wangari Maathai", 8: ""}


def test_the_name_search_is_a_subquery_of_user_ids_on_the_profile(profiles):
    profiles.update({7: "Wangari Maathai", 8: "Berta Cáceres"})
    matches = compat.users_with_profile_name("maathai")
    assert matches == [{"user_id": 7}]


def test_outside_the_lms_there_is_no_profile():
    assert STUDENT_MODELS not in sys.modules
    assert compat.full_names([1]) is None
    assert compat.users_with_profile_name("x") is None


# --------------------------------------------------------------------------- the instructor dashboard's Mako include


@pytest.fixture
def lms_templates(tmp_path):
    """The LMS's Mako lookup with the dashboard template's include line and course_export's folder
    (its settings add `course_export/templates` to MAKO_TEMPLATE_DIRS_BASE)."""
    folder = tmp_path / "lms_templates" / "instructor" / "instructor_dashboard_2"
    folder.mkdir(parents=True)
    (folder / "instructor_dashboard_2.html").write_text(
        "% for section_data in sections:\n"
        "<section id=\"${ section_data['section_key'] }\">\n"
        f"{DASHBOARD_INCLUDE}\n"
        "</section>\n"
        "% endfor\n", encoding="utf-8")
    return TemplateLookup(directories=[str(tmp_path / "lms_templates"), str(ROOT / "course_export" / "templates")],
                          module_directory=str(tmp_path / "mako_modules"), **LMS_LOOKUP_ARGS)


def dashboard_sections() -> list[dict]:
    step = AddOrgLabDashboardTab("org.openedx.learning.instructor.dashboard.render.started.v1", {})
    context = {"course": types.SimpleNamespace(id=COURSE), "sections": []}
    return step.run_filter(context=context, template_name="x.html")["context"]["sections"]


def test_our_section_resolves_through_makos_lookup_from_the_dashboards_folder(lms_templates, db):
    sections = dashboard_sections()
    section = sections[-1]
    include = section["template_path_prefix"] + section["section_key"] + ".html"
    # Mako's own resolution of an include, relative to the including template.
    assert lms_templates.adjust_uri(include, DASHBOARD_TEMPLATE_URI) == "/instructor_dashboard/orglab.html"
    assert lms_templates.has_template(lms_templates.adjust_uri(include, DASHBOARD_TEMPLATE_URI))
    html = lms_templates.get_template(DASHBOARD_TEMPLATE_URI).render_unicode(sections=sections)
    url = reverse("orglab_reports:dashboard", args=[str(COURSE)])
    assert f'<iframe src="{url}?embedded=1"' in html


# --------------------------------------------------------------------------- xmodule/tabs.py and the course's tabs


def recorded_xmodule_tabs() -> types.SimpleNamespace:
    """xmodule/tabs.py as it declares CourseTab (class attributes, __init__, link_func, is_enabled,
    get/__getitem__) and course_reverse_func."""
    from abc import ABCMeta

    def course_reverse_func(reverse_name):
        return lambda course, reverse_url_func: reverse_url_func(reverse_name, args=[str(course.id)])

    class CourseTab(metaclass=ABCMeta):  # noqa: B024 - as xmodule/tabs.py declares it
        type = ""
        title = None
        body_class = None
        online_help_token = None
        is_hideable = False
        is_hidden = False
        priority = None
        is_movable = False
        is_collection = False
        is_dynamic = False
        is_default = True
        allow_multiple = False
        view_name = None
        course_staff_only = False
        supports_preview_menu = False

        def __init__(self, tab_dict):
            super().__init__()
            self.name = tab_dict.get("name", self.title)
            self.tab_id = tab_dict.get("tab_id", getattr(self, "tab_id", self.type))
            self.course_staff_only = tab_dict.get("course_staff_only", False)
            self.is_hidden = tab_dict.get("is_hidden", False)
            self.tab_dict = tab_dict

        @property
        def link_func(self):
            return self.tab_dict.get("link_func", course_reverse_func(self.view_name))

        @classmethod
        def is_enabled(cls, course, user=None):
            raise NotImplementedError()

        def get(self, key, default=None):
            try:
                return self[key]
            except KeyError:
                return default

        def __getitem__(self, key):
            if hasattr(self, key):
                return getattr(self, key, None)
            raise KeyError(key)

    return types.SimpleNamespace(CourseTab=CourseTab, course_reverse_func=course_reverse_func)


RECORDED_COURSE_TAB_ATTRIBUTES = {  # xmodule/tabs.py CourseTab: name -> type of its value
    "type": str, "title": (str, type(None)), "priority": (int, type(None)), "is_hideable": bool,
    "is_movable": bool, "is_collection": bool, "is_dynamic": bool, "is_default": bool, "allow_multiple": bool,
    "view_name": (str, type(None)), "course_staff_only": bool,
}


def tabs_the_learning_mfe_shows(tab_types, course, user) -> list[dict]:
    """lms/djangoapps/courseware/tabs.py `_get_dynamic_tabs` (tab_type({}), is_enabled(course,
    user=user)), serialized as lms/djangoapps/course_home_api/course_metadata/serializers.py
    CourseTabSerializer does (tab_id; tab.title or tab.get('name', ''); tab.link_func(course, reverse))."""
    shown = []
    for tab_type in tab_types:
        if getattr(tab_type, "is_dynamic", False):
            tab = tab_type({})
            if tab.is_enabled(course, user=user):
                shown.append({"tab_id": tab.tab_id, "title": tab.title or tab.get("name", ""),
                              "url": tab.link_func(course, reverse)})
    return shown


@pytest.fixture
def course_tabs(monkeypatch):
    """orglab_plugin.course_tabs imported as edx-platform's plugin manager imports it (with
    xmodule.tabs present), and forgotten afterwards."""
    recorded = recorded_xmodule_tabs()
    install(monkeypatch, "xmodule.tabs", CourseTab=recorded.CourseTab,
            course_reverse_func=recorded.course_reverse_func)
    roles: dict[str, str] = {}
    install(monkeypatch, MASQUERADE, get_masquerade_role=lambda user, course_key: (
        a_user(user), a_course_key(course_key), roles.get(user.username))[-1])
    check_signature(sys.modules[MASQUERADE].get_masquerade_role, RECORDED_MASQUERADE["get_masquerade_role"],
                    "lms/djangoapps/courseware/masquerade.py")
    sys.modules.pop("orglab_plugin.course_tabs", None)
    module = importlib.import_module("orglab_plugin.course_tabs")
    yield types.SimpleNamespace(module=module, base=recorded.CourseTab, masquerade=roles)
    sys.modules.pop("orglab_plugin.course_tabs", None)
    import orglab_plugin

    if hasattr(orglab_plugin, "course_tabs"):
        delattr(orglab_plugin, "course_tabs")


def entry_points() -> dict[str, list[str]]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "entry_points":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py declares no entry_points")


TAB_CLASSES = ["OrganizerLabDashboardTab", "MyOrganizerLabTab"]


def test_the_tabs_are_registered_under_their_types(course_tabs):
    registered = entry_points()[COURSE_TAB_NAMESPACE]
    assert len(registered) == len(TAB_CLASSES)
    names = []
    for entry in registered:
        name, target = (part.strip() for part in entry.split("="))
        module, attribute = target.split(":")
        tab_type = getattr(importlib.import_module(module), attribute)
        assert name == tab_type.type  # CourseTab.from_json: CourseTabPluginManager.get_plugin(tab_dict['type'])
        names.append(attribute)
    assert sorted(names) == sorted(TAB_CLASSES)


@pytest.mark.parametrize("class_name", TAB_CLASSES)
def test_each_tab_class_is_a_course_tab_with_the_declared_attributes(course_tabs, class_name):
    tab_type = getattr(course_tabs.module, class_name)
    assert issubclass(tab_type, course_tabs.base)
    for name, kind in RECORDED_COURSE_TAB_ATTRIBUTES.items():
        assert isinstance(getattr(tab_type, name), kind), name
    assert tab_type.type and tab_type.title and isinstance(tab_type.priority, int)
    assert tab_type.is_dynamic is True and tab_type.is_default is False  # never saved in the course
    assert isinstance(inspect.getattr_static(tab_type, "is_enabled"), classmethod)
    assert str(inspect.signature(tab_type.is_enabled)) == "(course, user=None)"
    assert "__init__" not in vars(tab_type) or str(inspect.signature(tab_type.__init__)) == "(self, tab_dict)"


def test_staff_see_the_tab_and_it_links_to_the_cohort_dashboard(course_tabs, learner, monkeypatch):
    User = get_user_model()  # noqa: N806
    teacher = User.objects.create_user("teacher", "t@example.org", "x")
    staff = {teacher.pk}

    def is_course_staff(user, course_key):
        a_course_key(course_key)
        return user.pk in staff

    monkeypatch.setattr(compat, "is_course_staff", is_course_staff)
    course = types.SimpleNamespace(id=COURSE)  # a CourseOverview (course_home_api's course_detail)
    tab_type = course_tabs.module.OrganizerLabDashboardTab
    assert tabs_the_learning_mfe_shows([tab_type], course, teacher) == [{
        "tab_id": tab_type.type, "title": "Organizer Lab", "url": f"/orglab/courses/{COURSE}/dashboard/"}]
    assert tabs_the_learning_mfe_shows([tab_type], course, learner) == []
    from django.contrib.auth.models import AnonymousUser

    assert tabs_the_learning_mfe_shows([tab_type], course, AnonymousUser()) == []
    assert tab_type.is_enabled(course) is False  # user=None (xmodule/tabs.py default)
    course_tabs.masquerade["teacher"] = "student"  # "View this course as: Learner"
    assert tabs_the_learning_mfe_shows([tab_type], course, teacher) == []


def test_learners_of_an_organizer_lab_course_see_their_own_tab(course_tabs, learner, monkeypatch, settings):
    """"My Organizer Lab": the learner's own page, shown like the platform's EnrolledTab (enrolled, or
    staff of the course), only in a course that uses the Organizer Lab, titled in their language."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from orglab_plugin import api, outline

    User = get_user_model()  # noqa: N806
    teacher = User.objects.create_user("teacher", "t@example.org", "x")
    stranger = User.objects.create_user("stranger", "s@example.org", "x")
    monkeypatch.setattr(compat, "is_course_staff", lambda user, course_key: (
        a_user(user), a_course_key(course_key), user.pk == teacher.pk)[-1])
    outline.sync_outline(COURSE, [outline.UnitSpec(
        key=COURSE.make_usage_key("chapter", "unit1"), title="Unit 1",
        blocks=[(COURSE.make_usage_key("orglab_worksheet", "w1"), "orglab_worksheet")])], set())
    outline.sync_outline(OTHER_COURSE, [outline.UnitSpec(  # a course of the same site without our blocks
        key=OTHER_COURSE.make_usage_key("chapter", "c1"), title="Chapter 1",
        blocks=[(OTHER_COURSE.make_usage_key("problem", "p1"), "problem")])], set())
    api.enroll(learner, COURSE)
    api.enroll(learner, OTHER_COURSE)
    tab_type = course_tabs.module.MyOrganizerLabTab
    course, other = types.SimpleNamespace(id=COURSE), types.SimpleNamespace(id=OTHER_COURSE)
    mine = {"tab_id": tab_type.type, "title": "My Organizer Lab", "url": f"/orglab/courses/{COURSE}/me/"}
    assert tabs_the_learning_mfe_shows([tab_type], course, learner) == [mine]
    assert tabs_the_learning_mfe_shows([tab_type], course, teacher) == [mine]  # staff, as in EnrolledTab
    assert tabs_the_learning_mfe_shows([tab_type], course, stranger) == []  # neither enrolled nor staff
    assert tabs_the_learning_mfe_shows([tab_type], course, AnonymousUser()) == []
    assert tab_type.is_enabled(course) is False  # user=None (xmodule/tabs.py default)
    assert tabs_the_learning_mfe_shows([tab_type], other, learner) == []  # no Organizer Lab in that course
    # Both tabs together, as the platform lists every dynamic tab: learners get theirs only.
    both = [course_tabs.module.OrganizerLabDashboardTab, tab_type]
    assert [tab["tab_id"] for tab in tabs_the_learning_mfe_shows(both, course, learner)] == [tab_type.type]
    # The course home API translates the title (`_(tab.title)`) with the learner's language.
    with translation.override("es"):
        assert translation.gettext(tab_type.title) == "Mi Organizer Lab"
    # The link is the page the learner then sees.
    from django.test import Client

    client = Client()
    client.force_login(learner)
    assert client.get(mine["url"]).status_code == 200


def test_outside_edx_platform_the_tab_module_does_not_import():
    sys.modules.pop("orglab_plugin.course_tabs", None)
    with pytest.raises(ImportError):
        importlib.import_module("orglab_plugin.course_tabs")


@pytest.mark.parametrize("variant, lms", [("lms", True), ("cms", False), (None, False)])
def test_the_lms_is_told_apart_by_service_variant(settings, variant, lms):
    """lms/envs/common.py: SERVICE_VARIANT = 'lms'; cms/envs/common.py: SERVICE_VARIANT = 'cms'
    (their Celery workers load the same settings); no SERVICE_VARIANT outside edx-platform."""
    if variant is None:
        del settings.SERVICE_VARIANT
    else:
        settings.SERVICE_VARIANT = variant
    assert compat.running_in_lms() is lms
