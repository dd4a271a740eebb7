"""URLs of orglab_plugin, mounted by the LMS and Studio at the site's root: the REST API under
api/orglab/, the public certificate pages under orglab/certificates/ and the learner's own page,
"My Organizer Lab", at orglab/courses/<course>/me/ (`orglab:my-lab`)."""
from django.urls import include, path, re_path

from .learner_page import my_lab

urlpatterns = [
    path("api/orglab/v1/", include("orglab_plugin.rest_api.v1.urls")),
    path("orglab/certificates/", include("orglab_plugin.certificates.urls")),
    re_path(r"^orglab/courses/(?P<course_id>[^/]+)/me/$", my_lab, name="my-lab"),
]
