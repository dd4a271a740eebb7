"""Work the demo cohort has already done, made through the blocks' own handlers (so drafts,
submissions, completions, progress and awards are exactly what a learner's clicks make)."""
from __future__ import annotations

import copy
import json
from typing import Any

import webob

from orglab_xblocks.audience.default_instrument import DEFAULT_INSTRUMENT
from orglab_xblocks.worksheet import schema

from .runtime import DevsiteRuntime, course_key

TOPICS = ["Cambio climático", "Efecto invernadero", "Energía solar", "Deforestación", "Justicia climática",
          "Wangari Maathai", "Berta Cáceres", "Agricultura sostenible", "Glaciar", "Manglar", "Sequía",
          "Economía circular"]


def valid_value(field: dict[str, Any]) -> Any:
    """An answer that satisfies one worksheet field."""
    kind = field["kind"]
    if kind == "long_text":
        words = max(field["min_words"] or 0, 5)
        return " ".join(["impacto"] * words)[: field["max_chars"]]
    if kind == "short_text":
        return "Wikipedia en español"[: field["max_chars"]]
    if kind == "url":
        return "https://meta.wikimedia.org/wiki/Campaigns/Organizer_Lab"
    if kind == "date":
        return "2026-12-01"
    if kind == "number":
        low = field["min_value"] if field["min_value"] is not None else 1
        return low if field["max_value"] is None or low <= field["max_value"] else field["max_value"]
    if kind == "single_choice":
        return field["choices"][0]["value"]
    if kind == "multiple_choice":
        return [choice["value"] for choice in field["choices"][: max(field["min_items"] or 1, 1)]]
    if kind == "list":
        return [f"Artículo {n}" for n in range(1, max(field["min_items"] or 1, 1) + 1)]
    raise ValueError(kind)


def valid_answers(config: dict[str, Any]) -> dict[str, Any]:
    return {field["id"]: valid_value(field) for field in schema.iter_fields(config)}


def audience_segment(name: str) -> dict[str, Any]:
    answers = {}
    for question in DEFAULT_INSTRUMENT["questions"]:
        if question["kind"] == "scale":
            answers[question["id"]] = 3
        elif question["kind"] == "single_choice":
            answers[question["id"]] = question["choices"][0]["value"]
    return {"id": "s1", "name": name, "description": "", "size": 30, "languages": "es", "location": "",
            "contributors": "new", "answers": answers}


def _call(block, handler: str, data: dict[str, Any]) -> dict[str, Any]:
    request = webob.Request.blank("/", method="POST", body=json.dumps(data).encode())
    response = block.runtime.handle(block, handler, request)
    if response.status_code != 200:
        raise RuntimeError(f"{block.scope_ids.usage_id} {handler}: {response.body[:300]!r}")
    return json.loads(response.body)


def _block(user, block_type: str, url_name: str):
    return DevsiteRuntime(user).get_block(course_key().make_usage_key(block_type, url_name))


def submit_activity(user, activity: str, *, topics: int = 12, seq: int = 1) -> None:
    """Submit one activity of the demo course as `user` would (`seq`: the tab's count of its saves;
    a later submit from the same tab counts on)."""
    base = {"revision": 0, "client": "demo-seed", "seq": seq}
    if activity.endswith("_worksheet"):
        block = _block(user, "orglab_worksheet", activity)
        _call(block, "submit", {**base, "revision": block.draft_revision, "answers": valid_answers(block.config())})
    elif activity == "unit2_topic_list":
        block = _block(user, "orglab_topic_list", activity)
        rows = [{"id": f"r{n}", "title": title, "wiki": "eswiki", "gap": "topics_for_impact", "priority": "high"}
                for n, title in enumerate(TOPICS[:topics])]
        _call(block, "submit", {**base, "revision": block.draft_revision,
                                "ops": [{"op": "put", "row": row} for row in rows]})
    elif activity == "unit6_proposal":
        block = _block(user, "orglab_proposal", activity)
        _call(block, "submit", {**base, "revision": block.draft_revision, "own": PROPOSAL_OWN})
    elif activity == "unit3_audience":
        block = _block(user, "orglab_audience", activity)
        _call(block, "submit", {**base, "revision": block.draft_revision,
                                "segments": [audience_segment("Docentes rurales")]})
    else:
        raise ValueError(activity)


# The demo course's activities, in course order.
ACTIVITIES = ["unit1_worksheet", "unit2_topic_list", "unit2_worksheet", "unit3_audience", "unit3_worksheet",
              "unit4_worksheet", "unit5_worksheet", "unit6_worksheet", "unit6_proposal"]

# What a demo learner adds in the proposal block itself (its own fields: title, dates, budget).
PROPOSAL_OWN = {
    "title": "Mujeres científicas del clima en Wikipedia en español",
    "start_date": "2027-03-01", "end_date": "2027-06-30",
    "budget": [{"item": "Conectividad para 30 participantes", "amount": 1200, "currency": "PEN", "usd": 320},
               {"item": "Refrigerios para tres talleres", "amount": 900, "currency": "PEN", "usd": 240}],
}

# Learners at every stage (new accounts only: seeding never touches existing work).
STAGES = {
    "learner41": ("Units 1 and 2 done", ACTIVITIES[:3], 12),
    "learner42": ("Units 1 to 4 done", ACTIVITIES[:6], 12),
    "learner43": ("Everything but Unit 6 (its worksheet and the proposal)", ACTIVITIES[:7], 12),
    "learner44": ("Everything: certificate and eligible", ACTIVITIES, 12),
}

# The demo learners whose proposal their mentor has signed off (the course's `mentor_signoff` milestone).
SIGNED_OFF = {"learner44": "mentor1"}


def sign_off_proposal(learner, mentor) -> None:
    """`mentor` signs off `learner`'s latest submitted grant proposal (Unit 6), as on the review page."""
    from orglab_plugin import api

    key = course_key().make_usage_key("orglab_proposal", "unit6_proposal")
    latest = api.latest_submission(user=learner, block_key=key)
    api.sign_off(course_key=course_key(), reviewer=mentor, learner=learner, block_key=key, version=latest.version,
                 comment="Propuesta lista para el fondo.")


def demo_policy() -> dict[str, Any]:
    """The demo course's certificate and grant-fund policy: the default one, and the grant fund also asks
    for the mentor's sign-off on the learner's proposal (as the Lab's mentors give it)."""
    from orglab_plugin.policy import DEFAULT_POLICY

    document = copy.deepcopy(DEFAULT_POLICY)
    document["eligibility"]["milestones"] = ["mentor_signoff"]
    return document


# The demo mentors and the learners assigned to them (mentor review: /orglab/courses/<course>/review/).
MENTORS = {
    "mentor1": [f"learner{number}" for number in range(41, 46)],
    "mentor2": [f"learner{number}" for number in range(46, 51)],
}
