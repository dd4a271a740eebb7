"""What other people build on, listed once: block types and their handlers, URL names and routes,
management commands, Celery task names, settings and the plugin's entry points.

A refactor keeps this file unchanged. A change here is a change of public contract: courses' OLX
(block types), pages already open in learners' browsers (handler names), links and API clients (URL
routes and names), operators' scripts and cron (commands), tasks already queued in Redis (task
names) and operators' YAML (settings).
"""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from types import SimpleNamespace

import pytest
from django.core.management import get_commands
from django.urls import URLPattern, URLResolver

BLOCK_TYPES = {
    "orglab_worksheet": "orglab_xblocks.worksheet.block:WorksheetBlock",
    "orglab_topic_list": "orglab_xblocks.topic_list.block:TopicListBlock",
    "orglab_audience": "orglab_xblocks.audience.block:AudienceBlock",
    "orglab_proposal": "orglab_xblocks.proposal.block:ProposalBlock",
}

HANDLERS = {
    "orglab_worksheet": ["load_draft", "save_draft", "studio_submit", "submit"],
    "orglab_topic_list": ["check_articles", "export", "import_topics", "save_draft", "studio_submit", "submit"],
    "orglab_audience": ["save_draft", "studio_submit", "submit"],
    "orglab_proposal": ["download", "save_draft", "studio_submit", "submit"],
}

URLS = {
    "orglab_plugin.urls": [
        ("api/orglab/v1/submissions/", "submission-list"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/me/$", "my-progress"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/$", "learner-list"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/$", "learner-detail"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/override/$",
         "learner-override"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/certificate/revoke/$",
         "certificate-revoke"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/certificate/reinstate/$",
         "certificate-reinstate"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/policy/$", "course-policy"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/milestones/$", "milestone-list"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/milestones/upload/$", "milestone-upload"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/recompute/$", "course-recompute"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/me/feedback/$", "my-feedback"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/me/feedback/read/$", "my-feedback-read"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/feedback/$", "learner-feedback"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/learners/(?P<username>[^/]+)/signoff/$", "learner-signoff"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/mentoring/queue/$", "mentor-queue"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/mentoring/assignments/$", "mentor-assignment-list"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/mentoring/assignments/upload/$", "mentor-assignment-upload"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/mentoring/assignments/(?P<username>[^/]+)/(?P<mentor>[^/]+)/$",
         "mentor-assignment-detail"),
        ("api/orglab/v1/schema/", "schema"),
        ("orglab/certificates/<uuid:uuid>/", "certificate-verify"),
        ("orglab/certificates/<uuid:uuid>.pdf", "certificate-pdf"),
        ("^orglab/courses/(?P<course_id>[^/]+)/me/$", "my-lab"),
        ("^orglab/courses/(?P<course_id>[^/]+)/review/$", "review-queue"),
        ("^orglab/courses/(?P<course_id>[^/]+)/review/(?P<username>[^/]+)/(?P<block_id>[^/]+)/$", "review-submission"),
    ],
    "course_export.urls": [
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/reports/$", "report-list"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/reports/(?P<job_id>[0-9a-fA-F-]{32,36})/$",
         "report-detail"),
        ("api/orglab/v1/^courses/(?P<course_id>[^/]+)/reports/(?P<job_id>[0-9a-fA-F-]{32,36})/download/$",
         "report-download"),
        ("^orglab/courses/(?P<course_id>[^/]+)/dashboard/$", "dashboard"),
    ],
}

COMMANDS = {
    "orglab_plugin": ["orglab_recompute", "orglab_sync_outline"],
    "course_export": ["orglab_export"],
}

TASKS = ["orglab_course_export.generate_report", "orglab_plugin.recompute_course",
         "orglab_plugin.sync_course_outline"]

SETTINGS = {
    "orglab_plugin.settings.common": [
        "ORGLAB_API_PAGE_SIZE", "ORGLAB_CERTIFICATE_FONT", "ORGLAB_CERTIFICATE_ISSUER",
        "ORGLAB_COURSE_TITLES", "ORGLAB_LMS_CELERY_QUEUE", "ORGLAB_MEDIAWIKI_CHECK_SECONDS",
        "ORGLAB_MEDIAWIKI_CONTACT", "ORGLAB_MEDIAWIKI_TIMEOUT", "ORGLAB_MENTOR_COURSE_ROLES",
        "ORGLAB_MENTOR_EMAILS", "ORGLAB_REVIEW_QUEUE_LIMIT", "ORGLAB_RUN_TASKS_EAGERLY",
    ],
    "course_export.settings.common": [
        "ORGLAB_INSTRUCTOR_DASHBOARD_TAB", "ORGLAB_REPORTS_IN_THREAD", "ORGLAB_REPORTS_PII_FIELDS",
        "ORGLAB_REPORTS_STALE_MINUTES", "ORGLAB_REPORTS_STORAGE",
    ],
}

ENTRY_POINTS = {
    "lms.djangoapp": {"orglab_plugin": "orglab_plugin.apps:OrgLabPluginConfig",
                      "orglab_course_export": "course_export.apps:CourseExportConfig"},
    "cms.djangoapp": {"orglab_plugin": "orglab_plugin.apps:OrgLabPluginConfig"},
    "openedx.course_tab": {"orglab_dashboard": "orglab_plugin.course_tabs:OrganizerLabDashboardTab",
                           "orglab_my_lab": "orglab_plugin.course_tabs:MyOrganizerLabTab"},
}


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def test_the_block_types_are_the_installed_entry_points():
    installed = {ep.name: ep.value for ep in entry_points(group="xblock.v1") if ep.name.startswith("orglab_")}
    assert installed == BLOCK_TYPES


@pytest.mark.parametrize("block_type", sorted(BLOCK_TYPES))
def test_each_block_keeps_its_handlers(block_type):
    module, _, name = BLOCK_TYPES[block_type].partition(":")
    cls = getattr(importlib.import_module(module), name)
    handlers = sorted(attr for attr in dir(cls) if getattr(getattr(cls, attr, None), "_is_xblock_handler", False))
    assert handlers == sorted(HANDLERS[block_type])


@pytest.mark.parametrize("urlconf", sorted(URLS))
def test_each_url_keeps_its_route_and_name(urlconf):
    assert list(_routes(importlib.import_module(urlconf).urlpatterns)) == URLS[urlconf]


def test_the_management_commands_are_the_same():
    commands = get_commands()
    ours = {app: sorted(name for name, owner in commands.items() if owner == app) for app in COMMANDS}
    assert ours == COMMANDS


def test_the_celery_task_names_are_the_same():
    from celery import current_app

    importlib.import_module("orglab_plugin.tasks")
    importlib.import_module("course_export.tasks")
    assert sorted(name for name in current_app.tasks if name.startswith("orglab")) == TASKS


@pytest.mark.parametrize("module", sorted(SETTINGS))
def test_each_app_gives_the_same_settings_their_defaults(module):
    site = SimpleNamespace()
    importlib.import_module(module).plugin_settings(site)
    assert sorted(name for name in vars(site) if name.startswith("ORGLAB_")) == SETTINGS[module]


def test_the_plugin_entry_points_are_the_same():
    for group, expected in ENTRY_POINTS.items():
        installed = {ep.name: ep.value for ep in entry_points(group=group) if ep.name.startswith("orglab_")}
        assert installed == expected, group
