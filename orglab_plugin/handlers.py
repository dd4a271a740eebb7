"""Signal receivers. In the LMS and Studio, edx-django-utils connects them from the AppConfig's
`signals_config`; `OrgLabPluginConfig.ready()` connects the same ones (same dispatch uids, so
never twice) wherever the plugin runs outside the platform, as in the devsite."""
from __future__ import annotations

import logging

from .submissions import retire_user

log = logging.getLogger(__name__)


def retire_user_submissions(sender, user, **kwargs):  # pylint: disable=unused-argument
    """Remove a retired learner's rows from every orglab table (edx-platform's USER_RETIRE_LMS_CRITICAL)."""
    removed = retire_user(user)
    log.info("orglab: removed or anonymised %d rows of retired user %s", removed, user.pk)


def block_completion_saved(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """edx-completion saved a BlockCompletion: update that learner's unit progress and awards.

    A failure here is logged and never breaks the completion itself."""
    from .progress import on_completion

    try:
        on_completion(instance.user_id, instance.context_key, instance.block_key)
    except Exception:  # noqa: BLE001 - completion must be recorded whatever happens here
        log.exception("orglab: could not update progress for %s (user %s)", instance.block_key, instance.user_id)


def course_published(sender, course_key, **kwargs):  # pylint: disable=unused-argument
    """Studio published `course_key` (xmodule.modulestore.django.COURSE_PUBLISHED, sent by
    SignalHandler.send("course_published", course_key=...) with the modulestore's class as sender).

    Only schedules `tasks.sync_course_outline_task`, once the current transaction commits: Studio's
    split modulestore records the new published version in MySQL (SplitModulestoreCourseIndex,
    committed with the request's transaction: xmodule/modulestore/__init__.py,
    `on_commit_changes_to`), so a task started earlier could read the previous one. A failure here is logged, never raised into
    Studio's publish."""
    from . import tasks

    try:
        tasks.schedule_outline_sync(course_key)
    except Exception:  # noqa: BLE001 - Studio's publish must succeed whatever happens here
        log.exception("orglab: could not schedule the outline sync of %s", course_key)
