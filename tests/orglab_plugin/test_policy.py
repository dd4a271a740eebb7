"""The award policy: validation of the policy document and the certificate / grant-fund eligibility decision."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orglab_plugin.policy import (
    DEFAULT_POLICY,
    Decision,
    Facts,
    PolicyError,
    Requirement,
    SubmissionFact,
    UnitFact,
    counts_toward_progress,
    evaluate,
    validate_policy,
)

TOPIC_LIST = "A submitted topic list of at least 10 topics"
AUDIENCE = "A submitted audience-needs assessment"
WORKSHEET = "The submitted Unit 6 worksheet (support team, call to action, communications and resources)"


def policy(**changes) -> dict:
    """A deep copy of the default policy with dotted-path changes: policy(**{"certificate.threshold": 80})."""
    result = copy.deepcopy(DEFAULT_POLICY)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = result
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return result


def units(*progress: tuple[int, int], titles: bool = False) -> tuple[UnitFact, ...]:
    return tuple(
        UnitFact(position=i, title=f"Title {i}" if titles else "", completed=done, total=total)
        for i, (done, total) in enumerate(progress, start=1)
    )


ALL_DONE_UNITS = units((3, 3), (4, 4), (3, 3), (5, 5), (2, 2), (6, 6))
ALL_SUBMISSIONS = (
    SubmissionFact("orglab_topic_list", 2, 12),
    SubmissionFact("orglab_audience", 3, None),
    SubmissionFact("orglab_worksheet", 6, None),
)
EVERYTHING = Facts(
    units=ALL_DONE_UNITS,
    milestones=frozenset({"live_sessions", "mentor_signoff"}),
    submissions=ALL_SUBMISSIONS,
)


def problems_of(raw) -> list[str]:
    with pytest.raises(PolicyError) as info:
        validate_policy(raw)
    assert info.value.problems, "a PolicyError always lists its problems"
    assert str(info.value) == "; ".join(info.value.problems)
    return info.value.problems


# ------------------------------------------------------------------------------------------------ validation


class TestDefaultPolicy:
    def test_validates_and_round_trips(self):
        assert validate_policy(DEFAULT_POLICY) == DEFAULT_POLICY

    def test_is_json_able(self):
        assert json.loads(json.dumps(DEFAULT_POLICY)) == DEFAULT_POLICY

    def test_validation_neither_mutates_nor_shares(self):
        before = copy.deepcopy(DEFAULT_POLICY)
        result = validate_policy(DEFAULT_POLICY)
        result["certificate"]["milestones"].append("live_sessions")
        result["eligibility"]["submissions"][0]["min_topics"] = 99
        result["milestones"].clear()
        assert DEFAULT_POLICY == before

    def test_missing_keys_are_filled_from_the_default(self):
        assert validate_policy({}) == DEFAULT_POLICY
        assert validate_policy({"certificate": {}, "eligibility": {}}) == DEFAULT_POLICY
        result = validate_policy({"certificate": {"threshold": 80}})
        assert result["certificate"] == {"units": "all", "threshold": 80, "unit_thresholds": {}, "milestones": []}

    def test_optional_submission_keys_default_to_none(self):
        raw = policy(**{"eligibility.submissions": [{"id": "plan", "block_type": "orglab_plan", "label": "A plan"}]})
        spec = validate_policy(raw)["eligibility"]["submissions"][0]
        assert spec == {"id": "plan", "block_type": "orglab_plan", "min_topics": None, "unit": None, "label": "A plan"}

    def test_normalizes(self):
        raw = policy(
            **{
                "certificate.unit_thresholds": {3: 80, "4": 90},
                "certificate.units": [1, 3, 4],
                "milestones.0.label": "  Attended the live sessions  ",
            }
        )
        result = validate_policy(raw)
        assert result["certificate"]["unit_thresholds"] == {"3": 80, "4": 90}
        assert result["certificate"]["units"] == [1, 3, 4]
        assert result["milestones"][0]["label"] == "Attended the live sessions"
        assert validate_policy(result) == result

    def test_a_valid_custom_policy(self):
        raw = policy(
            **{
                "certificate.units": [1, 2, 6],
                "certificate.milestones": ["live_sessions"],
                "eligibility.milestones": ["mentor_signoff"],
                "eligibility.requires_certificate": False,
                "excluded_block_types": [],
            }
        )
        assert validate_policy(raw) == raw


INVALID = [
    pytest.param("not a dict", "the policy must be an object", id="not-an-object"),
    pytest.param(policy(colour="blue"), "unknown key 'colour'", id="unknown-top-level-key"),
    pytest.param(policy(version=2), "version must be 1", id="version"),
    pytest.param(policy(version="1"), "version must be 1", id="version-str"),
    pytest.param(policy(certificate=[]), "certificate must be an object", id="certificate-not-object"),
    pytest.param(policy(eligibility="yes"), "eligibility must be an object", id="eligibility-not-object"),
    pytest.param(policy(**{"certificate.extra": 1}), "certificate: unknown key 'extra'", id="certificate-key"),
    pytest.param(policy(**{"eligibility.extra": 1}), "eligibility: unknown key 'extra'", id="eligibility-key"),
    # threshold
    *[
        pytest.param(
            policy(**{"certificate.threshold": value}),
            "certificate.threshold must be a whole number from 1 to 100",
            id=f"threshold-{value!r}",
        )
        for value in (0, 101, -5, 50.0, "80", True, None)
    ],
    # units
    pytest.param(
        policy(**{"certificate.units": "some"}),
        'certificate.units must be "all" or a list of unit positions',
        id="units-word",
    ),
    pytest.param(
        policy(**{"certificate.units": 3}),
        'certificate.units must be "all" or a list of unit positions',
        id="units-int",
    ),
    *[
        pytest.param(
            policy(**{"certificate.units": [1, value]}),
            "certificate.units[1]: unit positions must be whole numbers from 1 to 50",
            id=f"unit-position-{value!r}",
        )
        for value in (0, 51, -1, "2", 2.0, True, None)
    ],
    pytest.param(
        policy(**{"certificate.units": [1, 3, 3]}), "certificate.units: unit 3 is listed twice", id="unit-twice"
    ),
    pytest.param(
        policy(**{"certificate.units": []}),
        "certificate requires nothing: list at least one unit or milestone",
        id="certificate-requires-nothing",
    ),
    # unit thresholds
    pytest.param(
        policy(**{"certificate.unit_thresholds": [80]}),
        "certificate.unit_thresholds must be an object",
        id="unit-thresholds-list",
    ),
    *[
        pytest.param(
            policy(**{"certificate.unit_thresholds": {key: 80}}),
            f"certificate.unit_thresholds: {key!r}: unit positions must be whole numbers from 1 to 50",
            id=f"unit-threshold-key-{key!r}",
        )
        for key in ("0", "51", "03", "three", "", 0, 60)
    ],
    *[
        pytest.param(
            policy(**{"certificate.unit_thresholds": {"3": value}}),
            "certificate.unit_thresholds['3'] must be a whole number from 1 to 100",
            id=f"unit-threshold-value-{value!r}",
        )
        for value in (0, 101, 80.5, "80", None, False)
    ],
    pytest.param(
        policy(**{"certificate.unit_thresholds": {"3": 80, 3: 90}}),
        "certificate.unit_thresholds: unit 3 is listed twice",
        id="unit-threshold-twice",
    ),
    # milestone references
    pytest.param(
        policy(**{"certificate.milestones": ["attendance"]}),
        "certificate.milestones: 'attendance' is not a milestone of this policy",
        id="certificate-unknown-milestone",
    ),
    pytest.param(
        policy(**{"eligibility.milestones": ["attendance"]}),
        "eligibility.milestones: 'attendance' is not a milestone of this policy",
        id="eligibility-unknown-milestone",
    ),
    pytest.param(
        policy(**{"certificate.milestones": ["live_sessions", "live_sessions"]}),
        "certificate.milestones: 'live_sessions' is listed twice",
        id="milestone-ref-twice",
    ),
    pytest.param(
        policy(**{"certificate.milestones": "live_sessions"}),
        "certificate.milestones must be a list of milestone ids",
        id="milestone-refs-str",
    ),
    pytest.param(
        policy(**{"eligibility.milestones": [1]}),
        "eligibility.milestones must be a list of milestone ids",
        id="milestone-ref-int",
    ),
    # eligibility
    pytest.param(
        policy(**{"eligibility.requires_certificate": "yes"}),
        "eligibility.requires_certificate must be true or false",
        id="requires-certificate",
    ),
    pytest.param(
        policy(**{"eligibility.requires_certificate": False, "eligibility.submissions": []}),
        "eligibility requires nothing: require the certificate, a submission or a milestone",
        id="eligibility-requires-nothing",
    ),
    pytest.param(
        policy(**{"eligibility.submissions": {}}), "eligibility.submissions must be a list", id="submissions-dict"
    ),
    pytest.param(
        policy(**{"eligibility.submissions.1": "audience"}),
        "eligibility.submissions[1] must be an object",
        id="submission-not-object",
    ),
    pytest.param(
        policy(**{"eligibility.submissions.1.min_rows": 3}),
        "eligibility.submissions[1]: unknown key 'min_rows'",
        id="submission-unknown-key",
    ),
    pytest.param(
        policy(**{"eligibility.submissions.0.id": "audience"}),
        "eligibility.submissions: the id 'audience' is used twice",
        id="submission-id-twice",
    ),
    *[
        pytest.param(
            policy(**{"eligibility.submissions.0.id": value}),
            "eligibility.submissions[0].id must be lowercase letters, digits and underscores, "
            "starting with a letter, at most 50 characters",
            id=f"submission-id-{value!r}"[:40],
        )
        for value in ("Topic", "1topic", "topic-list", "", "a" * 51, 7, None)
    ],
    *[
        pytest.param(
            policy(**{"eligibility.submissions.2.block_type": value}),
            "eligibility.submissions[2].block_type must be a block type name "
            "(lowercase letters, digits and underscores, at most 64 characters)",
            id=f"block-type-{value!r}"[:40],
        )
        for value in ("Orglab", "orglab-worksheet", "_x", "", "x" * 65, None, ["orglab_worksheet"])
    ],
    *[
        pytest.param(
            policy(**{"eligibility.submissions.0.min_topics": value}),
            "eligibility.submissions[0].min_topics must be a whole number of at least 1, or null",
            id=f"min-topics-{value!r}",
        )
        for value in (0, -1, 2.5, "10", True)
    ],
    *[
        pytest.param(
            policy(**{"eligibility.submissions.2.unit": value}),
            "eligibility.submissions[2].unit must be a whole number of at least 1, or null",
            id=f"submission-unit-{value!r}",
        )
        for value in (0, -6, 6.0, "6", False)
    ],
    *[
        pytest.param(
            policy(**{"eligibility.submissions.1.label": value}),
            "eligibility.submissions[1].label is required (a non-empty text)",
            id=f"label-{value!r}",
        )
        for value in ("", "   ", None, 3)
    ],
    pytest.param(
        policy(**{"eligibility.submissions.1.label": "x" * 301}),
        "eligibility.submissions[1].label must be at most 300 characters",
        id="label-too-long",
    ),
    *[
        pytest.param(
            policy(
                **{"eligibility.submissions": [{key: "x" for key in ("id", "block_type", "label") if key != missing}]}
            ),
            f"eligibility.submissions[0].{missing} is required",
            id=f"submission-missing-{missing}",
        )
        for missing in ("id", "block_type", "label")
    ],
    # milestone definitions
    pytest.param(policy(milestones={}), "milestones must be a list", id="milestones-dict"),
    pytest.param(policy(**{"milestones.0": "live_sessions"}), "milestones[0] must be an object", id="milestone-str"),
    pytest.param(
        policy(**{"milestones.1.id": "live_sessions"}),
        "milestones: the id 'live_sessions' is used twice",
        id="milestone-id-twice",
    ),
    pytest.param(
        policy(**{"milestones.1.id": "Mentor"}),
        "milestones[1].id must be lowercase letters, digits and underscores, starting with a letter, "
        "at most 50 characters",
        id="milestone-id-pattern",
    ),
    pytest.param(
        policy(**{"milestones.1.id": "m" * 51}),
        "milestones[1].id must be lowercase letters, digits and underscores, starting with a letter, "
        "at most 50 characters",
        id="milestone-id-too-long",
    ),
    pytest.param(
        policy(**{"milestones.0.label": ""}), "milestones[0].label is required (a non-empty text)", id="milestone-label"
    ),
    pytest.param(
        policy(**{"milestones.0.label": "y" * 301}),
        "milestones[0].label must be at most 300 characters",
        id="milestone-label-too-long",
    ),
    pytest.param(policy(milestones=[{"id": "x"}]), "milestones[0].label is required", id="milestone-missing-label"),
    pytest.param(
        policy(milestones=[{"id": "x", "label": "X", "date": "2026"}]),
        "milestones[0]: unknown key 'date'",
        id="milestone-unknown-key",
    ),
    # excluded block types
    pytest.param(
        policy(excluded_block_types="html"),
        "excluded_block_types must be a list of block type names",
        id="excluded-str",
    ),
    pytest.param(
        policy(excluded_block_types=["html", "Video"]),
        "excluded_block_types[1]: 'Video' is not a block type name",
        id="excluded-pattern",
    ),
    pytest.param(
        policy(excluded_block_types=["html", 3]),
        "excluded_block_types[1]: 3 is not a block type name",
        id="excluded-int",
    ),
    pytest.param(
        policy(excluded_block_types=["html", "html"]),
        "excluded_block_types: 'html' is listed twice",
        id="excluded-twice",
    ),
]


@pytest.mark.parametrize(("raw", "message"), INVALID)
def test_invalid_policy_names_the_problem(raw, message):
    assert message in problems_of(raw)


def test_a_problem_in_a_nested_value_is_reported_once():
    raw = policy(**{"certificate.threshold": 0})
    assert problems_of(raw) == ["certificate.threshold must be a whole number from 1 to 100"]


def test_every_problem_is_reported_at_once():
    raw = policy(
        **{
            "certificate.threshold": 0,
            "certificate.milestones": ["attendance"],
            "eligibility.submissions.1.min_rows": 3,
            "excluded_block_types": ["Video"],
        }
    )
    assert problems_of(raw) == [
        "certificate.threshold must be a whole number from 1 to 100",
        "certificate.milestones: 'attendance' is not a milestone of this policy",
        "eligibility.submissions[1]: unknown key 'min_rows'",
        "excluded_block_types[0]: 'Video' is not a block type name",
    ]


def test_removing_a_milestone_still_referenced_is_refused():
    raw = policy(**{"certificate.milestones": ["mentor_signoff"]})
    raw["milestones"] = raw["milestones"][:1]
    assert problems_of(raw) == ["certificate.milestones: 'mentor_signoff' is not a milestone of this policy"]


def test_validation_messages_are_translated():
    with pytest.raises(PolicyError) as info:
        validate_policy(policy(**{"certificate.threshold": 0}), gettext=upper)
    # The template is translated, then the values are filled in.
    assert info.value.problems == ["certificate.threshold MUST BE A WHOLE NUMBER FROM 1 TO 100"]


def test_unit_positions_at_the_bounds_are_valid():
    result = validate_policy(policy(**{"certificate.units": [1, 50], "certificate.unit_thresholds": {"50": 1}}))
    assert result["certificate"]["units"] == [1, 50]


# ------------------------------------------------------------------------------------------------ evaluate


def details(requirements: tuple[Requirement, ...]) -> list[str]:
    return [r.detail for r in requirements]


class TestEverything:
    def test_certificate_and_eligible(self):
        decision = evaluate(EVERYTHING, DEFAULT_POLICY)
        assert decision.certificate
        assert decision.eligible
        assert decision.unmet() == []
        assert all(r.met for r in decision.certificate_requirements + decision.eligibility_requirements)

    def test_requirements_in_policy_order(self):
        decision = evaluate(EVERYTHING, DEFAULT_POLICY)
        assert [r.id for r in decision.certificate_requirements] == [f"unit:{i}" for i in range(1, 7)]
        assert details(decision.certificate_requirements) == [f"Unit {i}: complete" for i in range(1, 7)]
        assert [r.id for r in decision.eligibility_requirements] == [
            "certificate",
            "submission:topic_list",
            "submission:audience",
            "submission:unit6_worksheet",
        ]
        assert details(decision.eligibility_requirements) == [
            "Certificate of completion: earned",
            f"{TOPIC_LIST}: submitted",
            f"{AUDIENCE}: submitted",
            f"{WORKSHEET}: submitted",
        ]

    def test_policy_defaults_to_the_default(self):
        assert evaluate(EVERYTHING) == evaluate(EVERYTHING, DEFAULT_POLICY)

    def test_nothing(self):
        decision = evaluate(Facts(units=units((0, 3), (0, 2))))
        assert not decision.certificate
        assert not decision.eligible
        assert decision.unmet() == [
            "Unit 1: 0 of 3 activities complete",
            "Unit 2: 0 of 2 activities complete",
            "Certificate of completion: not earned yet",
            f"{TOPIC_LIST}: not submitted yet",
            f"{AUDIENCE}: not submitted yet",
            f"{WORKSHEET}: not submitted yet",
        ]

    def test_as_dict_is_json_able(self):
        data = evaluate(EVERYTHING).as_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["certificate"] is True and data["eligible"] is True
        assert data["eligibility_requirements"][0] == {
            "id": "certificate",
            "label": "Certificate of completion",
            "met": True,
            "detail": "Certificate of completion: earned",
        }


class TestSingleMissingPiece:
    def test_an_incomplete_unit(self):
        facts = replace(EVERYTHING, units=units((3, 3), (4, 4), (2, 3), (5, 5), (2, 2), (6, 6)))
        decision = evaluate(facts)
        assert not decision.certificate
        assert not decision.eligible
        assert decision.unmet() == ["Unit 3: 2 of 3 activities complete", "Certificate of completion: not earned yet"]
        unit3 = decision.certificate_requirements[2]
        assert unit3 == Requirement("unit:3", "Unit 3", False, "Unit 3: 2 of 3 activities complete")

    def test_the_unit_title_is_used_when_given(self):
        facts = replace(
            EVERYTHING,
            units=(
                UnitFact(1, "Introduction", 1, 1),
                UnitFact(3, "The needs of your campaign's audience", 2, 3),
            ),
        )
        decision = evaluate(facts)
        assert details(decision.certificate_requirements) == [
            "Unit 1 (Introduction): complete",
            "Unit 3 (The needs of your campaign's audience): 2 of 3 activities complete",
        ]
        assert decision.certificate_requirements[1].label == "Unit 3 (The needs of your campaign's audience)"

    def test_a_long_title_is_shortened(self):
        facts = Facts(units=(UnitFact(2, "A very long title " * 10, 0, 1),))
        detail = evaluate(facts).certificate_requirements[0].detail
        assert detail.startswith("Unit 2 (A very long title A very long title")
        assert detail.endswith("…): 0 of 1 activities complete")
        assert len(detail) < 110

    def test_a_title_with_braces_is_not_formatted(self):
        facts = Facts(units=(UnitFact(2, "Sets {like} {0} these", 0, 1),))
        assert (
            evaluate(facts).certificate_requirements[0].detail
            == "Unit 2 (Sets {like} {0} these): 0 of 1 activities complete"
        )

    def test_topic_list_too_short(self):
        facts = replace(EVERYTHING, submissions=(SubmissionFact("orglab_topic_list", 2, 4), *ALL_SUBMISSIONS[1:]))
        decision = evaluate(facts)
        assert decision.certificate
        assert not decision.eligible
        assert decision.unmet() == [f"{TOPIC_LIST}: the latest has 4"]

    def test_topic_list_without_a_count_has_none(self):
        facts = replace(EVERYTHING, submissions=(SubmissionFact("orglab_topic_list", 2, None), *ALL_SUBMISSIONS[1:]))
        assert evaluate(facts).unmet() == [f"{TOPIC_LIST}: the latest has 0"]

    def test_topic_list_exactly_at_the_minimum(self):
        facts = replace(EVERYTHING, submissions=(SubmissionFact("orglab_topic_list", 2, 10), *ALL_SUBMISSIONS[1:]))
        assert evaluate(facts).eligible

    def test_topic_list_missing(self):
        facts = replace(EVERYTHING, submissions=ALL_SUBMISSIONS[1:])
        assert evaluate(facts).unmet() == [f"{TOPIC_LIST}: not submitted yet"]

    def test_the_longest_of_several_topic_lists_counts(self):
        facts = replace(
            EVERYTHING,
            submissions=(
                SubmissionFact("orglab_topic_list", 2, 4),
                SubmissionFact("orglab_topic_list", 3, 11),
                *ALL_SUBMISSIONS[1:],
            ),
        )
        assert evaluate(facts).eligible

    def test_audience_missing(self):
        facts = replace(EVERYTHING, submissions=(ALL_SUBMISSIONS[0], ALL_SUBMISSIONS[2]))
        assert evaluate(facts).unmet() == [f"{AUDIENCE}: not submitted yet"]

    def test_unit6_worksheet_missing(self):
        facts = replace(EVERYTHING, submissions=ALL_SUBMISSIONS[:2])
        decision = evaluate(facts)
        assert decision.certificate
        assert not decision.eligible
        assert decision.unmet() == [f"{WORKSHEET}: not submitted yet"]

    @pytest.mark.parametrize("unit", [1, 5, 7, None])
    def test_a_worksheet_of_another_unit_does_not_count(self, unit):
        facts = replace(EVERYTHING, submissions=(*ALL_SUBMISSIONS[:2], SubmissionFact("orglab_worksheet", unit, None)))
        assert evaluate(facts).unmet() == [f"{WORKSHEET}: not submitted yet"]

    def test_another_block_type_in_unit_6_does_not_count(self):
        facts = replace(EVERYTHING, submissions=(*ALL_SUBMISSIONS[:2], SubmissionFact("orglab_audience", 6, None)))
        assert evaluate(facts).unmet() == [f"{WORKSHEET}: not submitted yet"]

    def test_a_certificate_milestone_missing(self):
        raw = policy(**{"certificate.milestones": ["live_sessions"]})
        facts = replace(EVERYTHING, milestones=frozenset({"mentor_signoff"}))
        decision = evaluate(facts, raw)
        assert not decision.certificate
        assert not decision.eligible
        assert decision.unmet() == [
            "Attended the live sessions: not recorded yet",
            "Certificate of completion: not earned yet",
        ]
        assert decision.certificate_requirements[-1].id == "milestone:live_sessions"
        assert decision.certificate_requirements[-1].label == "Attended the live sessions"

    def test_a_recorded_milestone(self):
        raw = policy(**{"certificate.milestones": ["live_sessions"]})
        decision = evaluate(EVERYTHING, raw)
        assert decision.certificate
        assert decision.certificate_requirements[-1].detail == "Attended the live sessions: recorded"

    def test_an_eligibility_milestone_missing(self):
        raw = policy(**{"eligibility.milestones": ["mentor_signoff"]})
        facts = replace(EVERYTHING, milestones=frozenset({"live_sessions", "unknown_one"}))
        decision = evaluate(facts, raw)
        assert decision.certificate
        assert not decision.eligible
        assert decision.unmet() == ["Mentor sign-off on the project idea: not recorded yet"]

    def test_eligibility_without_the_certificate(self):
        raw = policy(**{"eligibility.requires_certificate": False})
        facts = replace(EVERYTHING, units=units((0, 3)))
        decision = evaluate(facts, raw)
        assert not decision.certificate
        assert decision.eligible
        assert "certificate" not in [r.id for r in decision.eligibility_requirements]


class TestUnits:
    def test_unit_threshold(self):
        raw = policy(**{"certificate.threshold": 80})
        assert evaluate(Facts(units=units((4, 5))), raw).certificate  # 80 %
        assert not evaluate(Facts(units=units((3, 4))), raw).certificate  # 75 %
        assert evaluate(Facts(units=units((4, 4))), raw).certificate

    def test_the_default_threshold_is_everything(self):
        assert not evaluate(Facts(units=units((99, 100)))).certificate
        assert evaluate(Facts(units=units((100, 100)))).certificate

    def test_per_unit_threshold(self):
        raw = policy(**{"certificate.unit_thresholds": {"3": 80}})
        facts = Facts(units=units((3, 3), (2, 3), (4, 5)))
        decision = evaluate(facts, raw)
        # Unit 3 needs 80 %: 4 of 5 is enough; unit 2 still needs everything.
        assert decision.unmet()[:1] == ["Unit 2: 2 of 3 activities complete"]
        assert details(decision.certificate_requirements)[2] == "Unit 3: complete"

    def test_per_unit_threshold_stricter_than_the_default(self):
        raw = policy(**{"certificate.threshold": 50, "certificate.unit_thresholds": {"1": 100}})
        decision = evaluate(Facts(units=units((1, 2), (1, 2))), raw)
        assert details(decision.certificate_requirements) == ["Unit 1: 1 of 2 activities complete", "Unit 2: complete"]

    def test_all_units_in_position_order(self):
        facts = Facts(units=(UnitFact(4, "", 1, 1), UnitFact(2, "", 0, 1), UnitFact(1, "", 1, 1)))
        decision = evaluate(facts)
        assert [r.id for r in decision.certificate_requirements] == ["unit:1", "unit:2", "unit:4"]

    def test_a_list_of_units(self):
        raw = policy(**{"certificate.units": [6, 2]})
        facts = Facts(units=units((0, 3), (2, 2), (0, 3), (0, 3), (0, 3), (1, 1)))
        decision = evaluate(facts, raw)
        assert decision.certificate
        assert [r.id for r in decision.certificate_requirements] == ["unit:6", "unit:2"]

    def test_a_list_of_units_unmet(self):
        raw = policy(**{"certificate.units": [1, 2]})
        decision = evaluate(replace(EVERYTHING, units=units((3, 3), (1, 3), (0, 9))), raw)
        assert decision.unmet() == ["Unit 2: 1 of 3 activities complete", "Certificate of completion: not earned yet"]

    def test_a_unit_with_nothing_to_do_is_complete(self):
        decision = evaluate(Facts(units=units((0, 0), (2, 2))))
        assert decision.certificate
        assert details(decision.certificate_requirements) == ["Unit 1: complete", "Unit 2: complete"]

    def test_a_listed_unit_with_nothing_to_do_is_complete(self):
        raw = policy(**{"certificate.units": [1]})
        assert evaluate(Facts(units=units((0, 0))), raw).certificate

    def test_a_required_unit_missing_from_the_outline(self):
        raw = policy(**{"certificate.units": [1, 7]})
        decision = evaluate(Facts(units=units((1, 1))), raw)
        assert not decision.certificate
        assert decision.certificate_requirements[1] == Requirement(
            "unit:7", "Unit 7", False, "Unit 7 is not in the course outline yet"
        )

    def test_an_empty_outline_earns_nothing(self):
        decision = evaluate(Facts())
        assert not decision.certificate
        assert decision.certificate_requirements == (
            Requirement("units", "The course's units", False, "The course outline has no units yet"),
        )

    def test_only_milestones(self):
        raw = policy(**{"certificate.units": [], "certificate.milestones": ["live_sessions"]})
        assert evaluate(Facts(milestones=frozenset({"live_sessions"})), raw).certificate
        assert not evaluate(Facts(units=units((0, 1))), raw).certificate

    def test_a_repeated_position_uses_the_first(self):
        facts = Facts(units=(UnitFact(1, "", 0, 2), UnitFact(1, "", 2, 2)))
        decision = evaluate(facts)
        assert details(decision.certificate_requirements) == ["Unit 1: 0 of 2 activities complete"]

    def test_more_completed_than_total_is_complete(self):
        assert evaluate(Facts(units=units((5, 3)))).certificate

    def test_negative_progress_is_shown_as_zero(self):
        decision = evaluate(Facts(units=units((-1, 3))))
        assert decision.unmet()[0] == "Unit 1: 0 of 3 activities complete"


class TestUnmet:
    def test_certificate_first_then_eligibility_in_policy_order(self):
        raw = policy(**{"certificate.milestones": ["mentor_signoff"], "eligibility.milestones": ["live_sessions"]})
        facts = Facts(
            units=units((1, 1), (0, 2)),
            submissions=(SubmissionFact("orglab_topic_list", 1, 3),),
        )
        decision = evaluate(facts, raw)
        assert decision.unmet() == [
            "Unit 2: 0 of 2 activities complete",
            "Mentor sign-off on the project idea: not recorded yet",
            "Certificate of completion: not earned yet",
            f"{TOPIC_LIST}: the latest has 3",
            f"{AUDIENCE}: not submitted yet",
            f"{WORKSHEET}: not submitted yet",
            "Attended the live sessions: not recorded yet",
        ]

    def test_unmet_on_a_hand_made_decision(self):
        decision = Decision(
            certificate=False,
            certificate_requirements=(Requirement("a", "A", True, "a ok"), Requirement("b", "B", False, "b no")),
            eligible=False,
            eligibility_requirements=(Requirement("c", "C", False, "c no"),),
        )
        assert decision.unmet() == ["b no", "c no"]


def upper(text: str) -> str:
    """A fake translation: upper-cases the text but keeps `{placeholders}` as a translator must."""
    out, depth = [], 0
    for char in text:
        depth += char == "{"
        out.append(char if depth else char.upper())
        depth -= char == "}"
    return "".join(out)


class TestGettext:
    def test_the_fake_keeps_placeholders(self):
        assert upper("{unit}: {done} of {total}") == "{unit}: {done} OF {total}"

    def test_details_are_translated(self):
        facts = replace(EVERYTHING, units=units((3, 3), (4, 4), (2, 3), (5, 5), (2, 2), (6, 6)))
        decision = evaluate(facts, DEFAULT_POLICY, gettext=upper)
        assert decision.unmet() == ["UNIT 3: 2 OF 3 ACTIVITIES COMPLETE", "CERTIFICATE OF COMPLETION: NOT EARNED YET"]
        assert decision.certificate_requirements[2].label == "UNIT 3"

    def test_labels_and_fixed_texts_are_translated(self):
        decision = evaluate(Facts(units=units((1, 1))), DEFAULT_POLICY, gettext=upper)
        assert decision.eligibility_requirements[0].detail == "CERTIFICATE OF COMPLETION: EARNED"
        assert decision.eligibility_requirements[1].detail == f"{TOPIC_LIST.upper()}: NOT SUBMITTED YET"
        assert decision.eligibility_requirements[1].label == TOPIC_LIST.upper()

    def test_titles_are_not_translated(self):
        decision = evaluate(Facts(units=(UnitFact(3, "Audience", 0, 1),)), DEFAULT_POLICY, gettext=upper)
        assert decision.unmet()[0] == "UNIT 3 (Audience): 0 OF 1 ACTIVITIES COMPLETE"

    def test_a_translation_with_broken_placeholders_falls_back_to_english(self):
        decision = evaluate(Facts(units=units((0, 1))), DEFAULT_POLICY, gettext=str.upper)
        assert decision.unmet()[0] == "Unit 1: 0 of 1 activities complete"

    def test_the_identity_by_default(self):
        decision = evaluate(Facts(units=units((1, 1))))
        assert decision.eligibility_requirements[0].detail == "Certificate of completion: earned"


def test_counts_toward_progress():
    assert not counts_toward_progress("video", DEFAULT_POLICY)
    assert not counts_toward_progress("html", DEFAULT_POLICY)
    assert counts_toward_progress("problem", DEFAULT_POLICY)
    assert counts_toward_progress("orglab_worksheet", DEFAULT_POLICY)
    assert counts_toward_progress("video", policy(excluded_block_types=[]))


def test_an_invalid_policy_is_refused_by_evaluate():
    with pytest.raises(PolicyError):
        evaluate(EVERYTHING, policy(**{"certificate.threshold": 0}))


# ------------------------------------------------------------------------------------------------ properties

BLOCK_TYPES = ["orglab_topic_list", "orglab_audience", "orglab_worksheet", "problem"]
MILESTONES = ["live_sessions", "mentor_signoff", "other"]


@st.composite
def unit_facts(draw) -> tuple[UnitFact, ...]:
    positions = draw(st.lists(st.integers(1, 8), unique=True, max_size=8))
    result = []
    for position in positions:
        total = draw(st.integers(0, 6))
        result.append(UnitFact(position, draw(st.sampled_from(["", "Title"])), draw(st.integers(0, total)), total))
    return tuple(result)


submission_facts = st.builds(
    SubmissionFact,
    block_type=st.sampled_from(BLOCK_TYPES),
    unit=st.one_of(st.none(), st.integers(1, 8)),
    topics=st.one_of(st.none(), st.integers(0, 15)),
)

facts_strategy = st.builds(
    Facts,
    units=unit_facts(),
    milestones=st.frozensets(st.sampled_from(MILESTONES)),
    submissions=st.lists(submission_facts, max_size=5).map(tuple),
)


@st.composite
def policies(draw) -> dict:
    """Valid policies around the default: thresholds, unit lists, milestones, requirements."""
    raw = copy.deepcopy(DEFAULT_POLICY)
    cert = raw["certificate"]
    cert["threshold"] = draw(st.integers(1, 100))
    cert["unit_thresholds"] = {
        str(k): v for k, v in draw(st.dictionaries(st.integers(1, 8), st.integers(1, 100), max_size=3)).items()
    }
    cert["milestones"] = draw(st.lists(st.sampled_from(["live_sessions", "mentor_signoff"]), unique=True))
    cert["units"] = draw(
        st.one_of(st.just("all"), st.lists(st.integers(1, 8), unique=True, min_size=0 if cert["milestones"] else 1))
    )
    elig = raw["eligibility"]
    elig["milestones"] = draw(st.lists(st.sampled_from(["live_sessions", "mentor_signoff"]), unique=True))
    elig["requires_certificate"] = draw(st.booleans())
    if not elig["requires_certificate"] and not elig["milestones"]:
        elig["submissions"] = elig["submissions"][: draw(st.integers(1, 3))]
    return validate_policy(raw)


@st.composite
def facts_and_more(draw):
    """Random facts and the same facts with one more piece of progress."""
    facts = draw(facts_strategy)
    kinds = ["milestone", "submission"]
    if any(u.completed < u.total for u in facts.units):
        kinds.append("activity")
    if any(s.topics is not None for s in facts.submissions):
        kinds.append("topics")
    kind = draw(st.sampled_from(kinds))
    if kind == "milestone":
        more = replace(facts, milestones=facts.milestones | {draw(st.sampled_from(MILESTONES))})
    elif kind == "submission":
        extra = draw(submission_facts)
        index = draw(st.integers(0, len(facts.submissions)))
        more = replace(facts, submissions=facts.submissions[:index] + (extra,) + facts.submissions[index:])
    elif kind == "activity":
        index = draw(st.sampled_from([i for i, u in enumerate(facts.units) if u.completed < u.total]))
        unit = facts.units[index]
        grown = replace(unit, completed=draw(st.integers(unit.completed + 1, unit.total)))
        more = replace(facts, units=facts.units[:index] + (grown,) + facts.units[index + 1 :])
    else:
        index = draw(st.sampled_from([i for i, s in enumerate(facts.submissions) if s.topics is not None]))
        sub = facts.submissions[index]
        grown = replace(sub, topics=sub.topics + draw(st.integers(1, 10)))
        more = replace(facts, submissions=facts.submissions[:index] + (grown,) + facts.submissions[index + 1 :])
    return facts, more


@settings(max_examples=300)
@given(facts_and_more(), policies())
def test_more_progress_never_takes_anything_away(pair, pol):
    facts, more = pair
    before, after = evaluate(facts, pol), evaluate(more, pol)
    assert before.certificate <= after.certificate
    assert before.eligible <= after.eligible
    # Requirement by requirement: a met one stays met, and the requirements are the same ones.
    for old, new in (
        (before.certificate_requirements, after.certificate_requirements),
        (before.eligibility_requirements, after.eligibility_requirements),
    ):
        assert [r.id for r in old] == [r.id for r in new]
        for a, b in zip(old, new, strict=True):
            assert b.met or not a.met, (a, b)


@settings(max_examples=300)
@given(facts_strategy)
def test_evaluate_is_deterministic_and_total(facts):
    first = evaluate(facts, DEFAULT_POLICY)
    second = evaluate(facts, DEFAULT_POLICY)
    assert first == second
    assert first.certificate == all(r.met for r in first.certificate_requirements)
    assert first.eligible == all(r.met for r in first.eligibility_requirements)
    assert len(first.unmet()) == sum(not r.met for r in first.certificate_requirements + first.eligibility_requirements)
    assert all(r.detail for r in first.certificate_requirements + first.eligibility_requirements)
    # The order of the submissions the caller passes does not matter.
    shuffled = replace(facts, submissions=tuple(reversed(facts.submissions)))
    assert evaluate(shuffled, DEFAULT_POLICY) == first


@settings(max_examples=100)
@given(
    st.builds(
        Facts,
        units=st.lists(
            st.builds(
                UnitFact, st.integers(-3, 60), st.text(max_size=80), st.integers(-5, 10**6), st.integers(-5, 10**6)
            ),
            max_size=10,
        ).map(tuple),
        milestones=st.frozensets(st.text(max_size=10)),
        submissions=st.lists(
            st.builds(
                SubmissionFact,
                st.text(max_size=20),
                st.one_of(st.none(), st.integers(-3, 60)),
                st.one_of(st.none(), st.integers(-5, 100)),
            ),
            max_size=6,
        ).map(tuple),
    )
)
def test_evaluate_never_raises_for_odd_facts(facts):
    """Facts no real course has (negative counts, units beyond the outline, odd names) still get a
    whole decision: every requirement of the default policy judged, with a reason a person reads."""
    decision = evaluate(facts, DEFAULT_POLICY)
    requirements = decision.certificate_requirements + decision.eligibility_requirements
    assert [r.id for r in decision.eligibility_requirements] == [r.id for r in evaluate(
        Facts(units=(), milestones=frozenset(), submissions=()), DEFAULT_POLICY).eligibility_requirements]
    assert all(isinstance(r.detail, str) and r.detail for r in requirements)
    assert decision.certificate == all(r.met for r in decision.certificate_requirements)
    assert decision.eligible == all(r.met for r in decision.eligibility_requirements)
    assert not decision.eligible or decision.certificate  # the default policy requires the certificate


@given(policies())
def test_generated_policies_round_trip(pol):
    assert validate_policy(pol) == pol
    assert json.loads(json.dumps(pol)) == pol
