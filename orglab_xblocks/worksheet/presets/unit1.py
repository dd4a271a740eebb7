"""Unit 1 preset: the knowledge-gap statement (the gap, its evidence, why it matters, the campaign's goals). See the package docstring for the shape."""
from __future__ import annotations

from ...i18n import _
from ...topic_list.vocab import KNOWLEDGE_GAPS

PRESET: dict = {
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
                    "proposal_section": "change",
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
                    # The Knowledge Gaps taxonomy, as the topic list knows it (one vocabulary).
                    "choices": [{"value": value, "label": label} for value, label in KNOWLEDGE_GAPS.items()],
                    "proposal_section": "thematic_area",
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
                    "proposal_section": "thematic_area",
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
                    "proposal_section": "change",
                },
                {
                    "id": "evidence_links",
                    "label": _("Links to the lists, queries or reports behind your evidence"),
                    "help": _("Optional. One link per item, for example a PetScan query or a Wikidata list page."),
                    "kind": "list",
                    "required": False,
                    "max_chars": 1000,
                    "max_items": 10,
                    "proposal_section": "change",
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
                    "proposal_section": "where",
                },
                {
                    "id": "gap_region",
                    "label": _("Which country, region or community does the gap concern most?"),
                    "help": _("For example “the Andean region of Peru” or “Yoruba-speaking communities in Nigeria”."),
                    "kind": "short_text",
                    "required": False,
                    "max_chars": 300,
                    "proposal_section": "where",
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
                    "proposal_section": "change",
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
                    "proposal_section": "community_notification",
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
                    "proposal_section": "change",
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
                    "proposal_section": "change",
                },
            ],
        },
    ],
}
