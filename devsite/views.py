"""The devsite's pages: an index of scenarios, a block page, and the XBlock handler endpoint,
all for the logged-in user (the workbench's `?student=` is ignored)."""
from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.csrf import ensure_csrf_cookie
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from orglab_plugin import api as orglab_api

from .runtime import ID_MANAGER, DevsiteRuntime
from .scenarios import get_scenarios, scenario_of

log = logging.getLogger(__name__)

STAFF_ONLY_VIEWS = {"studio_view", "author_view"}
STAFF_ONLY_HANDLERS = {"studio_submit"}


def index(request):
    scenarios = get_scenarios().values()
    course_id = settings.ORGLAB_DEVSITE_COURSE
    user = request.user
    return render(request, "devsite/index.html", {
        "units": sorted((s for s in scenarios if s.unit), key=lambda s: s.unit),
        "others": [s for s in scenarios if not s.unit],
        "course_id": course_id,
        # The review queue's link, for those it serves: course staff and the course's mentors.
        "reviewer": user.is_authenticated and (orglab_api.is_course_staff(user, course_id)
                                               or orglab_api.is_mentor(user, course_id)),
    })


@ensure_csrf_cookie
@login_required
def show_scenario(request, scenario_id, view_name="student_view"):
    scenario = get_scenarios().get(scenario_id)
    if scenario is None:
        raise Http404("No such scenario")
    if view_name not in ("student_view", *STAFF_ONLY_VIEWS):
        raise Http404("No such view")
    if view_name in STAFF_ONLY_VIEWS and not request.user.is_staff:
        return render(request, "devsite/forbidden.html", status=403)
    runtime = DevsiteRuntime(request.user)
    block = runtime.get_block(scenario.usage_id)
    frag = block.render(view_name, {})
    return render(request, "devsite/block.html", {
        "scenario": scenario,
        "view_name": view_name,
        "body": frag.body_html(),
        "head_html": frag.head_html(),
        "foot_html": frag.foot_html(),
    })


class DemoLoginView(auth_views.LoginView):
    """The login page; once the demo cohort is seeded it shows the demo accounts' password (this is
    a development site, and the password is public in the README)."""

    template_name = "devsite/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        seeded = get_user_model().objects.filter(username__in=["staff", "learner1"]).count() == 2
        context["demo_password"] = settings.ORGLAB_DEMO_PASSWORD if seeded else ""
        return context


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def handler(request, usage_id, handler_slug, suffix=""):
    """An XBlock handler call, as the logged-in user."""
    if not request.user.is_authenticated:
        return _json_error(403, gettext("Sign in to save your work."))
    if handler_slug in STAFF_ONLY_HANDLERS and not request.user.is_staff:
        return _json_error(403, gettext("Only course staff can change this block's settings."))
    get_scenarios()
    if not ID_MANAGER.has_usage(usage_id):
        return _json_error(404, gettext("There is no such block in the demo course."))
    runtime = DevsiteRuntime(request.user)
    try:
        block = runtime.get_block(usage_id)
    except NoSuchUsage:
        return _json_error(404, gettext("There is no such block in the demo course."))
    webob_request = django_to_webob_request(request)
    webob_request.path_info_pop()
    webob_request.path_info_pop()
    try:
        result = runtime.handle(block, handler_slug, webob_request, suffix)
    except NoSuchHandlerError:
        return _json_error(404, gettext("This block has no handler '{handler}'.").format(handler=handler_slug[:50]))
    return webob_to_django_response(result)


def progress(_request):
    """The devsite's learner page of old: now the plugin's own page, "My Organizer Lab"
    (`orglab:my-lab`), for the demo course. `/progress/` stays for bookmarks and the header's link."""
    return redirect("orglab:my-lab", course_id=settings.ORGLAB_DEVSITE_COURSE)


def jump_to(request, course_id, usage_id):
    """The LMS's `/courses/<course>/jump_to/<block>`: the page that shows the block (the course
    itself: the index, as the LMS opens the course)."""
    if usage_id == f"block-v1:{course_id.removeprefix('course-v1:')}+type@course+block@course" \
            and course_id == settings.ORGLAB_DEVSITE_COURSE:
        return redirect("devsite-index")
    scenario_id = scenario_of(usage_id)
    if scenario_id is None or not usage_id.startswith(f"block-v1:{course_id.removeprefix('course-v1:')}+"):
        raise Http404("No such block in this course")
    return redirect("devsite-scenario", scenario_id=scenario_id)


def healthz(_request):
    return HttpResponse(json.dumps({"ok": True}), content_type="application/json")
