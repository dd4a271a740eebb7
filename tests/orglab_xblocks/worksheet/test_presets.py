"""The presets, one module per unit, and the one gap vocabulary the Unit 1 preset shares with the topic list."""
from __future__ import annotations

import importlib

from orglab_xblocks.topic_list import vocab
from orglab_xblocks.worksheet.presets import PRESET_ORDER, PRESETS, localized_preset, preset_choices


def test_each_unit_has_its_module_and_the_package_lists_them_in_course_order():
    assert PRESET_ORDER == ("unit1", "unit4", "unit5", "unit6")
    for preset_id in PRESET_ORDER:
        module = importlib.import_module(f"orglab_xblocks.worksheet.presets.{preset_id}")
        assert PRESETS[preset_id] is module.PRESET
    assert [title for _, title in preset_choices(str.upper)][0] == "UNIT 1 · YOUR KNOWLEDGE-GAP STATEMENT"


def _unit1_gap_question() -> dict:
    (field,) = [field for section in localized_preset("unit1", lambda text: text)["sections"]
                for field in section["fields"] if field["id"] == "gap_dimensions"]
    return field


def test_the_unit1_gap_dimensions_are_the_knowledge_gaps_vocabulary():
    choices = _unit1_gap_question()["choices"]
    assert [(choice["value"], choice["label"]) for choice in choices] == list(vocab.KNOWLEDGE_GAPS.items())
    # The values answers were stored under before the vocabulary was shared: all still choices.
    assert {choice["value"] for choice in choices} == {
        "gender", "topics_for_impact", "geography", "language", "age", "socio_economic", "cultural_background",
        "sexual_orientation", "readability", "structured_data", "multimedia"}


def test_a_topics_gap_reads_as_the_campaigns_gap():
    labels = {choice["value"]: choice["label"] for choice in _unit1_gap_question()["choices"]}
    for value, label in vocab.GAP_DIMENSIONS.items():
        if value != "other":
            assert labels[value] == label
    assert set(vocab.GAP_DIMENSIONS) == set(vocab.CONTENT_GAPS) | {"other"}


def test_the_gap_labels_are_translated_when_the_preset_is_applied():
    spanish = {"Gender": "Género", "Readability": "Legibilidad"}
    field = [field for section in localized_preset("unit1", lambda text: spanish.get(text, text))["sections"]
             for field in section["fields"] if field["id"] == "gap_dimensions"][0]
    labels = {choice["value"]: choice["label"] for choice in field["choices"]}
    assert labels["gender"] == "Género" and labels["readability"] == "Legibilidad"
    assert vocab.KNOWLEDGE_GAPS["gender"] == "Gender"  # the shared vocabulary itself is never changed
