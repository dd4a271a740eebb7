"""course_export: instructor reports and the cohort dashboard for the Organizer Lab (LMS only)."""
from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginURLs

CHECK_TAG = "orglab"
TAB_NOT_REGISTERED = "orglab.W101"


def dashboard_tab_check(app_configs=None, **kwargs):  # pylint: disable=unused-argument
    """Warn when the Organizer Lab tab is on but `OPEN_EDX_FILTERS_CONFIG` no longer runs its step:
    a settings file that runs after the plugins' production stage replaced the setting (Tutor's
    `openedx-lms-production-settings` and `openedx-lms-common-settings` patches are written after
    `from lms.envs.production import *`)."""
    from django.conf import settings
    from django.core.checks import Warning as CheckWarning

    from .settings.common import FILTER, STEP, dashboard_tab_registered

    if not getattr(settings, "ORGLAB_INSTRUCTOR_DASHBOARD_TAB", True) or dashboard_tab_registered(settings):
        return []
    return [CheckWarning(
        "ORGLAB_INSTRUCTOR_DASHBOARD_TAB is on, but OPEN_EDX_FILTERS_CONFIG does not run "
        f"{STEP} for {FILTER}: a settings file loaded after the plugins replaced the setting.",
        hint=f'Add "{STEP}" to the pipeline of "{FILTER}" where OPEN_EDX_FILTERS_CONFIG is set, or set '
             "it in the LMS's YAML file (the plugin adds its step back to a YAML value).",
        id=TAB_NOT_REGISTERED,
    )]


class CourseExportConfig(AppConfig):
    """Instructor reports (streamed, run as Celery tasks) and the cohort dashboard, in the LMS."""

    name = "course_export"
    label = "orglab_course_export"
    verbose_name = "Organizer Lab reports"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "orglab_reports",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
        PluginSettings.CONFIG: {
            "lms.djangoapp": {
                # "common" from lms/envs/common.py (before the YAML), "production" from
                # lms/envs/production.py (after it): see settings/common.py.
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            },
        },
    }

    def ready(self):
        from django.core import checks

        checks.register(dashboard_tab_check, CHECK_TAG)
