"""The Celery app of the integration tests' worker (`celery -A tests.integration.celery_app worker`),
made the way edx-platform makes the LMS's (`lms/celery.py`): Celery settings read from Django's,
tasks found in the installed apps' `tasks` modules."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.integration.celery_settings")

app = Celery("orglab_integration")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
