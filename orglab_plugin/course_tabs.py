"""The course's "Organizer Lab" tab for its staff: a link, in the course's own navigation, to the
cohort dashboard (`/orglab/courses/<course>/dashboard/`, course_export's page).

Why a course tab: on current Open edX releases the legacy instructor dashboard redirects to the
Instructor Dashboard MFE before the `InstructorDashboardRenderStarted` filter runs (the waffle flag
`instructor.legacy_instructor_dashboard` is off by default:
`lms/djangoapps/instructor/views/instructor_dashboard.py`), and the MFE's own tabs are a fixed list
(`lms/djangoapps/instructor/views/serializers_v2.py`). Course tabs, on the other hand, are what the
Learning MFE shows above every course page: the course home API lists
`get_course_tab_list(user, course)` (`lms/djangoapps/courseware/tabs.py`), which adds every
*dynamic* tab type (`is_dynamic = True`, never saved in the course) whose `is_enabled(course,
user=user)` is true, built as `tab_type({})`; each is serialized with its `tab_id`, its title
(`tab.title or tab.get('name')`, translated) and the URL `tab.link_func(course, reverse)`
(`lms/djangoapps/course_home_api/course_metadata/serializers.py`).

How it is loaded: edx-platform's CourseTabPluginManager (`openedx/core/lib/course_tabs.py`) loads
the `openedx.course_tab` entry points of installed packages; setup.py registers this class under
its `type` (the entry point's name is the tab type, as edx-platform's own tabs are registered, and
`CourseTab.from_json` looks tabs up by it). This module is imported only there: its base class is
edx-platform's `CourseTab` (`xmodule/tabs.py`), obtained through `orglab_plugin.compat`, so
importing it outside edx-platform raises ImportError (and the platform's plugin manager, which
would be the only importer, would skip it). It imports nothing of course_export: the link is the
URL name `orglab_reports:dashboard`, and the tab hides itself where that page is not mounted.

Learners get their own tab, "My Organizer Lab" (`MyOrganizerLabTab`): a link to their own page
(`/orglab/courses/<course>/me/`, `orglab_plugin.learner_page`), shown by the same rule as the
platform's own learner tabs (`EnrolledTab` in `lms/djangoapps/courseware/tabs.py`: enrolled, or
staff of the course) and only in courses that use the Organizer Lab (`learner_page.can_see`).
"""
from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from orglab_plugin import compat

CourseTab = compat.course_tab_base()

DASHBOARD_VIEW = "orglab_reports:dashboard"
LEARNER_VIEW = "orglab:my-lab"


class _OrgLabTab(CourseTab):
    """What both of orglab's tabs are: added to the course's tabs for each request (never saved in
    the course, never in Studio's list of pages), like the platform's "Instructor" tab; linked by
    xmodule's default `link_func`: reverse(view_name, args=[str(course.id)])."""

    is_dynamic = True
    is_default = False
    is_hideable = False
    is_movable = False
    allow_multiple = False


class OrganizerLabDashboardTab(_OrgLabTab):
    """The "Organizer Lab" tab: the cohort dashboard, for the course's staff only."""

    type = "orglab_dashboard"
    # Translated by the course home API when it serializes the tab (`_(title)`).
    title = gettext_noop("Organizer Lab")
    # After the platform's "Instructor" tab (300).
    priority = 310
    view_name = DASHBOARD_VIEW

    @classmethod
    def is_enabled(cls, course, user=None):
        """Shown to the course's staff and instructors (and global staff), not to learners, nor to
        staff viewing the course as a learner, nor where the dashboard's URL is not mounted."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        course_key = course.id
        if compat.masquerade_role(user, course_key) == "student":
            return False
        try:
            reverse(DASHBOARD_VIEW, args=[str(course_key)])
        except NoReverseMatch:
            return False
        return compat.is_course_staff(user, course_key)


class MyOrganizerLabTab(_OrgLabTab):
    """The "My Organizer Lab" tab: the learner's own page (progress, certificate, eligibility,
    submissions), for those enrolled in a course that uses the Organizer Lab (and its staff)."""

    type = "orglab_my_lab"
    # Translated by the course home API when it serializes the tab (`_(title)`).
    title = gettext_noop("My Organizer Lab")
    # After the platform's "Progress" tab (20), before "Dates" (30).
    priority = 25
    view_name = LEARNER_VIEW

    @classmethod
    def is_enabled(cls, course, user=None):
        """Shown to a logged-in user enrolled in the course, or its staff (the platform's
        `EnrolledTab` rule), when the course uses the Organizer Lab and the page is mounted."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        try:
            reverse(LEARNER_VIEW, args=[str(course.id)])
        except NoReverseMatch:
            return False
        from .learner_page import can_see  # the page's own rule (its models load once apps are ready)

        return can_see(user, course.id)
