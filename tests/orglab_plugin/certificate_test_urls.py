"""A URLconf for tests/orglab_plugin/test_certificates.py: the certificate views where orglab mounts them."""
from django.urls import include, path

urlpatterns = [
    path("orglab/certificates/", include(("orglab_plugin.certificates.urls", "orglab_plugin"), namespace="orglab")),
]
