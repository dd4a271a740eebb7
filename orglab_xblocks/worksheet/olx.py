"""The worksheet's configuration as readable OLX, and back.

    <orglab_worksheet display_name="Unit 1 · Your knowledge-gap statement" preset="unit1">
      <instructions>Describe the gap …</instructions>
      <section id="gap" title="The gap">
        <intro>…</intro>
        <field id="gap_statement" kind="long_text" required="true" max_chars="3000" min_words="40"
               proposal_section="goals">
          <label>Which knowledge gap will your campaign fill?</label>
          <help>…</help>
        </field>
        <field id="dimension" kind="single_choice" proposal_section="goals">
          <label>…</label>
          <choice value="gender">Gender</choice>
        </field>
      </section>
    </orglab_worksheet>
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

_LIMITS = ("max_chars", "min_words", "min_items", "max_items", "min_value", "max_value")


def write_config(node: etree._Element, config: dict[str, Any], instructions: str) -> None:
    """Add `instructions` and the sections of `config` to `node` as child elements."""
    if instructions:
        etree.SubElement(node, "instructions").text = instructions
    for section in config["sections"]:
        section_node = etree.SubElement(node, "section", id=section["id"], title=section["title"])
        if section.get("intro"):
            etree.SubElement(section_node, "intro").text = section["intro"]
        for field in section["fields"]:
            attrs = {"id": field["id"], "kind": field["kind"]}
            if field["required"]:
                attrs["required"] = "true"
            for key in _LIMITS:
                if field.get(key) is not None:
                    attrs[key] = _number_text(field[key])
            attrs["proposal_section"] = field["proposal_section"]
            field_node = etree.SubElement(section_node, "field", **attrs)
            etree.SubElement(field_node, "label").text = field["label"]
            if field.get("help"):
                etree.SubElement(field_node, "help").text = field["help"]
            for choice in field.get("choices") or []:
                etree.SubElement(field_node, "choice", value=choice["value"]).text = choice["label"]


def read_config(node: etree._Element) -> tuple[dict[str, Any], str]:
    """The raw configuration (to be validated by `schema.validate_config`) and instructions in `node`."""
    instructions = ""
    sections = []
    for child in node:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag == "instructions":
            instructions = _text(child)
        elif child.tag == "section":
            sections.append(_read_section(child))
        else:
            raise ValueError(f"<{node.tag}> cannot contain <{child.tag}>.")
    return {"sections": sections}, instructions


def _read_section(node: etree._Element) -> dict[str, Any]:
    section: dict[str, Any] = {
        "id": node.get("id"),
        "title": node.get("title", ""),
        "intro": "",
        "fields": [],
    }
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "intro":
            section["intro"] = _text(child)
        elif child.tag == "field":
            section["fields"].append(_read_field(child))
        else:
            raise ValueError(f"<section id=\"{section['id']}\"> cannot contain <{child.tag}>.")
    return section


def _read_field(node: etree._Element) -> dict[str, Any]:
    field: dict[str, Any] = {
        "id": node.get("id"),
        "kind": node.get("kind"),
        "required": node.get("required", "false").strip().lower() == "true",
        "proposal_section": node.get("proposal_section", "other"),
        "label": "",
        "help": "",
        "choices": [],
    }
    for key in _LIMITS:
        if node.get(key) is not None:
            field[key] = _parse_number(node.get(key), key, field["id"])
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("label", "help"):
            field[child.tag] = _text(child)
        elif child.tag == "choice":
            field["choices"].append({"value": child.get("value"), "label": _text(child)})
        else:
            raise ValueError(f"<field id=\"{field['id']}\"> cannot contain <{child.tag}>.")
    return field


def _text(node: etree._Element) -> str:
    return (node.text or "").strip()


def _number_text(value: int | float) -> str:
    """Integers as integers, other numbers exactly (so the round trip keeps the type)."""
    return str(value) if isinstance(value, int) else repr(float(value))


# Numbers as OLX writes them, in ASCII digits only (int() and float() would also read "٣").
_INTEGER = re.compile(r"[+-]?[0-9]{1,300}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,300}\.?[0-9]{0,300}|\.[0-9]{1,300})(?:[eE][+-]?[0-9]{1,3})?")


def _parse_number(text: str, key: str, field_id: str | None) -> int | float:
    stripped = text.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    if _DECIMAL.fullmatch(stripped):
        return float(stripped)
    raise ValueError(f"Field \"{field_id}\": {key}=\"{text[:40]}\" is not a number.")
