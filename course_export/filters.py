"""The instructor dashboard's Organizer Lab tab (openedx-filters `InstructorDashboardRenderStarted`).

The LMS runs this step while it renders its instructor dashboard; it adds a section that shows
orglab's cohort dashboard (embedded) to the course's staff. The LMS renders a section with the Mako
template `instructor_dashboard/orglab.html`, which course_export ships (its settings add our
templates folder to the LMS's Mako folders).
"""
from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep
from web_fragments.fragment import Fragment

SECTION_KEY = "orglab"
TEMPLATE_PREFIX = "instructor_dashboard/"


class AddOrgLabDashboardTab(PipelineStep):
    """Add the "Organizer Lab" section to the instructor dashboard of every course."""

    def run_filter(self, context, template_name):  # pylint: disable=arguments-differ
        course = context.get("course")
        course_key = getattr(course, "id", None) or context.get("course_id")
        sections = context.get("sections")
        if course_key is None or not isinstance(sections, list):
            return {"context": context, "template_name": template_name}
        try:
            url = reverse("orglab_reports:dashboard", args=[str(course_key)])
        except NoReverseMatch:
            return {"context": context, "template_name": template_name}
        html = render_to_string("course_export/instructor_tab.html", {"url": url})
        sections.append({
            "section_key": SECTION_KEY,
            "section_display_name": _("Organizer Lab"),
            "course_id": str(course_key),
            "template_path_prefix": TEMPLATE_PREFIX,
            "fragment": Fragment(html),
            "dashboard_url": url,
        })
        return {"context": context, "template_name": template_name}
