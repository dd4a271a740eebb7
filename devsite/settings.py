"""Settings of the orglab devsite: the xblock-sdk workbench, edx-completion and our plugin
on SQLite. Development only: the secret key is public. DEBUG is off unless ORGLAB_DEBUG=1, which
`make run` sets (tracebacks in the browser while developing); tests run with it off."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import sample_xblocks
from edx_django_utils.plugins import add_plugins, get_plugin_apps

LMS = "lms.djangoapp"  # the project type the devsite stands in for

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ORGLAB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("ORGLAB_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("ORGLAB_SECRET_KEY", "orglab-devsite-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",  # the OpenAPI document of the plugin's REST API (/api/orglab/v1/schema/)
    "waffle",
    "eventtracking.django.apps.EventTrackingConfig",
    "workbench",
    "devsite",
]
# Our apps (and edx-completion) arrive through their lms.djangoapp entry points, as in the LMS.
INSTALLED_APPS += get_plugin_apps(LMS)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "crum.CurrentRequestUserMiddleware",
]

ROOT_URLCONF = "devsite.urls"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The workbench's structural blocks (vertical_demo …) render these templates.
        "DIRS": [str(Path(sample_xblocks.__file__).resolve().parent / "basic" / "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ORGLAB_DB", str(VAR_DIR / "devsite.sqlite3")),
        # IMMEDIATE: a writing transaction waits for the lock instead of failing on upgrade.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # A write-ahead log and a 64 MB page cache: a cohort's recompute reads millions of rows.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                            "PRAGMA mmap_size=268435456;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# The blocks' catalogue (their one .po source, compiled), wherever orglab_xblocks is installed
# from: this tree, or a wheel. The LMS reads the same catalogue from orglab_xblocks/translations/.
LOCALE_PATHS = [str(Path(importlib.util.find_spec("orglab_xblocks").origin).parent / "conf" / "locale")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
# Report files (course_export) go to Django's default storage here: a folder of var/.
MEDIA_ROOT = str(VAR_DIR / "media")
MEDIA_URL = "/media/"
STATIC_ROOT = str(VAR_DIR / "static")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "devsite-index"
LOGOUT_REDIRECT_URL = "devsite-index"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The xblock-sdk workbench: its sample blocks stay out of our index.
WORKBENCH = {"reset_state_on_restart": False, "services": {}}
EXCLUDED_XBLOCKS: set[str] = set()

# The demo course every devsite block belongs to.
ORGLAB_DEVSITE_COURSE = "course-v1:Wikimedia+OrgLab+2026"
# The plugin's background tasks run in the request here (Celery runs them inside Open edX).
ORGLAB_RUN_TASKS_EAGERLY = True
# Reports run in a thread beside the request, so the dashboard shows their progress.
ORGLAB_REPORTS_IN_THREAD = True
ORGLAB_CERTIFICATE_ISSUER = "builtin"
ORGLAB_COURSE_TITLES = {ORGLAB_DEVSITE_COURSE: "Organizer Lab 2026"}

# The one development-only password of every demo account (README).
ORGLAB_DEMO_PASSWORD = "orglab-dev"

# edx-completion emits a tracking event for every BlockCompletion change; log them.
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {
    "logger": {
        "ENGINE": "eventtracking.backends.logger.LoggerBackend",
        "OPTIONS": {"name": "tracking", "max_event_size": 50000},
    }
}
EVENT_TRACKING_PROCESSORS: list = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "tracking": {"class": "logging.FileHandler", "filename": str(VAR_DIR / "tracking.log"), "delay": True},
    },
    "loggers": {
        "tracking": {"handlers": ["tracking"], "level": "INFO", "propagate": False},
        "orglab_plugin": {"handlers": ["console"], "level": "INFO"},
        "devsite": {"handlers": ["console"], "level": "INFO"},
    },
}

# Plugin settings (ours, edx-completion's) applied exactly as the LMS applies them.
add_plugins(__name__, LMS, "common")
