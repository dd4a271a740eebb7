"""The topic-list block in the devsite's real runtime: drafts by operations with stale-tab
protection, imports, the article check (on a recorded fake transport), submit, exports,
Studio settings and OLX."""
from __future__ import annotations

import json

import pytest
import webob
from completion.models import BlockCompletion
from lxml import etree
from requests.structures import CaseInsensitiveDict

from devsite.runtime import ID_MANAGER, DevsiteRuntime
from orglab_plugin.models import Submission
from orglab_xblocks.topic_list import mediawiki
from tests.conftest import call

pytestmark = pytest.mark.django_db

from .conftest import COURSE_BLOCK


def reload(load_block, user):
    return load_block(user, COURSE_BLOCK, "orglab_topic_list")


def base(revision=0, client="tab-a", seq=1, **extra):
    return {"revision": revision, "client": client, "seq": seq, **extra}


def row(n, **values):
    return {"id": f"r{n}", "title": f"Artículo {n}", "wiki": "eswiki", "gap": "gender", **values}


def put(*rows):
    return [{"op": "put", "row": r} for r in rows]


# ---------------------------------------------------------------- drafts


def test_changes_are_saved_as_operations(topics, load_block, learner):
    status, data = call(topics, "save_draft", base(ops=put(row(1), row(2))))
    assert status == 200, data
    status, data = call(reload(load_block, learner), "save_draft",
                        base(revision=1, seq=2, ops=[{"op": "del", "id": "r1"}] + put(row(2, priority="high"))))
    assert status == 200, data
    stored = reload(load_block, learner).topics
    assert [(r["id"], r["title"], r["priority"]) for r in stored] == [("r2", "Artículo 2", "high")]


def test_a_stale_tab_cannot_overwrite_newer_work(topics, load_block, learner):
    call(topics, "save_draft", base(client="tab-b", ops=put(row(1))))
    status, data = call(reload(load_block, learner), "save_draft", base(client="tab-a", ops=[{"op": "del", "id": "r1"}]))
    assert status == 409 and data["reason"] == "stale"
    assert [r["id"] for r in reload(load_block, learner).topics] == ["r1"]


@pytest.mark.parametrize(
    "ops, fragment",
    [
        (put(row(1, wiki="xxwiki")), "is not a Wikipedia"),
        (put(row(1, title="A [b]")), "cannot contain"),
        (put(row(1, gap="happiness")), "is not a value"),
        (put(row(1, title="", qid="")), "title or a Wikidata item"),
        (put(row(1, qid="Q0")), "not a Wikidata item"),
        (put(row(1, extra="x")), "no field"),
        (put(row(1), row(2, title="Artículo 1")), "already in the list"),
        ([{"op": "replace", "row": row(1)}], "Unknown change"),
        ("not a list", "list of at most"),
        (put(row(1, notes="x" * 501)), "longer than 500"),
    ],
)
def test_bad_changes_are_refused_whole(topics, load_block, learner, ops, fragment):
    call(topics, "save_draft", base(ops=put(row(9))))
    status, data = call(reload(load_block, learner), "save_draft", base(revision=1, seq=2, ops=ops))
    assert status == 400, data
    assert fragment in data["error"] + " ".join(p["message"] for p in data.get("problems", []))
    assert [r["id"] for r in reload(load_block, learner).topics] == ["r9"]


def test_the_maximum_is_enforced(load_block, learner, completion_on):
    block = reload(load_block, learner)
    block.max_topics = 2
    status, data = call(block, "save_draft", base(ops=put(row(1), row(2), row(3))))
    assert status == 400 and "at most 2" in data["error"]


# ---------------------------------------------------------------- import


def test_import_merges_into_the_draft_and_reports_each_line(topics, load_block, learner):
    call(topics, "save_draft", base(ops=put(row(1, title="Cambio climático"))))
    text = "cambio_climático\nhttps://es.wikipedia.org/wiki/Energ%C3%ADa_solar\nQ7942\nPlantilla:Clima\n"
    status, data = call(reload(load_block, learner), "import_topics",
                        base(revision=1, seq=2, text=text, format="auto", wiki="eswiki"))
    assert status == 200, data
    report = data["import"]
    assert (report["added"], report["merged"], report["refused"]) == (2, 1, 1)
    assert [line["outcome"] for line in report["report"]] == ["merged", "added", "added", "refused"]
    stored = reload(load_block, learner)
    assert [r["title"] or r["qid"] for r in stored.topics] == ["Cambio climático", "Energía solar", "Q7942"]
    assert stored.last_wiki == "eswiki"


def test_an_import_over_the_limits_loses_nothing(topics, load_block, learner):
    call(topics, "save_draft", base(ops=put(row(1))))
    block = reload(load_block, learner)
    status, data = call(block, "import_topics", base(revision=1, seq=2, text="\n".join(f"T{n}" for n in range(5002)),
                                                     format="lines", wiki="eswiki"))
    assert status == 400 and "5000 lines" in data["error"]
    status, data = call(block, "import_topics", base(revision=1, seq=3, text="x" * (3 * 1024 * 1024), wiki="eswiki"))
    assert status == 400
    assert [r["id"] for r in reload(load_block, learner).topics] == ["r1"]


# ---------------------------------------------------------------- the article check


class RecordedWiki:
    """A fake transport answering with the documented API shape; counts requests."""

    def __init__(self):
        self.requests = []

    def __call__(self, url, params, headers, timeout):
        self.requests.append((url, dict(params)))
        titles = params.get("titles", "").split("|")
        pages = []
        for title in titles:
            if title.startswith("Falta"):
                pages.append({"ns": 0, "title": title, "missing": True})
            else:
                pages.append({"pageid": len(pages) + 1, "ns": 0, "title": title, "length": 40000,
                              "pageprops": {"wikibase_item": "Q" + str(100 + len(pages))}})
        body = {"batchcomplete": True, "query": {"pages": pages}}
        return type("R", (), {"status_code": 200, "headers": CaseInsensitiveDict({"Content-Type": "application/json"}),
                              "text": json.dumps(body)})()


class DeadWiki:
    def __call__(self, url, params, headers, timeout):
        import requests

        raise requests.Timeout("timed out")


@pytest.fixture
def fake_wiki(monkeypatch):
    transport = RecordedWiki()
    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=transport))
    return transport


def test_the_check_fills_status_and_items(topics, load_block, learner, fake_wiki):
    call(topics, "save_draft", base(ops=put(row(1, title="Cambio climático"), row(2, title="Falta este"))))
    status, data = call(reload(load_block, learner), "check_articles", base(revision=1, seq=2))
    assert status == 200, data
    by_title = {r["title"]: r for r in reload(load_block, learner).topics}
    assert by_title["Cambio climático"]["status"] == "exists" and by_title["Cambio climático"]["qid"].startswith("Q")
    assert by_title["Falta este"]["status"] == "missing"
    assert len(fake_wiki.requests) == 1


def test_titles_that_turn_out_to_be_one_article_are_merged(topics, load_block, learner, monkeypatch):
    class Normalizing(RecordedWiki):
        def __call__(self, url, params, headers, timeout):
            body = {"query": {"normalized": [{"from": "clima", "to": "Clima"}],
                              "pages": [{"pageid": 1, "ns": 0, "title": "Clima", "length": 9000,
                                         "pageprops": {"wikibase_item": "Q7937"}}]}}
            return type("R", (), {"status_code": 200, "headers": CaseInsensitiveDict(), "text": json.dumps(body)})()

    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=Normalizing()))
    call(topics, "save_draft", base(ops=put(row(1, title="Clima", qid="Q7937", notes="mía"))))
    block = reload(load_block, learner)
    block.topics = block.topics + [dict(block.topics[0], id="r2", title="clima", qid="", notes="")]
    block.save()
    status, data = call(reload(load_block, learner), "check_articles", base(revision=1, seq=2))
    assert status == 200 and "Duplicates merged: 1." in data["message"]
    assert [(r["title"], r["notes"]) for r in reload(load_block, learner).topics] == [("Clima", "mía")]


def test_when_wikipedia_cannot_be_reached_the_list_is_kept(topics, load_block, learner, monkeypatch):
    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=DeadWiki()))
    call(topics, "save_draft", base(ops=put(row(1, title="Cambio climático", status="exists"))))
    status, data = call(reload(load_block, learner), "check_articles", base(revision=1, seq=2))
    assert status == 200 and data["failed"]
    assert data["message"].startswith("Checking the articles failed: Wikipedia did not answer in time.")
    assert "Nothing was lost" in data["message"] and "“Check the articles on Wikipedia” again" in data["message"]
    assert "could not be saved" not in data["message"]
    stored = reload(load_block, learner).topics
    assert [(r["title"], r["status"]) for r in stored] == [("Cambio climático", "unknown")]


def test_the_check_failure_is_said_in_the_learners_language(topics, load_block, learner, monkeypatch):
    from django.utils import translation

    monkeypatch.setattr(mediawiki, "default_client", lambda: mediawiki.MediaWikiClient(transport=DeadWiki()))
    call(topics, "save_draft", base(ops=put(row(1))))
    with translation.override("es-419"):
        status, data = call(reload(load_block, learner), "check_articles", base(revision=1, seq=2))
    assert status == 200 and data["failed"]
    assert data["message"].startswith("La verificación de los artículos falló:")
    assert "«Verificar los artículos en Wikipedia»" in data["message"] and "No se perdió nada" in data["message"]


# ---------------------------------------------------------------- submit


def test_submit_checks_the_authors_rules(topics, load_block, learner):
    few = put(*(row(n) for n in range(1, 4)))
    status, data = call(topics, "submit", base(ops=few))
    assert status == 400
    assert any("at least 10 topics" in p["message"] for p in data["problems"])
    assert len(reload(load_block, learner).topics) == 3  # the changes were kept
    assert not Submission.objects.exists()


def test_submit_records_the_rows_and_completes(topics, load_block, learner):
    ops = put(*(row(n) for n in range(1, 11)), row(11, gap=""))
    status, data = call(topics, "submit", base(ops=ops))
    assert status == 400 and any("Knowledge gap" in p["message"] for p in data["problems"])  # unit 2 requires it
    block = reload(load_block, learner)
    status, data = call(block, "submit", base(revision=block.draft_revision, seq=2, ops=[{"op": "del", "id": "r11"}]))
    assert status == 200, data
    submission = Submission.objects.get(user=learner)
    assert submission.block_type == "orglab_topic_list" and len(submission.payload["rows"]) == 10
    assert submission.payload["summary"]["gap"] == {"gender": 10}
    assert BlockCompletion.objects.get(user=learner).completion == 1.0
    assert data["status"]["state"] == "submitted"


# ---------------------------------------------------------------- exports


def export(block, query):
    request = webob.Request.blank(f"/?{query}")
    return block.runtime.handle(block, "export", request)


def test_exports_are_downloads_of_the_saved_list(topics, load_block, learner):
    call(topics, "save_draft", base(ops=put(row(1, title="=cmd' /C calc'!A0", notes="<b>|}"), row(2))))
    block = reload(load_block, learner)
    csv_response = export(block, "format=csv")
    assert csv_response.status_code == 200 and csv_response.content_type == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    assert "'=cmd" in csv_response.text
    wikitext = export(block, "format=wikitext").text
    assert wikitext.startswith('{| class="wikitable sortable"') and "<b>" not in wikitext
    assert json.loads(export(block, "format=worklist").text) == {"eswiki": ["=cmd' /C calc'!A0", "Artículo 2"]}
    assert export(block, "format=list&wiki=eswiki").text.splitlines()[-1] == "Artículo 2"
    assert export(block, "format=pdf").status_code == 400
    assert export(block, "format=list&wiki=xxwiki").status_code == 400


# ---------------------------------------------------------------- Studio and OLX


def studio(block, **changes):
    data = {"display_name": "Lista", "instructions": "", "allowed_wikis": ["eswiki"], "gap_dimensions": [],
            "required_fields": ["gap"], "min_topics": 5, "max_topics": 100, "check_enabled": True}
    data.update(changes)
    return call(block, "studio_submit", data)


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"allowed_wikis": ["eswiki", "klingonwiki"]}, "klingonwiki"),
        ({"gap_dimensions": ["joy"]}, "joy"),
        ({"required_fields": ["title"]}, "title"),
        ({"min_topics": 50, "max_topics": 10}, "larger than the maximum"),
        ({"max_topics": 6000}, "from 0 to 5000"),
        ({"min_topics": "ten"}, "whole number"),
        ({"check_enabled": "yes"}, "true or false"),
        ({"display_name": ""}, "title"),
        ({"default_wiki": "frwiki"}, "not one of the allowed Wikipedias"),
    ],
)
def test_studio_refuses_bad_settings_whole(load_block, staff, changes, fragment):
    block = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    before = (block.display_name, block.min_topics, list(block.required_fields))
    status, data = studio(block, **changes)
    assert status == 400 and fragment in " ".join(p["message"] for p in data["problems"])
    again = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    assert (again.display_name, again.min_topics, list(again.required_fields)) == before


def test_studio_settings_round_trip_through_olx(load_block, staff):
    block = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    status, data = studio(block, instructions="Usa «tus» listas <b>", gap_dimensions=["gender", "geography"],
                          check_enabled=False, default_wiki=" ESWIKI")
    assert status == 200, data
    saved = load_block(staff, COURSE_BLOCK, "orglab_topic_list")
    assert saved.default_wiki == "eswiki"
    node = etree.Element("x")
    saved.add_xml_to_node(node)
    node.set("url_name", "topic_roundtrip")
    xml = etree.tostring(node, encoding="unicode")
    assert 'allowed_wikis="eswiki"' in xml and 'check_enabled="false"' in xml and 'default_wiki="eswiki"' in xml
    ID_MANAGER.set_scenario("olx-topics")
    usage = DevsiteRuntime().parse_xml_string(xml)
    again = DevsiteRuntime().get_block(usage)
    for name in ("display_name", "instructions", "allowed_wikis", "default_wiki", "gap_dimensions", "required_fields",
                 "min_topics", "max_topics", "check_enabled"):
        assert getattr(again, name) == getattr(saved, name), name


def test_invalid_olx_is_refused():
    ID_MANAGER.set_scenario("olx-bad-topics")
    with pytest.raises(ValueError, match="klingonwiki"):
        DevsiteRuntime().parse_xml_string('<orglab_topic_list url_name="bad" allowed_wikis="klingonwiki"/>')


def test_the_learner_view_renders_and_escapes(topics, load_block, learner):
    call(topics, "save_draft", base(ops=put(row(1, title="تغير المناخ", wiki="arwiki", notes="<script>x</script>"))))
    frag = reload(load_block, learner).render("student_view", {})
    html = frag.body_html()
    assert "OrgLabTopicList" in html and "<script>x</script>" not in html and "\\u003Cscript\\u003Ex" in html
    assert reload(load_block, learner).student_view_data()["rules"]["min_topics"] == 10
