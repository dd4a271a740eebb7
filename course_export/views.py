"""The cohort dashboard: `/orglab/courses/<course>/dashboard/`, for the course's staff.

One server-rendered page that works without JavaScript (every action is a form; the learner table
is filtered, sorted and paged through the query string) and needs no front-end framework. Its
small script only makes the report buttons ask through the REST API and follow the job's progress
without reloading.

GET shows the page; POST takes one of three actions (`action`):
- `override`: grant or deny a learner's grant-fund eligibility with a reason, or remove the override;
- `milestones`: a CSV file of milestones (username,milestone,date);
- `report`: ask for a report (or get the one already running).

The learners table names each learner's mentors, read set-based (one query for the course's
assignments, grouped by learner: never one per row), each linked to the mentor review queue
(`orglab:review-queue`) filtered to that mentor; the page links the whole queue too.
"""
from __future__ import annotations

import math
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from . import jobs, reports
from .forms import MilestonesForm, OverrideForm, ReportRequestForm, course_key_of, first_problem
from .models import ReportJob
from .rest_api.v1.serializers import ReportJobSerializer

PAGE_SIZE = 25
MAX_SEARCH = 100
STATUS_LABELS = {
    "": gettext_lazy("Everyone"),
    "not_eligible": gettext_lazy("Not yet eligible"),
    "eligible": gettext_lazy("Eligible for the grant fund"),
    "certified": gettext_lazy("Certificate awarded"),
    "not_certified": gettext_lazy("No certificate yet"),
    "overridden": gettext_lazy("Overridden by staff"),
}
SORT_LABELS = {
    "username": gettext_lazy("Username (A–Z)"),
    "-username": gettext_lazy("Username (Z–A)"),
    "-progress": gettext_lazy("Most progress first"),
    "progress": gettext_lazy("Least progress first"),
    "enrolled": gettext_lazy("Enrolled first"),
    "-enrolled": gettext_lazy("Enrolled last"),
}
FORMAT_LABELS = {"csv": "CSV", "xlsx": "XLSX", "jsonl": "JSON lines", "wikitext": gettext_lazy("Wikitext"),
                 "zip": "ZIP"}
IDENTITY_LABELS = {"username": gettext_lazy("Username"), "full_name": gettext_lazy("Full name"),
                   "email": gettext_lazy("Email")}


def _course_title(course_key: CourseKey) -> str:
    return getattr(settings, "ORGLAB_COURSE_TITLES", {}).get(str(course_key)) or str(course_key)


# The highest page number the table accepts: far past any cohort, within every database's integers.
MAX_PAGE = 1_000_000


def _int(value, default: int) -> int:
    """A page number from the query string: ASCII digits, 1…MAX_PAGE; anything else is `default`."""
    number = api.parse_int(value, minimum=1)
    return default if number is None else min(number, MAX_PAGE)


def _query(request) -> dict:
    """The table's filters from the query string; anything unknown falls back to the default."""
    search = (request.GET.get("q") or "").strip()[:MAX_SEARCH]
    status = request.GET.get("status") or ""
    sort = request.GET.get("sort") or "username"
    return {"q": search, "status": status if status in api.STATUS_FILTERS else "",
            "sort": sort if sort in api.SORTS else "username", "page": _int(request.GET.get("page"), 1),
            # Inside the instructor dashboard's tab (an iframe): kept from page to page.
            "embedded": "1" if request.GET.get("embedded") == "1" else ""}


def _page_url(base: str, query: dict, **changes) -> str:
    values = {key: value for key, value in {**query, **changes}.items()
              if value not in ("", None) and not (key == "page" and value == 1)}
    return f"{base}?{urlencode(values)}" if values else base


def _mentors(course_key: CourseKey, rows) -> list[tuple]:
    """(row, its mentors' usernames) for the page's learners: the course's assignments in one query
    (`api.mentor_assignments`), grouped by learner."""
    mentors: dict[int, list[str]] = defaultdict(list)
    if rows:
        for assignment in api.mentor_assignments(course_key):
            mentors[assignment.learner_id].append(assignment.mentor)
    return [(row, mentors.get(row.user_id, [])) for row in rows]


def _context(request, course_key: CourseKey, **extra) -> dict:
    query = _query(request)
    base = reverse("orglab_reports:dashboard", args=[str(course_key)])
    total, rows = api.learner_page(course_key, search=query["q"], status=query["status"], sort=query["sort"],
                                   page=query["page"], page_size=PAGE_SIZE,
                                   base_url=request.build_absolute_uri("/").rstrip("/"))
    pages = max(1, math.ceil(total / PAGE_SIZE))
    summary = api.cohort_summary(course_key)
    enrolled = summary["enrolled"] or 0
    bar_width = 100
    for step in summary["funnel"]:
        step["percent"] = api.percent(step["completed"], enrolled) if enrolled else 0.0  # nobody enrolled: 0
        step["width"] = round(bar_width * step["completed"] / enrolled, 1) if enrolled else 0
    jobs.expire_stale(course_key)  # a job whose worker died says so, not "running" forever
    recent = ReportJob.objects.filter(course_key=course_key).select_related("requested_by") \
        .order_by("-created", "-pk")[:10]
    allowed = jobs.allowed_identity()
    context = {
        "course_id": str(course_key),
        "course_title": _course_title(course_key),
        "summary": summary,
        "units": api.course_units(course_key),
        "learners": rows,
        "learner_rows": _mentors(course_key, rows),
        "review_url": reverse("orglab:review-queue", kwargs={"course_id": str(course_key)}),
        "total": total,
        "query": query,
        "page": min(query["page"], pages),
        "pages": pages,
        "previous_url": _page_url(base, query, page=query["page"] - 1) if query["page"] > 1 else "",
        "next_url": _page_url(base, query, page=query["page"] + 1) if query["page"] < pages else "",
        "statuses": list(STATUS_LABELS.items()),
        "sorts": list(SORT_LABELS.items()),
        "reports": [{"name": r.name, "label": _(r.label), "description": _(r.description),
                     "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in r.formats]} for r in reports.REPORTS.values()],
        "identity": [(name, IDENTITY_LABELS[name]) for name in allowed],
        "jobs": ReportJobSerializer(recent, many=True).data,
        "milestones": api.known_milestones(course_key),
        "reports_api": reverse("orglab_reports:report-list", args=[str(course_key)]),
        "dashboard_url": base,
        "embedded": query["embedded"] == "1",
        "override_form": {},
        "milestone_report": None,
    }
    context.update(extra)
    return context


@xframe_options_sameorigin  # the instructor dashboard's Organizer Lab tab shows it in an iframe (?embedded=1)
@api.content_security_policy(frame_ancestors="'self'")
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def dashboard(request, course_id: str):
    course_key = course_key_of(course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if course_key is None:
        return render(request, "course_export/message.html",
                      {"title": _("No such course"), "message": _("“{id}” is not a course id.").format(id=course_id[:100])},
                      status=404)
    if not api.is_course_staff(request.user, course_key):
        return render(request, "course_export/message.html",
                      {"title": _("Course staff only"),
                       "message": _("Only the course's staff can see its cohort dashboard.")}, status=403)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "override":
            return _override(request, course_key)
        if action == "milestones":
            return _milestones(request, course_key)
        if action == "report":
            return _report(request, course_key)
        return render(request, "course_export/dashboard.html",
                      _context(request, course_key, error=_("Choose an action: override, milestones or report.")),
                      status=400)
    return render(request, "course_export/dashboard.html", _context(request, course_key))


def _back(request, course_key: CourseKey) -> HttpResponseRedirect:
    """Back to the page the form was on (its filters kept)."""
    base = reverse("orglab_reports:dashboard", args=[str(course_key)])
    back = request.POST.get("next") or ""
    return HttpResponseRedirect(back if back.startswith(base) else base)


def _override(request, course_key: CourseKey):
    form = OverrideForm(course_key, request.POST)
    if not form.is_valid():
        return render(request, "course_export/dashboard.html",
                      _context(request, course_key, override_form=form.typed(), override_error=first_problem(form)),
                      status=400)
    learner, override = form.cleaned_data["learner"], form.cleaned_data["override"]
    eligibility = api.set_eligibility_override(learner, course_key, override, form.cleaned_data["reason"],
                                               request.user)
    if override == "grant":
        text = _("{username} may now apply to the grant fund (granted by staff).")
    elif override == "deny":
        text = _("{username} may not apply to the grant fund (denied by staff).")
    else:
        text = _("The override of {username} is removed: the policy decides again ({status}).")
    messages.success(request, text.format(username=learner.username,
                                          status=_("eligible") if eligibility and eligibility["status"] == "eligible"
                                          else _("not eligible yet")))
    return _back(request, course_key)


def _milestones(request, course_key: CourseKey):
    form = MilestonesForm(request.POST, request.FILES)
    problem = None if form.is_valid() else first_problem(form)
    if problem is None:
        try:
            report = api.import_milestones_csv(course_key, form.cleaned_data["file"].read(), request.user)
        except ValueError as error:
            problem = str(error)
    if problem:
        return render(request, "course_export/dashboard.html",
                      _context(request, course_key, milestone_error=problem), status=400)
    return render(request, "course_export/dashboard.html", _context(request, course_key, milestone_report=report))


def _report(request, course_key: CourseKey):
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "course_export/dashboard.html",
                      _context(request, course_key, report_error=first_problem(form)), status=400)
    job, created = form.request(request, course_key)
    label = _(reports.REPORTS[job.report].label)
    messages.info(request, (_("{report} requested.") if created else
                            _("{report} is already being prepared: here is its progress.")).format(report=label))
    return _back(request, course_key)
