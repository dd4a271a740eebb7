"""App configuration: how the LMS and the CMS load orglab_plugin as an edx-django-utils plugin."""
from __future__ import annotations

from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals, PluginURLs

_SETTINGS = {
    settings_type: {PluginSettings.RELATIVE_PATH: f"settings.{settings_type}"}
    for settings_type in ("common", "production")
}

_COMPLETION_RECEIVER = {
    PluginSignals.RECEIVER_FUNC_NAME: "block_completion_saved",
    PluginSignals.SIGNAL_PATH: "django.db.models.signals.post_save",
    PluginSignals.SENDER_PATH: "completion.models.BlockCompletion",
    PluginSignals.DISPATCH_UID: "orglab_plugin.handlers.block_completion_saved",
}
_PUBLISH_RECEIVER = {
    PluginSignals.RECEIVER_FUNC_NAME: "course_published",
    PluginSignals.SIGNAL_PATH: "openedx_events.content_authoring.signals.COURSE_PUBLISHED",
    PluginSignals.DISPATCH_UID: "orglab_plugin.handlers.course_published",
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
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
            "cms.djangoapp": {
                PluginURLs.NAMESPACE: "orglab",
                PluginURLs.REGEX: r"^",
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
                PluginSignals.RECEIVERS: [_COMPLETION_RECEIVER, _RETIREMENT_RECEIVER],
            },
            "cms.djangoapp": {
                PluginSignals.RELATIVE_PATH: "handlers",
                PluginSignals.RECEIVERS: [_PUBLISH_RECEIVER],
            },
        },
    }

    def ready(self):
        # Outside edx-platform nobody connects `signals_config`: connect the receivers that need no
        # platform signal here (same dispatch uids as above, so inside the platform this is a no-op).
        from completion.models import BlockCompletion
        from django.db.models.signals import post_save

        from . import handlers

        post_save.connect(handlers.block_completion_saved, sender=BlockCompletion,
                          dispatch_uid=_COMPLETION_RECEIVER[PluginSignals.DISPATCH_UID])
