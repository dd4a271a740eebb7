"""Contracts with edx-platform that orglab relies on: every fact below was read from edx-platform's
own source (github.com/openedx/openedx-platform, and edx-completion for its switch) and names the
file it lives in. edx-platform is not installed here, so where orglab must import a platform
module the test puts a stand-in of exactly that name in `sys.modules` and drives orglab through the
real edx-django-utils code the platform runs (`connect_plugin_receivers`, `add_plugins`)."""
from __future__ import annotations

import sys
import types

import pytest
from django.dispatch import Signal
from django.utils.module_loading import import_string
from edx_django_utils.plugins import add_plugins, connect_plugin_receivers
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals
from edx_django_utils.plugins.registry import DjangoAppRegistry
from opaque_keys.edx.keys import CourseKey

from course_export.apps import CourseExportConfig
from course_export.settings.common import FILTER, STEP
from orglab_plugin.apps import OrgLabPluginConfig

OUR_APPS = (OrgLabPluginConfig, CourseExportConfig)
PROJECTS = ("lms.djangoapp", "cms.djangoapp")  # openedx/core/djangoapps/plugins/constants.py ProjectType

# edx-platform's signals that orglab's plugin configs connect: (dotted path, the edx-platform file
# that defines it, what that file says about it).
PLATFORM_SIGNALS = [
    ("xmodule.modulestore.django.COURSE_PUBLISHED", "xmodule/modulestore/django.py",
     "COURSE_PUBLISHED is SignalHandler.course_published = SwitchedSignal('course_published'), exported "
     "at module level by globals().update({sig.name.upper(): sig ...}); SignalHandler.send() calls "
     "signal.send_robust(sender=self.modulestore_class, course_key=...)"),
    ("openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_CRITICAL",
     "openedx/core/djangoapps/user_api/accounts/signals.py",
     "USER_RETIRE_LMS_CRITICAL = Signal(); providing_args=['user', 'retired_username', 'retired_email']"),
]
PLATFORM_SIGNAL_PATHS = {path for path, _file, _what in PLATFORM_SIGNALS}

# The order in which the LMS applies settings, and the YAML keys it merges instead of replacing
# (every other YAML key replaces the setting of that name wholesale).
LMS_SETTINGS_ORDER = [
    ("lms/envs/common.py", "add_plugins(__name__, ProjectType.LMS, SettingsType.COMMON)"),
    ("lms/envs/production.py", "vars().update({key: value for key, value in _YAML_TOKENS.items() "
                               "if key not in [...]})"),
    ("lms/envs/production.py", "ENV_TOKENS = _YAML_TOKENS; add_plugins(__name__, ProjectType.LMS, "
                               "SettingsType.PRODUCTION)"),
]
YAML_KEYS_NOT_REPLACED = (  # lms/envs/production.py, the list in the vars().update(...) above
    "FEATURES", "TRACKING_BACKENDS", "EVENT_TRACKING_BACKENDS", "JWT_AUTH", "CELERY_QUEUES",
    "REST_FRAMEWORK", "EVENT_BUS_PRODUCER_CONFIG", "DEFAULT_FILE_STORAGE", "STATICFILES_STORAGE",
)

# Celery queues: (queue, the edx-platform file that names it, how).
PLATFORM_QUEUES = {
    "lms": ("edx.lms.core.default", "lms/envs/common.py",
            "SERVICE_VARIANT = 'lms'; DEFAULT_PRIORITY_QUEUE = f'edx.{SERVICE_VARIANT}.core.default' "
            "(openedx/envs/common.py: CELERY_DEFAULT_QUEUE derived from DEFAULT_PRIORITY_QUEUE)"),
    "cms": ("edx.cms.core.default", "cms/envs/common.py",
            "SERVICE_VARIANT = 'cms'; DEFAULT_PRIORITY_QUEUE = f'edx.{SERVICE_VARIANT}.core.default'"),
}

# edx-completion's switch: (name, file in openedx/edx-completion).
COMPLETION_SWITCH = ("completion.enable_completion_tracking", "completion/waffle.py")


def _receivers():
    for app in OUR_APPS:
        for project, config in app.plugin_app.get(PluginSignals.CONFIG, {}).items():
            for receiver in config.get(PluginSignals.RECEIVERS, []):
                yield pytest.param(app, project, config, receiver,
                                   id=f"{app.name}-{project}-{receiver[PluginSignals.RECEIVER_FUNC_NAME]}")


RECEIVERS = list(_receivers())


def _importable(path: str) -> bool:
    try:
        import_string(path)
    except ImportError:
        return False
    return True


@pytest.fixture
def our_plugins_only(monkeypatch):
    """edx-django-utils' registry of installed plugins, narrowed to ours (edx-completion's own
    config connects a signal of edx-platform's grades app, which is not installed here)."""
    original = DjangoAppRegistry.get_available_plugins

    def ours(cls, namespace=None):
        return {name: plugin for name, plugin in original(namespace).items() if plugin in OUR_APPS}

    monkeypatch.setattr(DjangoAppRegistry, "get_available_plugins", classmethod(ours))


@pytest.fixture
def platform_signal_modules(monkeypatch):
    """Stand-ins for edx-platform's signal modules, under their real names: {path: Signal}."""
    signals = {}
    for path, _file, _what in PLATFORM_SIGNALS:
        module_path, name = path.rsplit(".", 1)
        parts = module_path.split(".")
        for depth in range(1, len(parts) + 1):
            package = ".".join(parts[:depth])
            if package not in sys.modules:
                monkeypatch.setitem(sys.modules, package, types.ModuleType(package))
        signals[path] = Signal()
        monkeypatch.setattr(sys.modules[module_path], name, signals[path], raising=False)
    return signals


# ---------------------------------------------------------------- signals


def test_our_configs_connect_the_receivers_orglab_needs():
    paths = {(project, receiver[PluginSignals.SIGNAL_PATH]) for _app, project, _config, receiver in
             (param.values for param in RECEIVERS)}
    assert ("cms.djangoapp", "xmodule.modulestore.django.COURSE_PUBLISHED") in paths
    assert ("lms.djangoapp", "django.db.models.signals.post_save") in paths
    assert ("lms.djangoapp", "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_CRITICAL") in paths


@pytest.mark.parametrize("path, file, what", PLATFORM_SIGNALS, ids=[p for p, _f, _w in PLATFORM_SIGNALS])
def test_each_platform_signal_is_named_after_the_file_that_defines_it(path, file, what):
    assert path.rsplit(".", 1)[0].replace(".", "/") + ".py" == file
    assert path.rsplit(".", 1)[1] in what


@pytest.mark.parametrize("app, project, config, receiver", RECEIVERS)
def test_every_signal_and_sender_imports_here_or_is_a_real_platform_signal(app, project, config, receiver):
    signal_path = receiver[PluginSignals.SIGNAL_PATH]
    if signal_path not in PLATFORM_SIGNAL_PATHS:
        assert _importable(signal_path), f"{signal_path} is neither importable nor one of edx-platform's signals"
        assert isinstance(import_string(signal_path), Signal)
    sender_path = receiver.get(PluginSignals.SENDER_PATH)
    if sender_path is not None:
        assert sender_path in PLATFORM_SIGNAL_PATHS or _importable(sender_path), sender_path
    module = import_string(f"{app.name}.{config.get(PluginSignals.RELATIVE_PATH, PluginSignals.DEFAULT_RELATIVE_PATH)}")
    assert callable(getattr(module, receiver[PluginSignals.RECEIVER_FUNC_NAME]))


@pytest.mark.parametrize("project", PROJECTS)
def test_edx_django_utils_connects_every_receiver_with_the_platforms_signals(
        project, our_plugins_only, platform_signal_modules):
    """What edx-platform's PluginsConfig.ready() does (openedx/core/djangoapps/plugins/apps.py):
    connect_plugin_receivers(project_type), which imports every signal path at boot."""
    connect_plugin_receivers(project)
    expected = [(path, receiver) for _app, proj, _config, receiver in (p.values for p in RECEIVERS)
                if proj == project for path in [receiver[PluginSignals.SIGNAL_PATH]] if path in PLATFORM_SIGNAL_PATHS]
    assert expected
    for path, receiver in expected:
        signal = platform_signal_modules[path]
        assert signal.has_listeners(), path
        signal.disconnect(dispatch_uid=receiver[PluginSignals.DISPATCH_UID])


@pytest.mark.django_db
def test_studio_s_publish_signal_reaches_our_receiver_and_schedules_only_after_commit(
        our_plugins_only, platform_signal_modules, monkeypatch, settings, django_capture_on_commit_callbacks):
    from orglab_plugin import tasks

    settings.ORGLAB_RUN_TASKS_EAGERLY = False
    queued = []
    monkeypatch.setattr(tasks, "sync_course_outline_task", types.SimpleNamespace(delay=queued.append))
    connect_plugin_receivers("cms.djangoapp")
    signal = platform_signal_modules["xmodule.modulestore.django.COURSE_PUBLISHED"]
    course_key = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")

    class DraftVersioningModuleStore:  # the sender edx-platform passes: the modulestore's class
        pass

    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            responses = signal.send_robust(sender=DraftVersioningModuleStore, course_key=course_key)
        assert [type(response) for _receiver, response in responses] == [type(None)]  # ours, and no error
        assert queued == [] and len(callbacks) == 1  # nothing queued before the transaction commits
        callbacks[0]()
        assert queued == [str(course_key)]
    finally:
        signal.disconnect(dispatch_uid="orglab_plugin.handlers.course_published")


@pytest.mark.django_db
def test_the_retirement_signal_as_the_platform_sends_it(our_plugins_only, platform_signal_modules, learner):
    from orglab_plugin import api
    from orglab_plugin.models import Submission

    course = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
    api.record_submission(course_key=course, user=learner, block_key=course.make_usage_key("orglab_worksheet", "w"),
                          block_type="orglab_worksheet", payload={"a": 1})
    connect_plugin_receivers("lms.djangoapp")
    signal = platform_signal_modules["openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_CRITICAL"]
    try:
        signal.send(sender=None, user=learner, retired_username="retired__user_x",
                    retired_email="retired__user_x@retired.invalid")
    finally:
        signal.disconnect(dispatch_uid="orglab_plugin.handlers.retire_user_submissions")
    assert not Submission.objects.filter(user=learner).exists()


# ---------------------------------------------------------------- settings, in the LMS's order


class NoEnvTokens(dict):
    """edx-platform keeps ENV_TOKENS (= the YAML) only for old plugins (lms/envs/production.py:
    'Please do not add new references to these dicts!'); orglab's settings must not read it."""

    def _refuse(self, *args, **kwargs):
        raise AssertionError("a plugin setting read ENV_TOKENS")

    __getitem__ = get = __contains__ = __iter__ = keys = items = values = _refuse


def _lms_settings(yaml: dict, name: str = "fake_lms_settings") -> types.ModuleType:
    """Apply our plugins' settings to a settings module the way the LMS does (LMS_SETTINGS_ORDER)."""
    module = types.ModuleType(name)
    module.MAKO_TEMPLATE_DIRS_BASE = []
    steps = {
        LMS_SETTINGS_ORDER[0]: lambda: add_plugins(name, "lms.djangoapp", "common"),
        LMS_SETTINGS_ORDER[1]: lambda: vars(module).update(
            {key: value for key, value in yaml.items() if key not in YAML_KEYS_NOT_REPLACED}),
        LMS_SETTINGS_ORDER[2]: lambda: (setattr(module, "ENV_TOKENS", NoEnvTokens(yaml)),
                                        add_plugins(name, "lms.djangoapp", "production")),
    }
    sys.modules[name] = module
    try:
        for step in LMS_SETTINGS_ORDER:
            steps[step]()
    finally:
        del sys.modules[name]
    return module


def _pipeline(module) -> list[str]:
    return module.OPEN_EDX_FILTERS_CONFIG[FILTER]["pipeline"]


def test_yaml_replaces_open_edx_filters_config_wholesale():
    """Why the step has to be added again after the YAML: the LMS does not merge this setting."""
    assert "OPEN_EDX_FILTERS_CONFIG" not in YAML_KEYS_NOT_REPLACED


def test_without_yaml_the_lms_runs_our_step(our_plugins_only):
    module = _lms_settings({})
    assert _pipeline(module) == [STEP]


def test_a_yaml_filters_config_keeps_its_pipelines_and_gets_our_step(our_plugins_only):
    theirs = {
        FILTER: {"fail_silently": False, "pipeline": ["another_plugin.steps.TheirTab"]},
        "org.openedx.learning.course.enrollment.started.v1": {"fail_silently": False,
                                                             "pipeline": ["another_plugin.steps.Gate"]},
    }
    module = _lms_settings({"OPEN_EDX_FILTERS_CONFIG": theirs, "ORGLAB_API_PAGE_SIZE": 25})
    assert _pipeline(module) == ["another_plugin.steps.TheirTab", STEP]
    assert module.OPEN_EDX_FILTERS_CONFIG[FILTER]["fail_silently"] is False
    assert module.OPEN_EDX_FILTERS_CONFIG["org.openedx.learning.course.enrollment.started.v1"] == {
        "fail_silently": False, "pipeline": ["another_plugin.steps.Gate"]}
    assert theirs[FILTER]["pipeline"] == ["another_plugin.steps.TheirTab"]  # the YAML's own objects untouched
    assert module.ORGLAB_API_PAGE_SIZE == 25  # a YAML ORGLAB_* value is the setting


def test_the_yaml_toggle_off_removes_our_step_and_nothing_else(our_plugins_only):
    module = _lms_settings({"ORGLAB_INSTRUCTOR_DASHBOARD_TAB": False})
    assert STEP not in _pipeline(module)
    module = _lms_settings({"ORGLAB_INSTRUCTOR_DASHBOARD_TAB": False, "OPEN_EDX_FILTERS_CONFIG": {
        FILTER: {"fail_silently": True, "pipeline": ["another_plugin.steps.TheirTab"]}}})
    assert _pipeline(module) == ["another_plugin.steps.TheirTab"]


def test_the_yaml_toggle_on_again_registers_once(our_plugins_only):
    module = _lms_settings({"ORGLAB_INSTRUCTOR_DASHBOARD_TAB": True, "OPEN_EDX_FILTERS_CONFIG": {
        FILTER: {"pipeline": [STEP, "another_plugin.steps.TheirTab"]}}})
    assert _pipeline(module) == [STEP, "another_plugin.steps.TheirTab"]


@pytest.mark.parametrize("project", PROJECTS)
def test_every_settings_stage_we_declare_is_one_the_platform_runs(project, our_plugins_only):
    """openedx/core/djangoapps/plugins/constants.py SettingsType: production, common, devstack, test."""
    declared = {stage for app in OUR_APPS
                for stage in app.plugin_app.get(PluginSettings.CONFIG, {}).get(project, {})}
    assert declared and declared <= {"production", "common", "devstack", "test"}
    module = types.ModuleType(f"fake_{project.split('.')[0]}_settings")
    module.ENV_TOKENS = NoEnvTokens({"ORGLAB_API_PAGE_SIZE": 25})
    sys.modules[module.__name__] = module
    try:
        for stage in ("common", "production"):
            add_plugins(module.__name__, project, stage)
    finally:
        del sys.modules[module.__name__]
    assert module.ORGLAB_API_PAGE_SIZE == 50  # the default: ENV_TOKENS is not a source of settings


def test_a_later_settings_file_that_drops_our_step_is_reported(settings):
    from course_export.apps import TAB_NOT_REGISTERED, dashboard_tab_check

    assert STEP in settings.OPEN_EDX_FILTERS_CONFIG[FILTER]["pipeline"]
    assert dashboard_tab_check() == []
    settings.OPEN_EDX_FILTERS_CONFIG = {FILTER: {"pipeline": ["another_plugin.steps.TheirTab"]}}
    assert [warning.id for warning in dashboard_tab_check()] == [TAB_NOT_REGISTERED]
    settings.ORGLAB_INSTRUCTOR_DASHBOARD_TAB = False
    assert dashboard_tab_check() == []


# ---------------------------------------------------------------- Celery queues, completion switch


def test_recomputes_go_to_the_lms_default_queue_by_default(settings):
    from orglab_plugin.settings.common import LMS_DEFAULT_QUEUE
    from orglab_plugin.tasks import lms_queue

    assert LMS_DEFAULT_QUEUE == PLATFORM_QUEUES["lms"][0] != PLATFORM_QUEUES["cms"][0]
    module = types.SimpleNamespace()
    from orglab_plugin.settings.common import plugin_settings

    plugin_settings(module)
    assert module.ORGLAB_LMS_CELERY_QUEUE == PLATFORM_QUEUES["lms"][0]
    del settings.ORGLAB_LMS_CELERY_QUEUE
    assert lms_queue() == PLATFORM_QUEUES["lms"][0]
    settings.ORGLAB_LMS_CELERY_QUEUE = "edx.lms.core.orglab"
    assert lms_queue() == "edx.lms.core.orglab"


def test_the_completion_switch_is_edx_completions():
    from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH

    assert ENABLE_COMPLETION_TRACKING_SWITCH.name == COMPLETION_SWITCH[0]
    assert ENABLE_COMPLETION_TRACKING_SWITCH.module_name == COMPLETION_SWITCH[1].removesuffix(".py").replace("/", ".")
