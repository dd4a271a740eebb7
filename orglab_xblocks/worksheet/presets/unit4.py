"""Unit 4 preset: design your training. See the package docstring for the shape."""
from __future__ import annotations

from ...i18n import _

PRESET: dict = {
    "title": _("Unit 4 · Design your training"),
    "instructions": _(
        "Plan the training that will prepare your audience to contribute. Start from what participants "
        "need to be able to do, then choose the format, sessions and materials that fit their time, "
        "internet connection and languages.\n\n"
        "Your answers become the curriculum and evaluation plan of your grant proposal, which reviewers "
        "often ask for. You can write in any language."
    ),
    "sections": [
        {
            "id": "objectives",
            "title": _("Audience and learning objectives"),
            "intro": _("Who will you train, and what will they be able to do afterwards?"),
            "fields": [
                {
                    "id": "training_audience",
                    "label": _("Who is this training for?"),
                    "help": _(
                        "For example “biology students at a local university, most of whom have never "
                        "edited” or “librarians from public libraries in the region”."
                    ),
                    "kind": "short_text",
                    "required": True,
                    "max_chars": 300,
                    "proposal_section": "participants",
                },
                {
                    "id": "audience_confidence",
                    "label": _("How confident are most participants at contributing to Wikimedia projects?"),
                    "kind": "single_choice",
                    "required": True,
                    "choices": [
                        {"value": "never_contributed", "label": _("They have never contributed")},
                        {"value": "not_confident", "label": _("They have contributed a little but are not confident")},
                        {"value": "confident_with_support", "label": _("They are fairly confident with some support")},
                        {"value": "confident_alone", "label": _("They are confident contributing without support")},
                        {"value": "mixed_levels", "label": _("A mix of these levels")},
                    ],
                    "proposal_section": "participants",
                },
                {
                    "id": "learning_objectives",
                    "label": _("What will participants be able to do after the training?"),
                    "help": _(
                        "Write each objective as an action you could observe, for example “add a reference "
                        "from a reliable source”, “upload a photo to Wikimedia Commons with the right "
                        "license” or “create a Wikidata item for a local scientist”."
                    ),
                    "kind": "list",
                    "required": True,
                    "max_chars": 300,
                    "min_items": 2,
                    "max_items": 8,
                    "proposal_section": "activities",
                },
            ],
        },
        {
            "id": "format",
            "title": _("Format and curriculum"),
            "intro": _("Choose a format your audience can really attend, then outline the sessions."),
            "fields": [
                {
                    "id": "training_format",
                    "label": _("What format will the training take?"),
                    "kind": "single_choice",
                    "required": True,
                    "choices": [
                        {"value": "in_person", "label": _("In person")},
                        {"value": "live_online", "label": _("Live online sessions")},
                        {"value": "self_paced", "label": _("Self-paced online learning")},
                        {"value": "mentoring", "label": _("One-to-one or small-group mentoring")},
                        {"value": "mixed", "label": _("A mix of formats")},
                    ],
                    "proposal_section": "activities",
                },
                {
                    "id": "session_count",
                    "label": _("How many sessions will the training have?"),
                    "help": _("Count every live, in-person or mentoring session, including follow-up sessions."),
                    "kind": "number",
                    "required": True,
                    "min_value": 1,
                    "max_value": 50,
                    "proposal_section": "activities",
                },
                {
                    "id": "curriculum_outline",
                    "label": _("Outline your curriculum: one item per session, with its topic and length."),
                    "help": _(
                        "For example: “Session 1 (2 hours): why climate knowledge on Wikipedia matters, "
                        "creating an account, the Universal Code of Conduct.” Include practice time: people "
                        "learn to edit by editing."
                    ),
                    "kind": "list",
                    "required": True,
                    "max_chars": 500,
                    "min_items": 1,
                    "max_items": 20,
                    "proposal_section": "activities",
                },
                {
                    "id": "first_session_date",
                    "label": _("When do you plan to hold the first session?"),
                    "help": _("Optional. An approximate date is fine."),
                    "kind": "date",
                    "required": False,
                    "proposal_section": "activities",
                },
            ],
        },
        {
            "id": "materials_access",
            "title": _("Materials, languages and accessibility"),
            "intro": _(
                "Plan for participants with slow or expensive internet, different languages and "
                "different needs, so that everyone can take part."
            ),
            "fields": [
                {
                    "id": "training_languages",
                    "label": _("In which language(s) will you run the training?"),
                    "kind": "short_text",
                    "required": True,
                    "max_chars": 200,
                    "proposal_section": "participants",
                },
                {
                    "id": "training_materials",
                    "label": _("Which materials will you use or create?"),
                    "help": _(
                        "For example WikiLearn courses, the training modules of the Programs & Events "
                        "Dashboard, slides, handouts, video tutorials or a one-page guide. Say if you "
                        "need to translate or adapt them."
                    ),
                    "kind": "list",
                    "required": False,
                    "max_chars": 300,
                    "max_items": 15,
                    "proposal_section": "activities",
                },
                {
                    "id": "accessibility_provisions",
                    "label": _("Which accessibility and low-bandwidth provisions will you offer?"),
                    "kind": "multiple_choice",
                    "required": False,
                    "choices": [
                        {"value": "recordings", "label": _("Recordings of live sessions")},
                        {"value": "offline_materials", "label": _("Materials that can be downloaded and used offline")},
                        {"value": "low_bandwidth", "label": _("Low-bandwidth options (audio only, phone, messaging apps)")},
                        {"value": "data_stipends", "label": _("Internet data or transport stipends")},
                        {"value": "devices", "label": _("Computers or devices to borrow")},
                        {"value": "interpretation", "label": _("Interpretation or translation")},
                        {"value": "captions", "label": _("Captions or transcripts")},
                        {"value": "accessible_venue", "label": _("An accessible venue")},
                        {"value": "flexible_times", "label": _("Times that suit participants’ work and care duties")},
                    ],
                    "proposal_section": "participants",
                },
                {
                    "id": "accessibility_notes",
                    "label": _("What else will help everyone take part?"),
                    "help": _("Optional. For example childcare, meals, sessions repeated at two different times."),
                    "kind": "long_text",
                    "required": False,
                    "max_chars": 2000,
                    "proposal_section": "participants",
                },
            ],
        },
        {
            "id": "safety_evaluation",
            "title": _("Safe space and evaluation"),
            "intro": _("Make the training welcoming and safe, and plan how you will learn whether it worked."),
            "fields": [
                {
                    "id": "safe_space",
                    "label": _("How will you make the training a safe and welcoming space?"),
                    "help": _(
                        "Mention the Universal Code of Conduct or friendly space policy you will share, "
                        "who participants can contact if something goes wrong, and how you will respond to "
                        "harassment online and in person. Think about the needs of women and of "
                        "gender-diverse participants."
                    ),
                    "kind": "long_text",
                    "required": True,
                    "max_chars": 2500,
                    "min_words": 20,
                    "proposal_section": "risks",
                },
                {
                    "id": "evaluation_methods",
                    "label": _("How will you evaluate the training?"),
                    "kind": "multiple_choice",
                    "required": True,
                    "min_items": 1,
                    "choices": [
                        {"value": "pre_post_survey", "label": _("A survey before and after the training")},
                        {"value": "session_feedback", "label": _("A short feedback form after each session")},
                        {"value": "practical_task", "label": _("A practical task participants complete")},
                        {"value": "dashboard_data", "label": _("Contribution data from the Programs & Events Dashboard")},
                        {"value": "attendance", "label": _("Attendance and completion records")},
                        {"value": "follow_up_interviews", "label": _("Follow-up conversations or interviews")},
                    ],
                    "proposal_section": "metrics",
                },
                {
                    "id": "evaluation_plan",
                    "label": _("How will you know the training worked, and what will you do with what you learn?"),
                    "help": _(
                        "Link your evaluation to your learning objectives: for example, what share of "
                        "participants should be able to add a reference on their own by the end?"
                    ),
                    "kind": "long_text",
                    "required": True,
                    "max_chars": 2500,
                    "min_words": 25,
                    "proposal_section": "metrics",
                },
            ],
        },
    ],
}
