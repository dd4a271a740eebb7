"""Settings of course_export (edx-django-utils calls plugin_settings in the LMS and the devsite)."""
from __future__ import annotations

from pathlib import Path

FILTER = "org.openedx.learning.instructor.dashboard.render.started.v1"
STEP = "course_export.filters.AddOrgLabDashboardTab"
TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")


def plugin_settings(settings) -> None:
    """Give course_export's settings their defaults (a site's own values win), add the instructor
    dashboard's Organizer Lab tab to the openedx-filters pipeline and our Mako templates to the LMS's."""
    defaults = {
        # What reports may name learners by; staff choose among these for each report.
        "ORGLAB_REPORTS_PII_FIELDS": ["username", "full_name", "email"],
        # Where report files go: "auto" (the LMS's report store, listed in the instructor dashboard's
        # Data Download section, when there is one; Django's default storage otherwise) or "django".
        "ORGLAB_REPORTS_STORAGE": "auto",
        # A queued or running report that shows no progress for this long is taken as dead.
        "ORGLAB_REPORTS_STALE_MINUTES": 60,
        # With ORGLAB_RUN_TASKS_EAGERLY (the devsite): run reports in a thread instead of in the request.
        "ORGLAB_REPORTS_IN_THREAD": False,
        # Add the Organizer Lab tab to the LMS's instructor dashboard.
        "ORGLAB_INSTRUCTOR_DASHBOARD_TAB": True,
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)

    if settings.ORGLAB_INSTRUCTOR_DASHBOARD_TAB:
        filters = getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None)
        if filters is None:
            filters = settings.OPEN_EDX_FILTERS_CONFIG = {}
        config = filters.setdefault(FILTER, {"fail_silently": True, "pipeline": []})
        pipeline = config.setdefault("pipeline", [])
        if STEP not in pipeline:
            pipeline.append(STEP)
    mako_dirs = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    if isinstance(mako_dirs, list) and TEMPLATES not in mako_dirs:
        mako_dirs.append(TEMPLATES)
