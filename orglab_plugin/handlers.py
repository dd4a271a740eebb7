"""Signal receivers. In the LMS and Studio, edx-django-utils connects them from the AppConfig's
`signals_config`; `OrgLabPluginConfig.ready()` connects the same ones (same dispatch uids, so
never twice) wherever the plugin runs outside the platform, as in the devsite."""
from __future__ import annotations

import logging

from . import api

log = logging.getLogger(__name__)


def retire_user_submissions(sender, user, **kwargs):  # pylint: disable=unused-argument
    """Remove a retired learner's rows from every orglab table (edx-platform's USER_RETIRE_LMS_CRITICAL)."""
    removed = api.retire_user(user)
    log.info("orglab: removed or anonymised %d rows of retired user %s", removed, user.pk)


def block_completion_saved(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """edx-completion saved a BlockCompletion: update that learner's unit progress and awards.

    A failure here is logged and never breaks the completion itself."""
    from .progress import on_completion

    try:
        on_completion(instance.user_id, instance.context_key, instance.block_key)
    except Exception:  # noqa: BLE001 - completion must be recorded whatever happens here
        log.exception("orglab: could not update progress for %s (user %s)", instance.block_key, instance.user_id)


def course_published(sender, signal, course_key, **kwargs):  # pylint: disable=unused-argument
    """openedx-events COURSE_PUBLISHED (Studio): sync the outline; recompute progress if it changed."""
    from . import compat, outline, tasks
    from .awards import policy_for

    units = compat.course_outline(course_key)
    if units is None:
        return
    excluded = set(policy_for(course_key).get("excluded_block_types", []))
    if outline.sync_outline(course_key, units, excluded):
        tasks.schedule_recompute(course_key)
