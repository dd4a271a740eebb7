"""Test settings: the devsite's, with a throw-away var directory."""
import os
import tempfile

os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-test-var-"))

from devsite.settings import *  # noqa: E402,F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

# As in production: no debug pages, errors answered as a site would (whatever ORGLAB_DEBUG says).
DEBUG = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not memory: threads (the live server, concurrent submits) share one database.
DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["ORGLAB_VAR_DIR"], "test.sqlite3")}  # noqa: F405
ORGLAB_REPORTS_IN_THREAD = False  # reports run in the test itself; the browser tests turn threads on
