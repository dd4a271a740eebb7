"""Test settings on MySQL/MariaDB: tests.settings, with the database `tests/mysql/server.sh` starts.

The connection is set up as Open edX's (Tutor's `DATABASES`): utf8mb4, strict mode, READ COMMITTED.
"""
import os

from tests.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

try:
    _SOCKET = os.environ["ORGLAB_MYSQL_SOCKET"]
except KeyError:  # pragma: no cover - a message instead of a connection to nowhere
    raise RuntimeError("tests.settings_mysql needs ORGLAB_MYSQL_SOCKET: run it through tests/mysql/server.sh "
                       "(make test-mysql)") from None

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": os.environ.get("ORGLAB_MYSQL_NAME", "orglab"),
        "USER": os.environ.get("ORGLAB_MYSQL_USER", "orglab"),
        "PASSWORD": os.environ.get("ORGLAB_MYSQL_PASSWORD", ""),
        "HOST": _SOCKET,  # a path: mysqlclient connects over the Unix socket
        "OPTIONS": {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
            "isolation_level": "read committed",
        },
        "TEST": {
            "NAME": "test_" + os.environ.get("ORGLAB_MYSQL_NAME", "orglab"),
            "CHARSET": "utf8mb4",
            "COLLATION": "utf8mb4_unicode_ci",
        },
    },
}
