"""Production settings of course_export: operators' overrides from ENV_TOKENS."""
from __future__ import annotations

_OVERRIDABLE = ("ORGLAB_REPORTS_PII_FIELDS", "ORGLAB_REPORTS_STORAGE", "ORGLAB_REPORTS_STALE_MINUTES",
                "ORGLAB_INSTRUCTOR_DASHBOARD_TAB")


def plugin_settings(settings) -> None:
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name in _OVERRIDABLE:
        if name in env_tokens:
            setattr(settings, name, env_tokens[name])
