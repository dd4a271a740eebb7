"""The plugin's own copy of a course's outline: units (chapters/sections, in order) and the leaf
blocks of each. Synced from Studio publishes in the CMS (openedx-events COURSE_PUBLISHED, the
structure read through `compat.py`) and loaded from the demo course in the devsite."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q
from opaque_keys.edx.keys import CourseKey, UsageKey

from .models import CourseUnit, OutlineBlock

log = logging.getLogger(__name__)
_PARKED = 10000  # added to positions while units are reordered: no real unit is that far down


@dataclass
class UnitSpec:
    key: UsageKey
    title: str
    blocks: list[tuple[UsageKey, str]] = field(default_factory=list)  # (usage key, block type), in order


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
