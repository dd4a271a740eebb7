"""The proposal block in the devsite's real runtime (the demo course, real keys, edx-completion and the
plugin's tables): what the learner sees, drafts, stale tabs, submit, downloads, Studio, OLX, the
number of queries."""
from __future__ import annotations

import json

import pytest
import webob
from completion.models import BlockCompletion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import etree
from lxml import html as lxml_html

from devsite.demo_work import ACTIVITIES, submit_activity
from devsite.runtime import course_key
from devsite.scenarios import sync_demo_outline
from orglab_plugin import api
from orglab_plugin.models import Submission
from orglab_xblocks.proposal import rules
from tests.conftest import call
from tests.helpers import valid_answers

pytestmark = pytest.mark.django_db

BUDGET = [{"item": "Refrigerios", "amount": 150000, "currency": "ARS", "usd": 150},
          {"item": "Premios", "amount": 200, "currency": "USD", "usd": None}]


def body(own, revision=0, client="tab-a", seq=1):
    return {"own": own, "revision": revision, "client": client, "seq": seq}


@pytest.fixture
def outline(scenarios, completion_on):
    sync_demo_outline()


@pytest.fixture
def proposal(load_block, learner, outline):
    return load_block(learner, "unit6_proposal", "orglab_proposal")


def reload(load_block, user):
    return load_block(user, "unit6_proposal", "orglab_proposal")


def learner43_work(user):
    """What the devsite's learner43 has done: everything but the Unit 6 worksheet."""
    for activity in ACTIVITIES[:7]:
        submit_activity(user, activity)


def resubmit(load_block, user, url_name: str, tab: str) -> None:
    """A later version of a worksheet, from another tab."""
    block = load_block(user, url_name)
    status, data = call(block, "submit", {"answers": valid_answers(block.config()), "revision": block.draft_revision,
                                          "client": tab, "seq": 1})
    assert status == 200, data


def get(block, handler, query=""):
    request = webob.Request.blank(f"/?{query}", method="GET")
    return block.runtime.handle(block, handler, request)


def page(block):
    return lxml_html.fromstring(block.render("student_view", {}).content)


# ---------------------------------------------------------------- what the learner sees


def test_the_proposal_gathers_the_latest_submitted_work_with_links_back(proposal, load_block, learner):
    learner43_work(learner)
    resubmit(load_block, learner, "unit5_worksheet", "again")  # a second version: the latest is read
    block = reload(load_block, learner)
    result = block.proposal()
    by_id = {section["id"]: section for section in result["sections"]}
    assert result["summary"] == {"ready": 7, "thin": 2, "missing": 6}
    assert [s for s, section in by_id.items() if section["readiness"]["state"] == "thin"] == ["follow_up", "metrics"]
    follow_up = by_id["follow_up"]["answers"][0]
    assert follow_up["unit"].startswith("Unit 5")
    assert follow_up["link"] == f"/courses/{course_key()}/jump_to/{course_key().make_usage_key('orglab_worksheet', 'unit5_worksheet')}"
    tree = page(block)
    assert tree.xpath("string(//p[@class='orglab-pr-summary'])") == "7 sections ready, 2 thin, 6 missing"
    links = tree.xpath("//section[@data-section='follow_up']//p[@class='orglab-pr-source']/a/@href")
    assert links and all(link == follow_up["link"] for link in links)
    thin = tree.xpath("//section[@data-section='follow_up']//ul[@class='orglab-pr-reasons']/li/text()")
    assert thin == ["It needs at least 40 words (it has 12)."]
    assert tree.xpath("//section[@data-section='team']//p[@class='orglab-pr-nothing']")
    # Every learner text and label has its own direction (RTL answers read right to left).
    assert all(node.get("dir") == "auto" for node in tree.xpath("//div[@class='orglab-pr-text']"))


def test_the_link_back_opens_the_unit_in_the_devsite(proposal, client, learner):
    learner43_work(learner)
    link = next(answer["link"] for section in proposal.proposal()["sections"] for answer in section["answers"]
                if answer["block_key"].endswith("unit5_worksheet"))
    client.force_login(learner)
    assert client.get(link)["Location"].startswith("/scenario/unit5")


def test_improving_an_answer_in_its_unit_makes_the_section_ready(proposal, load_block, learner):
    learner43_work(learner)
    unit5 = load_block(learner, "unit5_worksheet")
    answers = dict(unit5.draft_answers)
    answers["follow_up_activities"] = ["We will hold monthly editing hours and mentor each newcomer " * 5]
    status, data = call(unit5, "submit", {"answers": answers, "revision": unit5.draft_revision, "client": "u5", "seq": 9})
    assert status == 200, data
    by_id = {s["id"]: s for s in reload(load_block, learner).proposal()["sections"]}
    assert by_id["follow_up"]["readiness"]["state"] == "ready"


def test_the_learner_sees_their_eligibility_and_the_application_link(proposal, load_block, learner, staff):
    tree = page(proposal)
    assert "You are not eligible to apply yet:" in tree.xpath("string(//div[contains(@class, 'orglab-pr-eligibility')])")
    assert tree.xpath("//div[contains(@class, 'orglab-pr-eligibility')]//li")  # the policy's reasons
    api.set_eligibility_override(learner, course_key(), "grant", "Mentor signed off on paper.", staff)
    tree = page(reload(load_block, learner))
    assert tree.xpath("//a[@class='orglab-pr-apply']/@href") == ["https://meta.wikimedia.org/wiki/Grants:Project/Rapid"]


def test_without_javascript_the_own_fields_are_held_and_a_notice_says_why(proposal):
    tree = page(proposal)
    gate = tree.xpath("//form[@class='orglab-pr-form']/fieldset[contains(@class, 'orglab-js-gate')]")[0]
    assert gate.get("disabled") is not None
    assert gate.xpath("legend[@class='orglab-js-notice']")
    assert tree.xpath("//button[contains(@class, 'orglab-pr-submit')]")[0] in gate.iterdescendants()


# ---------------------------------------------------------------- drafts and submit


def test_a_draft_keeps_the_own_fields_and_answers_the_readiness(proposal, load_block, learner):
    status, data = call(proposal, "save_draft", body({"title": "Mujeres en la ciencia", "start_date": "2026-03-01",
                                                      "end_date": "2026-06-30", "budget": BUDGET}))
    assert status == 200, data
    assert data["status"]["state"] == "draft"
    states = {s["id"]: s["state"] for s in data["sections"]}
    assert states["title"] == states["dates"] == states["budget"] == "ready"
    assert data["totals"] == ["Total in ARS: 150,000", "Total in USD: 200", "Total in USD: 350"]
    again = reload(load_block, learner)
    assert again.draft_own["title"] == "Mujeres en la ciencia"
    assert 'value="Mujeres en la ciencia"' in again.render("student_view", {}).content


def test_a_stale_tab_is_refused(proposal, load_block, learner):
    assert call(proposal, "save_draft", body({"title": "B"}, client="tab-b"))[0] == 200
    status, data = call(reload(load_block, learner), "save_draft", body({"title": "A"}, client="tab-a"))
    assert status == 409 and data["reason"] == "stale"
    assert reload(load_block, learner).draft_own["title"] == "B"


def test_submit_records_a_version_with_the_rules_and_completes(proposal, load_block, learner):
    learner43_work(learner)
    status, data = call(proposal, "submit", body({"title": "Mujeres en la ciencia", "budget": BUDGET}))
    assert status == 200, data
    assert data["version"] == 1 and data["status"]["state"] == "submitted"
    row = Submission.objects.get(user=learner, block_type="orglab_proposal")
    assert row.payload["own"]["title"] == "Mujeres en la ciencia"
    assert row.payload["rules"] == rules.default_rules()
    assert row.payload["summary"] == data["summary"]
    assert BlockCompletion.objects.get(user=learner, block_key=row.block_key).completion == 1.0
    block = reload(load_block, learner)
    status, data = call(block, "submit", body({"title": "Otra"}, revision=block.draft_revision, client="t2"))
    assert status == 200 and data["version"] == 2


@pytest.mark.parametrize(("own", "field"), [
    ({"budget": [{"item": "Comida", "amount": None, "currency": "", "usd": None}]}, "budget.1"),
    ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date"),
])
def test_submit_refuses_incomplete_own_fields(proposal, own, field):
    status, data = call(proposal, "submit", body(own))
    assert status == 400
    assert field in [problem["field"] for problem in data["problems"]]


@pytest.mark.parametrize("payload", [
    b"not json", b"[1, 2]", json.dumps({"own": "x", "revision": 0, "client": "t", "seq": 1}).encode(),
    json.dumps({"own": {"title": 5}, "revision": 0, "client": "t", "seq": 1}).encode(),
    json.dumps({"own": {"budget": [{"item": "x", "amount": 1e400}]}, "revision": 0, "client": "t", "seq": 1}).encode(),
    json.dumps({"own": {"title": "x"}, "revision": -1, "client": "t", "seq": 1}).encode(),
    json.dumps({"own": {"title": "x" * 70000}, "revision": 0, "client": "t", "seq": 1}).encode(),
    json.dumps({"own": {"title": "\x00"}, "revision": 0, "client": "t", "seq": 1}).encode(),
])
def test_handlers_refuse_bad_requests_with_a_message(proposal, payload):
    for handler in ("save_draft", "submit"):
        status, data = call(proposal, handler, payload)
        assert status == 400, (handler, payload[:40], data)
        assert data["error"]


def test_a_get_cannot_save(proposal):
    assert get(proposal, "save_draft").status_code == 405


# ---------------------------------------------------------------- downloads


@pytest.mark.parametrize(("fmt", "content_type", "extension"), [
    ("wikitext", "text/plain; charset=utf-8", "wiki.txt"), ("markdown", "text/markdown; charset=utf-8", "md"),
    ("html", "text/html; charset=utf-8", "html"), ("pdf", "application/pdf", "pdf"),
    ("text", "text/plain; charset=utf-8", "txt")])
def test_each_download_has_the_learners_text(proposal, load_block, learner, fmt, content_type, extension):
    call(proposal, "save_draft", body({"title": "Mujeres {{en}} la ciencia", "budget": BUDGET}))
    response = get(reload(load_block, learner), "download", f"format={fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == f'attachment; filename="grant-proposal.{extension}"'
    if fmt == "pdf":
        assert response.body.startswith(b"%PDF")
    else:
        text = response.body.decode("utf-8")
        assert {"wikitext": "Mujeres &#123;&#123;en&#125;&#125; la ciencia", "markdown": "# Mujeres {{en}} la ciencia",
                "html": "Mujeres {{en}} la ciencia", "text": "Mujeres {{en}} la ciencia"}[fmt] in text
        assert "Refrigerios" in text
    if fmt == "html":
        assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_download_refuses_what_it_cannot_make(proposal):
    assert get(proposal, "download", "format=docx").status_code == 400
    assert json.loads(get(proposal, "download", "format=docx").body)["error"]
    assert get(proposal, "download", "format=%ff").status_code in (200, 400)
    post = webob.Request.blank("/?format=text", method="POST")
    assert proposal.runtime.handle(proposal, "download", post).status_code == 405


def test_the_view_links_every_download(proposal):
    links = page(proposal).xpath("//a[@class='orglab-pr-download']")
    assert [link.get("data-format") for link in links] == ["wikitext", "markdown", "html", "pdf", "text"]
    assert all("format=" in link.get("href") and link.get("download") is not None for link in links)


# ---------------------------------------------------------------- Studio and OLX


def studio_body(**changes):
    return {"display_name": "Tu propuesta", "instructions": "Revisa cada sección.",
            "application_url": "https://meta.wikimedia.org/wiki/Grants:Project/Rapid",
            "rules": {"change": {"min_words": 10}, "metrics": {"needs_number": True, "tools": ["Hashtags"]}},
            **changes}


def test_studio_saves_the_settings_and_the_rules(load_block, staff, outline):
    block = load_block(staff, "unit6_proposal", "orglab_proposal")
    status, data = call(block, "studio_submit", studio_body())
    assert status == 200, data
    assert block.display_name == "Tu propuesta" and block.current_rules()["change"]["min_words"] == 10
    assert block.current_rules()["budget"] == rules.default_rules()["budget"]
    html = block.render("studio_view", {}).content
    assert 'value="Hashtags"' in html and "Tu propuesta" in html


@pytest.mark.parametrize(("changes", "words"), [
    ({"application_url": "http://example.org/apply"}, "https://"),
    ({"application_url": "javascript:alert(1)"}, "https://"),
    ({"application_url": "https://"}, "https://"),
    ({"application_url": 5}, "https://"),
    ({"rules": {"change": {"min_words": "many"}}}, "min_words"),
    ({"rules": {"fun": {}}}, "not a proposal section"),
    ({"rules": []}, "readiness rules"),
    ({"display_name": ""}, "title"),
])
def test_studio_refuses_bad_settings_and_keeps_the_old(load_block, staff, outline, changes, words):
    block = load_block(staff, "unit6_proposal", "orglab_proposal")
    status, data = call(block, "studio_submit", studio_body(**changes))
    assert status == 400
    assert any(words in problem["message"] for problem in data["problems"]), data
    assert block.rules == {}


def test_the_settings_round_trip_through_olx(load_block, staff, outline):
    block = load_block(staff, "unit6_proposal", "orglab_proposal")
    call(block, "studio_submit", studio_body())
    node = etree.Element("root")
    block.add_xml_to_node(node)
    xml = etree.tostring(node, encoding="unicode")
    assert 'application_url="https://meta.wikimedia.org/wiki/Grants:Project/Rapid"' in xml
    assert '<rule section="change" min_words="10"/>' in xml and "<tool>Hashtags</tool>" in xml
    runtime = block.runtime
    from devsite.runtime import DevsiteRuntime

    again = DevsiteRuntime(staff).get_block(DevsiteRuntime(staff).parse_xml_string(xml.replace(
        "<orglab_proposal", '<orglab_proposal url_name="round_trip"', 1)))
    assert again.current_rules() == block.current_rules()
    assert (again.display_name, again.instructions, again.application_url) == (
        block.display_name, block.instructions, block.application_url)
    assert runtime is not None


@pytest.mark.parametrize("xml", [
    '<orglab_proposal application_url="http://x.org"/>',
    '<orglab_proposal><rules><rule section="fun"/></rules></orglab_proposal>',
    '<orglab_proposal><rules><rule section="change" min_words="ten"/></rules></orglab_proposal>',
    '<orglab_proposal><rules><rule section="change"/><rule section="change"/></rules></orglab_proposal>',
    '<orglab_proposal><surprise/></orglab_proposal>',
])
def test_bad_olx_is_refused_with_a_reason(scenarios, xml):
    from devsite.runtime import DevsiteRuntime

    with pytest.raises(ValueError):
        DevsiteRuntime(None).parse_xml_string(xml)


# ---------------------------------------------------------------- Spanish, and the number of queries


def test_the_view_speaks_spanish(proposal, learner):
    learner43_work(learner)
    with translation.override("es"):
        html = proposal.render("student_view", {}).content
    assert "Tu propuesta de subvención" in html and "Cómo va tu propuesta" in html
    assert "7 secciones listas, 2 escasas, 6 faltantes" in html and "Escasa: necesita más" in html
    assert "Necesita al menos 40 palabras (tiene 13)." in html  # a choice answer reads as its Spanish label
    assert "Where your proposal stands" not in html and "sections ready" not in html


def test_assembling_reads_a_bounded_number_of_queries(proposal, load_block, learner):
    learner43_work(learner)
    with CaptureQueriesContext(connection) as few:
        reload(load_block, learner).render("student_view", {})
    for round_ in range(4):  # more versions of every worksheet
        for url_name in ("unit1_worksheet", "unit2_worksheet", "unit3_worksheet", "unit4_worksheet", "unit5_worksheet"):
            resubmit(load_block, learner, url_name, f"round{round_}")
    submit_activity(learner, "unit6_worksheet")  # and one more unit
    with CaptureQueriesContext(connection) as many:
        block = reload(load_block, learner)
        block.render("student_view", {})
    assert len(many) <= len(few) + 1, [q["sql"] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as assembling:
        block.proposal()
    assert len(assembling) <= 3
