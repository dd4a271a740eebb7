"""The topic-list block's own wikitable (the export an organizer pastes on a Meta campaign page)
with hostile rows: notes full of wikitext, titles that are legal MediaWiki titles yet would not be
read back as themselves in a link target. Every cell shows the learner's text, every link points to
exactly its row's title, and the table keeps its rows and cells. Parsed with mwparserfromhell."""
from __future__ import annotations

import pytest
import webob
from hypothesis import given
from hypothesis import strategies as st

from orglab_xblocks.topic_list import exporters
from tests.conftest import call
from tests.orglab_plugin.test_markup import folded, hostile, hostile_wikitext, wikitable_rows

COURSE_BLOCK = "unit2_topic_list"
NOTES = ("</NOWIKI>{{subst:Delete}} [[Category:Hacked]] ~~~~ __NOTOC__\n|}\n{| class=x\n|-\n! x !! y\n"
         "== Heading ==\n<!-- c --> <ref>r</ref> https://evil.example ''i'' ISBN 0306406152 {{{1}}}")


def identity(text):
    return text


def export(block, query):
    return block.runtime.handle(block, "export", webob.Request.blank(f"/?{query}"))


@pytest.mark.django_db
def test_stored_hostile_rows_stay_text_in_the_blocks_wikitable(load_block, learner, completion_on):
    block = load_block(learner, COURSE_BLOCK, "orglab_topic_list")
    rows = [
        {"id": "r1", "title": "Cambio climático", "wiki": "eswiki", "gap": "gender", "notes": NOTES},
        {"id": "r2", "title": "Rock ''n'' roll", "wiki": "eswiki", "gap": "gender", "notes": "'''bold''' ~~~"},
        {"id": "r3", "title": "&lt;b&gt;Tom&lt;/b&gt;", "wiki": "eswiki", "gap": "gender"},
        {"id": "r4", "title": "AT&T", "wiki": "eswiki", "gap": "gender", "qid": "Q35476"},
    ]
    status, data = call(block, "save_draft", {"revision": 0, "client": "tab-a", "seq": 1,
                                              "ops": [{"op": "put", "row": row} for row in rows]})
    assert status == 200, data
    block = load_block(learner, COURSE_BLOCK, "orglab_topic_list")
    stored = {row["id"]: row for row in block.topics}
    assert [stored[row["id"]]["title"] for row in rows] == [row["title"] for row in rows]  # legal titles

    response = export(block, "format=wikitext")
    assert response.status_code == 200
    headers, table, links = wikitable_rows(response.text)
    assert len(headers) == 10 and len(table) == 4 and all(len(cells) == 10 for cells in table)
    by_title = {cells[0]: cells for cells in table}
    assert sorted(by_title) == sorted(row["title"] for row in rows)  # every title shown as it is
    assert by_title["Cambio climático"][9] == folded(NOTES)
    assert by_title["Rock ''n'' roll"][9] == "'''bold''' ~~~"
    assert by_title["AT&T"][2] == "Q35476"
    # A link points to exactly its title; one that would not be read back as itself is not made.
    assert sorted(links) == ["d:Q35476", "w:es:AT&T", "w:es:Cambio climático"]


WIKIS = ["eswiki", "enwiki", "arwiki", "zh_yuewiki", "be_x_oldwiki", "x]]wiki"]


@given(st.lists(st.fixed_dictionaries({
    "title": hostile_wikitext, "canonical": hostile_wikitext, "wiki": st.sampled_from(WIKIS),
    "qid": st.sampled_from(["", "Q42", "Q1|x", "Q2]]"]), "status": hostile_wikitext, "gap": hostile_wikitext,
    "topic": hostile_wikitext, "task": hostile_wikitext, "priority": hostile_wikitext, "notes": hostile_wikitext,
    "sitelinks": st.one_of(st.none(), st.integers(0, 9999)),
}), max_size=4))
@hostile(100)
def test_hostile_rows_never_change_the_wikitable(rows):
    headers, table, links = wikitable_rows(exporters.to_wikitext(rows, {}, identity))
    assert headers == ["Article", "Wikipedia", "Wikidata item", "Status", "Knowledge gap", "Topic area", "Task",
                       "Priority", "Wikipedias with an article", "Notes"]
    assert table == [[folded(row["title"] or row["canonical"]), folded(row["wiki"]), folded(row["qid"]),
                      folded(row["status"]), folded(row["gap"]), folded(row["topic"]), folded(row["task"]),
                      folded(row["priority"]), "" if row["sitelinks"] is None else str(row["sitelinks"]),
                      folded(row["notes"])] for row in rows]
    allowed = {f"w:{exporters._language(row['wiki'])}:{row['title']}" for row in rows} | {
        f"d:{row['qid']}" for row in rows}
    assert set(links) <= allowed
