"""Signals of orglab_plugin that other code can listen to.

- `certificate_awarded(award)`: a learner's certificate was awarded (or reinstated by staff).
- `certificate_revoked(award)`: staff revoked a certificate.
- `eligibility_changed(eligibility, previous)`: a learner's grant-fund eligibility changed
  (`previous` is the old status, "" for the first decision).

Mentor review sends two Open edX events of its own (see `mentoring_events`):

- `FEEDBACK_GIVEN` (`org.wikimedia.orglab.mentoring.feedback.given.v1`, data `feedback`): a mentor
  or course staff gave feedback on a submitted version (a sign-off included);
- `REVISION_SUBMITTED` (`org.wikimedia.orglab.mentoring.revision.submitted.v1`, data `revision`): a
  learner submitted a new version after "please revise" on an earlier one.

Why openedx-events' `OpenEdxPublicSignal` for these and plain Django signals above: the award
signals carry model instances to receivers inside this process and predate the events. The mentoring
events are meant for other services too (a notifications app, the event bus): `OpenEdxPublicSignal`
checks the data's types when sending, adds OEP-41 metadata (`metadata`: id, time, source), is sent
robustly (a failing receiver is logged, never fails the feedback), and is what the event bus can
carry; its attrs data classes hold plain values (keys, usernames, numbers), never models.
Receivers connect as to any Django signal: `FEEDBACK_GIVEN.connect(receiver)`, called with
`feedback=FeedbackGivenData(...)` and `metadata=EventsMetadata(...)`.
"""
from django.dispatch import Signal

from .mentoring_events import FEEDBACK_GIVEN, REVISION_SUBMITTED  # noqa: F401  (re-exported)

certificate_awarded = Signal()
certificate_revoked = Signal()
eligibility_changed = Signal()
# The Open edX events' names, as the issue calls them.
feedback_given = FEEDBACK_GIVEN
revision_submitted = REVISION_SUBMITTED
