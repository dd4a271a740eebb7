"""Hostile input to the audience-needs assessment, through the devsite's real runtime: answers of
the wrong JSON type, numbers too large for a float, and a Studio instrument of the wrong shape.
Always a 400 that names the question; never a 500; nothing stored."""
from __future__ import annotations

import copy

import pytest

from orglab_plugin.models import Submission
from orglab_xblocks.audience import instrument as instrument_module
from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT
from tests.conftest import call

pytestmark = pytest.mark.django_db

AUDIENCE = "unit3_audience"
HUGE = 10**400  # valid JSON, larger than any float: the front door refuses it (beyond 64 bits)
BIG = 2**63 - 1  # the largest integer the front door lets through to the block


def block_of(load_block, user):
    return load_block(user, AUDIENCE, "orglab_audience")


def base(segments, revision=0, client="tab-a", seq=1):
    return {"segments": segments, "revision": revision, "client": client, "seq": seq}


def segment(sid="s1", **answers):
    values = {}
    for question in DEFAULT_INSTRUMENT["questions"]:
        if question["kind"] == "scale":
            values[question["id"]] = 2
        elif question["kind"] == "single_choice":
            values[question["id"]] = question["choices"][0]["value"]
    values.update(answers)
    return {"id": sid, "name": "Docentes", "description": "", "size": 40, "languages": "es", "location": "",
            "contributors": "new", "answers": values}


@pytest.fixture
def audience(load_block, learner, completion_on):
    return block_of(load_block, learner)


LABELS = {q["id"]: q["label"] for q in DEFAULT_INSTRUMENT["questions"]}


@pytest.mark.parametrize(
    "question, value, fragment",
    [
        ("experience", {"value": "never_contributed"}, "choose one of the options"),
        ("experience", ["never_contributed"], "choose one of the options"),
        ("experience", [["never_contributed"]], "choose one of the options"),
        ("experience", 1, "choose one of the options"),
        ("experience", True, "choose one of the options"),
        ("experience", 1.5, "choose one of the options"),
        ("professions", [["teachers"]], "choose among the options"),
        ("professions", [{"a": 1}], "choose among the options"),
        ("professions", [1, 2], "choose among the options"),
        ("professions", {"teachers": True}, "choose among the options"),
        ("professions", "teachers", "choose among the options"),
        ("sessions_available", BIG, "give a number"),
        ("sessions_available", -BIG, "give a number"),
        ("barrier_time", BIG, "from 1 to 5"),
        ("barrier_time", [3], "from 1 to 5"),
    ],
)
@pytest.mark.parametrize("handler", ["save_draft", "submit"])
def test_an_answer_of_the_wrong_type_is_a_400_naming_the_question(audience, load_block, learner, handler,
                                                                   question, value, fragment):
    assert call(audience, "save_draft", base([segment()]))[0] == 200
    before = copy.deepcopy(block_of(load_block, learner).segments)
    status, data = call(block_of(load_block, learner), handler,
                        base([segment(**{question: value})], revision=1, seq=2))
    assert status == 400, data
    messages = [p["message"] for p in data["problems"]]
    assert len(messages) == 1 and LABELS[question] in messages[0] and fragment in messages[0], messages
    assert data["problems"][0]["segment"] == "s1"
    assert block_of(load_block, learner).segments == before
    assert not Submission.objects.exists()


@pytest.mark.parametrize("field, value", [("size", BIG), ("contributors", ["new"]), ("contributors", {"a": 1}),
                                          ("name", ["x"]), ("id", ["s1"]), ("answers", ["x"])])
def test_segment_fields_of_the_wrong_type_are_a_400(audience, load_block, learner, field, value):
    status, data = call(audience, "save_draft", base([{**segment(), field: value}]))
    assert status == 400, data
    assert data["problems"] and all(p["message"] for p in data["problems"])
    assert block_of(load_block, learner).segments == []


def test_the_answer_checker_accepts_only_hashable_scalars_for_choices():
    questions = {q["id"]: q for q in instrument_module.localized(DEFAULT_INSTRUMENT, lambda text: text)["questions"]}
    single, multiple = questions["experience"], questions["professions"]
    assert instrument_module._clean_answer(single, "never_contributed", str) == "never_contributed"
    for bad in ({"a": 1}, [["a"]], ["never_contributed"], 3, 3.0, True):
        with pytest.raises(ValueError):
            instrument_module._clean_answer(single, bad, str)
    for bad in ([["teachers"]], [{"a": 1}], [3], "teachers", {"teachers": 1}):
        with pytest.raises(ValueError):
            instrument_module._clean_answer(multiple, bad, str)


# ---------------------------------------------------------------- Studio


def studio_body(**instrument_changes):
    instrument = copy.deepcopy(DEFAULT_INSTRUMENT)
    for path, value in instrument_changes.items():
        question, key = path.split("__")
        target = next(q for q in instrument["questions"] if q["id"] == question)
        target[key] = value
    return {"display_name": "Tu público", "instructions": "", "instrument": instrument}


@pytest.mark.parametrize("changes", [{"sessions_available__max_value": HUGE},
                                     {"sessions_available__min_value": -HUGE}])
def test_studio_numbers_beyond_64_bits_are_refused_at_the_door(load_block, staff, changes):
    block = block_of(load_block, staff)
    before = copy.deepcopy(block.instrument)
    status, data = call(block, "studio_submit", studio_body(**changes))
    assert status == 400 and "number in the request is too large" in data["error"], data
    assert block_of(load_block, staff).instrument == before


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"sessions_available__max_value": HUGE}, "smallest value and a larger largest value"),
        ({"sessions_available__min_value": -HUGE}, "smallest value and a larger largest value"),
    ],
)
def test_numbers_beyond_a_float_never_reach_float_math(changes, fragment):
    """Past the door, the instrument's own check still refuses (not raises on) an int no float holds."""
    problems = []
    try:
        instrument_module.validate_instrument(studio_body(**changes)["instrument"], lambda text: text)
    except instrument_module.InstrumentError as error:
        problems = [p.message for p in error.problems]
    assert fragment in " ".join(problems)


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"barrier_time__weights": {"basic_editing": BIG}}, "must be a number from -3 to 3"),
        ({"experience__kind": ["single_choice"]}, "is not a question kind"),
        ({"experience__kind": {"single_choice": 1}}, "is not a question kind"),
        ({"experience__group": ["profile"]}, "is not a group"),
        ({"experience__required": "yes"}, "true or false"),
        ({"experience__choices": [{"value": ["a"], "label": "A"}, {"value": "b", "label": "B"}]}, "unique id"),
        ({"experience__choices": {"a": "A"}}, "from 2 to"),
        ({"experience__label": ["x"]}, "needs a label"),
        ({"barrier_time__weights": [["basic_editing", 1]]}, "weights must map need ids"),
        ({"barrier_time__weights": {"basic_editing": [1]}}, "must be a number from -3 to 3"),
    ],
)
def test_studio_type_checks_every_part_of_the_instrument(load_block, staff, changes, fragment):
    block = block_of(load_block, staff)
    before = (block.display_name, copy.deepcopy(block.instrument))
    status, data = call(block, "studio_submit", studio_body(**changes))
    assert status == 400, data
    assert fragment in " ".join(p["message"] for p in data["problems"])
    again = block_of(load_block, staff)
    assert (again.display_name, again.instrument) == before


@pytest.mark.parametrize("changes", [{"display_name": ["x"]}, {"display_name": None}, {"instructions": 3},
                                     {"instrument": ["needs"]}, {"instrument": None},
                                     {"instrument": {"needs": {}, "questions": []}}])
def test_studio_refuses_top_level_values_of_the_wrong_type(load_block, staff, changes):
    block = block_of(load_block, staff)
    status, data = call(block, "studio_submit", {**studio_body(), **changes})
    assert status == 400, data
    assert data["problems"] and data["error"] == "The assessment was not saved: fix the problems listed."
    assert block_of(load_block, staff).instrument == {}


@pytest.mark.parametrize("n, weight", list(enumerate(["٣", "²", "１", "1" * 5000])))
def test_olx_weights_must_be_ascii_numbers(n, weight):
    from devsite.runtime import ID_MANAGER, DevsiteRuntime

    ID_MANAGER.set_scenario("olx-audience-hostile")
    with pytest.raises(ValueError, match="must be a number from -3 to 3"):
        DevsiteRuntime().parse_xml_string(
            f'<orglab_audience url_name="hostile{n}"><instrument>'
            '<need id="a"><label>A</label><recommendation>Do A.</recommendation></need>'
            f'<question id="q" kind="scale" weights="a:{weight}" scale_low="x" scale_high="y"><label>Q</label>'
            '</question></instrument></orglab_audience>')


def test_studio_refuses_characters_olx_cannot_hold(load_block, staff):
    block = block_of(load_block, staff)
    body = studio_body()
    body["instrument"]["needs"][0]["label"] = "Edición\x0c básica"
    status, data = call(block, "studio_submit", body)
    assert status == 400 and data["field"] == "instrument.needs[0].label", data
    assert block_of(load_block, staff).instrument == {}
