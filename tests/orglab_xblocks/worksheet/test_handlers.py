"""The worksheet's handlers, run in the devsite's real runtime (a WorkbenchRuntime with the demo
course, real keys, edx-completion and the plugin's tables) — no mock of the block."""
from __future__ import annotations

import json

import pytest
from completion.models import BlockCompletion

from orglab_plugin import api
from orglab_plugin.models import Submission
from orglab_xblocks.common import MAX_BODY_BYTES
from tests.conftest import call
from tests.helpers import valid_answers

pytestmark = pytest.mark.django_db


def body(answers, revision=0, client="tab-a", seq=1):
    return {"answers": answers, "revision": revision, "client": client, "seq": seq}


@pytest.fixture
def unit1(load_block, learner, completion_on):
    return load_block(learner, "unit1_worksheet")


def reload(load_block, user, url_name="unit1_worksheet"):
    return load_block(user, url_name)


# ---------------------------------------------------------------- drafts


def test_draft_is_saved_and_survives_a_new_runtime(unit1, load_block, learner):
    status, data = call(unit1, "save_draft", body({"gap_statement": "Faltan biografías de científicas."}))
    assert status == 200
    assert data["status"]["state"] == "draft"
    assert data["status"]["revision"] == 1
    again = reload(load_block, learner)
    assert again.draft_answers == {"gap_statement": "Faltan biografías de científicas."}
    assert "Faltan biografías de científicas." in again.render("student_view", {}).body_html()


def test_save_from_a_stale_tab_is_refused_and_keeps_newer_work(unit1, load_block, learner):
    # Two tabs opened at revision 0; tab B saves first.
    assert call(unit1, "save_draft", body({"gap_statement": "B's newer text"}, client="tab-b"))[0] == 200
    stale_tab = reload(load_block, learner)
    status, data = call(stale_tab, "save_draft", body({"gap_statement": "A's older text"}, revision=0, client="tab-a"))
    assert status == 409
    assert data["reason"] == "stale"
    assert "Reload the page" in data["error"]
    assert reload(load_block, learner).draft_answers == {"gap_statement": "B's newer text"}


def test_one_tab_may_save_repeatedly_and_late_arrivals_are_ignored(unit1, load_block, learner):
    assert call(unit1, "save_draft", body({"gap_statement": "one"}, revision=0, seq=1))[0] == 200
    # The tab's second save was sent before the first answer came back (same base revision).
    assert call(reload(load_block, learner), "save_draft", body({"gap_statement": "two"}, revision=0, seq=2))[0] == 200
    # Its first request, replayed late, changes nothing.
    status, data = call(reload(load_block, learner), "save_draft", body({"gap_statement": "one"}, revision=0, seq=1))
    assert status == 200 and data["outdated"] is True
    assert reload(load_block, learner).draft_answers == {"gap_statement": "two"}


def test_learners_drafts_are_their_own(unit1, load_block, other_learner):
    call(unit1, "save_draft", body({"gap_statement": "mine"}))
    theirs = load_block(other_learner, "unit1_worksheet")
    assert theirs.draft_answers == {}
    assert "mine" not in theirs.render("student_view", {}).body_html()


# ---------------------------------------------------------------- submit


def test_submit_records_a_version_and_a_completion(unit1, load_block, learner):
    answers = valid_answers(unit1.config())
    status, data = call(unit1, "submit", body(answers))
    assert status == 200, data
    assert data["version"] == 1
    assert data["status"]["state"] == "submitted"

    rows = Submission.objects.filter(user=learner)
    assert rows.count() == 1
    row = rows.get()
    assert str(row.block_key) == "block-v1:Wikimedia+OrgLab+2026+type@orglab_worksheet+block@unit1_worksheet"
    assert str(row.course_key) == "course-v1:Wikimedia+OrgLab+2026"
    assert row.block_type == "orglab_worksheet"
    assert row.payload["answers"] == answers
    assert {f["proposal_section"] for f in row.payload["fields"]} >= {"change", "thematic_area"}

    completion = BlockCompletion.objects.get(user=learner)
    assert completion.completion == 1.0
    assert completion.block_key == row.block_key
    assert str(completion.context_key) == "course-v1:Wikimedia+OrgLab+2026"


def test_resubmitting_keeps_earlier_versions(unit1, load_block, learner):
    answers = valid_answers(unit1.config())
    call(unit1, "submit", body(answers))
    block = reload(load_block, learner)
    changed = dict(answers, gap_statement=answers["gap_statement"] + " Y más.")
    status, data = call(block, "save_draft", body(changed, revision=block.draft_revision, seq=2))
    assert data["status"]["state"] == "changed"
    status, data = call(reload(load_block, learner), "submit", body(changed, revision=data["status"]["revision"], seq=3))
    assert status == 200 and data["version"] == 2
    history = api.submission_history(user=learner, block_key=block.usage_key())
    assert [s.version for s in history] == [1, 2]
    assert history[0].payload["answers"]["gap_statement"] == answers["gap_statement"]
    assert BlockCompletion.objects.filter(user=learner).count() == 1


def test_submit_with_missing_answers_names_each_field_and_records_nothing(unit1, learner):
    status, data = call(unit1, "submit", body({"gap_statement": "too short"}))
    assert status == 400
    fields = {p["field"] for p in data["problems"]}
    assert "gap_statement" in fields  # fewer words than required
    assert "gap_evidence" in fields  # required and missing
    assert any("at least 40 words" in p["message"] for p in data["problems"])
    assert not Submission.objects.exists()
    assert not BlockCompletion.objects.exists()


def test_submit_from_a_stale_tab_is_refused(unit1, load_block, learner):
    call(unit1, "save_draft", body({"gap_statement": "newer"}, client="tab-b"))
    status, data = call(reload(load_block, learner), "submit", body(valid_answers(unit1.config()), client="tab-a"))
    assert status == 409
    assert not Submission.objects.exists()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps(body({"no_such_field": "x"})), "no field"),
        (json.dumps(body({"gap_statement": 42})), "must be text"),
        (json.dumps(body({"gap_dimensions": "gender"})), "list"),
        (json.dumps(body({"gap_dimensions": ["not_a_choice"]})), "no choice"),
        (json.dumps(body({"gap_statement": "x" * 3001})), "longer than 3000"),
        (json.dumps(body("answers as a string")), "object"),
        (json.dumps({"answers": {}, "client": "t", "seq": 1}), "which version"),
        (json.dumps({"answers": {}, "revision": 0, "seq": 1}), "which window"),
        ('{"answers": {}, "revision": NaN, "client": "t", "seq": 1}', "not valid JSON"),
    ],
)
def test_bad_saves_get_a_400_with_a_message_and_store_nothing(unit1, load_block, learner, raw, fragment):
    call(unit1, "save_draft", body({"gap_region": "Andes"}))
    status, data = call(reload(load_block, learner), "save_draft", raw)
    assert status == 400, data
    message = data["error"] + " ".join(p["message"] for p in data.get("problems", []))
    assert fragment in message
    assert reload(load_block, learner).draft_answers == {"gap_region": "Andes"}


def test_a_save_over_64_kb_is_refused(unit1, load_block, learner):
    huge = json.dumps(body({"gap_statement": "x" * (MAX_BODY_BYTES + 10)}))
    status, data = call(unit1, "save_draft", huge)
    assert status == 400
    assert "64 KB" in data["error"]
    assert reload(load_block, learner).draft_revision == 0


def test_get_is_refused(unit1):
    status, data = call(unit1, "save_draft", "", method="GET")
    assert status == 405
    assert "POST" in data["error"]


def test_anonymous_work_is_refused(load_block, completion_on):
    block = load_block(None, "unit1_worksheet")
    status, data = call(block, "save_draft", body({"gap_statement": "x"}))
    assert status == 403
    assert "Sign in" in data["error"]


def test_grade_and_completion_events_from_the_browser_are_refused(unit1, learner):
    for event_type in ("grade", "completion"):
        status, data = call(unit1, "publish_event", {"event_type": event_type, "value": 1, "completion": 1.0})
        assert status == 403, event_type
    assert not BlockCompletion.objects.exists()


# ---------------------------------------------------------------- rendering


def test_learner_text_is_escaped_and_direction_is_automatic(unit1, load_block, learner):
    text = '<script>alert("x")</script> فجوة المعرفة'
    call(unit1, "save_draft", body({"gap_statement": text, "target_wikis": ["arwiki <b>"]}))
    html = reload(load_block, learner).render("student_view", {}).body_html()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "فجوة المعرفة" in html
    assert 'dir="auto"' in html
    assert "arwiki &lt;b&gt;" in html


def test_every_input_has_a_label(unit1):
    from lxml import html as lxml_html

    page = lxml_html.fromstring(unit1.render("student_view", {}).body_html())
    for control in page.xpath("//textarea | //input[not(@type='radio') and not(@type='checkbox')]"):
        labelled = control.get("aria-label") or page.xpath(f"//label[@for='{control.get('id')}']")
        assert labelled, lxml_html.tostring(control)
    for group in page.xpath("//fieldset"):
        assert group.xpath("./legend"), "every group has a legend"


def test_student_view_data(unit1):
    data = unit1.student_view_data()
    assert data["display_name"] == "Unit 1 · Your knowledge-gap statement"
    assert data["sections"][0]["fields"][0]["id"] == "gap_statement"
    assert "change" in data["proposal_sections"] and "goals" not in data["proposal_sections"]
    json.dumps(data)  # serializable for the mobile API


def test_the_view_speaks_spanish(unit1):
    from django.utils import translation

    with translation.override("es"):
        html = unit1.render("student_view", {}).body_html()
    assert "Guardar borrador" in html
    assert "Enviar" in html


WEIRD = [None, True, 0, -1, 10**30, 1.5, float("inf"), "", "x", "٣", [], [None], [1, "a"], {}, {"a": 1}, [[]], "a" * 70000]


def weird_bodies(field_ids):
    import itertools

    for value, field_id in itertools.product(WEIRD, field_ids):
        yield body({field_id: value})
    for value in WEIRD:
        yield {"answers": value, "revision": 0, "client": "t", "seq": 1}
        yield {"answers": {}, "revision": value, "client": "t", "seq": 1}
        yield {"answers": {}, "revision": 0, "client": value, "seq": value}


def test_no_shape_of_input_causes_a_server_error(unit1, staff, load_block):
    from orglab_xblocks.worksheet import schema

    field_ids = [f["id"] for f in schema.iter_fields(unit1.config())]
    for handler in ("save_draft", "submit"):
        for data in weird_bodies(field_ids):
            raw = json.dumps(data, allow_nan=True)
            status, result = call(unit1, handler, raw)
            assert status < 500 and (status == 200 or result["error"]), (handler, raw[:200])
    editor = load_block(staff, "unit1_worksheet")
    for value in WEIRD:
        for key in ("display_name", "instructions", "preset", "sections"):
            status, result = call(editor, "studio_submit", {"display_name": "T", "sections": [], key: value})
            assert status == 400 and (result.get("problems") or result["error"]), (key, value)
