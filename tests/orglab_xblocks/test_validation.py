"""The blocks' one validation module: what a problem is and how a 400 carries it, the shared checks."""
from __future__ import annotations

import pytest

from orglab_xblocks import validation
from orglab_xblocks.audience import instrument
from orglab_xblocks.worksheet import schema


def identity(text):
    return text


@pytest.mark.parametrize("error", [schema.ConfigError, schema.AnswersError, instrument.InstrumentError,
                                   instrument.SegmentsError])
def test_every_blocks_refusal_is_one_kind_of_problem_list(error):
    refused = error([validation.Problem("q1", "First."), validation.Problem("", "Second.")])
    assert isinstance(refused, validation.Invalid) and isinstance(refused, ValueError)
    assert str(refused) == "First.; Second."
    assert schema.Problem is instrument.Problem is validation.Problem


def test_problems_travel_under_the_key_each_script_reads():
    problems = [validation.Problem("f1", "Say more."), validation.Problem("", "Nothing saved.")]
    assert validation.problems_json(problems) == [{"where": "f1", "message": "Say more."},
                                                  {"where": "", "message": "Nothing saved."}]
    assert validation.problems_json(problems[:1], "field") == [{"field": "f1", "message": "Say more."}]


@pytest.mark.parametrize("value, fine", [("Unit 2", True), ("x" * 200, True), ("", False), ("   ", False),
                                         ("x" * 201, False), (None, False), (3, False)])
def test_a_blocks_title(value, fine):
    problem = validation.title_problem(value, lambda text: "ES:" + text)
    assert (problem is None) == fine
    if not fine:
        assert problem == "ES:The title must be text of 1 to 200 characters."


@pytest.mark.parametrize("value, fine", [("", True), ("x" * 10000, True), ("x" * 10001, False), ([], False)])
def test_a_blocks_instructions(value, fine):
    assert (validation.instructions_problem(value, identity) is None) == fine


def test_numbers_and_shown_values():
    assert validation.is_number(2.5) and validation.is_number(10)
    assert not validation.is_number(True) and not validation.is_number(float("nan"))
    assert not validation.is_number(10**400)
    assert validation.is_int(3) and not validation.is_int(True) and not validation.is_int(3.0)
    assert validation.shown(" a\n b " + "x" * 50) == ("a b " + "x" * 50)[:40]
    assert validation.shortened("y" * 50, 10) == "y" * 9 + "…"
    assert validation.shortened("short") == "short"
