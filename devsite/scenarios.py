"""The devsite's scenarios: the demo course's six units (OLX in `demo_course/`) and each
orglab block's own workbench scenarios, all parsed into the demo course with real keys."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.template.defaultfilters import slugify
from lxml import etree
from xblock.core import XBlock

from .runtime import ID_MANAGER, KVS, DevsiteRuntime

DEMO_COURSE_DIR = Path(__file__).resolve().parent / "demo_course"
OUR_BLOCK_PREFIX = "orglab_"


@dataclass(frozen=True)
class Scenario:
    scenario_id: str
    description: str
    usage_id: object
    xml: str
    unit: int | None  # the Organizer Lab unit number, for the demo course's units


_SCENARIOS: dict[str, Scenario] = {}
_BLOCK_SCENARIO: dict[str, str] = {}  # usage key → the scenario showing it (for jump_to links)
_lock = threading.Lock()


def _add(scenario_id: str, description: str, xml: str, unit: int | None = None) -> None:
    runtime = DevsiteRuntime()
    ID_MANAGER.set_scenario(slugify(scenario_id))
    usage_id = runtime.parse_xml_string(xml)
    _SCENARIOS[scenario_id] = Scenario(scenario_id, description, usage_id, xml, unit)
    pending = [usage_id]
    while pending:
        block = runtime.get_block(pending.pop())
        _BLOCK_SCENARIO.setdefault(str(block.scope_ids.usage_id), scenario_id)
        pending.extend(getattr(block, "children", []) or [])


def scenario_of(usage_key: str) -> str | None:
    """The scenario that shows a block, as the LMS's jump_to finds a block's unit."""
    get_scenarios()
    return _BLOCK_SCENARIO.get(usage_key)


def demo_units() -> list[tuple[int, str, str]]:
    """(unit number, title, OLX) of each unit of the demo course, in order."""
    units = []
    for path in sorted(DEMO_COURSE_DIR.glob("unit*.xml")):
        xml = path.read_text(encoding="utf-8")
        root = etree.fromstring(xml.encode("utf-8"))
        units.append((int(root.get("unit")), root.get("title"), xml))
    return units


def _strip_course_attrs(xml: str) -> str:
    """The unit's OLX without the devsite-only attributes of its root (unit, title); the title
    becomes the unit's `display_name`, as a unit of the LMS has one (`runtime.UnitNameMixin`)."""
    root = etree.fromstring(xml.encode("utf-8"))
    title = root.attrib.pop("title", None)
    root.attrib.pop("unit", None)
    if title:
        root.set("display_name", title)
    return etree.tostring(root, encoding="unicode")


def init_scenarios() -> None:
    """(Re)load every scenario. Authored content is reloaded from OLX; learners' work is kept."""
    _SCENARIOS.clear()
    _BLOCK_SCENARIO.clear()
    ID_MANAGER.clear()
    KVS.prep_for_scenario_loading()
    for number, title, xml in demo_units():
        _add(f"unit{number}", title, _strip_course_attrs(xml), unit=number)
    for name, cls in sorted(XBlock.load_classes(fail_silently=False)):
        if not name.startswith(OUR_BLOCK_PREFIX) or not hasattr(cls, "workbench_scenarios"):
            continue
        for index, (description, xml) in enumerate(cls.workbench_scenarios()):
            _add(f"{name}.{index}", description, xml)


def sync_demo_outline() -> bool:
    """Give the plugin the demo course's outline, as Studio's publish does in the CMS: the six
    units in order, each with its leaf blocks. Returns whether progress needs a recompute."""
    from orglab_plugin.awards import policy_for
    from orglab_plugin.outline import UnitSpec, sync_outline

    from .runtime import course_key

    runtime = DevsiteRuntime()
    units = []
    for scenario in sorted((s for s in get_scenarios().values() if s.unit), key=lambda s: s.unit):
        spec = UnitSpec(key=scenario.usage_id, title=scenario.description)
        pending = [scenario.usage_id]
        while pending:
            block = runtime.get_block(pending.pop(0))
            children = list(getattr(block, "children", []) or [])
            if children:
                pending[0:0] = children
            else:
                spec.blocks.append((block.scope_ids.usage_id, block.scope_ids.block_type))
        units.append(spec)
    excluded = set(policy_for(course_key()).get("excluded_block_types", []))
    return sync_outline(course_key(), units, excluded)


def forget_scenarios() -> None:
    """Make the next `get_scenarios()` load them again (tests: each test has a fresh database)."""
    with _lock:
        _SCENARIOS.clear()
        _BLOCK_SCENARIO.clear()


def get_scenarios() -> dict[str, Scenario]:
    if not _SCENARIOS:
        with _lock:
            if not _SCENARIOS:
                init_scenarios()
    return _SCENARIOS
