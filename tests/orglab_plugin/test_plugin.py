"""orglab_plugin: the Submission model and its Python API, the REST API, retirement, and the
plugin as the LMS and Studio load it (edx-django-utils)."""
from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.urls import Resolver404, resolve
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from orglab_plugin import api, handlers
from orglab_plugin.models import Submission

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
BLOCK = COURSE.make_usage_key("orglab_worksheet", "unit1_worksheet")
OTHER_BLOCK = COURSE.make_usage_key("orglab_worksheet", "unit4_worksheet")

pytestmark = pytest.mark.django_db


def record(user, block=BLOCK, **payload):
    return api.record_submission(
        course_key=COURSE, user=user, block_key=block, block_type="orglab_worksheet", payload=payload or {"a": 1}
    )


# ---------------------------------------------------------------- the Python API


def test_versions_count_up_per_learner_and_block(learner, other_learner):
    assert [record(learner).version for _ in range(3)] == [1, 2, 3]
    assert record(other_learner).version == 1
    assert record(learner, OTHER_BLOCK).version == 1
    latest = api.latest_submission(user=learner, block_key=BLOCK)
    assert latest.version == 3 and latest.course_key == COURSE and latest.user_id == learner.pk
    assert [s.version for s in api.submission_history(user=learner, block_key=str(BLOCK))] == [1, 2, 3]
    assert api.latest_submission(user=learner.pk, block_key=COURSE.make_usage_key("orglab_worksheet", "x")) is None


def test_submissions_are_append_only(learner):
    record(learner)
    row = Submission.objects.get()
    row.payload = {"rewritten": True}
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    assert Submission.objects.get().payload == {"a": 1}


def test_bad_submissions_are_refused(learner):
    with pytest.raises(api.SubmissionError, match="not in course"):
        api.record_submission(course_key="course-v1:Other+Course+1", user=learner, block_key=BLOCK,
                              block_type="orglab_worksheet", payload={})
    with pytest.raises(api.SubmissionError, match="JSON object"):
        api.record_submission(course_key=COURSE, user=learner, block_key=BLOCK, block_type="x", payload=[1])
    with pytest.raises(api.SubmissionError, match="too large"):
        record(learner, text="x" * (api.MAX_PAYLOAD_BYTES + 1))
    with pytest.raises(api.SubmissionError, match="no user"):
        record(987654)
    assert not Submission.objects.exists()


def test_course_submissions_streams_a_course(learner, other_learner):
    record(learner)
    record(other_learner, OTHER_BLOCK)
    record(learner, OTHER_BLOCK)
    rows = list(api.course_submissions(course_key=COURSE))
    assert len(rows) == 3
    assert [r.block_key for r in api.course_submissions(course_key=COURSE, user=learner)] == [BLOCK, OTHER_BLOCK]


def test_latest_version_query_uses_an_index(learner):
    record(learner)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM orglab_plugin_submission WHERE course_key=%s AND user_id=%s "
            "AND block_key=%s ORDER BY version DESC LIMIT 1",
            [str(COURSE), learner.pk, str(BLOCK)],
        )
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_both_land_as_consecutive_versions(learner):
    errors = []

    def submit():
        try:
            record(learner)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(Submission.objects.values_list("version", flat=True)) == [1, 2, 3, 4]


def test_retirement_removes_only_that_learners_submissions(learner, other_learner):
    record(learner)
    record(learner, OTHER_BLOCK)
    record(other_learner)
    handlers.retire_user_submissions(sender=None, user=learner)
    assert list(Submission.objects.values_list("user_id", flat=True)) == [other_learner.pk]


def test_every_model_declares_its_pii():
    """OEP-30: every model of our apps says whether it holds personal data, and a model that does
    says how it is retired (the LMS's retirement pipeline reads these annotations)."""
    from django.apps import apps

    models = [model for label in ("orglab_plugin", "orglab_course_export")
              for model in apps.get_app_config(label).get_models()]
    assert len(models) >= 8
    undeclared = [model.__name__ for model in models if not re.search(r"\.\. (no_pii|pii):", model.__doc__ or "")]
    assert undeclared == []
    unretired = [model.__name__ for model in models if ".. pii:" in (model.__doc__ or "")
                 and not re.search(r"\.\. pii_retirement: \w+", model.__doc__)]
    assert unretired == []


# ---------------------------------------------------------------- REST API


URL = "/api/orglab/v1/submissions/"


def test_the_api_needs_a_login():
    response = APIClient().get(URL, {"course_id": str(COURSE)})
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")


def test_a_learner_reads_their_own_submissions(learner, other_learner):
    record(learner)
    record(other_learner, note="not yours")
    client = APIClient()
    client.force_authenticate(learner)
    response = client.get(URL, {"course_id": str(COURSE)})
    assert response.status_code == 200
    assert response.data["count"] == 1
    assert response.data["results"][0]["block_id"] == str(BLOCK)
    assert client.get(URL, {"course_id": str(COURSE), "username": other_learner.username}).status_code == 404


def test_staff_read_a_named_learner(staff, learner):
    from orglab_plugin.models import CourseStaffRole

    record(learner)
    record(learner)
    client = APIClient()
    client.force_authenticate(staff)
    query = {"course_id": str(COURSE), "username": learner.username}
    assert client.get(URL, query).status_code == 404  # Django's is_staff alone is no course role
    CourseStaffRole.objects.create(user=staff, course_key=COURSE)
    client = APIClient()
    client.force_authenticate(staff)
    response = client.get(URL, {"course_id": str(COURSE), "block_id": str(BLOCK), "username": learner.username})
    assert response.status_code == 200
    assert [row["version"] for row in response.data["results"]] == [1, 2]


@pytest.mark.parametrize(
    "params, field",
    [({}, "course_id"), ({"course_id": "not a course"}, "course_id"),
     ({"course_id": str(COURSE), "block_id": "nope"}, "block_id"),
     ({"course_id": "course-v1:Other+Course+1", "block_id": str(BLOCK)}, "block_id")],
)
def test_bad_queries_get_a_400_naming_the_parameter(learner, params, field):
    client = APIClient()
    client.force_authenticate(learner)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.data


# ---------------------------------------------------------------- loading as a plugin


@pytest.fixture
def our_plugins_only(monkeypatch):
    """The registry of installed plugins, filtered to ours (edx-completion's config needs edx-platform)."""
    from edx_django_utils.plugins.registry import DjangoAppRegistry

    original = DjangoAppRegistry.get_available_plugins

    def ours(namespace=None):
        plugins = original(namespace)
        return {name: cls for name, cls in plugins.items() if cls.__module__.split(".")[0] in ("orglab_plugin", "course_export")}

    monkeypatch.setattr(DjangoAppRegistry, "get_available_plugins", classmethod(lambda cls, namespace=None: ours(namespace)))


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_the_platform_loads_our_apps_settings_and_urls(our_plugins_only, project):
    import types

    from edx_django_utils.plugins import add_plugins, get_plugin_apps, get_plugin_url_patterns

    apps = get_plugin_apps(project)
    assert "orglab_plugin.apps.OrgLabPluginConfig" in apps
    assert ("course_export.apps.CourseExportConfig" in apps) == (project == "lms.djangoapp")

    settings_module = types.ModuleType("fake_platform_settings")
    import sys

    sys.modules["fake_platform_settings"] = settings_module
    try:
        add_plugins("fake_platform_settings", project, "common")
        assert settings_module.ORGLAB_API_PAGE_SIZE == 50
        settings_module.ORGLAB_API_PAGE_SIZE = 25  # the YAML's value, as lms/envs/production.py sets it
        add_plugins("fake_platform_settings", project, "production")
        assert settings_module.ORGLAB_API_PAGE_SIZE == 25
    finally:
        del sys.modules["fake_platform_settings"]

    patterns = get_plugin_url_patterns(project)
    ours = [p for p in patterns if getattr(p, "namespace", None) == "orglab"]
    assert len(ours) == 1
    assert ours[0].pattern.regex.pattern == "^"  # the module holds api/orglab/ and orglab/certificates/
    urlconf = types.ModuleType("fake_platform_urls")
    urlconf.urlpatterns = patterns
    match = resolve("/api/orglab/v1/submissions/", urlconf=urlconf)
    assert match.namespace == "orglab" and match.url_name == "submission-list"
    with pytest.raises(Resolver404):
        resolve("/api/orglab/v1/nothing/", urlconf=urlconf)


def test_the_receivers_are_declared_for_the_lms_and_studio():
    from edx_django_utils.plugins.constants import PluginSignals

    from orglab_plugin.apps import OrgLabPluginConfig

    config = OrgLabPluginConfig.plugin_app[PluginSignals.CONFIG]
    receivers = {r[PluginSignals.SIGNAL_PATH]: r for project in config.values() for r in project[PluginSignals.RECEIVERS]}
    retire = receivers["openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_CRITICAL"]
    completion = receivers["django.db.models.signals.post_save"]
    assert completion[PluginSignals.SENDER_PATH] == "completion.models.BlockCompletion"
    publish = receivers["xmodule.modulestore.django.COURSE_PUBLISHED"]  # Studio's (see tests/contracts)
    assert publish[PluginSignals.RECEIVER_FUNC_NAME] == "course_published"
    assert PluginSignals.SENDER_PATH not in publish  # any modulestore class sends it
    assert "openedx_events.content_authoring.signals.COURSE_PUBLISHED" not in receivers  # no such signal
    for receiver in receivers.values():
        assert callable(getattr(handlers, receiver[PluginSignals.RECEIVER_FUNC_NAME]))
    assert retire[PluginSignals.RECEIVER_FUNC_NAME] == "retire_user_submissions"


def test_latest_submissions_of_a_block_in_one_query(learner, other_learner, django_assert_num_queries):
    record(learner, note="v1")
    record(learner, note="v2")
    record(other_learner, note="only")
    record(learner, OTHER_BLOCK, note="elsewhere")
    with django_assert_num_queries(1):
        rows = list(api.latest_submissions(block_key=BLOCK))
    assert [(r.user_id, r.version, r.payload["note"]) for r in rows] == [
        (learner.pk, 2, "v2"), (other_learner.pk, 1, "only")]
