"""The builtin certificate's public URLs; `orglab_plugin.urls` includes them (e.g. under
"certificates/") in the "orglab" namespace, so `orglab:certificate-verify` and
`orglab:certificate-pdf` resolve."""
from django.urls import path

from .views import pdf, verify

urlpatterns = [
    path("<uuid:uuid>/", verify, name="certificate-verify"),
    path("<uuid:uuid>.pdf", pdf, name="certificate-pdf"),
]
