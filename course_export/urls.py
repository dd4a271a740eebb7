"""URLs of course_export, mounted by the LMS at the site's root (namespace "orglab_reports"): the
reports API under api/orglab/v1/ and the cohort dashboard under orglab/courses/."""
from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path("api/orglab/v1/", include("course_export.rest_api.v1.urls")),
    re_path(r"^orglab/courses/(?P<course_id>[^/]+)/dashboard/$", views.dashboard, name="dashboard"),
]
