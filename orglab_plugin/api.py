"""The public Python API of orglab_plugin: the only way other packages touch its tables.

A doorway and only that: every name here is re-exported from the module that is its one home, and
no module inside the plugin imports this one (the import-linter contracts in `.importlinter` say
so). Values cross this boundary as plain data (`SubmissionData`), never as model instances.

Where each rule lives:

- `inputs`, `markup`: the front door for input and the escaping of learners' text (pure Python);
- `submissions`: record, latest, history, a course's submissions, retirement;
- `roles`: who is course staff, who may read whose work;
- `cohort`: the course's learners (the enrolled ones) read set-based and streamed, enrolment;
- `progress`: unit progress from completions, and the one `percent` rule;
- `status`: a learner's standing (progress, certificate, eligibility) and the staff override;
- `certificates.state`: a certificate as the API shows it;
- `outline`: the course's units and which unit a block is in;
- `milestones`: the milestones the policy defines, and their CSV import;
- `report_store`: the platform's report store;
- `roles`, `mentoring`, `feedback`, `mentoring_events`: mentors and their learners, feedback on
  submitted versions (unread markers), the proposal's sign-off, the mentor's queue, their events;
- `rest_api.door`, `csp`: the REST front door and the CSP of orglab's own pages.

Importing this module needs neither the plugin's models nor its app in INSTALLED_APPS: the blocks
import it, and they run in any XBlock runtime (the stock xblock-sdk workbench too). Names whose
home needs the models are loaded on first use (`__getattr__`); where the plugin is not installed,
they and the submission functions raise `PluginNotInstalled` (a block answers it with a clear
message).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The front door for input (pure Python): every block handler and REST endpoint parses through it.
from .inputs import (  # noqa: F401  (re-exported)
    MAX_JSON_DEPTH,
    InputError,
    bad_text_field,
    parse_int,
    read_json,
)
from .installed import PluginNotInstalled

# The one escaping of learners' text for wikitext and Markdown exports (pure Python, see `markup`).
from .markup import (  # noqa: F401  (re-exported)
    escape_markdown,
    escape_wikitext,
    markdown_paragraphs,
    wikitext_comment,
    wikitext_link,
    wikitext_paragraphs,
)

# Submissions: importable without the models (they are loaded on first use).
from .submissions import (
    MAX_PAYLOAD_BYTES,
    SubmissionData,
    SubmissionError,
    course_submissions,
    latest_submission,
    latest_submissions,
    record_submission,
    retire_user,
    submission_history,
)

# {name: (its home, relative to this package; whether that home needs the plugin's models)},
# loaded on first use by `__getattr__`.
_LAZY: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(("CourseAPIView", "FormBodyParser", "JSONBodyParser", "JSONErrorsMixin", "OrgLabAPIView",
                     "PayloadTooLarge"),
                    (".rest_api.door", False)),
    "content_security_policy": (".csp", False),  # the CSP of orglab's own pages (a view decorator)
    **dict.fromkeys(("SORTS", "STATUS_FILTERS", "Learner", "LearnerRow", "cohort_summary", "count_enrolled",
                     "count_latest_submissions", "enroll", "enroll_many", "is_enrolled",
                     "latest_course_submissions", "learner_page", "learner_row", "learner_rows"),
                    (".cohort", True)),
    "Submission": (".models", True),
    "percent": (".progress", True),  # the one percentage rule (one decimal; an empty total is 100.0)
    "is_course_staff": (".roles", True),
    **dict.fromkeys(("learner_status", "set_eligibility_override"), (".status", True)),
    "certificate_state": (".certificates.state", False),
    "render_document_pdf": (".certificates.pdf", True),  # a text document with the certificate's PDF fonts
    **dict.fromkeys(("course_units", "block_units"), (".outline", True)),
    **dict.fromkeys(("known_milestones", "import_milestones_csv"), (".milestones", True)),
    **dict.fromkeys(("save_to_report_store", "report_store_url"), (".report_store", False)),
    # Mentor review: who mentors whom (roles, mentoring), feedback, sign-off and the queue (feedback).
    **dict.fromkeys(("is_mentor", "is_mentor_of", "can_review", "can_read_learner_work"), (".roles", True)),
    **dict.fromkeys(("Assignment", "MentoringError", "assign_mentor", "unassign_mentor", "import_assignments_csv",
                     "mentor_assignments", "mentors_of", "learners_of", "grant_mentor_role", "revoke_mentor_role"),
                    (".mentoring", True)),
    **dict.fromkeys(("FeedbackData", "FeedbackError", "MentorQueue", "QueueItem", "QueueLearner", "VersionFeedback",
                     "course_feedback", "feedback_for", "learner_feedback", "mark_feedback_read", "give_feedback",
                     "sign_off", "mentor_queue"), (".feedback", True)),
    **dict.fromkeys(("FEEDBACK_GIVEN", "REVISION_SUBMITTED", "FeedbackGivenData", "RevisionSubmittedData"),
                    (".mentoring_events", False)),
}


def __getattr__(name: str):
    """Names loaded on first use, so that importing this module needs neither Django REST framework
    nor the plugin's models (see `_LAZY`)."""
    try:
        module_name, needs_models = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    if needs_models:
        from .installed import models

        models()  # a clear PluginNotInstalled rather than Django's RuntimeError about app_label
    value = getattr(importlib.import_module(module_name, __package__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .certificates.pdf import render_document_pdf
    from .certificates.state import certificate_state
    from .cohort import (
        SORTS,
        STATUS_FILTERS,
        Learner,
        LearnerRow,
        cohort_summary,
        count_enrolled,
        count_latest_submissions,
        enroll,
        enroll_many,
        is_enrolled,
        latest_course_submissions,
        learner_page,
        learner_row,
        learner_rows,
    )
    from .feedback import (
        FeedbackData,
        FeedbackError,
        MentorQueue,
        QueueItem,
        QueueLearner,
        VersionFeedback,
        course_feedback,
        feedback_for,
        give_feedback,
        learner_feedback,
        mark_feedback_read,
        mentor_queue,
        sign_off,
    )
    from .mentoring import (
        Assignment,
        MentoringError,
        assign_mentor,
        grant_mentor_role,
        import_assignments_csv,
        learners_of,
        mentor_assignments,
        mentors_of,
        revoke_mentor_role,
        unassign_mentor,
    )
    from .mentoring_events import FEEDBACK_GIVEN, REVISION_SUBMITTED, FeedbackGivenData, RevisionSubmittedData
    from .milestones import import_milestones_csv, known_milestones
    from .outline import block_units, course_units
    from .progress import percent
    from .report_store import report_store_url, save_to_report_store
    from .roles import can_read_learner_work, can_review, is_course_staff, is_mentor, is_mentor_of
    from .status import learner_status, set_eligibility_override

__all__ = [
    "MAX_PAYLOAD_BYTES", "PluginNotInstalled", "SORTS", "STATUS_FILTERS", "Learner", "LearnerRow", "SubmissionData",
    "SubmissionError", "block_units", "certificate_state", "cohort_summary", "count_enrolled",
    "count_latest_submissions", "course_submissions", "course_units", "enroll", "enroll_many",
    "import_milestones_csv", "is_course_staff", "is_enrolled", "known_milestones", "latest_course_submissions",
    "latest_submission", "latest_submissions", "learner_page", "learner_row", "learner_rows", "learner_status",
    "percent", "record_submission", "render_document_pdf", "report_store_url", "retire_user", "save_to_report_store",
    "set_eligibility_override", "submission_history",
    # mentor review
    "Assignment", "FEEDBACK_GIVEN", "FeedbackData", "FeedbackError", "FeedbackGivenData", "MentorQueue",
    "MentoringError", "QueueItem", "QueueLearner", "REVISION_SUBMITTED", "RevisionSubmittedData", "VersionFeedback",
    "assign_mentor", "can_read_learner_work", "can_review", "course_feedback", "feedback_for", "give_feedback", "grant_mentor_role",
    "import_assignments_csv", "is_mentor", "is_mentor_of", "learner_feedback", "learners_of", "mark_feedback_read",
    "mentor_assignments", "mentor_queue", "mentors_of", "revoke_mentor_role", "sign_off", "unassign_mentor",
]
