"""Settings of course_export (edx-django-utils calls plugin_settings in the LMS and the devsite).

Order in the LMS (lms/envs/common.py, then lms/envs/production.py): this `common` stage runs first,
called by lms/envs/common.py; production.py then loads the YAML file (every key becomes a setting of
that name, replacing what was there, `OPEN_EDX_FILTERS_CONFIG` included) and only then runs the
`production` stage (`add_plugins(__name__, ProjectType.LMS, SettingsType.PRODUCTION)`). So the tab's
filter step is registered here (for sites without a production stage, like the devsite) and again,
merged into whatever the YAML left, in `settings/production.py`, where the YAML's
`ORGLAB_INSTRUCTOR_DASHBOARD_TAB` is also known.
"""
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

    register_dashboard_tab(settings)
    mako_dirs = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    if isinstance(mako_dirs, list) and TEMPLATES not in mako_dirs:
        mako_dirs.append(TEMPLATES)


def register_dashboard_tab(settings) -> None:
    """Make `OPEN_EDX_FILTERS_CONFIG` run our step in the instructor dashboard's filter when
    `ORGLAB_INSTRUCTOR_DASHBOARD_TAB` is on, and not run it when it is off, keeping every other
    filter, step and option a site configured. The setting's dicts and lists are copied, never
    changed in place: they may be the YAML's own objects or another plugin's."""
    enabled = bool(getattr(settings, "ORGLAB_INSTRUCTOR_DASHBOARD_TAB", True))
    current = getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None)
    if current is None and not enabled:
        return
    filters = dict(current or {})
    config = dict(filters.get(FILTER) or {})
    pipeline = list(config.get("pipeline") or [])
    if enabled:
        if STEP not in pipeline:  # where it already is (this runs twice in the LMS), it stays
            pipeline.append(STEP)
        config.setdefault("fail_silently", True)
    elif STEP in pipeline:
        pipeline = [step for step in pipeline if step != STEP]
    else:
        return
    config["pipeline"] = pipeline
    filters[FILTER] = config
    settings.OPEN_EDX_FILTERS_CONFIG = filters


def dashboard_tab_registered(settings) -> bool:
    """Whether `OPEN_EDX_FILTERS_CONFIG` runs our step (what openedx-filters will read)."""
    filters = getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None) or {}
    return STEP in ((filters.get(FILTER) or {}).get("pipeline") or [])
