"""URLs of orglab_plugin, mounted by the LMS and Studio at the site's root: the REST API under
api/orglab/ and the public certificate pages under orglab/certificates/."""
from django.urls import include, path

urlpatterns = [
    path("api/orglab/v1/", include("orglab_plugin.rest_api.v1.urls")),
    path("orglab/certificates/", include("orglab_plugin.certificates.urls")),
]
