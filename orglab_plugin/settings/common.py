"""Settings every orglab deployment gets (edx-django-utils calls plugin_settings).

edx-platform applies these in `lms/envs/common.py` and `cms/envs/common.py`
(`add_plugins(__name__, ProjectType.LMS, SettingsType.COMMON)`), before its `production.py` loads
the YAML file: there every YAML key becomes a Django setting of that name (`vars().update(...)`),
so an operator's `ORGLAB_*` value simply replaces the default given here. Nothing of orglab's is
read from `ENV_TOKENS` (kept by edx-platform only for old plugins).
"""
from __future__ import annotations

# The LMS's default Celery queue as edx-platform names it: `lms/envs/common.py` sets
# SERVICE_VARIANT = 'lms' and DEFAULT_PRIORITY_QUEUE = f'edx.{SERVICE_VARIANT}.core.default', and
# `openedx/envs/common.py` derives CELERY_DEFAULT_QUEUE from DEFAULT_PRIORITY_QUEUE. Studio's own
# default queue is 'edx.cms.core.default' (`cms/envs/common.py`), which only Studio's workers read.
LMS_DEFAULT_QUEUE = "edx.lms.core.default"


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
        # The Celery queue of the LMS's workers: tasks that must run in the LMS (a course's progress
        # recompute, which may issue platform certificates) go there, also when Studio starts them.
        "ORGLAB_LMS_CELERY_QUEUE": LMS_DEFAULT_QUEUE,
        # LMS course roles whose holders are mentors of the course besides those staff name in orglab
        # (e.g. ["ccx_coach"]); a mentor reviews the learners assigned to them.
        "ORGLAB_MENTOR_COURSE_ROLES": [],
        # Mail learners when a mentor gives feedback, and mentors when a learner resubmits after
        # "please revise" (through Django's mail, in the recipient's language). Off by default.
        "ORGLAB_MENTOR_EMAILS": False,
        # How many items each list of the mentor's queue page shows (the oldest first).
        "ORGLAB_REVIEW_QUEUE_LIMIT": 100,
    }
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
