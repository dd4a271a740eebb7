"""Production settings: read operators' overrides from ENV_TOKENS (as the LMS and CMS provide them)."""
from __future__ import annotations

_OVERRIDABLE = ("ORGLAB_API_PAGE_SIZE", "ORGLAB_MEDIAWIKI_CONTACT", "ORGLAB_MEDIAWIKI_TIMEOUT",
                "ORGLAB_MEDIAWIKI_CHECK_SECONDS", "ORGLAB_CERTIFICATE_ISSUER", "ORGLAB_COURSE_TITLES",
                "ORGLAB_CERTIFICATE_FONT")


def plugin_settings(settings) -> None:
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name in _OVERRIDABLE:
        if name in env_tokens:
            setattr(settings, name, env_tokens[name])
