"""Test settings: the devsite's, with a throw-away var directory."""
import os
import tempfile

os.environ.setdefault("ORGLAB_VAR_DIR", tempfile.mkdtemp(prefix="orglab-test-var-"))

from devsite.settings import *  # noqa: E402,F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
