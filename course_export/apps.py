"""course_export: instructor reports and the cohort dashboard for the Organizer Lab (LMS only)."""
from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginURLs


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
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            },
        },
    }
