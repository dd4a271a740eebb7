"""Answers that satisfy a worksheet configuration, built from the configuration itself."""
from __future__ import annotations

from typing import Any

from orglab_xblocks.worksheet import schema


def valid_value(field: dict[str, Any]) -> Any:
    kind = field["kind"]
    if kind == "long_text":
        words = max(field["min_words"] or 0, 5)
        return " ".join(["impacto"] * words)[: field["max_chars"]]
    if kind == "short_text":
        return "Wikipedia en español"[: field["max_chars"]]
    if kind == "url":
        return "https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab"
    if kind == "date":
        return "2026-12-01"
    if kind == "number":
        low = field["min_value"] if field["min_value"] is not None else 1
        return low if field["max_value"] is None or low <= field["max_value"] else field["max_value"]
    if kind == "single_choice":
        return field["choices"][0]["value"]
    if kind == "multiple_choice":
        count = max(field["min_items"] or 1, 1)
        return [choice["value"] for choice in field["choices"][:count]]
    if kind == "list":
        count = max(field["min_items"] or 1, 1)
        return [f"Artículo {n}" for n in range(1, count + 1)]
    raise AssertionError(kind)


def valid_answers(config: dict[str, Any]) -> dict[str, Any]:
    return {field["id"]: valid_value(field) for field in schema.iter_fields(config)}
