"""Preset text in the viewer's language wherever it is shown: a worksheet whose OLX names a preset
(the demo course's Units 1, 4, 5, 6) stores the preset's English and shows it translated; text an
author changed is shown as written; Studio saves unchanged preset text back in English. Unit 4's
view of the audience profile and its date follow the viewer's language too."""
from __future__ import annotations

import copy

import pytest
from django.utils import translation
from lxml import etree

from devsite.runtime import ID_MANAGER, DevsiteRuntime
from orglab_xblocks.audience.default_instrument import NEEDS
from orglab_xblocks.i18n import long_date, translator
from orglab_xblocks.worksheet import olx
from orglab_xblocks.worksheet.presets import PRESETS, localized_preset, preset_english, preset_text
from tests.conftest import call

pytestmark = pytest.mark.django_db

es = translator("es")
UNIT1 = PRESETS["unit1"]
FIRST_SECTION = UNIT1["sections"][0]
FIRST_FIELD = FIRST_SECTION["fields"][0]


def render(block, view="student_view", language="es") -> str:
    with translation.override(language):
        return block.render(view, {}).content


def test_an_olx_preset_is_stored_in_english_and_shown_in_the_viewers_language(load_block, learner):
    block = load_block(learner, "unit1_worksheet")
    assert block.sections[0]["title"] == FIRST_SECTION["title"]  # the course's data: English
    assert es(FIRST_SECTION["title"]) != FIRST_SECTION["title"]
    spanish = render(block)
    for text in (UNIT1["title"], FIRST_SECTION["title"], FIRST_FIELD["label"]):
        assert es(text) in spanish.replace("&#x27;", "'")
    assert FIRST_SECTION["title"] not in spanish
    with translation.override("es"):
        assert block.title() == es(UNIT1["title"])
        assert block.student_view_data()["sections"][0]["title"] == es(FIRST_SECTION["title"])
    english = render(block, language="en")
    assert FIRST_SECTION["title"] in english and es(FIRST_SECTION["title"]) not in english


def test_text_an_author_changed_stays_as_written(load_block, learner):
    block = load_block(learner, "unit1_worksheet")
    sections = copy.deepcopy(block.sections)
    sections[0]["title"] = "The gap we care about"
    block.sections = sections
    block.display_name = "Unit 1 of our course"
    with translation.override("es"):
        config = block.config()
        assert config["sections"][0]["title"] == "The gap we care about"
        assert config["sections"][0]["fields"][0]["label"] == es(FIRST_FIELD["label"])
        assert block.title() == "Unit 1 of our course"


def test_a_preset_text_elsewhere_is_not_taken_for_the_preset():
    # The same text under another field id is the author's, not the preset's.
    assert preset_text(("field", "not_a_preset_field", "label"), FIRST_FIELD["label"], "unit1", es) == FIRST_FIELD["label"]
    assert preset_text(("field", FIRST_FIELD["id"], "label"), FIRST_FIELD["label"], "unit1", es) == es(FIRST_FIELD["label"])
    assert preset_english(("field", FIRST_FIELD["id"], "label"), es(FIRST_FIELD["label"]), "unit1", es) == FIRST_FIELD["label"]
    assert preset_english(("field", FIRST_FIELD["id"], "label"), "Mi pregunta", "unit1", es) == "Mi pregunta"


def test_olx_carrying_a_presets_english_without_naming_it_is_shown_translated(scenarios, learner):
    english = localized_preset("unit5", lambda text: text)
    node = etree.Element("orglab_worksheet", url_name="verbatim_unit5", display_name=english["title"])
    olx.write_config(node, {"sections": english["sections"]}, english["instructions"])
    ID_MANAGER.set_scenario("verbatim")
    usage_id = DevsiteRuntime().parse_xml_string(etree.tostring(node, encoding="unicode"))
    block = DevsiteRuntime(learner).get_block(usage_id)
    assert block.preset == ""
    with translation.override("es"):
        assert block.title() == es(english["title"])
        assert block.shown_instructions() == es(english["instructions"])
        assert block.config()["sections"][0]["title"] == es(english["sections"][0]["title"])


def test_studio_shows_the_preset_translated_and_saves_it_back_in_english(load_block, staff):
    block = load_block(staff, "unit1_worksheet")
    stored = copy.deepcopy(block.sections)
    with translation.override("es"):
        sections = copy.deepcopy(block.config()["sections"])
        assert sections[0]["title"] == es(FIRST_SECTION["title"])
        sections[0]["fields"][0]["help"] = "Mi propia ayuda"
        data = {"display_name": block.title(), "instructions": block.shown_instructions(), "preset": "unit1",
                "sections": sections}
        status, result = call(block, "studio_submit", data)
    assert status == 200, result
    saved = DevsiteRuntime(staff).get_block(block.scope_ids.usage_id)
    assert saved.display_name == UNIT1["title"] and saved.instructions == UNIT1["instructions"]
    assert saved.sections[0]["title"] == stored[0]["title"] == FIRST_SECTION["title"]
    assert saved.sections[0]["fields"][0]["help"] == "Mi propia ayuda"  # the author's change, as written
    assert saved.sections[1:] == stored[1:]


def _segment(answers):
    return {"id": "s1", "name": "Docentes rurales", "description": "", "size": 40, "languages": "es",
            "location": "Paraguay", "contributors": "new", "answers": answers}


@pytest.mark.parametrize(("submitted_in", "shown_in"), [("en", "es"), ("es", "en")])
def test_unit4_shows_the_profile_in_the_viewers_language(load_block, learner, completion_on, submitted_in, shown_in):
    audience = load_block(learner, "unit3_audience", "orglab_audience")
    answers = {}
    for question in audience.current_instrument()["questions"]:
        if question["kind"] == "scale":
            answers[question["id"]] = 5
        elif question["kind"] == "single_choice":
            answers[question["id"]] = question["choices"][0]["value"]
    with translation.override(submitted_in):
        status, data = call(audience, "submit", {"segments": [_segment(answers)], "revision": 0, "client": "t", "seq": 1})
    assert status == 200, data
    top = data["profile"]["segments"][0]["top_needs"][0]
    need = next(n for n in NEEDS if n["id"] == top["need"])
    shown = translator(shown_in)
    html = render(load_block(learner, "unit4_worksheet"), language=shown_in).replace("&#x27;", "'")
    assert shown(need["recommendation"]) in html
    assert translator("en" if shown_in == "es" else "es")(need["recommendation"]) not in html
    with translation.override(shown_in):
        assert long_date(audience.submitted_at or "") in html


def test_long_dates_follow_the_language():
    with translation.override("es"):
        assert long_date("2026-03-15T10:00:00+00:00") == "15 de marzo de 2026"
    with translation.override("es-419"):
        assert long_date("2026-03-15") == "15 de marzo de 2026"
    with translation.override("en"):
        assert long_date("2026-03-15") == "March 15, 2026"
    assert long_date("") == "" and long_date("not a date") == "not a date"



def test_a_preset_stored_in_spanish_before_is_shown_in_the_viewers_language():
    key = ("section", FIRST_SECTION["id"], "title")
    assert preset_text(key, es(FIRST_SECTION["title"]), "unit1", lambda text: text) == FIRST_SECTION["title"]
    assert preset_text(key, es(FIRST_SECTION["title"]), "unit1", es) == es(FIRST_SECTION["title"])
    assert preset_text(key, "Nuestra brecha", "unit1", lambda text: text) == "Nuestra brecha"
