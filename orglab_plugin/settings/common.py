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
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
