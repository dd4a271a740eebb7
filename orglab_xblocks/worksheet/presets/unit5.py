"""Unit 5 preset: how people will contribute. See the package docstring for the shape."""
from __future__ import annotations

from ...i18n import _

PRESET: dict = {
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
                    "proposal_section": "participants",
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
                    "proposal_section": "participants",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "follow_up",
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
                    "proposal_section": "follow_up",
                },
                {
                    "id": "retention_definition",
                    "label": _("What will count as a “retained” contributor, and how will you measure it?"),
                    "help": _("For example: “made at least one edit in the third month after the event, checked with the Dashboard”."),
                    "kind": "long_text",
                    "required": False,
                    "max_chars": 2000,
                    "proposal_section": "follow_up",
                },
            ],
        },
    ],
}
