"""Hostile input to the topic list, through the devsite's real runtime: malformed URLs and QIDs,
numbers that are not ASCII digits, and wiki names spelled any which way. Never a 500; nothing
stored from a refused request; wiki names normalized wherever they enter (and where they are
already stored)."""
from __future__ import annotations

import json

import pytest
import webob

from orglab_plugin.models import Submission
from orglab_xblocks.topic_list import importers, titles, wikis
from orglab_xblocks.topic_list import rows as rows_module
from tests.conftest import call

from .test_block import COURSE_BLOCK, base, put, reload, row

pytestmark = pytest.mark.django_db

MALFORMED_URLS = ["http://[::1", "//[abc", "https://[", "https://www.wikidata.org\uff03/wiki/Q42", "//\u2100"]


def export(block, query):
    return block.runtime.handle(block, "export", webob.Request.blank(f"/?{query}"))


def stored(load_block, learner):
    return [(r["id"], r["wiki"], r["title"], r["qid"]) for r in reload(load_block, learner).topics]


# ---------------------------------------------------------------- malformed URLs and QIDs


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_the_qid_parser_never_raises(url):
    assert titles.normalize_qid(url) is None
    assert titles.normalize_qid(" " + url + " ") is None
    assert titles.parse_article_url(url) is None


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_as_a_qid_is_a_400_naming_the_field(topics, load_block, learner, url):
    assert call(topics, "save_draft", base(ops=put(row(1))))[0] == 200
    status, data = call(reload(load_block, learner), "save_draft", base(revision=1, seq=2, ops=put(row(2, qid=url))))
    assert status == 400, data
    assert "is not a Wikidata item id" in data["error"]
    assert [(p["row"], p["field"]) for p in data["problems"]] == [("r2", "qid")]
    assert stored(load_block, learner) == [("r1", "eswiki", "Artículo 1", "")]


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_in_a_submit_is_a_400_and_nothing_is_recorded(topics, load_block, learner, url):
    assert call(topics, "save_draft", base(ops=put(*(row(n) for n in range(1, 11)))))[0] == 200
    status, data = call(reload(load_block, learner), "submit", base(revision=1, seq=2, ops=put(row(11, qid=url))))
    assert status == 400, data
    assert [(p["row"], p["field"]) for p in data["problems"]] == [("r11", "qid")]
    assert len(stored(load_block, learner)) == 10
    assert not Submission.objects.exists()


@pytest.mark.parametrize("url", [url for url in MALFORMED_URLS if url.startswith("http")])
def test_a_malformed_url_in_an_import_is_refused_on_its_line(topics, load_block, learner, url):
    text = f"Cambio climático\n{url}\nEnergía solar\n"
    status, data = call(topics, "import_topics", base(text=text, format="lines", wiki="eswiki"))
    assert status == 200, data
    report = data["import"]["report"]
    assert [line["outcome"] for line in report] == ["added", "refused", "added"]
    assert report[1]["message"] == "This address is not an article of a Wikipedia or a Wikidata item."
    assert [r["title"] for r in reload(load_block, learner).topics] == ["Cambio climático", "Energía solar"]


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_in_csv_and_petscan_columns_is_never_a_500(topics, load_block, learner, url):
    csv_text = f"title,qid\nCambio climático,{url}\nEnergía solar,Q123\n"
    status, data = call(topics, "import_topics", base(text=csv_text, format="csv", wiki="eswiki"))
    assert status == 200, data
    assert [line["outcome"] for line in data["import"]["report"]] == ["refused", "added"]
    assert "Wikidata item" in data["import"]["report"][0]["message"]
    petscan = f"number,title,pageid,namespace,wikidata\n1,Energía eólica,10,0,{url}\n"
    status, data = call(reload(load_block, learner), "import_topics",
                        base(revision=1, seq=2, text=petscan, format="petscan", wiki="eswiki"))
    assert status == 200, data
    assert [line["outcome"] for line in data["import"]["report"]] == ["added"]
    assert [(r["title"], r["qid"]) for r in reload(load_block, learner).topics] == [
        ("Energía solar", "Q123"), ("Energía eólica", "")]


# ---------------------------------------------------------------- numbers that are not ASCII digits


@pytest.mark.parametrize("value", ["²", "٣", "1" * 5000, "１２", "12.5", "-3", "10000"])
def test_a_non_ascii_or_huge_number_is_dropped_with_a_note(topics, load_block, learner, value):
    text = f"title,sitelinks\nCambio climático,{value}\nEnergía solar,42\n"
    status, data = call(topics, "import_topics", base(text=text, format="csv", wiki="eswiki"))
    assert status == 200, data
    report = data["import"]["report"]
    assert [line["outcome"] for line in report] == ["added", "added"]
    assert "“Wikipedias with an article” was left out" in report[0]["message"]
    assert "left out" not in report[1]["message"]
    assert [(r["title"], r["sitelinks"]) for r in reload(load_block, learner).topics] == [
        ("Cambio climático", None), ("Energía solar", 42)]


def test_only_ascii_digits_of_bounded_length_are_numbers():
    assert importers.ascii_count("0042", 4) == 42
    for text in ("²", "٣", "１２", "1" * 5000, "", " 1", "+1", "1_000", "12345"):
        assert importers.ascii_count(text, 4) is None, text


# ---------------------------------------------------------------- wiki names normalized at the door


@pytest.mark.parametrize("spelling", ["\neswiki", "ESWIKI ", "\tEsWiki\r\n", " eswiki"])
def test_wiki_names_in_draft_changes_are_normalized(topics, load_block, learner, spelling):
    status, data = call(topics, "save_draft", base(ops=put(row(1), row(2, title="Energía", source_title="Energy",
                                                                         source_wiki="ENWIKI\n", wiki=spelling))))
    assert status == 200, data
    rows = reload(load_block, learner).topics
    assert [(r["wiki"], r["source_wiki"]) for r in rows] == [("eswiki", ""), ("eswiki", "enwiki")]


@pytest.mark.parametrize("spelling", ["\neswiki", "ESWIKI "])
def test_one_article_in_two_spellings_of_its_wiki_is_a_duplicate(topics, load_block, learner, spelling):
    assert call(topics, "save_draft", base(ops=put(row(1))))[0] == 200
    status, data = call(reload(load_block, learner), "save_draft",
                        base(revision=1, seq=2, ops=put(row(2, title="Artículo 1", wiki=spelling))))
    assert status == 400, data
    assert "already in the list" in data["error"]
    assert stored(load_block, learner) == [("r1", "eswiki", "Artículo 1", "")]


@pytest.mark.parametrize("spelling", ["eswiki\u200b", "es wiki", "\u212a\u212awiki", "", "wiki"])
def test_a_wiki_name_that_is_not_one_is_refused(topics, load_block, learner, spelling):
    status, data = call(topics, "save_draft", base(ops=put(row(1, wiki=spelling))))
    assert status == 400, data
    assert [p["field"] for p in data["problems"]] == ["wiki"]
    assert reload(load_block, learner).topics == []


def test_the_normalizer_gives_the_canonical_database_name():
    assert wikis.normalize_dbname(" ESWIKI\n") == "eswiki"
    assert wikis.normalize_dbname("be-taraskwiki") == "be_x_oldwiki"
    assert wikis.normalize_dbname("ZH-MIN-NANWIKI") == "zh_min_nanwiki"
    for bad in (None, 3, ["eswiki"], "wikidatawiki", "klingonwiki", "es\nwiki", "x" * 500):
        assert wikis.normalize_dbname(bad) is None


def test_imports_normalize_the_default_wiki_and_the_wiki_column(topics, load_block, learner):
    status, data = call(topics, "import_topics", base(text="Cambio climático\n", format="lines", wiki="ESWIKI\n"))
    assert status == 200, data
    block = reload(load_block, learner)
    assert block.last_wiki == "eswiki"
    assert [r["wiki"] for r in block.topics] == ["eswiki"]
    text = "title,wiki,source_title,source_wiki\nCambio climático, ESWIKI ,Climate change,EnWiki\nVent,FRWIKI,,\n"
    status, data = call(block, "import_topics", base(revision=1, seq=2, text=text, format="csv", wiki="eswiki"))
    assert status == 200, data
    assert [line["outcome"] for line in data["import"]["report"]] == ["merged", "added"]
    assert [(r["wiki"], r["title"], r["source_wiki"]) for r in reload(load_block, learner).topics] == [
        ("eswiki", "Cambio climático", "enwiki"), ("frwiki", "Vent", "")]


def test_studio_normalizes_the_allowed_wikis(load_block, staff):
    block = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    data = {"display_name": "Lista", "instructions": "", "allowed_wikis": [" ESWIKI", "eswiki\n", "SWWIKI"],
            "gap_dimensions": [], "required_fields": ["gap"], "min_topics": 5, "max_topics": 100,
            "check_enabled": True}
    status, result = call(block, "studio_submit", data)
    assert status == 200, result
    assert load_block(staff, COURSE_BLOCK, "orglab_topic_list").allowed_wikis == ["eswiki", "swwiki"]
    status, result = call(block, "studio_submit", {**data, "allowed_wikis": "ESWIKI  SWWIKI"})
    assert status == 200, result
    assert load_block(staff, COURSE_BLOCK, "orglab_topic_list").allowed_wikis == ["eswiki", "swwiki"]


def test_the_export_wiki_parameter_is_normalized_and_never_echoed_raw(topics, load_block, learner):
    assert call(topics, "save_draft", base(ops=put(row(1), row(2, wiki="frwiki", title="Vent"))))[0] == 200
    block = reload(load_block, learner)
    for query in ("enwiki%0A", "ESWIKI", "%20eswiki%0A"):
        response = export(block, f"format=list&wiki={query}")
        assert response.status_code == 200
        assert response.text == ("" if query.startswith("en") else "Artículo 1\n")
    refused = export(block, "format=list&wiki=eswiki%0A%3Cb%3E")
    assert refused.status_code == 400
    assert "\n" not in json.loads(refused.text)["error"] and "<b>" not in json.loads(refused.text)["error"]


# ---------------------------------------------------------------- rows already stored are migrated on load


def legacy_rows():
    """Rows as an older version of the block stored them: wiki names as the learner sent them."""
    first = rows_module.blank_row(id="r1", wiki="ESWIKI ", title="Artículo 1", gap="gender")
    same = rows_module.blank_row(id="r2", wiki="\neswiki", title="Artículo 1", notes="Una nota", priority="high")
    other = rows_module.blank_row(id="r3", wiki="FrWiki", title="Vent", source_wiki=" ENWIKI",
                                  source_title="Wind")
    return [first, same, other]


def test_rows_stored_with_bad_spellings_are_normalized_and_merged_on_load(topics, load_block, learner):
    topics.topics = legacy_rows()
    topics.save()
    block = reload(load_block, learner)
    assert json.loads(export(block, "format=worklist").text) == {"eswiki": ["Artículo 1"], "frwiki": ["Vent"]}
    assert export(block, "format=list&wiki=eswiki").text == "Artículo 1\n"
    html = block.render("student_view", {}).body_html()
    assert "ESWIKI " not in html and "\\neswiki" not in html
    status, data = call(block, "save_draft", base(ops=put(row(4, title="Energía"))))
    assert status == 200, data
    rows = reload(load_block, learner).topics
    assert [(r["id"], r["wiki"], r["title"], r["source_wiki"]) for r in rows] == [
        ("r1", "eswiki", "Artículo 1", ""), ("r3", "frwiki", "Vent", "enwiki"), ("r4", "eswiki", "Energía", "")]
    # The merge fills the kept row's empty fields from its duplicate.
    assert (rows[0]["gap"], rows[0]["priority"], rows[0]["notes"]) == ("gender", "high", "Una nota")


def test_a_legacy_duplicate_does_not_block_a_submit(topics, load_block, learner):
    topics.topics = legacy_rows()
    topics.save()
    block = reload(load_block, learner)
    ops = put(*(row(n) for n in range(4, 13)), {"id": "r3", "title": "Vent", "wiki": "frwiki", "gap": "gender"})
    status, data = call(block, "submit", base(ops=ops))
    assert status == 200, data
    recorded = Submission.objects.get(user=learner).payload["rows"]
    assert {r["wiki"] for r in recorded} == {"eswiki", "frwiki"}
    assert len(recorded) == 11


def test_an_undecodable_export_address_is_a_400(topics, load_block, learner):
    assert call(topics, "save_draft", base(ops=put(row(1))))[0] == 200
    block = reload(load_block, learner)
    for query in ("format=list&wiki=%FF%FE", "format=%FF"):
        response = export(block, query)
        assert response.status_code == 400
        assert json.loads(response.text)["error"] == ("The address of this download could not be read. "
                                                      "Reload the page and try again.")


@pytest.mark.parametrize("changes", [
    {"allowed_wikis": ["eswiki"] * 401},
    {"allowed_wikis": [["eswiki"]]},
    {"allowed_wikis": {"eswiki": True}},
    {"allowed_wikis": ["x" * 10000]},
    {"gap_dimensions": [{"gender": 1}]},
    {"required_fields": 5},
    {"min_topics": 2**62},  # (beyond 64 bits, the front door refuses the number itself)
    {"max_topics": [100]},
    {"display_name": ["Lista"]},
    {"instructions": {"x": 1}},
    {"check_enabled": [True]},
])
def test_studio_settings_of_the_wrong_type_or_size_are_a_400(load_block, staff, changes):
    block = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    before = {name: getattr(block, name) for name in ("display_name", "allowed_wikis", "min_topics")}
    data = {"display_name": "Lista", "instructions": "", "allowed_wikis": ["eswiki"], "gap_dimensions": [],
            "required_fields": ["gap"], "min_topics": 5, "max_topics": 100, "check_enabled": True, **changes}
    status, result = call(block, "studio_submit", data)
    assert status == 400, result
    assert result["problems"] and all(len(p["message"]) < 400 for p in result["problems"])
    again = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    assert {name: getattr(again, name) for name in before} == before


@pytest.mark.parametrize("n, value", list(enumerate(["²", "٣", "1" * 5000])))
def test_olx_numbers_must_be_ascii_digits(n, value):
    from devsite.runtime import ID_MANAGER, DevsiteRuntime

    ID_MANAGER.set_scenario("olx-hostile-topics")
    with pytest.raises(ValueError, match="must be a whole number"):
        DevsiteRuntime().parse_xml_string(f'<orglab_topic_list url_name="bad{n}" min_topics="{value}"/>')


def test_studio_refuses_characters_olx_cannot_hold(load_block, staff):
    block = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    title = block.display_name
    status, data = call(block, "studio_submit", {"display_name": "Lista\x0b", "instructions": "", "allowed_wikis": [],
                                                 "gap_dimensions": [], "required_fields": [], "min_topics": 5,
                                                 "max_topics": 100, "check_enabled": True})
    assert status == 400 and data["field"] == "display_name", data
    assert load_block(staff, COURSE_BLOCK, "orglab_topic_list").display_name == title
