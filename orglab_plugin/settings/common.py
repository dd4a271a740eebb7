"""Settings every orglab deployment gets (edx-django-utils calls plugin_settings)."""
from __future__ import annotations


def plugin_settings(settings) -> None:
    """Give orglab's settings their defaults; a site's own values win."""
    defaults = {
        # Page size of the REST API's lists.
        "ORGLAB_API_PAGE_SIZE": 50,
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
