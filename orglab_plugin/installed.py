"""Whether the plugin's tables exist on this site, asked without importing its models.

orglab's blocks run in any XBlock runtime (the stock xblock-sdk workbench too), where the plugin may
not be in INSTALLED_APPS: importing `orglab_plugin.models` there fails with Django's RuntimeError
about app_label. The modules the blocks reach through `orglab_plugin.api` without the plugin
(`submissions`) load the models through `models()`, which answers `PluginNotInstalled` instead.
"""
from __future__ import annotations

import sys


class PluginNotInstalled(RuntimeError):
    """The site runs orglab's blocks without `orglab_plugin` in INSTALLED_APPS (the stock xblock-sdk
    workbench, say): there are no tables to record or read submissions in."""


def models():
    """The plugin's models module, imported on first use; PluginNotInstalled where the app is not
    installed (importing the models there would fail with Django's RuntimeError about app_label)."""
    loaded = sys.modules.get(f"{__package__}.models")
    if loaded is not None:
        return loaded
    from django.apps import apps

    if not apps.is_installed("orglab_plugin"):
        raise PluginNotInstalled(
            "orglab_plugin is not in this site's INSTALLED_APPS, so submissions cannot be recorded or read."
        )
    from . import models as loaded

    return loaded
