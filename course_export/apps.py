from django.apps import AppConfig


class CourseExportConfig(AppConfig):
    """Instructor reports (LMS). Its reports and dashboard arrive with issue 6."""

    name = "course_export"
    label = "orglab_course_export"
    verbose_name = "Organizer Lab reports"
    plugin_app: dict = {}
