"""App configuration: how the LMS and the CMS load orglab_plugin as an edx-django-utils plugin."""
from __future__ import annotations

from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals, PluginURLs

_SETTINGS = {
    settings_type: {PluginSettings.RELATIVE_PATH: f"settings.{settings_type}"}
    for settings_type in ("common", "production")
}

_RETIREMENT_RECEIVER = {
    PluginSignals.RECEIVER_FUNC_NAME: "retire_user_submissions",
    # edx-platform sends this while it retires a learner; our receiver removes their submissions.
    PluginSignals.SIGNAL_PATH: "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_CRITICAL",
    PluginSignals.DISPATCH_UID: "orglab_plugin.handlers.retire_user_submissions",
}


class OrgLabPluginConfig(AppConfig):
    """The Organizer Lab plugin for the LMS and Studio."""

    name = "orglab_plugin"
    label = "orglab_plugin"
    verbose_name = "Organizer Lab"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "orglab",
                PluginURLs.REGEX: r"^api/orglab/",
                PluginURLs.RELATIVE_PATH: "urls",
            },
            "cms.djangoapp": {
                PluginURLs.NAMESPACE: "orglab",
                PluginURLs.REGEX: r"^api/orglab/",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
        PluginSettings.CONFIG: {
            "lms.djangoapp": dict(_SETTINGS),
            "cms.djangoapp": dict(_SETTINGS),
        },
        PluginSignals.CONFIG: {
            "lms.djangoapp": {
                PluginSignals.RELATIVE_PATH: "handlers",
                PluginSignals.RECEIVERS: [_RETIREMENT_RECEIVER],
            },
        },
    }
