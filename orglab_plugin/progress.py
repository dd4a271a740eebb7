"""Unit progress from edx-completion's BlockCompletion rows.

- One completion event updates one learner's one unit with a bounded number of queries, whatever
  the size of the cohort, and re-evaluates that learner's awards. Replaying an event changes
  nothing; a completion of a block the outline does not know is ignored (and logged).
- A course recompute is set-based: per chunk of learners, one aggregate query over BlockCompletion
  joined to the outline, one read of the stored progress, and one upsert of what changed.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from completion.models import BlockCompletion
from django.db import connection, transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey, UsageKey

from . import awards
from .models import GrantEligibility, OutlineBlock, StaffMilestone, Submission, UnitProgress
from .outline import units_of
from .sql import fetch_all, unit_completions_sql, upsert

log = logging.getLogger(__name__)

COMPLETE = 1.0  # edx-completion's value for a completed block
CHUNK = 2000


def percent(completed: int, total: int) -> float:
    """`completed` of `total` as a percentage with one decimal; an empty total counts as done (100.0)."""
    return round(100.0 * completed / total, 1) if total else 100.0


def _completed_at(completed: int, total: int, before) -> object:
    if total and completed >= total:
        return before or timezone.now()
    return None


def on_completion(user_id: int, course_key: CourseKey, block_key: UsageKey) -> UnitProgress | None:
    """Bring one learner's progress in the unit of `block_key` up to date (bounded queries)."""
    block = OutlineBlock.objects.filter(course_key=course_key, block_key=block_key).only("unit_id", "counts").first()
    if block is None:
        log.info("orglab: completion of %s (user %s) ignored: the block is not in the outline of %s",
                 block_key, user_id, course_key)
        return None
    if not block.counts:
        return None
    counted = OutlineBlock.objects.filter(unit_id=block.unit_id, counts=True)
    total = counted.count()
    completed = BlockCompletion.objects.filter(
        user_id=user_id, context_key=course_key, completion__gte=COMPLETE,
        block_key__in=counted.values("block_key"),
    ).count()
    progress = UnitProgress.objects.filter(user_id=user_id, unit_id=block.unit_id).first()
    if progress is not None and (progress.completed, progress.total) == (completed, total):
        return progress  # a replayed event: nothing changes
    completed_at = _completed_at(completed, total, progress.completed_at if progress else None)
    with transaction.atomic():
        progress, _created = UnitProgress.objects.update_or_create(
            user_id=user_id, unit_id=block.unit_id,
            defaults={"course_key": course_key, "completed": completed, "total": total,
                      "percent": percent(completed, total), "completed_at": completed_at},
        )
    awards.evaluate_learners(course_key, [user_id])
    return progress


def _learners(course_key: CourseKey) -> list[int]:
    """Everyone enrolled or with anything in the course: completions, progress, milestones,
    submissions, decisions."""
    from .cohort import enrollments

    learners: set[int] = set(enrollments(course_key).values_list("user_id", flat=True))
    for model, course_field in ((BlockCompletion, "context_key"), (UnitProgress, "course_key"),
                                (StaffMilestone, "course_key"), (Submission, "course_key"),
                                (GrantEligibility, "course_key")):
        learners.update(model.objects.filter(**{course_field: course_key}).values_list("user_id", flat=True).distinct())
    return sorted(learners)


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def recompute_course(course_key: CourseKey | str, *, chunk: int = CHUNK, evaluate: bool = True) -> dict[str, int]:
    """Recompute every learner's unit progress in a course (and then their awards), set-based."""
    course_key = course_key if isinstance(course_key, CourseKey) else CourseKey.from_string(str(course_key))
    units = units_of(course_key)
    totals = {unit["id"]: unit["total"] for unit in units}
    learners = _learners(course_key)
    sql = unit_completions_sql()
    written = 0
    now = timezone.now()
    course = str(course_key)
    adapt = connection.ops.adapt_datetimefield_value
    for ids in _chunks(learners, chunk):
        low, high = ids[0], ids[-1]
        counts = {(user, unit): n for user, unit, n in fetch_all(sql, [str(course_key), COMPLETE, low, high])}
        stored = {
            (row[0], row[1]): row[2:]
            for row in UnitProgress.objects.filter(course_key=course_key, user_id__gte=low, user_id__lte=high)
            .values_list("user_id", "unit_id", "completed", "total", "completed_at")
        }
        changed = []
        for user in ids:
            for unit_id, total in totals.items():
                completed = counts.get((user, unit_id), 0)
                before = stored.get((user, unit_id))
                if before is None and completed == 0:
                    continue
                if before is not None and before[0] == completed and before[1] == total:
                    continue
                completed_at = before[2] if before and before[2] and total and completed >= total else (
                    now if total and completed >= total else None)
                changed.append((user, course, unit_id, completed, total, percent(completed, total),
                                adapt(completed_at), adapt(now)))
        with transaction.atomic():  # one commit a chunk
            _write_chunk(course_key, ids, changed, evaluate)
            written += len(changed)
    stale = UnitProgress.objects.filter(course_key=course_key).exclude(unit_id__in=list(totals))
    removed, _ = stale.delete()
    log.info("orglab: recomputed %s: %d learners, %d progress rows written", course_key, len(learners), written)
    return {"learners": len(learners), "written": written, "removed": removed, "units": len(units)}


def _write_chunk(course_key: CourseKey, ids: list[int], changed: list[tuple], evaluate: bool) -> None:
    """Upsert one chunk's changed progress rows (plain SQL: the ORM's per-object work would cost
    more than the database) and re-evaluate its learners' awards."""
    upsert(UnitProgress, ("user", "course_key", "unit", "completed", "total", "percent", "completed_at", "updated"),
           ("user", "unit"), changed)
    if evaluate:
        awards.evaluate_learners(course_key, ids)

