"""The plugin's own copy of a course's outline: units (chapters/sections, in order) and the
completable blocks of each. Synced from Studio publishes (edx-platform's modulestore signal
`xmodule.modulestore.django.COURSE_PUBLISHED` schedules `tasks.sync_course_outline_task`, which
reads the published branch through `compat.py`), by `./manage.py lms orglab_sync_outline`, and
loaded from the demo course in the devsite.

Which blocks count (`units_from_course`) follows edx-completion, which decides when a unit is
complete (`completion/services.py`, `CompletionService.get_completable_children`): a block whose
`completion_mode` is "aggregator" (chapter, sequential, vertical: `xmodule/seq_block.py`
SequenceFields, `xmodule/vertical_block.py`) is walked into, a "completable" one counts, an
"excluded" one is left out. edx-completion walks the children *one learner* sees; this outline is
one for the whole cohort, so containers that show each learner only some of their children
(edx-platform's `has_dynamic_children()` is True: `split_test` in `xmodule/split_test_block.py`,
`library_content` and the problem bank in `xmodule/item_bank_block.py`, `randomize`) cannot be
walked into: none of their children count (counting all of them would make a unit impossible to
finish). The container itself counts as one block only when edx-platform makes it completable on
its own (a library_content block when `MARK_LIBRARY_CONTENT_BLOCK_COMPLETE_ON_VIEW` is on, which
marks it complete when viewed); otherwise (aggregator, the default) nothing is counted for it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q
from opaque_keys.edx.keys import CourseKey, UsageKey
from xblock.completable import XBlockCompletionMode

from .keys import as_course_key
from .models import CourseUnit, OutlineBlock

log = logging.getLogger(__name__)
_PARKED = 10000  # added to positions while units are reordered: no real unit is that far down

# Block types whose children vary per learner, for blocks read without edx-platform's XModuleMixin
# (which gives every block `has_dynamic_children()`): the element names of `split_test`
# (xmodule/split_test_block.py), `library_content` (cms/envs/common.py LIBRARY_BLOCK_TYPES) and
# `randomize` (xmodule/randomize_block.py).
PER_LEARNER_CONTAINERS = frozenset({"split_test", "library_content", "randomize"})


@dataclass
class UnitSpec:
    key: UsageKey
    title: str
    blocks: list[tuple[UsageKey, str]] = field(default_factory=list)  # (usage key, block type), in order


def unversioned(course_key: CourseKey) -> CourseKey:
    """`course_key` without a branch or version: Studio's split modulestore hands out keys that
    carry them right after a publish (see `_remove_version_info` in cms/djangoapps/contentstore/
    outlines.py), and edx-completion stores blocks under the plain keys."""
    if getattr(course_key, "branch", None) or getattr(course_key, "version_guid", None):
        return course_key.replace(branch=None, version_guid=None)
    return course_key


def _block_type(block) -> str:
    return block.location.block_type


def _has_per_learner_children(block) -> bool:
    dynamic = getattr(block, "has_dynamic_children", None)
    if callable(dynamic):
        return bool(dynamic())
    return _block_type(block) in PER_LEARNER_CONTAINERS


def _children(block) -> list:
    return list(block.get_children()) if getattr(block, "has_children", False) else []


def _completable(unit, course_key: CourseKey) -> Iterator[tuple[UsageKey, str]]:
    """(usage key, block type) of the blocks that count in `unit`, in course order (depth first)."""
    pending = [iter(_children(unit))]
    while pending:
        block = next(pending[-1], None)
        if block is None:
            pending.pop()
            continue
        mode = XBlockCompletionMode.get_mode(block)
        if mode == XBlockCompletionMode.EXCLUDED:
            continue
        if _has_per_learner_children(block):
            if mode == XBlockCompletionMode.COMPLETABLE:
                yield block.location.map_into_course(course_key), _block_type(block)
            else:
                log.info("orglab: %s shows each learner some of its children; none of them counts",
                         block.location)
            continue
        if mode == XBlockCompletionMode.AGGREGATOR:
            pending.append(iter(_children(block)))
            continue
        yield block.location.map_into_course(course_key), _block_type(block)


def units_from_course(course, course_key: CourseKey) -> list[UnitSpec]:
    """The outline of a course block as the modulestore returns it: one unit per child of the
    course (its chapters, in order) with the blocks that count in it (see the module's docstring).
    Every key is put in `course_key` (unversioned), whatever branch or version the block came from."""
    course_key = unversioned(course_key)
    units = []
    for chapter in _children(course):
        spec = UnitSpec(key=chapter.location.map_into_course(course_key),
                        title=getattr(chapter, "display_name_with_default", None) or "")
        spec.blocks.extend(_completable(chapter, course_key))
        units.append(spec)
    return units


def sync_from_platform(course_key: CourseKey) -> bool | None:
    """Read the published outline of `course_key` from edx-platform and store it. Returns whether
    anything that counts changed (the course then needs a recompute), or None when the platform
    has no published course of that key."""
    from . import compat
    from .awards import policy_for

    course_key = unversioned(course_key)
    units = compat.course_outline(course_key)
    if units is None:
        log.warning("orglab: no published course %s to read the outline of", course_key)
        return None
    excluded = set(policy_for(course_key).get("excluded_block_types", []))
    return sync_outline(course_key, units, excluded)


def sync_outline(course_key: CourseKey, units: list[UnitSpec], excluded_types: set[str] | frozenset[str]) -> bool:
    """Make the stored outline of `course_key` equal `units`. Returns whether anything that counts
    toward progress changed (a block added, removed, moved to another unit, or counted differently),
    in which case the course's progress needs a recompute."""
    with transaction.atomic():
        existing_units = {unit.unit_key: unit for unit in CourseUnit.objects.filter(course_key=course_key)}
        wanted = {spec.key for spec in units}
        changed = False
        for key, unit in existing_units.items():
            if key not in wanted:
                changed |= unit.blocks.filter(counts=True).exists()
                unit.delete()
        # Park the kept units out of the way so new positions never collide mid-update.
        CourseUnit.objects.filter(course_key=course_key).update(position=F("position") + _PARKED)
        by_key: dict[UsageKey, CourseUnit] = {}
        for position, spec in enumerate(units, start=1):
            unit = existing_units.get(spec.key)
            if unit is None or unit.pk is None:
                unit = CourseUnit.objects.create(course_key=course_key, unit_key=spec.key, position=position,
                                                 title=spec.title[:255])
            else:
                CourseUnit.objects.filter(pk=unit.pk).update(position=position, title=spec.title[:255])
            by_key[spec.key] = unit

        blocks = {block.block_key: block for block in OutlineBlock.objects.filter(course_key=course_key)}
        seen: set[UsageKey] = set()
        creates = []
        for spec in units:
            unit = by_key[spec.key]
            for block_key, block_type in spec.blocks:
                if block_key in seen:
                    continue
                seen.add(block_key)
                counts = block_type not in excluded_types
                block = blocks.get(block_key)
                if block is None:
                    creates.append(OutlineBlock(course_key=course_key, unit=unit, block_key=block_key,
                                                block_type=block_type, counts=counts))
                    changed |= counts
                elif block.unit_id != unit.pk or block.counts != counts or block.block_type != block_type:
                    changed |= block.counts or counts
                    OutlineBlock.objects.filter(pk=block.pk).update(unit=unit, counts=counts, block_type=block_type)
        OutlineBlock.objects.bulk_create(creates, batch_size=500)
        gone = [key for key in blocks if key not in seen]
        if gone:
            changed |= OutlineBlock.objects.filter(course_key=course_key, block_key__in=gone, counts=True).exists()
            OutlineBlock.objects.filter(course_key=course_key, block_key__in=gone).delete()
    log.info("orglab: outline of %s synced (%d units, %d blocks); changed=%s", course_key, len(units), len(seen),
             changed)
    return changed


def recount(course_key: CourseKey, excluded_types: set[str] | frozenset[str]) -> bool:
    """Apply a (new) set of excluded block types to the stored outline. Returns whether it changed."""
    counted = OutlineBlock.objects.filter(course_key=course_key)
    turned_off = counted.filter(counts=True, block_type__in=excluded_types).update(counts=False)
    turned_on = counted.filter(counts=False).exclude(block_type__in=excluded_types).update(counts=True)
    return bool(turned_off or turned_on)


def units_of(course_key: CourseKey) -> list[dict]:
    """The units of a course in order, each with its number of counted blocks (one query)."""
    return list(
        CourseUnit.objects.filter(course_key=course_key)
        .annotate(total=Count("blocks", filter=Q(blocks__counts=True)))
        .order_by("position")
        .values("id", "position", "title", "unit_key", "total")
    )


def course_units(course_key: CourseKey | str) -> list[dict]:
    """The course's units in order: position, title and the number of blocks that count."""
    return [{"position": u["position"], "title": u["title"], "total": u["total"]}
            for u in units_of(as_course_key(course_key))]


def block_units(course_key: CourseKey | str) -> dict[UsageKey, tuple[int, str]]:
    """{block: (unit position, unit title)} for every block of the course's outline (one query)."""
    return {key: (position, title) for key, position, title in OutlineBlock.objects.filter(
        course_key=as_course_key(course_key)).values_list("block_key", "unit__position", "unit__title")}
