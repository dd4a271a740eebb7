"""The Unit 4 worksheet's view of the learner's audience profile from an `orglab_audience` block
(Unit 3): which blocks Studio can offer, and what the learner sees beside the questions."""
from __future__ import annotations

from collections import deque
from typing import Any

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey

from orglab_plugin import api as orglab_api

AUDIENCE_BLOCK_TYPE = "orglab_audience"
_MAX_WALK = 5000


def parse_audience_key(value: Any, course_key) -> UsageKey | None:
    """The usage key of an audience block in `course_key`, or ValueError; "" → None."""
    if value in ("", None):
        return None
    if not isinstance(value, str):
        raise ValueError("not text")
    try:
        key = UsageKey.from_string(value)
    except InvalidKeyError as error:
        raise ValueError("not a usage key") from error
    if key.block_type != AUDIENCE_BLOCK_TYPE:
        raise ValueError("not an audience block")
    if course_key is not None and key.context_key != course_key:
        raise ValueError("in another course")
    return key


def course_audience_blocks(block) -> list[tuple[str, str]]:
    """(usage key, title) of the `orglab_audience` blocks in `block`'s course, found by walking
    the course tree the runtime gives (Studio's), up to its root and down through every child."""
    node, seen = block, 0
    while seen < _MAX_WALK:
        parent = node.get_parent()
        if parent is None:
            break
        node, seen = parent, seen + 1
    found, queue, visited = [], deque([node]), 0
    while queue and visited < _MAX_WALK:
        current = queue.popleft()
        visited += 1
        if current.scope_ids.block_type == AUDIENCE_BLOCK_TYPE:
            found.append((str(current.scope_ids.usage_id), getattr(current, "display_name", "") or ""))
        for child_id in getattr(current, "children", []) or []:
            try:
                queue.append(current.runtime.get_block(child_id))
            except Exception:  # noqa: BLE001 - a child the runtime cannot load is skipped
                continue
    return found


def profile_for(user_id: int, audience_key: UsageKey) -> dict[str, Any] | None:
    """The learner's latest submitted needs profile from that block, or None (also where the site
    runs the blocks without the orglab plugin: there are no submissions to read)."""
    try:
        submission = orglab_api.latest_submission(user=user_id, block_key=audience_key)
    except orglab_api.PluginNotInstalled:
        return None
    if submission is None:
        return None
    profile = submission.payload.get("profile")
    return {"profile": profile, "submitted": submission.created.date().isoformat(),
            "version": submission.version} if isinstance(profile, dict) else None


def jump_url(course_key, audience_key: UsageKey) -> str:
    """The LMS's link to a block of a course (the devsite answers it too)."""
    return f"/courses/{course_key}/jump_to/{audience_key}"
