"""The audience instrument as readable OLX, and back.

    <orglab_audience display_name="Your campaign's audience">
      <instructions>…</instructions>
      <instrument>
        <need id="safe_space">
          <label>Safe space and code of conduct</label>
          <recommendation>Open every session with the Universal Code of Conduct …</recommendation>
        </need>
        <question id="barrier_safety" kind="scale" group="barrier" required="true"
                  weights="safe_space:3" scale_low="Not a barrier" scale_high="A major barrier">
          <label>How much do safety and harassment concerns hold this group back?</label>
        </question>
        <question id="experience" kind="single_choice" group="profile" required="true">
          <label>…</label>
          <choice value="never" weights="basic_editing:3 mentoring:2">I have never contributed</choice>
        </question>
      </instrument>
    </orglab_audience>

Without <instrument>, the block uses the default instrument.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree


def _weights_text(weights: dict[str, float]) -> str:
    return " ".join(f"{need}:{_number(weight)}" for need, weight in weights.items())


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


# Numbers as OLX writes them, in ASCII digits only (int() and float() would also read "٣").
_INTEGER = re.compile(r"[+-]?[0-9]{1,300}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,300}\.?[0-9]{0,300}|\.[0-9]{1,300})(?:[eE][+-]?[0-9]{1,3})?")


def _parse_number(text: str) -> int | float | str:
    stripped = text.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    if _DECIMAL.fullmatch(stripped):
        return float(stripped)
    return text  # left for validation to refuse, with its message


def _parse_weights(text: str | None) -> dict[str, Any]:
    weights: dict[str, Any] = {}
    for pair in (text or "").split():
        need, _sep, value = pair.partition(":")
        weights[need] = _parse_number(value)
    return weights


def write_instrument(node: etree._Element, instrument: dict[str, Any] | None, instructions: str) -> None:
    if instructions:
        etree.SubElement(node, "instructions").text = instructions
    if not instrument:
        return
    root = etree.SubElement(node, "instrument")
    for need in instrument["needs"]:
        need_node = etree.SubElement(root, "need", id=need["id"])
        etree.SubElement(need_node, "label").text = need["label"]
        etree.SubElement(need_node, "recommendation").text = need["recommendation"]
    for question in instrument["questions"]:
        attrs = {"id": question["id"], "kind": question["kind"], "group": question["group"]}
        if question["required"]:
            attrs["required"] = "true"
        if question["weights"]:
            attrs["weights"] = _weights_text(question["weights"])
        for key in ("scale_low", "scale_high"):
            if question.get(key):
                attrs[key] = question[key]
        for key in ("min_value", "max_value"):
            if question.get(key) is not None:
                attrs[key] = _number(question[key])
        question_node = etree.SubElement(root, "question", **attrs)
        etree.SubElement(question_node, "label").text = question["label"]
        if question.get("help"):
            etree.SubElement(question_node, "help").text = question["help"]
        for choice in question["choices"]:
            choice_attrs = {"value": choice["value"]}
            if choice["weights"]:
                choice_attrs["weights"] = _weights_text(choice["weights"])
            etree.SubElement(question_node, "choice", **choice_attrs).text = choice["label"]


def _text(node: etree._Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def read_instrument(node: etree._Element) -> tuple[dict[str, Any] | None, str]:
    """(raw instrument or None, instructions) from an <orglab_audience> node."""
    instructions, instrument = "", None
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "instructions":
            instructions = _text(child)
        elif child.tag == "instrument":
            instrument = {"needs": [], "questions": []}
            for item in child:
                if not isinstance(item.tag, str):
                    continue
                if item.tag == "need":
                    instrument["needs"].append({"id": item.get("id"), "label": _text(item.find("label")),
                                                "recommendation": _text(item.find("recommendation"))})
                elif item.tag == "question":
                    instrument["questions"].append(_read_question(item))
                else:
                    raise ValueError(f"<instrument> cannot contain <{item.tag}>.")
        else:
            raise ValueError(f"<{node.tag}> cannot contain <{child.tag}>.")
    return instrument, instructions


def _read_question(node: etree._Element) -> dict[str, Any]:
    question: dict[str, Any] = {
        "id": node.get("id"), "kind": node.get("kind"), "group": node.get("group", "other"),
        "required": node.get("required", "false").strip().lower() == "true",
        "weights": _parse_weights(node.get("weights")),
        "scale_low": node.get("scale_low", ""), "scale_high": node.get("scale_high", ""),
        "min_value": _parse_number(node.get("min_value")) if node.get("min_value") is not None else None,
        "max_value": _parse_number(node.get("max_value")) if node.get("max_value") is not None else None,
        "label": _text(node.find("label")), "help": _text(node.find("help")), "choices": [],
    }
    for choice in node.findall("choice"):
        question["choices"].append({"value": choice.get("value"), "label": _text(choice),
                                    "weights": _parse_weights(choice.get("weights"))})
    return question
