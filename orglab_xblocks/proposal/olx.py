"""The proposal block's settings as readable OLX, and back.

    <orglab_proposal display_name="Your grant proposal" application_url="https://meta.wikimedia.org/…">
      <instructions>…</instructions>
      <rules>
        <rule section="change" min_words="80"/>
        <rule section="dates" min_answers="2"/>
        <rule section="metrics" needs_number="true"><tool>Hashtags</tool><tool>Outreach Dashboard</tool></rule>
        <rule section="budget" needs_amount_currency="true"/>
      </rules>
    </orglab_proposal>

No `<rules>`: the default rules. A section without a `<rule>` keeps its default.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from .rules import FLAGS, RULED_SECTIONS

_NUMBERS = ("min_words", "min_answers")


def write(node: etree._Element, instructions: str, rules: dict[str, dict[str, Any]] | None) -> None:
    if instructions:
        etree.SubElement(node, "instructions").text = instructions
    if rules is None:
        return
    rules_node = etree.SubElement(node, "rules")
    for section in RULED_SECTIONS:
        rule = rules.get(section) or {}
        attrs = {"section": section}
        for key in _NUMBERS:
            if rule.get(key):
                attrs[key] = str(rule[key])
        for key in FLAGS:
            if rule.get(key):
                attrs[key] = "true"
        rule_node = etree.SubElement(rules_node, "rule", **attrs)
        for tool in rule.get("tools") or []:
            etree.SubElement(rule_node, "tool").text = tool


def read(node: etree._Element) -> tuple[str, dict[str, Any] | None]:
    """(instructions, raw rules to validate with `rules.validate_rules`, or None when there are none)."""
    instructions, rules = "", None
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "instructions":
            instructions = (child.text or "").strip()
        elif child.tag == "rules":
            rules = _read_rules(child)
        else:
            raise ValueError(f"<{node.tag}> cannot contain <{child.tag}>.")
    return instructions, rules


def _read_rules(node: etree._Element) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "rule":
            raise ValueError(f"<rules> cannot contain <{child.tag}>.")
        section = child.get("section", "")
        if section in rules:
            raise ValueError(f"<rules> has two rules for the section \"{section[:50]}\".")
        rule: dict[str, Any] = {}
        for key, value in child.attrib.items():
            if key == "section":
                continue
            if key in _NUMBERS:
                if not value.strip().isascii() or not value.strip().isdigit():
                    raise ValueError(f"<rule section=\"{section[:50]}\">: {key}=\"{value[:20]}\" is not a whole number.")
                rule[key] = int(value.strip())
            elif key in FLAGS:
                if value.strip().lower() not in ("true", "false"):
                    raise ValueError(f"<rule section=\"{section[:50]}\">: {key} must be true or false.")
                rule[key] = value.strip().lower() == "true"
            else:
                rule[key] = value  # refused by validate_rules, which names it
        tools = [(tool.text or "").strip() for tool in child if isinstance(tool.tag, str) and tool.tag == "tool"]
        others = [tool.tag for tool in child if isinstance(tool.tag, str) and tool.tag != "tool"]
        if others:
            raise ValueError(f"<rule section=\"{section[:50]}\"> cannot contain <{others[0]}>.")
        if tools:
            rule["tools"] = tools
        rules[section] = rule
    return rules
