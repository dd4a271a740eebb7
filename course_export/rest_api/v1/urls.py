"""URLs of the reports API (v1), under api/orglab/v1/ (namespace "orglab_reports")."""
from django.urls import re_path

from . import views

REPORTS = r"^courses/(?P<course_id>[^/]+)/reports/"
JOB = REPORTS + r"(?P<job_id>[0-9a-fA-F-]{32,36})/"

urlpatterns = [
    re_path(REPORTS + r"$", views.ReportListView.as_view(), name="report-list"),
    re_path(JOB + r"$", views.ReportDetailView.as_view(), name="report-detail"),
    re_path(JOB + r"download/$", views.ReportDownloadView.as_view(), name="report-download"),
]
