"""course_export's one table: report jobs (who asked for which report, its progress, its file)."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField


class ReportJob(models.Model):
    """One request for a report of a course, run in the background; its file once done.

    .. pii: `requested_by` is the staff member who asked; the file it names may hold learners'
       usernames, names, e-mail addresses and answers (as the requester chose).
    .. pii_types: other
    .. pii_retirement: local_api
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "Queued"), (RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]
    ACTIVE = (QUEUED, RUNNING)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course_key = CourseKeyField(max_length=255)
    report = models.CharField(max_length=32)
    format = models.CharField(max_length=16)
    # What the requester chose: {"include": [...], "bom": bool, "base_url": str, "language": str}.
    options = models.JSONField(default=dict)
    # The same report, format and choices hash alike: asking again while one runs returns it.
    signature = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=STATUSES, default=QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)  # the last sign of life (progress writes it too)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Where the file went: "report_store" (the LMS's, listed in the instructor dashboard) or "django".
    storage = models.CharField(max_length=16, blank=True)
    path = models.CharField(max_length=500, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        app_label = "orglab_course_export"
        indexes = [
            models.Index(fields=["course_key", "created"], name="orglab_report_course"),
            models.Index(fields=["course_key", "signature", "status"], name="orglab_report_active"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format}) of {self.course_key}: {self.status}"
