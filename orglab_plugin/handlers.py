"""Signal receivers, connected by edx-django-utils from the AppConfig's `signals_config`."""
from __future__ import annotations

import logging

from . import api

log = logging.getLogger(__name__)


def retire_user_submissions(sender, user, **kwargs):  # pylint: disable=unused-argument
    """Remove a retired learner's submissions (edx-platform's USER_RETIRE_LMS_CRITICAL)."""
    removed = api.retire_user(user)
    log.info("orglab: removed %d submissions of retired user %s", removed, user.pk)
