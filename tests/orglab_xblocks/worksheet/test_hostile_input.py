"""Hostile input to the worksheet, through the devsite's real runtime: malformed URLs in a URL
answer, numbers too large for a float, and a Studio configuration whose settings have the wrong
JSON type. Always a 400 with a problem per field; never a 500; nothing stored."""
from __future__ import annotations

import copy

import pytest

from orglab_plugin.models import Submission
from orglab_xblocks.worksheet import schema
from tests.conftest import call
from tests.helpers import valid_answers

from .test_handlers import body

pytestmark = pytest.mark.django_db

HUGE = 10**400  # valid JSON, larger than any float: the front door refuses it (beyond 64 bits)
BIG = 2**63 - 1  # the largest integer the front door lets through to the block
MALFORMED_URLS = ["http://[::1", "https://[", "http://[::1]x/", "https://example.org\uff03@evil/",
                  "https://\u2100/"]


@pytest.fixture
def unit6(load_block, learner, completion_on):
    return load_block(learner, "unit6_worksheet")


def reload(load_block, user, url_name="unit6_worksheet"):
    return load_block(user, url_name)


def fields_of_kind(block, kind):
    return [f for f in schema.iter_fields(block.config()) if f["kind"] == kind]


# ---------------------------------------------------------------- learner answers


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_answer_is_a_400_on_its_field(unit6, load_block, learner, url):
    field = fields_of_kind(unit6, "url")[0]
    answers = valid_answers(unit6.config())
    assert call(unit6, "save_draft", body(answers))[0] == 200
    status, data = call(reload(load_block, learner), "submit", body({**answers, field["id"]: url}, revision=1, seq=2))
    assert status == 400, data
    assert data["problems"] == [{"field": field["id"], "message": f"“{field['label']}” must be a web address "
                                                                  "starting with https:// or http://."}]
    assert reload(load_block, learner).draft_answers == answers
    assert not Submission.objects.exists()


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_the_url_check_never_raises(url):
    assert schema._is_web_url(url) is False


@pytest.mark.parametrize("value", [HUGE, -HUGE])
@pytest.mark.parametrize("handler", ["save_draft", "submit"])
def test_a_number_too_large_for_a_float_is_a_400(unit6, load_block, learner, handler, value):
    field = fields_of_kind(unit6, "number")[0]
    answers = valid_answers(unit6.config())
    assert call(unit6, "save_draft", body(answers))[0] == 200
    status, data = call(reload(load_block, learner), handler, body({**answers, field["id"]: value}, revision=1, seq=2))
    assert status == 400, data
    assert data["error"] == "A number in the request is too large. Nothing was saved."
    assert reload(load_block, learner).draft_answers == answers
    # Past the door, the worksheet's own check refuses (never raises on) an int no float holds.
    with pytest.raises(schema.AnswersError) as refused:
        schema.clean_answers(unit6.config(), {**answers, field["id"]: HUGE}, str, submit=False)
    assert [p.message for p in refused.value.problems] == [f"“{field['label']}” must be a number."]


def test_a_date_in_other_digits_is_refused(unit6):
    field = {"id": "d", "label": "Fecha", "kind": "date", "max_chars": None, "required": False}
    assert schema._clean_value(field, "2026-12-01", str, submit=True) == "2026-12-01"
    with pytest.raises(schema._FieldProblem):
        schema._clean_value(field, "٢٠٢٦-١٢-٠١", str, submit=True)


# ---------------------------------------------------------------- Studio


@pytest.fixture
def block(load_block, staff):
    return load_block(staff, "unit2_worksheet")


def studio_body(block, **changes):
    data = {"display_name": block.display_name, "instructions": block.instructions, "preset": block.preset,
            "sections": copy.deepcopy(block.config()["sections"])}
    data.update(changes)
    return data


def submit_first_field(block, mutate):
    """Studio's save with the first field of the first section changed by `mutate`: (body, status, JSON)."""
    data = studio_body(block)
    field = data["sections"][0]["fields"][0]
    field.pop("min_words", None)
    mutate(field)
    status, result = call(block, "studio_submit", data)
    return data, status, result


WRONG_TYPES = [["short_text"], {"short_text": 1}, 5, None, True, "x" * 5000]


@pytest.mark.parametrize(
    "key, fragment, value",
    [("kind", "is not a field kind", value) for value in WRONG_TYPES]
    # An empty proposal section means “other”, so null is not wrong there.
    + [("proposal_section", "is not a grant-proposal section", value) for value in WRONG_TYPES if value is not None],
)
def test_a_field_setting_of_the_wrong_type_is_a_400_naming_the_field(block, load_block, staff, key, fragment, value):
    before = (block.display_name, copy.deepcopy(block.sections))
    data = studio_body(block, display_name="Changed")
    target = data["sections"][0]["fields"][0]
    target[key] = value
    status, result = call(block, "studio_submit", data)
    assert status == 400, result
    problems = [p for p in result["problems"] if p["field"] == target["id"]]
    assert problems and fragment in problems[0]["message"], result["problems"]
    assert all(len(p["message"]) < 1000 for p in result["problems"])
    saved = load_block(staff, "unit2_worksheet")
    assert (saved.display_name, saved.sections) == before


@pytest.mark.parametrize("mutate", [lambda f: f.update(kind="number", max_chars=None, min_value=HUGE),
                                    lambda f: f.update(kind="number", max_chars=None, max_value=-HUGE)])
def test_studio_numbers_beyond_64_bits_are_refused(block, load_block, staff, mutate):
    """At the door through the handler; and by the configuration's own check, which never raises."""
    before = copy.deepcopy(block.sections)
    data, status, result = submit_first_field(block, mutate)
    assert status == 400 and result["error"] == "A number in the request is too large. Nothing was saved."
    assert load_block(staff, "unit2_worksheet").sections == before
    with pytest.raises(schema.ConfigError) as refused:
        schema.validate_config({"sections": data["sections"]}, str)
    assert "must be a number" in " ".join(p.message for p in refused.value.problems)


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda f: f.update(required="yes"), "true or false"),
        (lambda f: f.update(required=[True]), "true or false"),
        (lambda f: f.update(kind="short_text", choices=[], min_items=None, max_items=None, max_chars=[10]),
         "“max_chars” must be a whole number"),
        (lambda f: f.update(kind="short_text", choices=[], min_items=None, max_items=None, max_chars=BIG),
         "“max_chars” must be a whole number"),
        (lambda f: f.update(help=["x"]), "help text must be text"),
        (lambda f: f.update(label={"x": 1}), "needs a label"),
        (lambda f: f.update(id=["a"]), "its id must start"),
        (lambda f: f.update(kind="single_choice", max_chars=None,
                            choices=[{"value": ["a"] * 1000, "label": "A"}, {"value": "b", "label": "B"}]),
         "must start with a lowercase letter"),
        (lambda f: f.update(kind="single_choice", max_chars=None, choices={"a": "A", "b": "B"}), "from 2 to"),
        (lambda f: f.update(kind="single_choice", max_chars=None, choices=["a", "b"]), "must start with"),
    ],
)
def test_every_field_setting_is_type_checked(block, load_block, staff, mutate, fragment):
    before = copy.deepcopy(block.sections)
    _data, status, result = submit_first_field(block, mutate)
    assert status == 400, result
    assert fragment in " ".join(p["message"] for p in result["problems"])
    assert all(len(p["message"]) < 1000 for p in result["problems"])
    assert load_block(staff, "unit2_worksheet").sections == before


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"display_name": ["x"]}, "needs a title"),
        ({"display_name": {"x": 1}}, "needs a title"),
        ({"instructions": ["x"]}, "instructions must be text"),
        ({"preset": ["unit1"]}, "is not a preset"),
        ({"preset": {"unit1": 1}}, "is not a preset"),
        ({"audience_block": ["x"]}, "is not an audience-needs assessment"),
        ({"audience_block": 5}, "is not an audience-needs assessment"),
        ({"sections": {"a": 1}}, "list of sections"),
        ({"sections": [["x"]]}, "is not a section"),
        ({"sections": [{"id": ["main"], "title": "T", "fields": []}]}, "its id must start"),
        ({"sections": [{"id": "main", "title": ["T"], "intro": 3, "fields": {}}]}, "needs a title"),
    ],
)
def test_studio_type_checks_the_top_level_settings(block, load_block, staff, changes, fragment):
    before = (block.display_name, copy.deepcopy(block.sections))
    status, result = call(block, "studio_submit", studio_body(block, **changes))
    assert status == 400, result
    assert fragment in " ".join(p["message"] for p in result["problems"])
    saved = load_block(staff, "unit2_worksheet")
    assert (saved.display_name, saved.sections) == before


@pytest.mark.parametrize("n, value", list(enumerate(["٣", "²", "１２", "1_000", "1" * 5000])))
def test_olx_numbers_must_be_ascii_digits(n, value):
    from devsite.runtime import ID_MANAGER, DevsiteRuntime

    ID_MANAGER.set_scenario("olx-worksheet-hostile")
    with pytest.raises(ValueError, match="is not a number"):
        DevsiteRuntime().parse_xml_string(
            f'<orglab_worksheet url_name="hostile{n}"><section id="s" title="S">'
            f'<field id="f" kind="short_text" max_chars="{value}"><label>L</label></field>'
            '</section></orglab_worksheet>')
