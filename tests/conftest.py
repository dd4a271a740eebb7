"""Shared fixtures: users, the devsite runtime with the demo course loaded, handler calls."""
from __future__ import annotations

import copy
import importlib
import json

import pytest
import webob
from django.conf import settings
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from waffle.models import Switch
from workbench.models import XBlockState

from devsite import scenarios as devsite_scenarios
from devsite.runtime import ID_MANAGER, DevsiteRuntime
from devsite.scenarios import forget_scenarios, get_scenarios

# Property tests say what the code does, not how fast it does it (speed lives in `make bench`), and
# CI is green on every run: no per-example deadline (a loaded machine made examples "too slow") and
# the same examples every run. To explore with fresh random examples: --hypothesis-profile=explore.
hypothesis_settings.register_profile("orglab", deadline=None, derandomize=True, database=None)
hypothesis_settings.register_profile("explore", deadline=None, max_examples=2000)
hypothesis_settings.load_profile("orglab")

COURSE = "course-v1:Wikimedia+OrgLab+2026"

_parse_demo_course = devsite_scenarios.init_scenarios


class _DemoCourseCopy:
    """What `init_scenarios()` leaves behind when no authored content is stored yet: the
    content's `XBlockState` rows and the in-memory ids and scenarios. Parsing the OLX costs
    ~0.2 s; writing these back costs a few ms, with the same rows and the same ids."""

    rows: list[dict] | None = None
    memory: dict | None = None


def load_demo_course() -> None:
    """`init_scenarios()` for tests: the first load in an empty database parses the OLX and is
    kept; later loads into a database without authored content write that copy back. Any other
    case (authored content already stored, e.g. a test's second load) parses the OLX as before."""
    content = XBlockState.objects.filter(user_id__isnull=True)
    if content.exists() or _DemoCourseCopy.rows is None:
        first = not content.exists()
        _parse_demo_course()
        if first and _DemoCourseCopy.rows is None:
            _DemoCourseCopy.rows = [
                {name: value for name, value in row.items() if name not in ("id", "created")}
                for row in content.order_by("id").values()
            ]
            _DemoCourseCopy.memory = {
                "ids": copy.deepcopy(vars(ID_MANAGER)),
                "scenarios": dict(devsite_scenarios._SCENARIOS),  # pylint: disable=protected-access
                "blocks": dict(devsite_scenarios._BLOCK_SCENARIO),  # pylint: disable=protected-access
            }
        return
    now = timezone.now()
    XBlockState.objects.bulk_create(XBlockState(created=now, **row) for row in _DemoCourseCopy.rows)
    for name, value in copy.deepcopy(_DemoCourseCopy.memory["ids"]).items():
        setattr(ID_MANAGER, name, value)
    devsite_scenarios._SCENARIOS.clear()  # pylint: disable=protected-access
    devsite_scenarios._SCENARIOS.update(_DemoCourseCopy.memory["scenarios"])  # pylint: disable=protected-access
    devsite_scenarios._BLOCK_SCENARIO.clear()  # pylint: disable=protected-access
    devsite_scenarios._BLOCK_SCENARIO.update(_DemoCourseCopy.memory["blocks"])  # pylint: disable=protected-access


# What the migrations put in the database besides tables: a transactional test (live server,
# threads, Celery worker) ends with the database flushed, and the next test gets it back.
_MIGRATIONS_DATA = importlib.import_module("devsite.migrations.0001_enable_completion_tracking")
_FLUSHING_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction", marker.args[0] if marker.args else False):
        return True
    return bool(_FLUSHING_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is not None and _flushes_the_database(item):  # after the last test, the database is gone
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _MIGRATIONS_DATA.enable(apps, None)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: waffle keeps a switch's value in Django's cache and
    edx-toggles in the request cache, and a test's rolled-back switch must not reach the next test
    (which test runs next depends on how pytest-xdist shares the files out)."""
    from django.core.cache import caches
    from edx_django_utils.cache import RequestCache

    for cache in caches.all():
        cache.clear()
    RequestCache.clear_all_namespaces()
    yield


@pytest.fixture(autouse=True)
def _settings_language():
    """Each test starts and ends in the site's language: a request in Spanish through the test
    client leaves Spanish active in this thread, and the next test's messages would be Spanish."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_scenarios(monkeypatch):
    """The demo course's authored content lives in the database, which each test gets anew;
    the devsite's lazy load (`get_scenarios()`) goes through `load_demo_course`."""
    monkeypatch.setattr(devsite_scenarios, "init_scenarios", load_demo_course)
    forget_scenarios()
    yield
    forget_scenarios()


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("learner1", "learner1@example.org", "orglab-dev")


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user("learner2", "learner2@example.org", "orglab-dev")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", "staff@example.org", "orglab-dev", is_staff=True)


@pytest.fixture
def completion_on(db):
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})


@pytest.fixture
def scenarios(db):
    load_demo_course()
    return get_scenarios()


@pytest.fixture
def load_block(scenarios):
    """`load_block(user, "unit1_worksheet")`: a block of the demo course in a real DevsiteRuntime."""

    def load(user, url_name: str, block_type: str = "orglab_worksheet"):
        from devsite.runtime import course_key

        runtime = DevsiteRuntime(user)
        return runtime.get_block(course_key().make_usage_key(block_type, url_name))

    return load


def call(block, handler: str, body, method: str = "POST"):
    """Call a handler the way the devsite's view does; returns (status, decoded JSON)."""
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    request = webob.Request.blank("/", method=method, body=raw.encode("utf-8") if isinstance(raw, str) else raw)
    request.content_type = "application/json"
    response = block.runtime.handle(block, handler, request)
    try:
        data = json.loads(response.body.decode("utf-8"))
    except ValueError:
        data = None
    return response.status_code, data
