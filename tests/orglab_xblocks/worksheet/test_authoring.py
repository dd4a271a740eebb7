"""Authoring the worksheet: Studio's save handler, presets, and OLX export/import."""
from __future__ import annotations

import copy

import pytest
from lxml import etree

from devsite.runtime import DevsiteRuntime
from orglab_xblocks.worksheet import schema
from orglab_xblocks.worksheet.presets import PRESET_ORDER, PRESETS, localized_preset
from tests.conftest import call

pytestmark = pytest.mark.django_db


def identity(text):
    return text


@pytest.fixture
def block(load_block, staff):
    return load_block(staff, "unit2_worksheet")


def studio_body(block, **changes):
    data = {
        "display_name": block.display_name,
        "instructions": block.instructions,
        "preset": block.preset,
        "sections": copy.deepcopy(block.config()["sections"]),
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- Studio


def test_studio_saves_a_valid_configuration(block, load_block, staff):
    data = studio_body(block, display_name="Mi hoja de trabajo")
    data["sections"][0]["fields"].append({
        "id": "partner_orgs", "label": "¿Con qué organizaciones?", "kind": "list", "max_items": 5,
        "proposal_section": "partners",
    })
    data["sections"].reverse()
    status, result = call(block, "studio_submit", data)
    assert status == 200, result
    saved = load_block(staff, "unit2_worksheet")
    assert saved.display_name == "Mi hoja de trabajo"
    field = schema.field_map(saved.config())["partner_orgs"]
    assert field["max_items"] == 5 and field["max_chars"] == schema.MAX_CHARS["list"][0]


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["sections"][0]["fields"][1].update(id="topic_sources"), "already used"),
        (lambda d: d["sections"][0]["fields"][0].update(kind="essay"), "not a field kind"),
        (lambda d: d["sections"][0]["fields"][0].update(choices=[{"value": "a", "label": "A"}]), "from 2 to"),
        (lambda d: d["sections"][0]["fields"][1].update(min_items=30, max_items=3), "larger than"),
        (lambda d: d["sections"][0]["fields"][2].update(min_words=5000), "cannot be reached"),
        (lambda d: d["sections"][0]["fields"][2].update(max_chars="lots"), "whole number"),
        (lambda d: d["sections"][0]["fields"][2].update(proposal_section="fun"), "not a grant-proposal section"),
        (lambda d: d["sections"][0]["fields"][2].update(label=""), "needs a label"),
        (lambda d: d["sections"][0].update(fields=[]), "at least one field"),
        (lambda d: d.update(sections=[]), "at least one section"),
        (lambda d: d.update(sections="oops"), "list of sections"),
        (lambda d: d.update(display_name=""), "needs a title"),
        (lambda d: d.update(preset="unit9"), "not a preset"),
        (lambda d: d.update(preset=["unit1"]), "not a preset"),
    ],
)
def test_an_invalid_configuration_is_refused_whole(block, load_block, staff, mutate, expected):
    before = (block.display_name, copy.deepcopy(block.sections))
    data = studio_body(block, display_name="Changed title")
    mutate(data)
    status, result = call(block, "studio_submit", data)
    assert status == 400
    messages = " ".join(p["message"] for p in result["problems"])
    assert expected in messages
    saved = load_block(staff, "unit2_worksheet")
    assert (saved.display_name, saved.sections) == before  # nothing saved half


def test_problem_messages_name_the_field(block):
    data = studio_body(block)
    data["sections"][0]["fields"][0]["kind"] = "essay"
    _, result = call(block, "studio_submit", data)
    problem = result["problems"][0]
    assert problem["field"] == "topic_sources"
    assert "Where will your topics come from?" in problem["message"]
    assert "Section 1" in problem["message"]


def test_studio_view_renders_the_editor(block):
    html = block.render("studio_view", {}).body_html()
    assert "OrgLabWorksheetStudio" in html
    assert "Apply preset" in html
    assert "Unit 4 · Design your training" in html


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset_id", PRESET_ORDER)
def test_every_preset_is_a_valid_worksheet(preset_id):
    preset = localized_preset(preset_id, identity)
    config = schema.validate_config({"sections": preset["sections"]}, identity)  # raises if it is not valid
    ids = [field["id"] for section in config["sections"] for field in section["fields"]]
    assert len(ids) >= 3 and len(ids) == len(set(ids))
    assert any(field["required"] for section in config["sections"] for field in section["fields"])
    assert preset["title"] and preset["instructions"]


def test_presets_cover_units_1_4_5_and_6():
    """Each of the Lab's worksheet units has a preset titled for its unit, and the demo course's
    worksheet of that unit uses it (the other units have their own blocks: topic list, audience)."""
    import re
    from pathlib import Path

    course = Path(__file__).resolve().parents[3] / "devsite" / "demo_course"
    used = {}
    for olx in sorted(course.glob("unit*.xml")):
        for preset in re.findall(r'<orglab_worksheet [^>]*preset="([^"]+)"', olx.read_text(encoding="utf-8")):
            used[olx.stem] = preset
    assert used == {"unit1": "unit1", "unit4": "unit4", "unit5": "unit5", "unit6": "unit6"}
    for unit, preset_id in used.items():
        assert localized_preset(preset_id, identity)["title"].startswith(f"Unit {unit[-1]} ")
    assert set(PRESET_ORDER) == set(used.values())


def test_a_preset_is_translated_when_applied():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("es"):
        spanish = localized_preset("unit1", gettext)
    english = localized_preset("unit1", identity)
    assert spanish["title"] != english["title"]
    assert [f["id"] for f in schema.iter_fields(spanish)] == [f["id"] for f in schema.iter_fields(english)]


# ---------------------------------------------------------------- OLX


def export(block) -> etree._Element:
    node = etree.Element("unknown")
    block.add_xml_to_node(node)
    return node


def reimport(xml: str):
    runtime = DevsiteRuntime()
    from devsite.runtime import ID_MANAGER

    ID_MANAGER.set_scenario("olx-roundtrip")
    usage_id = runtime.parse_xml_string(xml)
    return runtime.get_block(usage_id)


@pytest.mark.parametrize("url_name", ["unit1_worksheet", "unit2_worksheet", "unit6_worksheet"])
def test_olx_round_trips_the_whole_configuration(load_block, staff, url_name):
    original = load_block(staff, url_name)
    node = export(original)
    xml = etree.tostring(node, encoding="unicode", pretty_print=True)
    assert "<section " in xml and "<field " in xml and "<label>" in xml  # readable, not a JSON blob
    node.set("url_name", f"roundtrip_{url_name}")
    again = reimport(etree.tostring(node, encoding="unicode"))
    assert again.display_name == original.display_name
    assert again.instructions == original.instructions
    assert again.preset == original.preset
    assert again.sections == original.sections
    assert etree.tostring(export(again)) == etree.tostring(export(original))


def test_olx_keeps_numbers_choices_and_any_script(load_block, staff):
    block = load_block(staff, "unit2_worksheet")
    data = studio_body(block, instructions="Escribe en cualquier idioma — اكتب بأي لغة")
    data["sections"][0]["fields"].append({
        "id": "budget", "label": "Presupuesto (USD) <estimado>", "kind": "number", "min_value": 0.5,
        "max_value": 5000, "proposal_section": "budget",
    })
    assert call(block, "studio_submit", data)[0] == 200
    node = export(load_block(staff, "unit2_worksheet"))
    node.set("url_name", "roundtrip_numbers")
    again = reimport(etree.tostring(node, encoding="unicode"))
    field = schema.field_map(again.config())["budget"]
    assert field["min_value"] == 0.5 and isinstance(field["max_value"], int)
    assert field["label"] == "Presupuesto (USD) <estimado>"
    assert "اكتب بأي لغة" in again.instructions


def test_a_preset_attribute_alone_gives_the_preset():
    block = reimport('<orglab_worksheet url_name="bare_unit5" preset="unit5"/>')
    assert block.display_name == PRESETS["unit5"]["title"]
    assert [s["id"] for s in block.sections] == [s["id"] for s in PRESETS["unit5"]["sections"]]


def test_an_unknown_preset_in_olx_is_refused_by_name():
    with pytest.raises(ValueError, match="no preset \"unit9\""):
        reimport('<orglab_worksheet url_name="bad_preset" preset="unit9"/>')


def test_invalid_olx_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="not a field kind"):
        reimport(
            '<orglab_worksheet url_name="broken"><section id="s" title="S">'
            '<field id="f" kind="essay"><label>L</label></field></section></orglab_worksheet>'
        )
