"""App configuration: how the LMS and the CMS load orglab_plugin as an edx-django-utils plugin."""
from __future__ import annotations

from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals, PluginURLs

# Only "common": edx-platform applies it before loading the YAML file, whose ORGLAB_* keys then
# become Django settings themselves (lms/envs/production.py), so there is nothing left to read later.
_SETTINGS = {"common": {PluginSettings.RELATIVE_PATH: "settings.common"}}

_COMPLETION_RECEIVER = {
    PluginSignals.RECEIVER_FUNC_NAME: "block_completion_saved",
    PluginSignals.SIGNAL_PATH: "django.db.models.signals.post_save",
    PluginSignals.SENDER_PATH: "completion.models.BlockCompletion",
    PluginSignals.DISPATCH_UID: "orglab_plugin.handlers.block_completion_saved",
}
_PUBLISH_RECEIVER = {
    PluginSignals.RECEIVER_FUNC_NAME: "course_published",
    # Studio's publish signal: xmodule/modulestore/django.py names SignalHandler.course_published
    # COURSE_PUBLISHED at module level and sends it as send_robust(sender=<the modulestore's class>,
    # course_key=...). No sender path, as in edx-when's plugin config: any modulestore class may send it.
    PluginSignals.SIGNAL_PATH: "xmodule.modulestore.django.COURSE_PUBLISHED",
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
        from django.core import checks as django_checks
        from django.db.models.signals import post_save

        from . import checks, handlers

        django_checks.register(checks.completion_tracking_enabled, checks.TAG, django_checks.Tags.database)

        post_save.connect(handlers.block_completion_saved, sender=BlockCompletion,
                          dispatch_uid=_COMPLETION_RECEIVER[PluginSignals.DISPATCH_UID])
