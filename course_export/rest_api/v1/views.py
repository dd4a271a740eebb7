"""The reports API (v1): course staff request a report, follow its progress and download it.

    GET  /api/orglab/v1/courses/<course>/reports/                 the course's recent report jobs
    POST /api/orglab/v1/courses/<course>/reports/                 {report, format, include, bom}
    GET  /api/orglab/v1/courses/<course>/reports/<id>/            one job's status and progress
    GET  /api/orglab/v1/courses/<course>/reports/<id>/download/   the file (course staff only)

Anonymous requests get a 401, anyone who is not staff of the course a 403, a job of another course
a 404. Asking for a report that is already queued or running returns that job (200) instead of a
new one (202).
"""
from __future__ import annotations

from django.http import FileResponse, HttpResponseRedirect
from django.utils import translation
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from orglab_plugin import api

from ... import jobs, reports
from ...forms import ReportRequestForm
from ...models import ReportJob
from .serializers import ReportJobSerializer

LIST_SIZE = 50


class Conflict(APIException):
    status_code = 409
    default_detail = "The report is not ready yet."
    default_code = "not_ready"


class _CourseView(api.CourseAPIView):
    """A view of one course's reports, for its staff (the plugin's course view: login, JSON errors,
    the course from the URL)."""

    staff_only_message = "Only the course's staff can see or request its reports."

    def job(self, job_id) -> ReportJob:
        job = ReportJob.objects.select_related("requested_by").filter(course_key=self.course_key, uuid=job_id).first()
        if job is None:
            raise NotFound("This course has no such report.")
        return job


class ReportListView(_CourseView):
    """The course's report jobs, newest first (the last 50); or request one."""

    parser_classes = (api.JSONBodyParser, api.FormBodyParser)

    def get(self, request, course_id):
        jobs.expire_stale(self.course_key)  # a job whose worker died says so, not "running" forever
        rows = ReportJob.objects.filter(course_key=self.course_key).select_related("requested_by") \
            .order_by("-created", "-pk")[:LIST_SIZE]
        return Response({"results": ReportJobSerializer(rows, many=True).data,
                         "reports": [{"report": r.name, "formats": list(r.formats),
                                      "label": translation.gettext(r.label)} for r in reports.REPORTS.values()],
                         "include_allowed": list(jobs.allowed_identity())})

    def post(self, request, course_id):
        if not hasattr(request.data, "get"):
            raise ValidationError({"detail": "Send a JSON object: {\"report\": …, \"format\": …}."})
        form = ReportRequestForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.problems())
        job, created = form.request(request, self.course_key)
        return Response(ReportJobSerializer(job).data,
                        status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class ReportDetailView(_CourseView):
    def get(self, request, course_id, job_id):
        jobs.expire_stale(self.course_key)  # a job whose worker died says so, not "running" forever
        return Response(ReportJobSerializer(self.job(job_id)).data)


class ReportDownloadView(_CourseView):
    """The report's file, for the course's staff only (a redirect to the LMS's report store)."""

    def get(self, request, course_id, job_id):
        job = self.job(job_id)
        if job.status != ReportJob.DONE:
            raise Conflict(f"The report is {job.status}; download it once it is done." if job.status != "failed"
                           else f"The report failed: {job.error}")
        url = jobs.download_url(job)
        if url:
            return HttpResponseRedirect(url)
        try:
            handle = jobs.open_file(job)
        except OSError:
            raise NotFound("The report's file is gone; ask for the report again.") from None
        response = FileResponse(handle, as_attachment=True, filename=job.filename,
                                content_type=reports.CONTENT_TYPES[job.format])
        response["Cache-Control"] = "private, no-store"
        return response
