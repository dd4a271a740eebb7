"""The audience-needs assessment in the devsite's real runtime: drafts with the profile, stale
tabs, submit, bad input, the staff aggregate, Studio, OLX, and the Unit 4 worksheet's view."""
from __future__ import annotations

import copy
import json

import pytest
from completion.models import BlockCompletion
from lxml import etree

from devsite.runtime import ID_MANAGER, DevsiteRuntime, course_key
from orglab_plugin.models import Submission
from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT
from orglab_xblocks.common import MAX_BODY_BYTES
from tests.conftest import call

pytestmark = pytest.mark.django_db

AUDIENCE = "unit3_audience"
AUDIENCE_KEY = str(course_key().make_usage_key("orglab_audience", AUDIENCE))


def block_of(load_block, user):
    return load_block(user, AUDIENCE, "orglab_audience")


def base(segments, revision=0, client="tab-a", seq=1):
    return {"segments": segments, "revision": revision, "client": client, "seq": seq}


def complete_answers(**overrides):
    answers = {q["id"]: None for q in DEFAULT_INSTRUMENT["questions"]}
    for question in DEFAULT_INSTRUMENT["questions"]:
        if question["kind"] == "scale":
            answers[question["id"]] = 2
        elif question["kind"] == "single_choice":
            answers[question["id"]] = question["choices"][0]["value"]
    answers = {key: value for key, value in answers.items() if value is not None}
    answers.update(overrides)
    return answers


def segment(sid="s1", name="Docentes rurales", **answers):
    return {"id": sid, "name": name, "description": "", "size": 40, "languages": "es, gn", "location": "Paraguay",
            "contributors": "new", "answers": complete_answers(**answers)}


@pytest.fixture
def audience(load_block, learner, completion_on):
    return block_of(load_block, learner)


def test_a_draft_is_saved_and_scored(audience, load_block, learner):
    status, data = call(audience, "save_draft", base([segment(barrier_connectivity=5, barrier_safety=4)]))
    assert status == 200, data
    scores = data["profile"]["segments"][0]["scores"]
    status, calmer = call(block_of(load_block, learner), "save_draft",
                          base([segment(barrier_connectivity=1, barrier_safety=4)], revision=1, seq=2))
    assert status == 200
    assert calmer["profile"]["segments"][0]["scores"]["offline_materials"] < scores["offline_materials"]
    assert calmer["profile"]["segments"][0]["scores"]["safe_space"] == scores["safe_space"]
    assert block_of(load_block, learner).segments[0]["name"] == "Docentes rurales"


def test_a_stale_tab_is_refused(audience, load_block, learner):
    call(audience, "save_draft", base([segment()], client="tab-b"))
    status, data = call(block_of(load_block, learner), "save_draft", base([segment(name="older")], client="tab-a"))
    assert status == 409 and data["reason"] == "stale"
    assert block_of(load_block, learner).segments[0]["name"] == "Docentes rurales"


@pytest.mark.parametrize(
    "segments, fragment",
    [
        ([segment(f"s{n}") for n in range(7)], "from 1 to 6"),
        ([segment(barrier_time=6)], "from 1 to 5"),
        ([segment(barrier_time="5")], "from 1 to 5"),
        ([segment(experience="guru")], "one of the options"),
        ([{**segment(), "answers": {"no_such_question": 1}}], "no question"),
        ([{**segment(), "size": -3}], "whole number"),
        ([{**segment(), "colour": "blue"}], "no field"),
        ([segment("s1"), segment("s1")], "unique id"),
        ("not a list", "must be a list"),
    ],
)
def test_bad_segments_are_refused_and_nothing_is_lost(audience, load_block, learner, segments, fragment):
    call(audience, "save_draft", base([segment()]))
    status, data = call(block_of(load_block, learner), "save_draft", base(segments, revision=1, seq=2))
    assert status == 400, data
    assert fragment in data["error"] + " ".join(p["message"] for p in data.get("problems", []))
    assert [s["id"] for s in block_of(load_block, learner).segments] == ["s1"]


def test_malformed_and_oversized_bodies(audience):
    assert call(audience, "save_draft", "{oops")[0] == 400
    big = json.dumps(base([{**segment(), "description": "x" * (MAX_BODY_BYTES + 1)}]))
    status, data = call(audience, "save_draft", big)
    assert status == 400 and "64 KB" in data["error"]


def test_submit_needs_every_required_answer(audience):
    incomplete = segment()
    del incomplete["answers"]["experience"]
    status, data = call(audience, "submit", base([incomplete]))
    assert status == 400 and any("needs an answer" in p["message"] for p in data["problems"])
    assert call(audience, "submit", base([]))[0] == 400
    assert not Submission.objects.exists()


def test_submit_records_answers_and_profile_and_completes(audience, learner):
    status, data = call(audience, "submit", base([segment(), segment("s2", "Bibliotecarias", barrier_gender=5)]))
    assert status == 200, data
    submission = Submission.objects.get(user=learner)
    assert submission.block_type == "orglab_audience"
    assert [s["name"] for s in submission.payload["segments"]] == ["Docentes rurales", "Bibliotecarias"]
    assert len(submission.payload["profile"]["segments"]) == 2
    assert BlockCompletion.objects.get(user=learner).completion == 1.0


def test_staff_see_the_cohort_in_counts_only(load_block, learner, other_learner, staff, completion_on,
                                            django_assert_num_queries):
    call(block_of(load_block, learner), "submit", base([segment(barrier_safety=5), segment("s2", barrier_safety=4)]))
    call(block_of(load_block, other_learner), "submit", base([segment(barrier_time=5)]))
    staff_block = block_of(load_block, staff)
    staff_block.current_instrument()  # the block's own fields, read once
    with django_assert_num_queries(1):  # the whole cohort: one query over the submissions table
        summary = staff_block.cohort_summary()
    assert summary["learners"] == 2 and summary["segments"] == 3
    barriers = dict(summary["barriers"])
    safety = next(q["label"] for q in DEFAULT_INSTRUMENT["questions"] if q["id"] == "barrier_safety")
    assert barriers[safety] == 2
    html = block_of(load_block, staff).render("student_view", {}).body_html()
    assert "Learners who submitted: 2" in html and "learner1" not in html
    assert "Learners who submitted" not in block_of(load_block, learner).render("student_view", {}).body_html()


# ---------------------------------------------------------------- Studio and OLX


def custom_instrument():
    instrument = copy.deepcopy(DEFAULT_INSTRUMENT)
    instrument["needs"].append({"id": "childcare", "label": "Childcare during sessions",
                                "recommendation": "Offer sessions with childcare, or recordings for later."})
    instrument["questions"].insert(0, {
        "id": "caregivers", "label": "¿Cuántas personas cuidan de niños? · كم عدد", "help": "", "kind": "scale",
        "group": "barrier", "required": False, "weights": {"childcare": 3, "flexible_schedule": 0.5},
        "choices": [], "scale_low": "Nadie", "scale_high": "Casi todas", "min_value": None, "max_value": None,
    })
    return instrument


def test_studio_saves_a_valid_instrument_and_refuses_a_broken_one(load_block, staff):
    block = block_of(load_block, staff)
    status, data = call(block, "studio_submit", {"display_name": "Tu público", "instructions": "",
                                                 "instrument": custom_instrument()})
    assert status == 200, data
    assert block_of(load_block, staff).instrument["needs"][-1]["id"] == "childcare"
    broken = custom_instrument()
    broken["questions"][0]["weights"] = {"nap_time": 2, "childcare": 9}
    broken["questions"][1]["id"] = broken["questions"][2]["id"]
    status, data = call(block, "studio_submit", {"display_name": "X", "instructions": "", "instrument": broken})
    messages = " ".join(p["message"] for p in data["problems"])
    assert status == 400
    assert "“nap_time” does not exist" in messages and "from -3 to 3" in messages and "used twice" in messages
    assert block_of(load_block, staff).display_name == "Tu público"  # nothing saved half


def test_olx_round_trips_a_customised_instrument(load_block, staff):
    block = block_of(load_block, staff)
    assert call(block, "studio_submit", {"display_name": "Tu público", "instructions": "Lee <esto>",
                                         "instrument": custom_instrument()})[0] == 200
    saved = block_of(load_block, staff)
    node = etree.Element("x")
    saved.add_xml_to_node(node)
    xml = etree.tostring(node, encoding="unicode")
    assert "<need id=\"childcare\">" in xml and 'weights="childcare:3 flexible_schedule:0.5"' in xml
    node.set("url_name", "audience_roundtrip")
    ID_MANAGER.set_scenario("olx-audience")
    again = DevsiteRuntime().get_block(DevsiteRuntime().parse_xml_string(etree.tostring(node, encoding="unicode")))
    assert again.instrument == saved.instrument
    assert (again.display_name, again.instructions) == ("Tu público", "Lee <esto>")


def test_invalid_instrument_olx_is_refused():
    ID_MANAGER.set_scenario("olx-audience-bad")
    with pytest.raises(ValueError, match="does not exist"):
        DevsiteRuntime().parse_xml_string(
            '<orglab_audience url_name="bad_audience"><instrument>'
            '<need id="a"><label>A</label><recommendation>Do A.</recommendation></need>'
            '<question id="q" kind="scale" weights="b:2" scale_low="x" scale_high="y"><label>Q</label></question>'
            '</instrument></orglab_audience>')


# ---------------------------------------------------------------- feeding Unit 4


def test_the_unit4_worksheet_shows_the_latest_profile_or_a_link(load_block, learner, completion_on):
    worksheet = load_block(learner, "unit4_worksheet")
    assert worksheet.audience_block == AUDIENCE_KEY
    html = worksheet.render("student_view", {}).body_html()
    assert "Complete the audience-needs assessment first" in html
    assert f"/courses/course-v1:Wikimedia+OrgLab+2026/jump_to/{AUDIENCE_KEY}" in html

    call(block_of(load_block, learner), "submit", base([segment(name="Docentes <rurales>", barrier_connectivity=5)]))
    html = load_block(learner, "unit4_worksheet").render("student_view", {}).body_html()
    assert "Docentes &lt;rurales&gt;" in html
    offline = next(n for n in DEFAULT_INSTRUMENT["needs"] if n["id"] == "offline_materials")
    assert offline["label"] in html and offline["recommendation"][:40] in html


def test_the_worksheet_link_is_set_in_studio_and_checked(load_block, staff):
    worksheet = load_block(staff, "unit4_worksheet")
    data = {"display_name": worksheet.display_name, "instructions": worksheet.instructions, "preset": "unit4",
            "sections": worksheet.config()["sections"], "audience_block": "block-v1:Other+Course+1+type@orglab_audience+block@x"}
    status, result = call(worksheet, "studio_submit", data)
    assert status == 400 and "not an audience-needs assessment of this course" in result["problems"][0]["message"]
    data["audience_block"] = str(course_key().make_usage_key("orglab_worksheet", "unit1_worksheet"))
    assert call(worksheet, "studio_submit", data)[0] == 400
    data["audience_block"] = ""
    assert call(worksheet, "studio_submit", data)[0] == 200
    assert load_block(staff, "unit4_worksheet").audience_block == ""
    assert "Show the audience profile from" in load_block(staff, "unit4_worksheet").render("studio_view", {}).body_html()


def test_jump_to_finds_the_unit(client, learner, scenarios):
    client.force_login(learner)
    response = client.get(f"/courses/course-v1:Wikimedia+OrgLab+2026/jump_to/{AUDIENCE_KEY}")
    assert response.status_code == 302 and response["Location"].endswith("/scenario/unit3/")
    assert client.get("/courses/course-v1:Wikimedia+OrgLab+2026/jump_to/block-v1:X+Y+Z+type@html+block@n").status_code == 404
