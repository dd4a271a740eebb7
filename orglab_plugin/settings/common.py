"""Settings every orglab deployment gets (edx-django-utils calls plugin_settings)."""
from __future__ import annotations


def plugin_settings(settings) -> None:
    """Give orglab's settings their defaults; a site's own values win."""
    defaults = {
        # Page size of the REST API's lists.
        "ORGLAB_API_PAGE_SIZE": 50,
        # Who to contact about orglab's requests to Wikipedia and Wikidata (User-Agent policy):
        # a URL or an e-mail address of the site's operators.
        "ORGLAB_MEDIAWIKI_CONTACT": "https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab",
        # Seconds to wait for one answer of the MediaWiki Action API.
        "ORGLAB_MEDIAWIKI_TIMEOUT": 10,
        # Seconds one article check may spend in all (it runs inside a web request); what was
        # checked by then is kept, and pressing the button again goes on from the cache.
        "ORGLAB_MEDIAWIKI_CHECK_SECONDS": 45,
        # Who issues certificates: "builtin" (orglab's verification page and PDF) or "platform"
        # (edx-platform's own certificates, through the allowlist).
        "ORGLAB_CERTIFICATE_ISSUER": "builtin",
        # Course titles shown on the builtin certificate: {course key: title}.
        "ORGLAB_COURSE_TITLES": {},
        # A Unicode TTF font for names on the builtin certificate's PDF, and fallbacks for scripts it lacks.
        "ORGLAB_CERTIFICATE_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        # Run the plugin's Celery tasks in the request (the devsite; never in production).
        "ORGLAB_RUN_TASKS_EAGERLY": False,
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
