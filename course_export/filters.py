"""The legacy instructor dashboard's Organizer Lab section (openedx-filters `InstructorDashboardRenderStarted`).

The LMS runs this step while it renders its (legacy) instructor dashboard; it adds a section that
shows orglab's cohort dashboard (embedded) to the course's staff. On current releases that page
redirects to the Instructor Dashboard MFE before the filter runs, unless the waffle flag
`instructor.legacy_instructor_dashboard` is on (`lms/djangoapps/instructor/views/instructor_dashboard.py`);
there, staff reach the cohort dashboard through the course's "Organizer Lab" tab
(`orglab_plugin.course_tabs`).

The dashboard's Mako template includes each section as
`<%include file="${ section_data.get('template_path_prefix', '') }${ section_data['section_key'] }.html" .../>`
(`lms/templates/instructor/instructor_dashboard_2/instructor_dashboard_2.html`). Mako resolves a
relative `file` against the including template's folder (`instructor/instructor_dashboard_2/`), so
the prefix is absolute, "/instructor_dashboard/", as other platform plugins give it
(`platform_plugin_aspects/extensions/filters.py`): the LMS then finds
`instructor_dashboard/orglab.html` in course_export's templates folder, which its settings add to
the LMS's Mako folders.

The step never breaks the platform's page: whatever goes wrong in it is logged and the context is
returned as it came.
"""
from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep
from web_fragments.fragment import Fragment

log = logging.getLogger(__name__)

SECTION_KEY = "orglab"
# Absolute: Mako would resolve "instructor_dashboard/" against instructor/instructor_dashboard_2/.
TEMPLATE_PREFIX = "/instructor_dashboard/"


class AddOrgLabDashboardTab(PipelineStep):
    """Add the "Organizer Lab" section to the instructor dashboard of every course."""

    def run_filter(self, context, template_name):  # pylint: disable=arguments-differ
        unchanged = {"context": context, "template_name": template_name}
        try:
            section = self._section(context)
        except Exception:  # noqa: BLE001 - the platform's page must render whatever happens here
            log.exception("orglab: could not add the Organizer Lab section to the instructor dashboard")
            return unchanged
        if section is not None:
            context["sections"].append(section)
        return unchanged

    @staticmethod
    def _section(context) -> dict | None:
        """Our section for this dashboard's course, or None when there is none to add."""
        if not isinstance(context, dict):
            return None
        course = context.get("course")
        course_key = getattr(course, "id", None) or context.get("course_id")
        if course_key is None or not isinstance(context.get("sections"), list):
            return None
        try:
            url = reverse("orglab_reports:dashboard", args=[str(course_key)])
        except NoReverseMatch:
            return None
        html = render_to_string("course_export/instructor_tab.html", {"url": url})
        return {
            "section_key": SECTION_KEY,
            "section_display_name": _("Organizer Lab"),
            "course_id": str(course_key),
            "template_path_prefix": TEMPLATE_PREFIX,
            "fragment": Fragment(html),
            "dashboard_url": url,
        }
