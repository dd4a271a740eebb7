"""URLs of orglab_plugin, mounted by the LMS and Studio at the site's root: the REST API under
api/orglab/, the public certificate pages under orglab/certificates/, the learner's own page,
"My Organizer Lab", at orglab/courses/<course>/me/ (`orglab:my-lab`), and the mentors' review queue
at orglab/courses/<course>/review/ (`orglab:review-queue`) with the review of one learner's block
below it (`orglab:review-submission`)."""
from django.urls import include, path, re_path

from .learner_page import my_lab
from .review_page import review_queue, review_submission

urlpatterns = [
    path("api/orglab/v1/", include("orglab_plugin.rest_api.v1.urls")),
    path("orglab/certificates/", include("orglab_plugin.certificates.urls")),
    re_path(r"^orglab/courses/(?P<course_id>[^/]+)/me/$", my_lab, name="my-lab"),
    re_path(r"^orglab/courses/(?P<course_id>[^/]+)/review/$", review_queue, name="review-queue"),
    re_path(r"^orglab/courses/(?P<course_id>[^/]+)/review/(?P<username>[^/]+)/(?P<block_id>[^/]+)/$",
            review_submission, name="review-submission"),
]
