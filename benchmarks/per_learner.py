"""The learner-by-learner recompute: the slow way, through `progress.on_completion` once a unit.
The set-based `progress.recompute_course` is measured against it (`bench_progress.py`: at least
10x faster per learner) and checked against it (`tests/mysql/test_parity.py`: the same progress
and awards on every database)."""
from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from orglab_plugin.models import CourseUnit, OutlineBlock
from orglab_plugin.progress import on_completion


def recompute_learner(course_key: CourseKey, user_id: int) -> None:
    """One learner, unit by unit: replays a counted block's completion in each unit."""
    for unit in CourseUnit.objects.filter(course_key=course_key):
        block = OutlineBlock.objects.filter(unit=unit, counts=True).first()
        if block is not None:
            on_completion(user_id, course_key, block.block_key)
