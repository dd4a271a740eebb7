"""The instructor dashboard's Organizer Lab tab (openedx-filters). course_export's boundaries are
import-linter contracts (.importlinter, tests/architecture/test_layers.py)."""
from __future__ import annotations

import pathlib
import types

import pytest
from django.conf import settings
from openedx_filters.learning.filters import InstructorDashboardRenderStarted

from course_export.filters import AddOrgLabDashboardTab
from course_export.settings import common

from .conftest import COURSE


def test_the_plugin_settings_add_the_tab_to_the_filter_pipeline():
    fake = types.SimpleNamespace(MAKO_TEMPLATE_DIRS_BASE=["/edx/app/templates"])
    common.plugin_settings(fake)
    common.plugin_settings(fake)  # twice: still one step
    pipeline = fake.OPEN_EDX_FILTERS_CONFIG[common.FILTER]["pipeline"]
    assert pipeline == ["course_export.filters.AddOrgLabDashboardTab"]
    assert fake.MAKO_TEMPLATE_DIRS_BASE[-1].endswith("course_export/templates")
    assert (pathlib.Path(fake.MAKO_TEMPLATE_DIRS_BASE[-1]) / "instructor_dashboard" / "orglab.html").exists()
    off = types.SimpleNamespace(ORGLAB_INSTRUCTOR_DASHBOARD_TAB=False)
    common.plugin_settings(off)
    assert not hasattr(off, "OPEN_EDX_FILTERS_CONFIG")


def test_the_lms_filter_adds_the_organizer_lab_section(db):
    """Run the real openedx-filters pipeline, configured as the plugin's settings configure it."""
    assert common.STEP in settings.OPEN_EDX_FILTERS_CONFIG[common.FILTER]["pipeline"]
    course = types.SimpleNamespace(id=COURSE)
    context = {"course": course, "sections": [{"section_key": "course_info"}]}
    context, template = InstructorDashboardRenderStarted.run_filter(context=context,
                                                                   template_name="instructor_dashboard_2.html")
    assert template == "instructor_dashboard_2.html"
    section = context["sections"][-1]
    assert section["section_key"] == "orglab" and section["template_path_prefix"] == "/instructor_dashboard/"
    assert section["dashboard_url"] == f"/orglab/courses/{COURSE}/dashboard/"
    html = section["fragment"].body_html()
    assert f"/orglab/courses/{COURSE}/dashboard/?embedded=1" in html and "<iframe" in html


def test_the_step_leaves_a_context_without_a_course_alone():
    step = AddOrgLabDashboardTab("org.openedx.learning.instructor.dashboard.render.started.v1", {})
    result = step.run_filter(context={"sections": []}, template_name="x.html")
    assert result["context"] == {"sections": []}


@pytest.mark.parametrize("failure", ["render", "reverse"])
def test_a_failing_step_leaves_the_platforms_dashboard_as_it_was(monkeypatch, caplog, failure):
    """Whatever goes wrong in our step (and whatever the pipeline's fail_silently), the instructor
    dashboard renders without our section."""
    from course_export import filters

    def broken(*args, **kwargs):
        raise RuntimeError("the template engine is down")

    monkeypatch.setattr(filters, "render_to_string" if failure == "render" else "reverse", broken)
    step = AddOrgLabDashboardTab("org.openedx.learning.instructor.dashboard.render.started.v1", {})
    context = {"course": types.SimpleNamespace(id=COURSE), "sections": [{"section_key": "course_info"}]}
    result = step.run_filter(context=context, template_name="instructor_dashboard_2.html")
    assert result == {"context": context, "template_name": "instructor_dashboard_2.html"}
    assert context["sections"] == [{"section_key": "course_info"}]
    assert "could not add the Organizer Lab section" in caplog.text and "template engine is down" in caplog.text
