"""Unit 6 preset: team, communications and resources. See the package docstring for the shape."""
from __future__ import annotations

from ...i18n import _

PRESET: dict = {
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
                    "proposal_section": "campaign",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "budget",
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
                    "proposal_section": "dates",
                },
                {
                    "id": "campaign_end",
                    "label": _("When will the campaign end?"),
                    "kind": "date",
                    "required": True,
                    "proposal_section": "dates",
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
}
