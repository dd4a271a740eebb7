"""Test settings: the devsite's, with a throw-away var directory."""
import os
import tempfile

_VAR_DIR = os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-test-var-"))
# pytest-xdist's workers inherit the controller's directory: each gets its own inside it (media,
# logs, its database), and processes it starts (a Celery worker) inherit that one.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER and os.path.basename(_VAR_DIR) != _WORKER:
    os.environ["ORGLAB_VAR_DIR"] = os.path.join(_VAR_DIR, _WORKER)

from devsite.settings import *  # noqa: E402,F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

# As in production: no debug pages, errors answered as a site would (whatever ORGLAB_DEBUG says).
DEBUG = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not memory: threads (the live server, concurrent submits) share one database.
DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["ORGLAB_VAR_DIR"], "test.sqlite3")}  # noqa: F405
ORGLAB_REPORTS_IN_THREAD = False  # reports run in the test itself; the browser tests turn threads on
