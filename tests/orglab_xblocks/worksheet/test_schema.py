"""The worksheet schema on its own: answers for drafts and submissions, word counts."""
from __future__ import annotations

import pytest

from orglab_xblocks.worksheet import schema


def identity(text):
    return text


def config_with(**field):
    base = {"id": "f", "label": "The field", "kind": "short_text", "proposal_section": "goals"}
    base.update(field)
    return schema.validate_config({"sections": [{"id": "s", "title": "S", "fields": [base]}]}, identity)


def clean(config, answers, submit=True):
    return schema.clean_answers(config, answers, identity, submit=submit)


def problems(config, answers, submit=True):
    with pytest.raises(schema.AnswersError) as error:
        clean(config, answers, submit=submit)
    return [p.message for p in error.value.problems]


def test_defaults_are_filled_in():
    field = config_with(kind="long_text")["sections"][0]["fields"][0]
    assert field["max_chars"] == 5000 and field["required"] is False and field["choices"] == []
    assert set(field) == set(schema.FIELD_KEYS)


def test_settings_that_do_not_apply_are_refused():
    with pytest.raises(schema.ConfigError, match="does not apply"):
        config_with(kind="date", max_chars=10)


def test_drafts_may_be_incomplete_but_submissions_may_not():
    config = config_with(kind="long_text", required=True, min_words=5)
    assert clean(config, {"f": "two words"}, submit=False) == {"f": "two words"}
    assert "needs at least 5 words (it has 2)" in problems(config, {"f": "two words"})[0]
    assert "is required" in problems(config, {})[0]


def test_unanswered_optional_fields_are_dropped():
    config = config_with()
    assert clean(config, {"f": "   "}) == {}
    assert clean(config, {"f": None}) == {}


def test_lists_are_trimmed_and_limited():
    config = config_with(kind="list", min_items=2, max_items=3, max_chars=10)
    assert clean(config, {"f": [" a ", "", "b"]}) == {"f": ["a", "b"]}
    assert "at least 2" in problems(config, {"f": ["a"]})[0]
    assert "the limit is 3" in problems(config, {"f": ["a", "b", "c", "d"]}, submit=False)[0]
    assert "longer than 10" in problems(config, {"f": ["x" * 11]}, submit=False)[0]
    assert "list of texts" in problems(config, {"f": [1, 2]}, submit=False)[0]


def test_choices_must_be_known():
    choices = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    single = config_with(kind="single_choice", choices=choices)
    assert clean(single, {"f": "a"}) == {"f": "a"}
    assert "no choice “c”" in problems(single, {"f": "c"}, submit=False)[0]
    multiple = config_with(kind="multiple_choice", choices=choices, max_items=1)
    assert clean(multiple, {"f": ["b", "b"]}) == {"f": ["b"]}
    assert "the limit is 1" in problems(multiple, {"f": ["a", "b"]}, submit=False)[0]


def test_numbers_dates_and_urls():
    number = config_with(kind="number", min_value=1, max_value=10)
    assert clean(number, {"f": 2.5}) == {"f": 2.5}
    assert "at most 10" in problems(number, {"f": 11})[0]
    assert "must be a number" in problems(number, {"f": "5"}, submit=False)[0]
    assert "must be a number" in problems(number, {"f": True}, submit=False)[0]
    date = config_with(kind="date")
    assert clean(date, {"f": "2026-03-08"}) == {"f": "2026-03-08"}
    assert "year-month-day" in problems(date, {"f": "08/03/2026"})[0]
    url = config_with(kind="url")
    assert clean(url, {"f": "https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico"})
    assert "https://" in problems(url, {"f": "javascript:alert(1)"})[0]


def test_learner_text_with_braces_is_never_parsed_as_a_template():
    config = config_with(kind="single_choice", choices=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}])
    assert "{0}{label}" in problems(config, {"f": "{0}{label}"}, submit=False)[0]


@pytest.mark.parametrize(
    "text, words",
    [
        ("", 0),
        ("Wikipedia en español", 3),
        ("فجوة المعرفة في ويكيبيديا", 4),
        ("気候変動の記事", 4),  # seven characters of an unspaced script: one word per two
        ("Wiki 気候", 2),
        ("— , .", 0),
    ],
)
def test_words_are_counted_in_any_script(text, words):
    assert schema.count_words(text) == words


# ---------------------------------------------------------------- drafts and submissions


def two_fields():
    return schema.validate_config({"sections": [{"id": "s", "title": "S", "fields": [
        {"id": "a", "label": "A?", "kind": "short_text", "proposal_section": "goals"},
        {"id": "b", "label": "B?", "kind": "list", "proposal_section": "metrics"},
    ]}]}, identity)


def test_a_draft_keeps_only_answers_to_fields_the_worksheet_still_has():
    assert schema.answers_for(two_fields(), {"a": "x", "gone": "y", "b": ["z"]}) == {"a": "x", "b": ["z"]}
    assert schema.answers_for(two_fields(), None) == {}


def test_a_submission_keeps_the_answered_fields_form():
    payload = schema.submission_payload(two_fields(), {"b": ["z"]}, title="Unit 6", preset="unit6")
    assert payload == {"title": "Unit 6", "preset": "unit6", "answers": {"b": ["z"]},
                       "fields": [{"id": "b", "label": "B?", "kind": "list", "proposal_section": "metrics"}]}
