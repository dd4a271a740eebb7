"""The Open edX events of mentor review (OEP-41 event types of orglab's own, OEP-49 attrs data).

Defined as openedx-events defines the platform's (`openedx_events/learning/signals.py` and
`data.py`): a module-level `OpenEdxPublicSignal(event_type=..., data={name: attrs class})`, sent with
`send_event(name=data)`. See `signals` for why these are Open edX events.
"""
from __future__ import annotations

from datetime import datetime

import attr
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.tooling import OpenEdxPublicSignal


@attr.s(frozen=True)
class FeedbackGivenData:
    """Feedback a reviewer gave on one submitted version of a learner's work.

    `verdict` is one of comment, looks_good, please_revise, signed_off; `section` is "" for the
    whole version. `comment` is not carried: a receiver that needs it reads it through the API with
    `feedback_id`, under the reader's permissions.
    """

    feedback_id = attr.ib(type=int)
    course_key = attr.ib(type=CourseKey)
    block_key = attr.ib(type=UsageKey)
    block_type = attr.ib(type=str)
    version = attr.ib(type=int)
    learner_id = attr.ib(type=int)
    learner_username = attr.ib(type=str)
    reviewer_username = attr.ib(type=str)
    section = attr.ib(type=str)
    verdict = attr.ib(type=str)
    created = attr.ib(type=datetime)


@attr.s(frozen=True)
class RevisionSubmittedData:
    """A learner submitted `version` of a block after "please revise" on `revised_version`; their
    mentors (`mentor_usernames`, possibly empty) are to look again."""

    course_key = attr.ib(type=CourseKey)
    block_key = attr.ib(type=UsageKey)
    block_type = attr.ib(type=str)
    version = attr.ib(type=int)
    revised_version = attr.ib(type=int)
    learner_id = attr.ib(type=int)
    learner_username = attr.ib(type=str)
    mentor_usernames = attr.ib(type=tuple, converter=tuple)
    created = attr.ib(type=datetime)


# .. event_type: org.wikimedia.orglab.mentoring.feedback.given.v1
# .. event_name: FEEDBACK_GIVEN
# .. event_description: a mentor or course staff gave feedback on (or signed off) a learner's submitted version
# .. event_data: FeedbackGivenData
FEEDBACK_GIVEN = OpenEdxPublicSignal(
    event_type="org.wikimedia.orglab.mentoring.feedback.given.v1",
    data={"feedback": FeedbackGivenData},
)

# .. event_type: org.wikimedia.orglab.mentoring.revision.submitted.v1
# .. event_name: REVISION_SUBMITTED
# .. event_description: a learner submitted a new version after a "please revise" verdict
# .. event_data: RevisionSubmittedData
REVISION_SUBMITTED = OpenEdxPublicSignal(
    event_type="org.wikimedia.orglab.mentoring.revision.submitted.v1",
    data={"revision": RevisionSubmittedData},
)
