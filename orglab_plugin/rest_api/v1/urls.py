"""URLs of orglab's REST API (v1), mounted at api/orglab/v1/ (namespace "orglab")."""
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import mentoring, views
from .serializers import ENUM_NAMES

COURSE = r"^courses/(?P<course_id>[^/]+)/"
LEARNER = COURSE + r"learners/(?P<username>[^/]+)/"

api_patterns = [
    path("submissions/", views.SubmissionListView.as_view(), name="submission-list"),
    re_path(COURSE + r"me/$", views.MyProgressView.as_view(), name="my-progress"),
    re_path(COURSE + r"learners/$", views.CohortView.as_view(), name="learner-list"),
    re_path(LEARNER + r"$", views.LearnerDetailView.as_view(), name="learner-detail"),
    re_path(LEARNER + r"override/$", views.OverrideView.as_view(), name="learner-override"),
    re_path(LEARNER + r"certificate/revoke/$", views.RevokeCertificateView.as_view(), name="certificate-revoke"),
    re_path(LEARNER + r"certificate/reinstate/$", views.ReinstateCertificateView.as_view(),
            name="certificate-reinstate"),
    re_path(COURSE + r"policy/$", views.PolicyView.as_view(), name="course-policy"),
    re_path(COURSE + r"milestones/$", views.MilestoneListView.as_view(), name="milestone-list"),
    re_path(COURSE + r"milestones/upload/$", views.MilestoneUploadView.as_view(), name="milestone-upload"),
    re_path(COURSE + r"recompute/$", views.RecomputeView.as_view(), name="course-recompute"),
    # Mentor review (mentoring.py).
    re_path(COURSE + r"me/feedback/$", mentoring.MyFeedbackView.as_view(), name="my-feedback"),
    re_path(COURSE + r"me/feedback/read/$", mentoring.MarkFeedbackReadView.as_view(), name="my-feedback-read"),
    re_path(LEARNER + r"feedback/$", mentoring.LearnerFeedbackView.as_view(), name="learner-feedback"),
    re_path(LEARNER + r"signoff/$", mentoring.SignOffView.as_view(), name="learner-signoff"),
    re_path(COURSE + r"mentoring/queue/$", mentoring.QueueView.as_view(), name="mentor-queue"),
    re_path(COURSE + r"mentoring/assignments/$", mentoring.AssignmentListView.as_view(),
            name="mentor-assignment-list"),
    re_path(COURSE + r"mentoring/assignments/upload/$", mentoring.AssignmentUploadView.as_view(),
            name="mentor-assignment-upload"),
    re_path(COURSE + r"mentoring/assignments/(?P<username>[^/]+)/(?P<mentor>[^/]+)/$",
            mentoring.AssignmentDetailView.as_view(), name="mentor-assignment-detail"),
]

urlpatterns = [
    *api_patterns,
    # The OpenAPI document of this API only (wherever the site mounts other APIs), at the paths the
    # plugin mounts it (api/orglab/v1/). drf_spectacular need not be in the site's INSTALLED_APPS.
    path("schema/", SpectacularAPIView.as_view(
        patterns=[path("api/orglab/v1/", include(api_patterns))],
        custom_settings={
            "TITLE": "Organizer Lab API",
            "DESCRIPTION": "Learners' submissions, progress, certificates and grant-fund eligibility, and what "
                           "course staff decide about them (orglab_plugin).",
            "VERSION": "1",
            "SCHEMA_PATH_PREFIX": "/api/orglab/v1",
            "ENUM_NAME_OVERRIDES": ENUM_NAMES,
        },
    ), name="schema"),
]
