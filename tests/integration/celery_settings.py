"""Django settings of the real Celery worker the integration tests start (`celery_app` loads them).

The test process's settings (`tests.settings`, or `tests.settings_mysql` under `make test-mysql`),
with the broker, the test database and the media folder the test process gives through the
environment, so the worker reads the rows the test committed and writes the files the test
downloads. Tasks go through the broker (never eager), on the LMS's default queue as in Open edX.
"""
import importlib
import os

_BASE = importlib.import_module(os.environ.get("ORGLAB_CELERY_TEST_BASE_SETTINGS", "tests.settings"))
globals().update({name: value for name, value in vars(_BASE).items() if name.isupper()})

DATABASES = {"default": {**_BASE.DATABASES["default"], "NAME": os.environ["ORGLAB_CELERY_TEST_DB"]}}
MEDIA_ROOT = os.environ["ORGLAB_CELERY_TEST_MEDIA"]

ORGLAB_RUN_TASKS_EAGERLY = False
ORGLAB_LMS_CELERY_QUEUE = "edx.lms.core.default"
# Lowered for the test (60 minutes and 0 seconds in production): a report that shows no progress
# for this long counts as dead with its worker; a pause between a report's chunks makes it slow.
ORGLAB_REPORTS_STALE_MINUTES = float(os.environ.get("ORGLAB_CELERY_TEST_STALE_MINUTES", "60"))
ORGLAB_REPORT_CHUNK_PAUSE = float(os.environ.get("ORGLAB_CELERY_TEST_CHUNK_PAUSE", "0"))

CELERY_BROKER_URL = os.environ["ORGLAB_CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = ORGLAB_LMS_CELERY_QUEUE  # the LMS's CELERY_DEFAULT_QUEUE
CELERY_RESULT_BACKEND = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task (its worker was killed) is delivered again after this many seconds (an
# hour by default on Redis); looked for every second.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": float(os.environ.get("ORGLAB_CELERY_TEST_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
