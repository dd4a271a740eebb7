"""The topic list's rules without a block: a draft's changes (`rows.apply_ops`) and the author's
settings (`settings.validate_settings`), pure functions the block's handlers call."""
from __future__ import annotations

import pytest

from orglab_xblocks.topic_list import rows, settings, vocab, wikis


def identity(text):
    return text


def put(row_id, title, wiki="eswiki", **values):
    return {"op": "put", "row": {"id": row_id, "title": title, "wiki": wiki, **values}}


def test_put_adds_and_replaces_rows_by_id_and_del_removes_them():
    draft = rows.apply_ops([], [put("r1", "cambio climático"), put("r2", "Sequía")], rows.Rules(), identity)
    assert [(row["id"], row["title"]) for row in draft] == [("r1", "Cambio climático"), ("r2", "Sequía")]
    draft = rows.apply_ops(draft, [put("r1", "Calentamiento global", gap="gender"), {"op": "del", "id": "r2"},
                                   {"op": "del", "id": "never-there"}], rows.Rules(), identity)
    assert [(row["id"], row["title"], row["gap"]) for row in draft] == [("r1", "Calentamiento global", "gender")]


def test_the_current_draft_is_never_changed_in_place():
    current = rows.apply_ops([], [put("r1", "Sequía")], rows.Rules(), identity)
    rows.apply_ops(current, [{"op": "del", "id": "r1"}], rows.Rules(), identity)
    assert [row["id"] for row in current] == ["r1"]


def test_a_bad_row_refuses_everything_and_names_the_row_and_field():
    with pytest.raises(rows.OpsError) as caught:
        rows.apply_ops([], [put("r1", "Sequía"), put("r2", "Clima", gap="not-a-gap")], rows.Rules(), identity)
    assert caught.value.problems == [{"row": "r2", "field": "gap", "message": caught.value.message}]
    assert "not-a-gap" in caught.value.message


def test_a_duplicate_is_refused_on_the_later_row():
    with pytest.raises(rows.OpsError) as caught:
        rows.apply_ops([], [put("r1", "Sequía"), put("r2", "sequía")], rows.Rules(), identity)
    assert caught.value.message == "“Sequía” is already in the list."
    assert caught.value.problems[0]["row"] in ("r1", "r2") and caught.value.problems[0]["field"] == "title"


@pytest.mark.parametrize("ops, message", [
    ("not a list", "The changes must be a list of at most 5000 operations."),
    ([{"op": "del"}] * (rows.MAX_OPS + 1), "The changes must be a list of at most 5000 operations."),
    ([{"op": "move", "id": "r1"}], "Unknown change “move”: use put or del."),
    ([{"op": "del", "id": 3}], "Unknown change “del”: use put or del."),
    (["put"], "Unknown change “None”: use put or del."),
])
def test_malformed_changes_are_refused_whole_without_problems(ops, message):
    with pytest.raises(rows.OpsError) as caught:
        rows.apply_ops([], ops, rows.Rules(), identity)
    assert caught.value.message == message and caught.value.problems is None


def test_a_list_over_the_maximum_is_refused():
    with pytest.raises(rows.OpsError, match="at most 2 topics"):
        rows.apply_ops([], [put(f"r{n}", f"Tema {n}") for n in range(3)], rows.Rules(max_topics=2), identity)


def test_messages_go_through_the_callers_gettext():
    with pytest.raises(rows.OpsError) as caught:
        rows.apply_ops([], [{"op": "x"}], rows.Rules(), lambda text: text.replace("Unknown change", "Cambio desconocido"))
    assert caught.value.message == "Cambio desconocido “x”: use put or del."


# ---------------------------------------------------------------- settings

GOOD = {"display_name": " Temas ", "instructions": " Elige. ", "allowed_wikis": " ESWIKI be-taraskwiki",
        "default_wiki": " EsWiki", "gap_dimensions": ["gender", "gender", "geography"], "required_fields": ["gap"], "min_topics": 2,
        "max_topics": 9, "check_enabled": False}


def test_good_settings_come_back_normalized():
    problems: list[str] = []
    assert settings.validate_settings(GOOD, identity, problems) == {
        "display_name": "Temas", "instructions": "Elige.", "allowed_wikis": ["eswiki", "be_x_oldwiki"],
        "default_wiki": "eswiki", "gap_dimensions": ["gender", "geography"], "required_fields": ["gap"], "min_topics": 2, "max_topics": 9,
        "check_enabled": False}
    assert problems == []


@pytest.mark.parametrize("change, message", [
    ({"display_name": " "}, "The title must be text of 1 to 200 characters."),
    ({"display_name": "x" * 201}, "The title must be text of 1 to 200 characters."),
    ({"instructions": 3}, "The instructions must be text of at most 10000 characters."),
    ({"gap_dimensions": ["readability"]}, "“Knowledge gaps offered”: readability not known."),
    ({"allowed_wikis": ["eswiki", "wikidatawiki"]}, "“Allowed Wikipedias”: wikidatawiki not known."),
    ({"required_fields": ["id"] * (settings.MAX_SETTING_ITEMS + 1)},
     "“Required on every topic” must be a list of at most 400 names."),
    ({"min_topics": True}, "“Minimum topics to complete” must be a whole number from 0 to 5000."),
    ({"min_topics": 10, "max_topics": 9}, "The minimum number of topics is larger than the maximum."),
    ({"min_topics": 0, "max_topics": 0}, "The maximum number of topics must be at least 1."),
    ({"check_enabled": "yes"}, "“Offer the article check” must be true or false."),
    ({"default_wiki": "klingonwiki"}, "“Default Wikipedia”: klingonwiki not known."),
    ({"default_wiki": ["eswiki"]}, "“Default Wikipedia” must be the database name of a Wikipedia, such as eswiki."),
    ({"default_wiki": "frwiki"}, "The default Wikipedia frwiki is not one of the allowed Wikipedias."),
])
def test_each_bad_setting_is_named(change, message):
    problems: list[str] = []
    out = settings.validate_settings({**GOOD, **change}, identity, problems)
    assert problems == [message]
    assert set(change) - {"min_topics", "max_topics"} <= set(GOOD) - set(out)


def test_an_empty_default_wiki_follows_the_course_and_the_learner():
    problems: list[str] = []
    assert settings.validate_settings({**GOOD, "default_wiki": " "}, identity, problems)["default_wiki"] == ""
    assert problems == []


def test_a_language_gives_its_wikipedia():
    assert [wikis.for_language(code) for code in ("es", "es-419", "es_419", "pt-BR", "zh-hans", "nb", "be-tarask",
                                                  "en-us")] == \
        ["eswiki", "eswiki", "eswiki", "ptwiki", "zhwiki", "nowiki", "be_x_oldwiki", "enwiki"]
    for code in ("xx", "", None, "es\nwiki", "ñ"):
        assert wikis.for_language(code) is None


def test_the_topic_list_offers_the_content_gaps_and_other():
    assert list(rows.Rules().gaps) == [*vocab.CONTENT_GAPS, "other"]


def test_olx_attributes_are_read_as_studio_sends_them():
    raw = settings.from_olx_attributes({"url_name": "t", "display_name": "Temas", "allowed_wikis": "eswiki  frwiki",
                                        "default_wiki": "frwiki",
                                        "min_topics": " 12 ", "max_topics": "٣", "check_enabled": "TRUE"})
    assert raw == {"display_name": "Temas", "allowed_wikis": ["eswiki", "frwiki"], "default_wiki": "frwiki",
                   "min_topics": 12,
                   "max_topics": "٣", "check_enabled": True}
    assert settings.from_olx_attributes({"check_enabled": "yes"}) == {"check_enabled": False}
    problems: list[str] = []
    settings.validate_settings({**GOOD, **raw}, identity, problems)
    assert problems == ["“Maximum topics” must be a whole number from 0 to 5000."]
