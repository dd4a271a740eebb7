"""URLs of orglab_plugin, mounted by the LMS and Studio under ^api/orglab/."""
from django.urls import include, path

urlpatterns = [
    path("v1/", include("orglab_plugin.rest_api.v1.urls")),
]
