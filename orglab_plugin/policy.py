"""A course's award policy: what earns the certificate and what makes a learner eligible for the grant fund.

Pure and standard-library only (no Django), so it can be tested exhaustively and reused anywhere:

* `DEFAULT_POLICY` is the Organizer Lab's policy, a JSON-able dict;
* `validate_policy(raw)` checks and normalizes a policy document or raises `PolicyError`;
* `evaluate(facts, policy)` turns what the caller read from the database (`Facts`) into a `Decision`
  whose requirements each carry a detail a learner understands.

Every message is a literal template marked with `_` (for extraction) and translated at run time with the
`gettext` the caller passes: `gettext(template).format(**values)` (falling back to the English template
should a translation break its placeholders).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Marks a message template for extraction; it is translated later with the caller's gettext.
from django.utils.translation import gettext_noop as _

Gettext = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def _t(gettext: Gettext, template: str, **values: Any) -> str:
    """`gettext(template).format(**values)`; a translation whose placeholders are broken falls back to English."""
    try:
        return gettext(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return template.format(**values)


def message(template: str, /, **values: Any) -> dict[str, Any]:
    """A requirement's detail kept in no language: its English template (a msgid) and its values,
    each a number, a text shown as written (a unit's title), a `label` (translated where it is
    one of the policy's own) or a message. Stored as such (`GrantEligibility.unmet`), it is shown
    in each reader's language (`render`)."""
    return {"msg": template, "args": values}


def label_of(text: str) -> dict[str, str]:
    """A label inside a `message`: the policy's default labels are msgids, shown translated; an
    author's own label has no translation and is shown as written."""
    return {"label": text}


def render(item: Any, gettext: Gettext = _identity) -> str:
    """A `message` (or a `label`) in the language of `gettext`. A plain string is returned as is
    (details stored before messages were kept are English strings)."""
    if isinstance(item, dict) and isinstance(item.get("label"), str):
        return gettext(item["label"]) if item["label"] else ""
    if not isinstance(item, dict) or not isinstance(item.get("msg"), str):
        return str(item)
    args = item.get("args") if isinstance(item.get("args"), dict) else {}
    values = {key: render(value, gettext) if isinstance(value, dict) else value for key, value in args.items()}
    return _t(gettext, item["msg"], **values)


def render_unmet(items: Any, gettext: Gettext = _identity) -> list[str]:
    """Stored unmet requirements (`Decision.unmet_messages`, or older English strings) as text."""
    return [render(item, gettext) for item in items or []]


POLICY_VERSION = 1
MAX_UNIT_POSITION = 50
MAX_LABEL_LENGTH = 300
MAX_TITLE_LENGTH = 60

_BLOCK_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")

DEFAULT_POLICY: dict[str, Any] = {
    "version": POLICY_VERSION,
    "certificate": {
        "units": "all",
        "threshold": 100,
        "unit_thresholds": {},
        "milestones": [],
    },
    "eligibility": {
        "requires_certificate": True,
        "submissions": [
            {
                "id": "topic_list",
                "block_type": "orglab_topic_list",
                "min_topics": 10,
                "unit": None,
                "label": _("A submitted topic list of at least 10 topics"),
            },
            {
                "id": "audience",
                "block_type": "orglab_audience",
                "min_topics": None,
                "unit": None,
                "label": _("A submitted audience-needs assessment"),
            },
            {
                "id": "unit6_worksheet",
                "block_type": "orglab_worksheet",
                "min_topics": None,
                "unit": 6,
                "label": _(
                    "The submitted Unit 6 worksheet (support team, call to action, communications and resources)"
                ),
            },
        ],
        "milestones": [],
    },
    "milestones": [
        {"id": "live_sessions", "label": _("Attended the live sessions")},
        {"id": "mentor_signoff", "label": _("Mentor sign-off on the project idea")},
    ],
    "excluded_block_types": ["html", "video", "discussion", "html_demo"],
}


class PolicyError(ValueError):
    """A policy document is not valid; `problems` lists every problem, each naming where it is."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# --------------------------------------------------------------------------------------------- validation


class _Checker:
    def __init__(self, gettext: Gettext):
        self.gettext = gettext
        self.problems: list[str] = []

    def add(self, template: str, **values: Any) -> None:
        self.problems.append(_t(self.gettext, template, **values))

    def obj(self, value: Any, path: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.add(_("{path} must be an object"), path=path)
        return None

    def known_keys(self, value: dict, allowed: Iterable[str], path: str) -> None:
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                if path:
                    self.add(_("{path}: unknown key {key!r}"), path=path, key=key)
                else:
                    self.add(_("unknown key {key!r}"), key=key)

    def required(self, value: dict, keys: Iterable[str], path: str) -> bool:
        ok = True
        for key in keys:
            if key not in value:
                self.add(_("{path}.{key} is required"), path=path, key=key)
                ok = False
        return ok


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_position(value: Any) -> bool:
    return _is_int(value) and 1 <= value <= MAX_UNIT_POSITION


def _is_percent(value: Any) -> bool:
    return _is_int(value) and 1 <= value <= 100


def _label(check: _Checker, value: Any, path: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        check.add(_("{path} is required (a non-empty text)"), path=path)
        return None
    value = value.strip()
    if len(value) > MAX_LABEL_LENGTH:
        check.add(_("{path} must be at most {max} characters"), path=path, max=MAX_LABEL_LENGTH)
        return None
    return value


def _ident(check: _Checker, value: Any, path: str) -> str | None:
    if isinstance(value, str) and _ID_RE.match(value):
        return value
    check.add(
        _("{path} must be lowercase letters, digits and underscores, starting with a letter, at most 50 characters"),
        path=path,
    )
    return None


def _optional_min_one(check: _Checker, value: Any, path: str) -> bool:
    if value is None or (_is_int(value) and value >= 1):
        return True
    check.add(_("{path} must be a whole number of at least 1, or null"), path=path)
    return False


def _check_milestone_defs(check: _Checker, raw: Any) -> list[dict]:
    path = "milestones"
    if not isinstance(raw, list):
        check.add(_("{path} must be a list"), path=path)
        return []
    result: list[dict] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        item_path = f"{path}[{index}]"
        item = check.obj(item, item_path)
        if item is None:
            continue
        check.known_keys(item, ("id", "label"), item_path)
        if not check.required(item, ("id", "label"), item_path):
            continue
        ident = _ident(check, item["id"], f"{item_path}.id")
        label = _label(check, item["label"], f"{item_path}.label")
        if ident is not None and ident in seen:
            check.add(_("{path}: the id {id!r} is used twice"), path=path, id=ident)
            continue
        if ident is not None:
            seen.add(ident)
        if ident is not None and label is not None:
            result.append({"id": ident, "label": label})
    return result


def _check_milestone_refs(check: _Checker, raw: Any, known: set[str], path: str) -> list[str]:
    if not isinstance(raw, list):
        check.add(_("{path} must be a list of milestone ids"), path=path)
        return []
    result: list[str] = []
    for item in raw:
        if not isinstance(item, str):
            check.add(_("{path} must be a list of milestone ids"), path=path)
        elif item not in known:
            check.add(_("{path}: {id!r} is not a milestone of this policy"), path=path, id=item)
        elif item in result:
            check.add(_("{path}: {id!r} is listed twice"), path=path, id=item)
        else:
            result.append(item)
    return result


def _check_certificate(check: _Checker, raw: Any, known_milestones: set[str]) -> dict:
    path = "certificate"
    defaults = DEFAULT_POLICY[path]
    raw = check.obj(raw, path)
    if raw is None:
        return copy.deepcopy(defaults)
    check.known_keys(raw, defaults, path)
    result: dict[str, Any] = {}

    units = raw.get("units", defaults["units"])
    if units == "all":
        result["units"] = "all"
    elif isinstance(units, list):
        result["units"] = []
        for index, position in enumerate(units):
            if not _is_position(position):
                check.add(
                    _("{path}[{index}]: unit positions must be whole numbers from 1 to {max}"),
                    path=f"{path}.units",
                    index=index,
                    max=MAX_UNIT_POSITION,
                )
            elif position in result["units"]:
                check.add(_("{path}: unit {position} is listed twice"), path=f"{path}.units", position=position)
            else:
                result["units"].append(position)
    else:
        check.add(_('{path} must be "all" or a list of unit positions'), path=f"{path}.units")
        result["units"] = []

    threshold = raw.get("threshold", defaults["threshold"])
    if not _is_percent(threshold):
        check.add(_("{path} must be a whole number from 1 to 100"), path=f"{path}.threshold")
    result["threshold"] = threshold

    result["unit_thresholds"] = {}
    unit_thresholds = raw.get("unit_thresholds", defaults["unit_thresholds"])
    ut_path = f"{path}.unit_thresholds"
    if check.obj(unit_thresholds, ut_path) is not None:
        for key, value in unit_thresholds.items():
            position = _position_key(key)
            if position is None:
                check.add(
                    _("{path}: {key!r}: unit positions must be whole numbers from 1 to {max}"),
                    path=ut_path,
                    key=key,
                    max=MAX_UNIT_POSITION,
                )
                continue
            if str(position) in result["unit_thresholds"]:
                check.add(_("{path}: unit {position} is listed twice"), path=ut_path, position=position)
                continue
            if not _is_percent(value):
                check.add(_("{path}[{key!r}] must be a whole number from 1 to 100"), path=ut_path, key=str(position))
                continue
            result["unit_thresholds"][str(position)] = value

    result["milestones"] = _check_milestone_refs(
        check, raw.get("milestones", defaults["milestones"]), known_milestones, f"{path}.milestones"
    )
    if units == [] and not result["milestones"]:
        check.add(_("{path} requires nothing: list at least one unit or milestone"), path=path)
    return result


def _position_key(key: Any) -> int | None:
    """A unit_thresholds key: str(position) as JSON has it; an int key is accepted and normalized."""
    if _is_position(key):
        return key
    if isinstance(key, str) and key.isdigit() and key == str(int(key)) and _is_position(int(key)):
        return int(key)
    return None


_SUBMISSION_KEYS = ("id", "block_type", "min_topics", "unit", "label")


def _check_submissions(check: _Checker, raw: Any, path: str) -> list[dict]:
    if not isinstance(raw, list):
        check.add(_("{path} must be a list"), path=path)
        return []
    result: list[dict] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        item_path = f"{path}[{index}]"
        item = check.obj(item, item_path)
        if item is None:
            continue
        check.known_keys(item, _SUBMISSION_KEYS, item_path)
        if not check.required(item, ("id", "block_type", "label"), item_path):
            continue
        ident = _ident(check, item["id"], f"{item_path}.id")
        if ident is not None:
            if ident in seen:
                check.add(_("{path}: the id {id!r} is used twice"), path=path, id=ident)
                ident = None
            else:
                seen.add(ident)
        block_type = item["block_type"]
        if not (isinstance(block_type, str) and _BLOCK_TYPE_RE.match(block_type)):
            check.add(
                _(
                    "{path} must be a block type name (lowercase letters, digits and underscores, at most 64 characters)"
                ),
                path=f"{item_path}.block_type",
            )
            block_type = None
        min_topics = item.get("min_topics")
        unit = item.get("unit")
        ok = _optional_min_one(check, min_topics, f"{item_path}.min_topics")
        ok = _optional_min_one(check, unit, f"{item_path}.unit") and ok
        label = _label(check, item["label"], f"{item_path}.label")
        if ok and None not in (ident, block_type, label):
            result.append(
                {"id": ident, "block_type": block_type, "min_topics": min_topics, "unit": unit, "label": label}
            )
    return result


def _check_eligibility(check: _Checker, raw: Any, known_milestones: set[str]) -> dict:
    path = "eligibility"
    defaults = DEFAULT_POLICY[path]
    raw = check.obj(raw, path)
    if raw is None:
        return copy.deepcopy(defaults)
    check.known_keys(raw, defaults, path)
    requires_certificate = raw.get("requires_certificate", defaults["requires_certificate"])
    if not isinstance(requires_certificate, bool):
        check.add(_("{path} must be true or false"), path=f"{path}.requires_certificate")
    submissions = raw.get("submissions", defaults["submissions"])
    result = {
        "requires_certificate": requires_certificate,
        "submissions": _check_submissions(check, submissions, f"{path}.submissions"),
        "milestones": _check_milestone_refs(
            check, raw.get("milestones", defaults["milestones"]), known_milestones, f"{path}.milestones"
        ),
    }
    if requires_certificate is False and submissions == [] and not result["milestones"]:
        check.add(_("{path} requires nothing: require the certificate, a submission or a milestone"), path=path)
    return result


def _check_excluded(check: _Checker, raw: Any) -> list[str]:
    path = "excluded_block_types"
    if not isinstance(raw, list):
        check.add(_("{path} must be a list of block type names"), path=path)
        return []
    result: list[str] = []
    for index, item in enumerate(raw):
        if not (isinstance(item, str) and _BLOCK_TYPE_RE.match(item)):
            check.add(_("{path}[{index}]: {value!r} is not a block type name"), path=path, index=index, value=item)
        elif item in result:
            check.add(_("{path}: {value!r} is listed twice"), path=path, value=item)
        else:
            result.append(item)
    return result


def validate_policy(raw: Any, gettext: Gettext = _identity) -> dict:
    """The policy document checked and normalized (missing optional keys filled from `DEFAULT_POLICY`).

    Raises `PolicyError` listing every problem. Never mutates `raw`; the result shares nothing with it.
    """
    check = _Checker(gettext)
    if not isinstance(raw, dict):
        raise PolicyError([_t(gettext, _("the policy must be an object"))])
    check.known_keys(raw, DEFAULT_POLICY, "")
    version = raw.get("version", POLICY_VERSION)
    if not _is_int(version) or version != POLICY_VERSION:
        check.add(_("version must be {version}"), version=POLICY_VERSION)
    milestones = _check_milestone_defs(check, raw.get("milestones", DEFAULT_POLICY["milestones"]))
    known = {m["id"] for m in milestones}
    policy = {
        "version": POLICY_VERSION,
        "certificate": _check_certificate(check, raw.get("certificate", DEFAULT_POLICY["certificate"]), known),
        "eligibility": _check_eligibility(check, raw.get("eligibility", DEFAULT_POLICY["eligibility"]), known),
        "milestones": milestones,
        "excluded_block_types": _check_excluded(
            check, raw.get("excluded_block_types", DEFAULT_POLICY["excluded_block_types"])
        ),
    }
    if check.problems:
        raise PolicyError(check.problems)
    return copy.deepcopy(policy)


def counts_toward_progress(block_type: str, policy: dict) -> bool:
    """Whether an activity of this block type counts toward its unit's progress under a (valid) policy."""
    return block_type not in policy.get("excluded_block_types", DEFAULT_POLICY["excluded_block_types"])


# --------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class UnitFact:
    """One unit (chapter) of the course outline and the learner's progress in it (counted activities only)."""

    position: int
    title: str
    completed: int
    total: int


@dataclass(frozen=True)
class SubmissionFact:
    """The learner's latest submission of one block; `topics` is a topic list's number of rows, else None."""

    block_type: str
    unit: int | None
    topics: int | None


@dataclass(frozen=True)
class Facts:
    units: tuple[UnitFact, ...] = ()
    milestones: frozenset[str] = frozenset()
    submissions: tuple[SubmissionFact, ...] = ()


# --------------------------------------------------------------------------------------------- decision


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    met: bool
    detail: str
    message: dict[str, Any] = field(default_factory=dict, compare=False)  # `detail` in no language


def _requirement(ident: str, label: str, met: bool, gettext: Gettext, template: str, /, **values: Any) -> Requirement:
    """A requirement whose detail is `template` with `values` (a `message`), shown through `gettext`."""
    detail = message(template, **values)
    return Requirement(ident, label, met, render(detail, gettext), detail)


@dataclass(frozen=True)
class Decision:
    certificate: bool
    certificate_requirements: tuple[Requirement, ...]
    eligible: bool
    eligibility_requirements: tuple[Requirement, ...]

    def unmet(self) -> list[str]:
        """The details of every unmet requirement, the certificate's first."""
        return [r.detail for r in (*self.certificate_requirements, *self.eligibility_requirements) if not r.met]

    def unmet_messages(self) -> list[dict[str, Any]]:
        """The same, in no language (`message`): what is stored, to be shown in each reader's."""
        return [r.message for r in (*self.certificate_requirements, *self.eligibility_requirements) if not r.met]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (for an API response)."""

        def reqs(items: tuple[Requirement, ...]) -> list[dict[str, Any]]:
            return [{"id": r.id, "label": r.label, "met": r.met, "detail": r.detail} for r in items]

        return {
            "certificate": self.certificate,
            "certificate_requirements": reqs(self.certificate_requirements),
            "eligible": self.eligible,
            "eligibility_requirements": reqs(self.eligibility_requirements),
        }


def _short(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > MAX_TITLE_LENGTH:
        return title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
    return title


def _unit_name(position: int, title: str) -> dict[str, Any]:
    title = _short(title or "")
    if title and title.split(" ")[-1] == str(position) and len(title.split()) <= 3:
        title = ""  # "Unit 3" adds nothing to "Unit 3"
    elif title and title.lower().startswith(f"unit {position} "):
        title = title[len(f"unit {position} "):].lstrip("·:-– ")  # "Unit 3 · Audience" → "Audience"
    if title:
        return message(_("Unit {position} ({title})"), position=position, title=title)
    return message(_("Unit {position}"), position=position)


def _unit_requirement(position: int, unit: UnitFact | None, threshold: int, gettext: Gettext) -> Requirement:
    ident = f"unit:{position}"
    if unit is None:
        name = render(_unit_name(position, ""), gettext)
        return _requirement(ident, name, False, gettext, _("Unit {position} is not in the course outline yet"),
                            position=position)
    name = _unit_name(position, unit.title)
    met = unit.total <= 0 or unit.completed * 100 >= threshold * unit.total
    if met:
        return _requirement(ident, render(name, gettext), met, gettext, _("{unit}: complete"), unit=name)
    done = max(0, min(unit.completed, unit.total))
    return _requirement(ident, render(name, gettext), met, gettext, _("{unit}: {done} of {total} activities complete"),
                        unit=name, done=done, total=unit.total)


def _milestone_requirements(
    ids: list[str], labels: dict[str, str], recorded: frozenset[str], gettext: Gettext
) -> list[Requirement]:
    result = []
    for ident in ids:
        met = ident in recorded
        template = _("{label}: recorded") if met else _("{label}: not recorded yet")
        result.append(_requirement(f"milestone:{ident}", gettext(labels[ident]), met, gettext, template,
                                   label=label_of(labels[ident])))
    return result


def _submission_requirement(spec: dict, submissions: tuple[SubmissionFact, ...], gettext: Gettext) -> Requirement:
    ident = f"submission:{spec['id']}"
    requirement = functools.partial(_requirement, ident, gettext(spec["label"]))
    matching = [
        s
        for s in submissions
        if s.block_type == spec["block_type"] and (spec["unit"] is None or s.unit == spec["unit"])
    ]
    min_topics = spec["min_topics"]
    if not matching:
        return requirement(False, gettext, _("{label}: not submitted yet"), label=label_of(spec["label"]))
    if min_topics is not None:
        best = max((s.topics or 0) for s in matching)
        if best < min_topics:
            return requirement(False, gettext, _("{label}: the latest has {topics}"), label=label_of(spec["label"]), topics=best)
    return requirement(True, gettext, _("{label}: submitted"), label=label_of(spec["label"]))


def evaluate(facts: Facts, policy: dict | None = None, gettext: Gettext = _identity, *,
             validated: bool = False) -> Decision:
    """Decide the certificate and grant-fund eligibility for one learner's facts under a policy.

    The policy is validated first (`PolicyError` if invalid; pass `validated=True` for a policy
    `validate_policy` already returned, as bulk callers do); `None` means `DEFAULT_POLICY`.
    Requirements come in policy order (units "all": by position).
    """
    if not validated or policy is None:
        policy = validate_policy(DEFAULT_POLICY if policy is None else policy, gettext)
    certificate_policy = policy["certificate"]
    labels = {m["id"]: m["label"] for m in policy["milestones"]}
    recorded = frozenset(facts.milestones)

    units: dict[int, UnitFact] = {}
    for unit in facts.units:
        units.setdefault(unit.position, unit)  # the first one wins should the caller repeat a position

    cert_reqs: list[Requirement] = []
    if certificate_policy["units"] == "all":
        positions = sorted(units)
        if not positions:
            cert_reqs.append(_requirement("units", gettext(_("The course's units")), False, gettext,
                                          _("The course outline has no units yet")))
    else:
        positions = list(certificate_policy["units"])
    for position in positions:
        threshold = certificate_policy["unit_thresholds"].get(str(position), certificate_policy["threshold"])
        cert_reqs.append(_unit_requirement(position, units.get(position), threshold, gettext))
    cert_reqs.extend(_milestone_requirements(certificate_policy["milestones"], labels, recorded, gettext))
    certificate = all(r.met for r in cert_reqs)

    eligibility_policy = policy["eligibility"]
    elig_reqs: list[Requirement] = []
    if eligibility_policy["requires_certificate"]:
        name = _("Certificate of completion")
        template = _("{label}: earned") if certificate else _("{label}: not earned yet")
        elig_reqs.append(_requirement("certificate", gettext(name), certificate, gettext, template, label=label_of(name)))
    submissions = tuple(facts.submissions)
    for spec in eligibility_policy["submissions"]:
        elig_reqs.append(_submission_requirement(spec, submissions, gettext))
    elig_reqs.extend(_milestone_requirements(eligibility_policy["milestones"], labels, recorded, gettext))

    return Decision(
        certificate=certificate,
        certificate_requirements=tuple(cert_reqs),
        eligible=all(r.met for r in elig_reqs),
        eligibility_requirements=tuple(elig_reqs),
    )
