"""Presets of the campaign-design worksheet: ready-made forms for units 1, 4, 5 and 6 of the Organizer Lab.

Each preset is a worksheet configuration (sections of fields, in the shape `schema.validate_config`
accepts; a setting left out takes its default) plus a title and instructions. Together the answers make up the key parts of a grant proposal
(Rapid Fund sections: goals, activities, audience, participation, team, partners, communications,
resources, metrics, risks, budget), which is why every field names the `proposal_section` it feeds.

Strings are marked with `_()` so that Django's makemessages extracts them; they are translated when a
preset is applied, with the caller's gettext (see `localized_preset`). Ids and choice values are stable
English identifiers and are never translated: answers are stored under them.
"""
from __future__ import annotations

import copy
from collections.abc import Callable

from ..i18n import _
from . import schema

PRESETS: dict[str, dict] = {
    # ------------------------------------------------------------------ Unit 1
    "unit1": {
        "title": _("Unit 1 · Your knowledge-gap statement"),
        "instructions": _(
            "Describe the knowledge gap your campaign will help close, the evidence that it exists, "
            "and why closing it matters to your community. Your answers become the “change you want to "
            "bring” and “main challenges” of your grant proposal.\n\n"
            "Be concrete: name the wiki(s) and language(s), and back your statement with numbers, lists "
            "of missing articles or reports from tools. You can write in any language."
        ),
        "sections": [
            {
                "id": "gap",
                "title": _("The gap"),
                "intro": _(
                    "A knowledge gap is missing or poorly covered knowledge: about some people, places, "
                    "topics or languages, or in some formats. Start with the gap you care about most."
                ),
                "fields": [
                    {
                        "id": "gap_statement",
                        "label": _("In a few sentences, what knowledge gap will your campaign help close?"),
                        "help": _(
                            "Say what or who is missing or poorly covered, on which wiki, and what readers "
                            "cannot find today. For example: “Spanish Wikipedia has few articles about women "
                            "scientists working on climate in Central America, and most existing ones are "
                            "short and have no references.”"
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 3000,
                        "min_words": 40,
                        "proposal_section": "goals",
                    },
                    {
                        "id": "gap_dimensions",
                        "label": _("Which dimensions of the Knowledge Gaps does it concern?"),
                        "help": _(
                            "Choose every dimension that applies. These come from the Wikimedia Knowledge "
                            "Gaps taxonomy; the Organizer Lab focuses on climate and sustainability (Topics "
                            "for Impact) and on gender."
                        ),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "choices": [
                            {"value": "gender", "label": _("Gender")},
                            {"value": "topics_for_impact", "label": _("Topics for Impact (climate change and sustainability)")},
                            {"value": "geography", "label": _("Geography")},
                            {"value": "language", "label": _("Language")},
                            {"value": "age", "label": _("Age")},
                            {"value": "socio_economic", "label": _("Socio-economic status")},
                            {"value": "cultural_background", "label": _("Cultural background")},
                            {"value": "sexual_orientation", "label": _("Sexual orientation")},
                            {"value": "readability", "label": _("Readability")},
                            {"value": "structured_data", "label": _("Structured data (Wikidata)")},
                            {"value": "multimedia", "label": _("Multimedia (images, audio, video)")},
                        ],
                        "proposal_section": "goals",
                    },
                    {
                        "id": "gap_topic_areas",
                        "label": _("Which topic areas does the gap fall in?"),
                        "help": _("Optional. Choose up to five; they help others find campaigns like yours."),
                        "kind": "multiple_choice",
                        "required": False,
                        "max_items": 5,
                        "choices": [
                            {"value": "earth_environment", "label": _("Earth and environment")},
                            {"value": "biology", "label": _("Biology")},
                            {"value": "medicine_health", "label": _("Medicine and health")},
                            {"value": "engineering_technology", "label": _("Engineering and technology")},
                            {"value": "biography", "label": _("Biographies")},
                            {"value": "women", "label": _("Women")},
                            {"value": "history", "label": _("History")},
                            {"value": "society", "label": _("Society")},
                            {"value": "politics", "label": _("Politics")},
                            {"value": "education", "label": _("Education")},
                            {"value": "business_economics", "label": _("Business and economics")},
                            {"value": "food_drink", "label": _("Food and drink")},
                            {"value": "culture_arts", "label": _("Culture and the arts")},
                            {"value": "geography_places", "label": _("Geography and places")},
                            {"value": "other_topic", "label": _("Another topic area")},
                        ],
                        "proposal_section": "other",
                    },
                ],
            },
            {
                "id": "evidence",
                "title": _("Evidence and scope"),
                "intro": _(
                    "Reviewers of grant proposals look for a needs assessment: show that the gap is real "
                    "and say where your campaign will work."
                ),
                "fields": [
                    {
                        "id": "gap_evidence",
                        "label": _("What evidence shows that this gap exists?"),
                        "help": _(
                            "Give numbers and where they come from: for example the number of missing articles "
                            "(a Women in Red redlist, a PetScan query, a Listeria list from Wikidata), how many "
                            "existing articles are stubs, a comparison with other languages, page views, "
                            "studies or discussions in your community."
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 4000,
                        "min_words": 30,
                        "proposal_section": "goals",
                    },
                    {
                        "id": "evidence_links",
                        "label": _("Links to the lists, queries or reports behind your evidence"),
                        "help": _("Optional. One link per item, for example a PetScan query or a Wikidata list page."),
                        "kind": "list",
                        "required": False,
                        "max_chars": 1000,
                        "max_items": 10,
                        "proposal_section": "goals",
                    },
                    {
                        "id": "target_wikis",
                        "label": _("Which wiki(s) and language(s) will the campaign work on?"),
                        "help": _(
                            "One per item, for example “Spanish Wikipedia”, “Wikimedia Commons”, “Wikidata” "
                            "or “Dagbani Wikipedia”."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 200,
                        "min_items": 1,
                        "max_items": 10,
                        "proposal_section": "activities",
                    },
                    {
                        "id": "gap_region",
                        "label": _("Which country, region or community does the gap concern most?"),
                        "help": _("For example “the Andean region of Peru” or “Yoruba-speaking communities in Nigeria”."),
                        "kind": "short_text",
                        "required": False,
                        "max_chars": 300,
                        "proposal_section": "other",
                    },
                ],
            },
            {
                "id": "why_it_matters",
                "title": _("Why it matters"),
                "intro": _("Explain why this gap is worth a campaign, for readers and for your community."),
                "fields": [
                    {
                        "id": "why_matters",
                        "label": _("Why does closing this gap matter to your community and to readers?"),
                        "help": _(
                            "Think about who is affected, what people look for and cannot find, and how the "
                            "gap relates to local needs: for example adapting to climate change, making women’s "
                            "work visible, or giving speakers of a language knowledge in their own language."
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 3000,
                        "min_words": 40,
                        "proposal_section": "goals",
                    },
                    {
                        "id": "community_discussion",
                        "label": _("Have you discussed this gap with your local community or affiliate? What did they say?"),
                        "help": _(
                            "Grant reviewers often turn down proposals with too little community discussion. "
                            "Mention where you talked about it (a village pump, a user group meeting, a chat "
                            "group) and what you learned. If you have not yet, say how you will."
                        ),
                        "kind": "long_text",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "participation",
                    },
                ],
            },
            {
                "id": "campaign_goals",
                "title": _("Campaign goals"),
                "intro": _("What should be different when the campaign ends?"),
                "fields": [
                    {
                        "id": "goal_types",
                        "label": _("Which goals will your campaign pursue?"),
                        "help": _("Choose up to three; focusing on a few goals makes a campaign easier to run and to evaluate."),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "max_items": 3,
                        "choices": [
                            {"value": "fill_content_gaps", "label": _("Fill content gaps")},
                            {"value": "onboard_newcomers", "label": _("Bring in new contributors")},
                            {"value": "retain_users", "label": _("Keep existing contributors active")},
                            {"value": "partner_goals", "label": _("Meet partner or funder goals")},
                            {"value": "expand_local_capacity", "label": _("Expand local capacity (new organizers, trainers and skills)")},
                        ],
                        "proposal_section": "goals",
                    },
                    {
                        "id": "goal_description",
                        "label": _("Describe what will have changed by the end of the campaign."),
                        "help": _(
                            "Be specific and, where you can, measurable. For example: “80 new or improved "
                            "articles about climate adaptation on Swahili Wikipedia, 25 new editors, 10 of whom "
                            "still edit three months later.”"
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 2500,
                        "min_words": 25,
                        "proposal_section": "goals",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Unit 4
    "unit4": {
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
                        "proposal_section": "audience",
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
                        "proposal_section": "audience",
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
                        "proposal_section": "audience",
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
                        "proposal_section": "resources",
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
                        "proposal_section": "participation",
                    },
                    {
                        "id": "accessibility_notes",
                        "label": _("What else will help everyone take part?"),
                        "help": _("Optional. For example childcare, meals, sessions repeated at two different times."),
                        "kind": "long_text",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "participation",
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
    },
    # ------------------------------------------------------------------ Unit 5
    "unit5": {
        "title": _("Unit 5 · How people will contribute"),
        "instructions": _(
            "Map how people will contribute during your campaign, from a first small edit to more advanced "
            "work, how you will keep track of contributions, and how you will keep people involved "
            "afterwards.\n\n"
            "A strong campaign includes both existing and new community members: plan tasks for newcomers and "
            "for experienced editors. You can write in any language."
        ),
        "sections": [
            {
                "id": "tasks",
                "title": _("Tasks for every level"),
                "intro": _("Newcomers need simple tasks they can finish in their first hour; experienced editors need a challenge."),
                "fields": [
                    {
                        "id": "newcomer_tasks",
                        "label": _("What simple tasks can newcomers do?"),
                        "help": _(
                            "One task per item, for example: add a photo from Wikimedia Commons to an article, "
                            "add a reference, add a description to a Wikidata item, translate a short section, "
                            "fix spelling."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 2,
                        "max_items": 10,
                        "proposal_section": "participation",
                    },
                    {
                        "id": "experienced_tasks",
                        "label": _("What tasks will experienced editors take on?"),
                        "help": _(
                            "For example: write new articles from the topic list, review and improve "
                            "newcomers’ edits, mentor a small group, build Wikidata lists, judge a contest."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 1,
                        "max_items": 10,
                        "proposal_section": "participation",
                    },
                    {
                        "id": "event_types",
                        "label": _("What kinds of events or activities will the campaign include?"),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "choices": [
                            {"value": "editing_event", "label": _("Editing event (edit-a-thon)")},
                            {"value": "media_upload", "label": _("Media upload event")},
                            {"value": "backlog_drive", "label": _("Backlog drive")},
                            {"value": "contest", "label": _("Contest")},
                            {"value": "workshop", "label": _("Workshop")},
                            {"value": "training_seminar", "label": _("Training or seminar")},
                            {"value": "meetup", "label": _("Meetup")},
                            {"value": "hackathon", "label": _("Hackathon")},
                            {"value": "conference", "label": _("Conference")},
                            {"value": "other_event", "label": _("Another kind of activity")},
                        ],
                        "proposal_section": "activities",
                    },
                ],
            },
            {
                "id": "projects_tools",
                "title": _("Projects and tools"),
                "intro": _("Where will contributions go, and which tools will help participants and organizers?"),
                "fields": [
                    {
                        "id": "wikimedia_projects",
                        "label": _("Which Wikimedia projects will participants contribute to?"),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "choices": [
                            {"value": "wikipedia", "label": _("Wikipedia")},
                            {"value": "commons", "label": _("Wikimedia Commons")},
                            {"value": "wikidata", "label": _("Wikidata")},
                            {"value": "wiktionary", "label": _("Wiktionary")},
                            {"value": "wikisource", "label": _("Wikisource")},
                            {"value": "wikivoyage", "label": _("Wikivoyage")},
                            {"value": "wikibooks", "label": _("Wikibooks")},
                            {"value": "wikiquote", "label": _("Wikiquote")},
                            {"value": "wikiversity", "label": _("Wikiversity")},
                            {"value": "wikispecies", "label": _("Wikispecies")},
                            {"value": "other_project", "label": _("Another Wikimedia project")},
                        ],
                        "proposal_section": "activities",
                    },
                    {
                        "id": "campaign_tools",
                        "label": _("Which tools will you use?"),
                        "help": _("Choose the tools you plan to use for registration, topic lists, tracking and judging."),
                        "kind": "multiple_choice",
                        "required": False,
                        "choices": [
                            {"value": "dashboard", "label": _("Programs & Events Dashboard")},
                            {"value": "event_registration", "label": _("Event registration on the wiki (CampaignEvents)")},
                            {"value": "worklists", "label": _("Worklists of articles to work on")},
                            {"value": "petscan", "label": _("PetScan")},
                            {"value": "listeria", "label": _("Listeria lists from Wikidata")},
                            {"value": "content_translation", "label": _("Content Translation")},
                            {"value": "upload_wizard", "label": _("Upload Wizard")},
                            {"value": "hashtags", "label": _("Hashtags in edit summaries")},
                            {"value": "judging_tools", "label": _("Contest judging tools (Fountain, Montage, CampWiz)")},
                            {"value": "other_tool", "label": _("Another tool")},
                        ],
                        "proposal_section": "activities",
                    },
                    {
                        "id": "topic_list_url",
                        "label": _("Link to the topic list or worklist participants will work from"),
                        "help": _("Optional. For example a page on your wiki, a Listeria list or a saved PetScan query."),
                        "kind": "url",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "activities",
                    },
                ],
            },
            {
                "id": "tracking",
                "title": _("Tracking contributions"),
                "intro": _("Decide now how you will count participants and their contributions, so you can report them later."),
                "fields": [
                    {
                        "id": "tracking_method",
                        "label": _("How will you track who took part and what they contributed?"),
                        "help": _(
                            "For example an event on the Programs & Events Dashboard, a registration page on "
                            "your wiki, or a hashtag in edit summaries. Say how you define an “editor” and a "
                            "“new editor”: reviewers ask for it."
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 2500,
                        "min_words": 20,
                        "proposal_section": "metrics",
                    },
                    {
                        "id": "event_page_url",
                        "label": _("Link to your event or campaign page, if you already have one"),
                        "kind": "url",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "communications",
                    },
                ],
            },
            {
                "id": "retention",
                "title": _("Follow-up and retention"),
                "intro": _("A campaign is a door into the movement: plan what happens after it ends."),
                "fields": [
                    {
                        "id": "follow_up_activities",
                        "label": _("What will you do to keep participants involved after the campaign?"),
                        "help": _(
                            "One activity per item, for example monthly online meetups, a WhatsApp or Telegram "
                            "group, mentoring pairs, recognition (certificates, barnstars), or inviting active "
                            "participants to help organize the next event."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 1,
                        "max_items": 10,
                        "proposal_section": "participation",
                    },
                    {
                        "id": "retention_check",
                        "label": _("When will you check whether participants are still contributing?"),
                        "kind": "single_choice",
                        "required": True,
                        "choices": [
                            {"value": "one_month", "label": _("One month after the campaign")},
                            {"value": "three_months", "label": _("Three months after the campaign")},
                            {"value": "six_months", "label": _("Six months after the campaign")},
                            {"value": "one_year", "label": _("One year after the campaign")},
                            {"value": "not_decided", "label": _("I have not decided yet")},
                        ],
                        "proposal_section": "metrics",
                    },
                    {
                        "id": "retention_definition",
                        "label": _("What will count as a “retained” contributor, and how will you measure it?"),
                        "help": _("For example: “made at least one edit in the third month after the event, checked with the Dashboard”."),
                        "kind": "long_text",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "metrics",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Unit 6
    "unit6": {
        "title": _("Unit 6 · Team, communications and resources"),
        "instructions": _(
            "Bring your plan together: who will run the campaign with you, how you will invite the community "
            "and the wider movement to join, what resources you need, and how you will measure success.\n\n"
            "Your answers cover the team, partners, community notification, risks, budget and metrics of a "
            "grant proposal. Rapid Fund grants range from 500 to 5,000 USD for projects of 1 to 12 months, "
            "and proposals can be written in any language."
        ),
        "sections": [
            {
                "id": "team",
                "title": _("Support team and partners"),
                "intro": _("Nobody should organize a campaign alone. Share the work and grow new organizers."),
                "fields": [
                    {
                        "id": "team_roles",
                        "label": _("Who is on the organizing team, and what is each person’s role?"),
                        "help": _(
                            "One person per item: name or username, role (for example lead organizer, "
                            "trainer, communications, evaluation) and relevant experience. Including someone "
                            "new to organizing helps expand local capacity."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 1,
                        "max_items": 15,
                        "proposal_section": "team",
                    },
                    {
                        "id": "partners",
                        "label": _("Which partners will you work with, and what will each contribute?"),
                        "help": _(
                            "One partner per item, for example a university department, a library, an "
                            "environmental or women’s organization, or a Wikimedia affiliate or user group."
                        ),
                        "kind": "list",
                        "required": False,
                        "max_chars": 400,
                        "max_items": 10,
                        "proposal_section": "partners",
                    },
                    {
                        "id": "expertise_gaps",
                        "label": _("Do you and your team have enough expertise on the topic and on Wikimedia editing? If not, how will you fill the gap?"),
                        "help": _("For example by inviting a subject expert from a partner, or an experienced editor as a mentor."),
                        "kind": "long_text",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "team",
                    },
                ],
            },
            {
                "id": "call_to_action",
                "title": _("Call to action and communications"),
                "intro": _(
                    "Connect your campaign to the movement and tell people about it: on the wiki first, "
                    "then through the channels your audience uses."
                ),
                "fields": [
                    {
                        "id": "movement_campaign",
                        "label": _("Is your campaign part of an international or regional movement campaign?"),
                        "help": _("Being part of a shared campaign connects you with other organizers and gives your call to action more reach."),
                        "kind": "single_choice",
                        "required": True,
                        "choices": [
                            {"value": "wikiforhumanrights", "label": _("#WikiForHumanRights")},
                            {"value": "wiki_loves_earth", "label": _("Wiki Loves Earth")},
                            {"value": "art_feminism", "label": _("Art+Feminism")},
                            {"value": "women_in_red", "label": _("Women in Red")},
                            {"value": "wpwp", "label": _("Wikipedia Pages Wanting Photos (WPWP)")},
                            {"value": "one_lib_one_ref", "label": _("#1Lib1Ref")},
                            {"value": "other_campaign", "label": _("Another international or regional campaign")},
                            {"value": "standalone", "label": _("No, it is a standalone campaign")},
                        ],
                        "proposal_section": "communications",
                    },
                    {
                        "id": "call_to_action_text",
                        "label": _("Write your call to action: one or two sentences inviting people to join."),
                        "help": _(
                            "Say who you are inviting, what they will do and why it matters, briefly enough "
                            "to share in a social media post or a message to a mailing list."
                        ),
                        "kind": "long_text",
                        "required": True,
                        "max_chars": 1000,
                        "min_words": 15,
                        "proposal_section": "communications",
                    },
                    {
                        "id": "community_notification_url",
                        "label": _("Link to where you notified the on-wiki community about your campaign"),
                        "help": _(
                            "For example the village pump of your wiki, a WikiProject talk page or your "
                            "affiliate’s page. Grant proposals ask for this link."
                        ),
                        "kind": "url",
                        "required": False,
                        "max_chars": 2000,
                        "proposal_section": "communications",
                    },
                    {
                        "id": "communication_channels",
                        "label": _("Which channels will you use to reach participants and supporters?"),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "choices": [
                            {"value": "village_pump", "label": _("Village pump or community noticeboard")},
                            {"value": "wiki_banner", "label": _("Banner or watchlist notice on the wiki")},
                            {"value": "mailing_lists", "label": _("Mailing lists")},
                            {"value": "social_media", "label": _("Social media")},
                            {"value": "messaging_apps", "label": _("Messaging apps (WhatsApp, Telegram, Signal)")},
                            {"value": "diff_blog", "label": _("The Diff blog")},
                            {"value": "partner_channels", "label": _("Partners’ channels")},
                            {"value": "local_media", "label": _("Local press, radio or TV")},
                            {"value": "posters", "label": _("Posters and flyers")},
                        ],
                        "proposal_section": "communications",
                    },
                    {
                        "id": "communications_calendar",
                        "label": _("Your communications calendar: the key moments, each with a date"),
                        "help": _(
                            "One moment per item, for example “1 March: announcement on the village pump”, "
                            "“15 March: registration opens”, “22 April: Earth Day reminder”, “after the event: "
                            "results post on Diff”."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 2,
                        "max_items": 20,
                        "proposal_section": "communications",
                    },
                ],
            },
            {
                "id": "resources",
                "title": _("Resources, budget and risks"),
                "intro": _("List what you need, what it costs, and what could go wrong."),
                "fields": [
                    {
                        "id": "support_needed",
                        "label": _("What support do you need from the Wikimedia movement?"),
                        "kind": "multiple_choice",
                        "required": True,
                        "min_items": 1,
                        "choices": [
                            {"value": "grant", "label": _("A grant (for example the Rapid Fund)")},
                            {"value": "mentoring", "label": _("Mentoring from an experienced organizer")},
                            {"value": "affiliate_support", "label": _("Support from a Wikimedia affiliate or user group")},
                            {"value": "training_materials", "label": _("Training materials or translations of them")},
                            {"value": "technical_support", "label": _("Technical support with tools")},
                            {"value": "communications_support", "label": _("Help with communications and outreach")},
                            {"value": "in_kind", "label": _("In-kind support (venue, equipment, internet access)")},
                        ],
                        "proposal_section": "resources",
                    },
                    {
                        "id": "budget_total_usd",
                        "label": _("What is your total budget, in US dollars?"),
                        "help": _("Grant proposals show the budget in local currency and in USD. Rapid Fund grants range from 500 to 5,000 USD."),
                        "kind": "number",
                        "required": True,
                        "min_value": 0,
                        "proposal_section": "budget",
                    },
                    {
                        "id": "budget_outline",
                        "label": _("Outline your budget: one item per line, with its cost in local currency and in USD."),
                        "help": _(
                            "For example “Internet data for 30 participants × 2 months: 90,000 COP (23 USD)”. "
                            "Every cost should match an activity: reviewers turn down budgets that are not "
                            "linked to the activities."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 1,
                        "max_items": 30,
                        "proposal_section": "budget",
                    },
                    {
                        "id": "risks_mitigations",
                        "label": _("What risks could affect the campaign, and how will you reduce each one?"),
                        "help": _(
                            "One risk per item, with its mitigation, for example “Power or internet cuts → "
                            "offline materials and recorded sessions” or “New articles deleted → review drafts "
                            "with experienced editors first”."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 400,
                        "min_items": 1,
                        "max_items": 10,
                        "proposal_section": "risks",
                    },
                ],
            },
            {
                "id": "timeline_metrics",
                "title": _("Dates and metrics"),
                "intro": _(
                    "Set realistic targets. You will report on them at the end, for example with the data "
                    "exported from the Programs & Events Dashboard."
                ),
                "fields": [
                    {
                        "id": "campaign_start",
                        "label": _("When will the campaign start?"),
                        "kind": "date",
                        "required": True,
                        "proposal_section": "activities",
                    },
                    {
                        "id": "campaign_end",
                        "label": _("When will the campaign end?"),
                        "kind": "date",
                        "required": True,
                        "proposal_section": "activities",
                    },
                    {
                        "id": "target_participants",
                        "label": _("How many people do you expect to take part?"),
                        "help": _("Everyone who attends an event or training, whether or not they edit."),
                        "kind": "number",
                        "required": True,
                        "min_value": 1,
                        "max_value": 100000,
                        "proposal_section": "metrics",
                    },
                    {
                        "id": "target_editors",
                        "label": _("How many editors do you expect to contribute, new editors included?"),
                        "help": _("Use the definition of “editor” you gave in Unit 5, for example “made at least one edit during the campaign”."),
                        "kind": "number",
                        "required": True,
                        "min_value": 0,
                        "max_value": 100000,
                        "proposal_section": "metrics",
                    },
                    {
                        "id": "content_targets",
                        "label": _("What content contributions do you expect on each Wikimedia project?"),
                        "help": _(
                            "One project per item, for example “Spanish Wikipedia: 60 articles created, 120 "
                            "improved” or “Wikimedia Commons: 300 photos uploaded”. You can add your own "
                            "metrics too, saying which tool will measure them."
                        ),
                        "kind": "list",
                        "required": True,
                        "max_chars": 300,
                        "min_items": 1,
                        "max_items": 10,
                        "proposal_section": "metrics",
                    },
                ],
            },
        ],
    },
}

PRESET_ORDER = ("unit1", "unit4", "unit5", "unit6")


def preset_choices(gettext: Callable[[str], str]) -> list[tuple[str, str]]:
    """(id, translated title) of every preset, in course order."""
    return [(preset_id, gettext(PRESETS[preset_id]["title"])) for preset_id in PRESET_ORDER]


def _translate(text: str, gettext: Callable[[str], str]) -> str:
    # gettext("") returns the catalog's header, so an empty string stays empty.
    return gettext(text) if text else text


def localized_preset(preset_id: str, gettext: Callable[[str], str]) -> dict:
    """A deep copy of the preset with every translatable string (title, instructions, section title/intro,
    field label/help, choice label) passed through `gettext`. Raises KeyError for an unknown preset id."""
    preset = copy.deepcopy(PRESETS[preset_id])
    for key in ("title", "instructions"):
        preset[key] = _translate(preset[key], gettext)
    for section in preset["sections"]:
        for key in ("title", "intro"):
            section[key] = _translate(section.get(key, ""), gettext)
        for field in section["fields"]:
            for key in ("label", "help"):
                field[key] = _translate(field.get(key, ""), gettext)
            for choice in field.get("choices", []):
                choice["label"] = _translate(choice["label"], gettext)
    # Every setting a preset leaves out gets its default, as for any authored worksheet.
    preset["sections"] = schema.validate_config({"sections": preset["sections"]}, gettext)["sections"]
    return preset
