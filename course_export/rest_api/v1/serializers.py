"""What the reports API returns: a report job (a request is read by `course_export.forms.ReportRequestForm`)."""
from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ... import reports


class ReportJobSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A report job: its progress and, once done, where to download it."""

    id = serializers.UUIDField(source="uuid")
    course_id = serializers.CharField(source="course_key")
    report = serializers.CharField()
    report_label = serializers.SerializerMethodField()
    format = serializers.CharField()
    include = serializers.SerializerMethodField()
    bom = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    rows_done = serializers.IntegerField()
    rows_total = serializers.IntegerField(allow_null=True)
    percent = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    started = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    filename = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def get_report_label(self, job) -> str:
        from django.utils.translation import gettext

        return gettext(reports.REPORTS[job.report].label) if job.report in reports.REPORTS else job.report

    def get_include(self, job) -> list[str]:
        return list(job.options.get("include", []))

    def get_bom(self, job) -> bool:
        return bool(job.options.get("bom", False))

    def get_percent(self, job) -> float:
        if job.status == "done":
            return 100.0
        if not job.rows_total:
            return 0.0
        return round(min(100.0, 100.0 * job.rows_done / job.rows_total), 1)

    def get_requested_by(self, job) -> str | None:
        return job.requested_by.username if job.requested_by else None

    def get_url(self, job) -> str:
        return reverse("orglab_reports:report-detail", args=[str(job.course_key), job.uuid])

    def get_download_url(self, job) -> str | None:
        if job.status != "done":
            return None
        return reverse("orglab_reports:report-download", args=[str(job.course_key), job.uuid])
