"""A course's stored award policy: read it, or replace it whole (the REST API's `policy/` and the
Django admin both replace it here).

The rules themselves (what a policy document may say, and what it decides for a learner) live in
`policy`, which is pure Python; this module is where a course's document is kept.
"""
from __future__ import annotations

import logging

from django.db import transaction
from opaque_keys.edx.keys import CourseKey

from . import outline, tasks
from . import policy as policy_module
from .keys import as_course_key
from .models import CoursePolicy

log = logging.getLogger(__name__)


def policy_for(course_key: CourseKey | str) -> dict:
    """The course's policy document (the default policy when the course has none stored)."""
    row = CoursePolicy.objects.filter(course_key=as_course_key(course_key)).only("document").first()
    return row.document if row else policy_module.DEFAULT_POLICY


def policy_state(course_key: CourseKey | str) -> dict:
    """The course's policy as the API shows it: the document, whether it is the default, when and
    by whom it was last replaced."""
    row = CoursePolicy.objects.filter(course_key=as_course_key(course_key)).select_related("updated_by").first()
    if row is None:
        return {"policy": policy_module.DEFAULT_POLICY, "is_default": True, "updated": None, "updated_by": None}
    return {"policy": row.document, "is_default": False, "updated": row.updated,
            "updated_by": row.updated_by.username if row.updated_by else None}


def replace_policy(course_key: CourseKey | str, raw, actor, gettext: policy_module.Gettext | None = None) -> CoursePolicy:
    """Replace the course's policy with the document `raw`: validate it (`policy.PolicyError`
    listing every problem, in `gettext`'s language), store it with who replaced it, apply it to
    the outline (the block types it excludes from progress), then schedule a recompute of the
    course once the transaction commits. Returns the stored row."""
    course_key = as_course_key(course_key)
    document = policy_module.validate_policy(raw, gettext) if gettext else policy_module.validate_policy(raw)
    with transaction.atomic():
        row, _created = CoursePolicy.objects.update_or_create(course_key=course_key,
                                                              defaults={"document": document, "updated_by": actor})
        outline.recount(course_key, set(document["excluded_block_types"]))
    tasks.schedule_recompute(course_key)
    log.info("orglab: %s replaced the policy of %s", getattr(actor, "username", actor), course_key)
    return row
