"""The proposal's pure modules: the one list of sections and its aliases, readiness rules (data, checked,
defaults), the learner's own fields, and the assembly of a learner's submissions into sections."""
from __future__ import annotations

import pytest

from orglab_xblocks.proposal import assembly, own, rules
from orglab_xblocks.proposal.assembly import Source, answers_of, assemble
from orglab_xblocks.worksheet import olx as worksheet_olx
from orglab_xblocks.worksheet import schema
from orglab_xblocks.worksheet.presets import PRESETS, localized_sections

identity = str


def worksheet(answers: dict, sections: dict, title="Unit 1 · Gap", labels=None, choices=None) -> dict:
    fields = []
    for field_id in answers:
        field = {"id": field_id, "label": (labels or {}).get(field_id, field_id.title()), "kind": "long_text",
                 "proposal_section": sections[field_id]}
        if choices and field_id in choices:
            field["choices"] = choices[field_id]
        fields.append(field)
    return {"title": title, "answers": answers, "fields": fields}


# --------------------------------------------------------------------------- the one list of sections


def test_the_sections_are_the_rapid_funds_in_order():
    assert list(schema.PROPOSAL_SECTIONS) == [
        "title", "dates", "where", "campaign", "change", "activities", "team", "participants", "thematic_area",
        "partners", "community_notification", "follow_up", "risks", "metrics", "budget", "other"]
    assert set(rules.RULED_SECTIONS) == set(schema.PROPOSAL_SECTIONS) - {"other"}


@pytest.mark.parametrize(("old", "new"), [("goals", "change"), ("audience", "participants"),
                                          ("participation", "participants"),
                                          ("communications", "community_notification"), ("resources", "budget"),
                                          ("risks", "risks"), ("metrics", "metrics"), ("budget", "budget")])
def test_earlier_section_ids_are_read_as_the_sections_they_became(old, new):
    assert schema.proposal_section(old) == new
    # A configuration (Studio, OLX) naming one is saved with the new id.
    config = schema.validate_config({"sections": [{"id": "s", "title": "S", "fields": [
        {"id": "f", "label": "F", "kind": "short_text", "proposal_section": old}]}]}, identity)
    assert config["sections"][0]["fields"][0]["proposal_section"] == new
    # A stored submission naming one feeds the new section.
    [answer] = answers_of("orglab_worksheet", worksheet({"f": "x"}, {"f": old}), identity)
    assert answer.section == new


def test_an_unknown_section_id_is_refused_in_a_configuration_and_read_as_other():
    with pytest.raises(schema.ConfigError, match="not a grant-proposal section"):
        schema.validate_config({"sections": [{"id": "s", "title": "S", "fields": [
            {"id": "f", "label": "F", "kind": "short_text", "proposal_section": "fun"}]}]}, identity)
    assert schema.proposal_section("fun") is None and schema.proposal_section(3) is None
    [answer] = answers_of("orglab_worksheet", worksheet({"f": "x"}, {"f": "fun"}), identity)
    assert answer.section == "other"


def test_old_olx_and_stored_worksheets_still_load():
    from lxml import etree

    node = etree.fromstring('<orglab_worksheet><section id="s" title="S"><field id="f" kind="short_text" '
                            'proposal_section="goals"><label>F</label></field></section></orglab_worksheet>')
    raw, _instructions = worksheet_olx.read_config(node)
    assert schema.validate_config(raw, identity)["sections"][0]["fields"][0]["proposal_section"] == "change"
    stored = [{"id": "s", "title": "S", "intro": "", "fields": [{"id": "f", "label": "F", "kind": "short_text",
                                                                "proposal_section": "communications"}]}]
    assert localized_sections(stored, "", identity)[0]["fields"][0]["proposal_section"] == "community_notification"


def test_every_preset_field_names_a_current_section():
    for preset in PRESETS.values():
        for section in preset["sections"]:
            for field in section["fields"]:
                assert field["proposal_section"] in schema.PROPOSAL_SECTIONS, field["id"]


def test_a_worksheet_submission_keeps_its_choices_labels():
    config = schema.validate_config({"sections": [{"id": "s", "title": "S", "fields": [
        {"id": "c", "label": "C", "kind": "multiple_choice", "proposal_section": "thematic_area",
         "choices": [{"value": "gender", "label": "Gender"}, {"value": "age", "label": "Age"}]}]}]}, identity)
    payload = schema.submission_payload(config, {"c": ["age"]}, title="T", preset="")
    assert payload["fields"][0]["choices"] == [{"value": "gender", "label": "Gender"}, {"value": "age", "label": "Age"}]
    [answer] = answers_of("orglab_worksheet", payload, identity)
    assert answer.text == "Age"


# --------------------------------------------------------------------------- readiness rules


def test_the_default_rules_ask_what_reviewers_ask():
    defaults = rules.default_rules()
    assert defaults["change"]["min_words"] == 80
    assert defaults["metrics"]["needs_number"] and "Hashtags" in defaults["metrics"]["tools"]
    assert defaults["budget"]["needs_amount_currency"]
    assert defaults["community_notification"]["needs_link"]
    assert rules.validate_rules({}, identity) == defaults
    assert rules.effective_rules({"change": {"min_words": "many"}}) == defaults  # unreadable: the defaults


def test_rules_are_validated_with_every_problem_named():
    with pytest.raises(rules.RulesError) as caught:
        rules.validate_rules({"other": {}, "change": {"min_words": -1, "fun": 1}, "metrics": {"needs_number": "yes"},
                              "budget": {"tools": ["x" * 81]}, "team": [], "risks": {"min_answers": True}}, identity)
    wheres = sorted(problem.where for problem in caught.value.problems)
    assert wheres == ["budget", "change", "change", "metrics", "other", "risks", "team"]
    with pytest.raises(rules.RulesError):
        rules.validate_rules([], identity)


def test_a_rule_replaces_its_sections_default_and_keeps_the_others():
    result = rules.validate_rules({"change": {"min_words": 10}, "metrics": {"tools": [" Hashtags ", "Hashtags"]}},
                                  identity)
    assert result["change"] == {**rules.blank_rule(), "min_words": 10}
    assert result["metrics"]["tools"] == ["Hashtags"] and not result["metrics"]["needs_number"]
    assert result["budget"] == rules.default_rules()["budget"]


@pytest.mark.parametrize(("texts", "rule", "lines", "state"), [
    ([], {"min_words": 1}, 0, "missing"),
    (["  "], {}, 0, "missing"),
    (["one two three"], {}, 0, "ready"),
    (["one two three"], {"min_words": 4}, 0, "thin"),
    (["one two", "three four"], {"min_words": 4}, 0, "ready"),
    (["气候变化与可持续发展"], {"min_words": 5}, 0, "ready"),  # words in a script without spaces
    (["2026-03-01"], {"min_answers": 2}, 0, "thin"),
    (["We expect participants"], {"needs_number": True, "tools": ["Hashtags"]}, 0, "thin"),
    (["We expect 40 participants"], {"needs_number": True, "tools": ["Hashtags"]}, 0, "thin"),
    (["40 participants, counted with the hashtags tool"], {"needs_number": True, "tools": ["Hashtags"]}, 0, "ready"),
    (["See our village pump"], {"needs_link": True}, 0, "thin"),
    (["https://es.wikipedia.org/wiki/WP:Café"], {"needs_link": True}, 0, "ready"),
    (["Food for the workshop"], {"needs_amount_currency": True}, 0, "thin"),
    (["Food: 300"], {"needs_amount_currency": True}, 0, "thin"),
    (["Food: 300 USD"], {"needs_amount_currency": True}, 0, "ready"),
    (["Comida: 300 €"], {"needs_amount_currency": True}, 0, "ready"),
    ([], {"needs_amount_currency": True}, 1, "ready"),
])
def test_a_section_is_judged_by_its_rule(texts, rule, lines, state):
    result = rules.judge(texts, {**rules.blank_rule(), **rule}, identity, budget_lines=lines)
    assert result["state"] == state
    assert bool(result["reasons"]) == (state != "ready")


def test_a_thin_section_says_why():
    result = rules.judge(["one two"], {**rules.blank_rule(), "min_words": 40}, identity)
    assert result["reasons"] == ["It needs at least 40 words (it has 2)."]


# --------------------------------------------------------------------------- the learner's own fields


def test_own_fields_are_cleaned_and_totals_made():
    cleaned = own.clean({"title": "  Mujeres   en la ciencia ", "start_date": "2026-03-01", "end_date": "2026-06-30",
                         "budget": [{"item": "Comida", "amount": 120000, "currency": "ars", "usd": 120},
                                    {"item": "Premios", "amount": 80.5, "currency": "USD", "usd": None},
                                    {"item": "", "amount": None, "currency": "", "usd": None}]},
                        identity, submit=True)
    assert cleaned["title"] == "Mujeres en la ciencia"
    assert [line["currency"] for line in cleaned["budget"]] == ["ARS", "USD"]  # the empty line dropped
    assert own.totals(cleaned) == {"by_currency": [("ARS", 120000), ("USD", 80.5)], "usd": 200.5, "usd_missing": 0}
    assert own.amount_text(120000) == "120,000" and own.amount_text(80.5) == "80.50"


@pytest.mark.parametrize(("raw", "where"), [
    ({"title": "x" * 201}, "title"),
    ({"title": 3}, "title"),
    ({"start_date": "2026-02-30"}, "start_date"),
    ({"start_date": "tomorrow"}, "start_date"),
    ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date"),
    ({"budget": "lots"}, "budget"),
    ({"budget": [{"item": "x", "amount": -1, "currency": "USD"}]}, "budget.1.amount"),
    ({"budget": [{"item": "x", "amount": 1, "currency": "dollars"}]}, "budget.1.currency"),
    ({"budget": [{"item": "x", "amount": 1, "currency": "USD", "evil": 1}]}, "budget.1"),
    ({"budget": [{"item": "x"}] * 41}, "budget"),
])
def test_own_fields_refuse_what_is_wrong(raw, where):
    with pytest.raises(own.OwnError) as caught:
        own.clean(raw, identity, submit=False)
    assert where in [problem.where for problem in caught.value.problems]


def test_a_submitted_budget_line_needs_an_item_an_amount_and_a_currency():
    draft = {"budget": [{"item": "Comida", "amount": None, "currency": "", "usd": None}]}
    assert own.clean(draft, identity, submit=False)["budget"][0]["item"] == "Comida"
    with pytest.raises(own.OwnError):
        own.clean(draft, identity, submit=True)
    with pytest.raises(own.OwnError):
        own.clean({"unknown": 1}, identity, submit=False)
    assert own.read({"title": 5}) == own.empty() and own.read(None) == own.empty()


# --------------------------------------------------------------------------- assembly


def sources():
    unit1 = Source("block-v1:X+Y+Z+type@orglab_worksheet+block@u1", "orglab_worksheet",
                   worksheet({"gap": "Few articles about women scientists", "why": "Because " * 90, "wikis": "eswiki"},
                             {"gap": "goals", "why": "change", "wikis": "where"}, title="Unit 1 worksheet"),
                   unit_position=1, unit_title="Unit 1 · Knowledge gaps")
    topics = Source("block-v1:X+Y+Z+type@orglab_topic_list+block@u2", "orglab_topic_list", {"title": "Topics", "rows": [
        {"title": "Manglar", "wiki": "eswiki", "gap": "gender"}, {"title": "Glaciar", "wiki": "eswiki",
                                                                  "gap": "topics_for_impact"}]},
                    unit_position=2, unit_title="Unit 2 · Topics")
    audience = Source("block-v1:X+Y+Z+type@orglab_audience+block@u3", "orglab_audience", {
        "title": "Audience", "segments": [{"id": "s1", "name": "Docentes", "description": "Rural teachers", "size": 30}],
        "profile": {"needs": [{"id": "skills", "label": "Editing skills"}], "segments": [
            {"segment": "s1", "name": "Docentes", "top_needs": [
                {"need": "skills", "score": 75.0, "recommendation": "Start with a hands-on workshop."}]}]}},
        unit_position=3, unit_title="Unit 3 · Audience")
    return [audience, topics, unit1]  # not in course order


def test_answers_come_from_every_kind_of_block_with_their_sections():
    assert [(a.field, a.section) for a in answers_of("orglab_topic_list", sources()[1].payload, identity)] == [
        ("topics", "activities"), ("topic_gaps", "thematic_area")]
    assert [(a.field, a.section) for a in answers_of("orglab_audience", sources()[0].payload, identity)] == [
        ("segment_s1", "participants"), ("needs_s1", "participants")]
    needs = list(answers_of("orglab_audience", sources()[0].payload, identity))[1]
    assert needs.text == "Editing skills (75): Start with a hands-on workshop."
    assert list(answers_of("x", "not a payload", identity)) == []
    assert [a.field for a in answers_of("mystery", {"title": "t", "note": "n", "flag": True}, identity)] == ["note"]


def test_the_proposal_groups_answers_by_section_in_course_order_with_their_sources():
    proposal_key = "block-v1:X+Y+Z+type@orglab_proposal+block@p"
    result = assemble(sources(), {"title": "Mujeres científicas", "start_date": "2026-03-01", "end_date": "2026-06-30",
                                  "budget": [{"item": "Comida", "amount": 100, "currency": "EUR", "usd": 110}]},
                      {}, identity, proposal=Source(proposal_key, assembly.BLOCK_TYPE, {}, 6, "Unit 6 · Resources"))
    by_id = {section["id"]: section for section in result["sections"]}
    assert [s["id"] for s in result["sections"]] == [s for s in schema.PROPOSAL_SECTIONS if s != "other"]
    assert [a["field"] for a in by_id["change"]["answers"]] == ["gap", "why"]
    assert by_id["change"]["answers"][0]["source"] == "Unit 1 · Knowledge gaps · Unit 1 worksheet · Gap"
    assert by_id["change"]["answers"][0]["block_key"] == "block-v1:X+Y+Z+type@orglab_worksheet+block@u1"
    assert [a["field"] for a in by_id["participants"]["answers"]] == ["segment_s1", "needs_s1"]
    assert by_id["title"]["answers"][0]["text"] == "Mujeres científicas"
    assert by_id["title"]["answers"][0]["block_key"] == proposal_key
    assert by_id["title"]["answers"][0]["source"] == "Unit 6 · Resources · This proposal · Title of the proposal"
    assert by_id["budget"]["answers"][0]["text"] == "Comida · 100 EUR · 110 USD"
    assert by_id["budget"]["readiness"]["state"] == "ready"
    assert by_id["dates"]["readiness"]["state"] == "ready"
    assert by_id["change"]["readiness"]["state"] == "ready"
    assert by_id["team"]["readiness"] == {"state": "missing", "reasons": ["Nothing feeds this section yet."]}
    assert result["summary"] == {
        "ready": sum(1 for s in result["sections"] if s["readiness"]["state"] == "ready"),
        "thin": sum(1 for s in result["sections"] if s["readiness"]["state"] == "thin"),
        "missing": sum(1 for s in result["sections"] if s["readiness"]["state"] == "missing")}
    assert sum(result["summary"].values()) == len(rules.RULED_SECTIONS)


def test_other_is_shown_only_with_answers_and_never_counted():
    extra = Source("block-v1:X+Y+Z+type@orglab_worksheet+block@u9", "orglab_worksheet",
                   worksheet({"misc": "Anything"}, {"misc": "other"}), unit_position=9)
    assert "other" not in [s["id"] for s in assemble([], None, None, identity)["sections"]]
    result = assemble([extra], None, None, identity)
    other = result["sections"][-1]
    assert other["id"] == "other" and other["readiness"] is None
    assert sum(result["summary"].values()) == len(rules.RULED_SECTIONS)


def test_the_submitted_proposal_gives_its_own_fields_and_rules_to_a_reader_without_the_block():
    class Submission:
        def __init__(self, key, block_type, payload, version=1):
            self.block_key, self.block_type, self.payload, self.version = key, block_type, payload, version

    proposal = Submission("p", "orglab_proposal", assembly.payload(
        title="Your grant proposal", own={"title": "Mi campaña"}, rules={"change": {"min_words": 1}}, summary={}))
    result = assembly.assemble_submissions([proposal, Submission("w", "orglab_worksheet", worksheet(
        {"gap": "Short"}, {"gap": "change"}))], {"p": (6, "Unit 6")}, identity)
    by_id = {section["id"]: section for section in result["sections"]}
    assert result["title"] == "Mi campaña"
    assert by_id["change"]["readiness"]["state"] == "ready"  # its rule: one word
    assert by_id["title"]["answers"][0]["unit"] == "Unit 6"
    # The answers reports read the proposal's own fields as answers too.
    assert [a.field for a in answers_of("orglab_proposal", proposal.payload, identity)] == ["title"]


def test_the_link_back_is_the_lms_jump_to():
    assert assembly.jump_to_url("course-v1:X+Y+Z", "block-v1:X+Y+Z+type@orglab_worksheet+block@u1") == \
        "/courses/course-v1:X+Y+Z/jump_to/block-v1:X+Y+Z+type@orglab_worksheet+block@u1"
