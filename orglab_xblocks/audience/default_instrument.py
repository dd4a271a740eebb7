"""The default audience-needs instrument of the `orglab_audience` block.

Unit 3 of the Organizer Lab asks organizers to assess the needs of their campaign's audience, one
segment at a time; the needs that come out on top feed Unit 4 (designing the right training). The
needs and questions below suit campaigns on climate, sustainability and gender knowledge gaps, many
of them in the Global South. The profile questions reuse the vocabularies of the Wikimedia event
registration form (CampaignEvents).

`DEFAULT_INSTRUMENT` is written in exactly the shape `instrument.validate_instrument` returns (every
key present, zero weights left out), so validating it gives it back unchanged. Standard library only;
every user-facing string is marked with `_()` for extraction and translated when shown.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..i18n import _, shipped_languages, translator


def _question(qid: str, label: str, kind: str, group: str, *, help: str = "", required: bool = False,
              weights: dict[str, float] | None = None, choices: list[dict[str, Any]] | None = None,
              scale_low: str = "", scale_high: str = "", min_value: float | None = None,
              max_value: float | None = None) -> dict[str, Any]:
    return {
        "id": qid, "label": label, "help": help, "kind": kind, "group": group, "required": required,
        "weights": dict(weights or {}), "choices": list(choices or []), "scale_low": scale_low,
        "scale_high": scale_high, "min_value": min_value, "max_value": max_value,
    }


def _choice(value: str, label: str, weights: dict[str, float] | None = None) -> dict[str, Any]:
    return {"value": value, "label": label, "weights": dict(weights or {})}


def _barrier(qid: str, label: str, help: str, weights: dict[str, float]) -> dict[str, Any]:
    return _question(qid, label, "scale", "barrier", help=help, required=True, weights=weights,
                     scale_low=_("Not a barrier"), scale_high=_("A major barrier"))


NEEDS: list[dict[str, str]] = [
    {
        "id": "basic_editing",
        "label": _("Basic editing skills"),
        "recommendation": _(
            "Start with a hands-on session in which everyone makes a first small edit, such as adding a "
            "sentence with a reference to an existing article on a climate or gender topic. Teach the "
            "visual editor, citations and talk pages before asking anyone to create an article, and give "
            "newcomers a short worklist of simple tasks (adding references, images or links) they can "
            "finish in one sitting."),
    },
    {
        "id": "offline_materials",
        "label": _("Offline and low-bandwidth materials"),
        "recommendation": _(
            "Share the training as downloadable PDFs, slides and short compressed videos that work on a "
            "phone and can be passed on by USB stick or messaging apps. Let participants draft their "
            "articles offline, in a text editor or on paper, and publish them during a connected session. "
            "Do not make live video calls the only way to learn."),
    },
    {
        "id": "safe_space",
        "label": _("Safe space and code of conduct"),
        "recommendation": _(
            "Present the Universal Code of Conduct and your event's friendly space policy at the start, "
            "and name a contact person participants can turn to with concerns. Consider women-only or "
            "small-group sessions, and show how to protect their privacy (for example, by editing under "
            "a pseudonym) and how to report harassment. Plan how you will support participants whose "
            "edits are reverted or challenged."),
    },
    {
        "id": "mentoring",
        "label": _("Mentoring and follow-up"),
        "recommendation": _(
            "Pair each newcomer with an experienced editor who reviews their first edits and checks in "
            "after the event. Hold regular follow-up meetings or office hours in the weeks after the "
            "training, and keep a group chat open for questions. Track who is still editing after one and "
            "three months, and reach out to those who stopped."),
    },
    {
        "id": "translation_support",
        "label": _("Translation and language support"),
        "recommendation": _(
            "Give the training and materials in the language participants are most comfortable with, and "
            "check which language edition of Wikipedia they will edit. Introduce the Content Translation "
            "tool for bringing articles over from other languages, and warn that machine translation must "
            "be reviewed. Recruit bilingual volunteers to help during sessions and prepare a short "
            "glossary of Wikimedia and topic terms in the local language."),
    },
    {
        "id": "topic_sourcing",
        "label": _("Help finding reliable sources on the topic"),
        "recommendation": _(
            "Before the event, prepare a list of reliable sources on the campaign topic: reports of "
            "scientific bodies and international agencies, academic journals, reputable local media and "
            "open-access repositories. Teach how to judge whether a source is reliable and how to cite "
            "it. Partner with librarians or researchers who can point participants to local and regional "
            "sources, which are often missing for topics from the Global South."),
    },
    {
        "id": "flexible_schedule",
        "label": _("Flexible timing and self-paced options"),
        "recommendation": _(
            "Ask participants about their work, study and care responsibilities before you fix dates, "
            "then offer sessions at different times and record them so people can catch up. Break the "
            "training into short modules participants can complete at their own pace, with deadlines "
            "spread over several weeks."),
    },
    {
        "id": "devices_connectivity",
        "label": _("Devices and connectivity support"),
        "recommendation": _(
            "Hold sessions where computers and reliable internet are available, such as libraries, "
            "universities or community centers, or lend laptops during the event. Budget for mobile data "
            "stipends and travel reimbursements, and include them in your grant proposal. Make sure every "
            "activity can also be done from a mobile phone."),
    },
]


QUESTIONS: list[dict[str, Any]] = [
    _question(
        "experience", _("How confident is this group about contributing to Wikimedia projects?"),
        "single_choice", "profile", required=True,
        help=_("These are the four levels of the Wikimedia event registration form. Choose the one that "
               "describes most people in the group."),
        choices=[
            _choice("never_contributed", _("I have never contributed"),
                    {"basic_editing": 3, "mentoring": 2}),
            _choice("some_not_confident", _("I have some experience, but I am not confident yet"),
                    {"basic_editing": 2, "mentoring": 2}),
            _choice("some_confident", _("I have some experience and I am fairly confident"),
                    {"basic_editing": 1, "mentoring": 1}),
            _choice("confident", _("I am confident contributing without support")),
        ]),
    _question(
        "professions", _("What do people in this group do?"), "multiple_choice", "profile",
        help=_("Choose every profession that is common in the group. These are the professions of the "
               "Wikimedia event registration form."),
        choices=[
            _choice("artist", _("Artist or creative")),
            _choice("educator", _("Educator")),
            _choice("librarian", _("Librarian"), {"topic_sourcing": -2}),
            _choice("mass_media", _("Mass media"), {"topic_sourcing": -1}),
            _choice("museum_archive", _("Museum or archive"), {"topic_sourcing": -1}),
            _choice("nonprofit", _("Non-profit")),
            _choice("researcher", _("Researcher"), {"topic_sourcing": -2}),
            _choice("software_engineer", _("Software engineer"), {"basic_editing": -1}),
            _choice("student", _("Student"), {"mentoring": 1}),
            _choice("other_profession", _("Other")),
        ]),
    _barrier(
        "barrier_connectivity", _("How much does internet connectivity hold this group back?"),
        _("Internet that is slow, unreliable or missing where they would edit."),
        {"offline_materials": 3, "devices_connectivity": 2}),
    _barrier(
        "barrier_devices", _("How much does access to devices hold this group back?"),
        _("For example, only a shared phone and no computer, or no device of their own."),
        {"devices_connectivity": 3, "offline_materials": 1}),
    _barrier(
        "barrier_time", _("How much does lack of time hold this group back?"),
        _("Work, study, care responsibilities or long journeys that leave little time for the campaign."),
        {"flexible_schedule": 3}),
    _barrier(
        "barrier_cost", _("How much does the cost of taking part (mobile data, travel) hold this group back?"),
        _("Data bundles, transport to a venue, or time away from paid work."),
        {"devices_connectivity": 2, "flexible_schedule": 1}),
    _barrier(
        "barrier_language", _("How much does the language of the materials hold this group back?"),
        _("Training materials, help pages and sources may be in a language they read less well than "
          "their own."),
        {"translation_support": 3}),
    _barrier(
        "barrier_digital_literacy", _("How much does digital literacy hold this group back?"),
        _("Comfort with computers, web browsers, online accounts and passwords, and typing."),
        {"basic_editing": 2, "mentoring": 1}),
    _barrier(
        "barrier_safety", _("How much do safety and harassment concerns hold this group back?"),
        _("Fear of online harassment, of being identified, or of hostile reactions to their edits, on "
          "or off the wiki."),
        {"safe_space": 3}),
    _barrier(
        "barrier_gender", _("How much do gender-related barriers hold this group back?"),
        _("For example, less free time because of care work, less access to devices, family "
          "restrictions, or feeling unwelcome in a community where most editors are men."),
        {"safe_space": 2, "mentoring": 1, "flexible_schedule": 1}),
    _question(
        "motivations", _("What would motivate this group to take part?"), "multiple_choice", "motivation",
        help=_("Choose every motivation you expect in the group."),
        choices=[
            _choice("community_gaps", _("Fill knowledge gaps about their own community")),
            _choice("climate_action", _("Climate and environmental action"), {"topic_sourcing": 1}),
            _choice("gender_equity", _("Gender equity"), {"safe_space": 1}),
            _choice("digital_skills", _("Learn digital skills"), {"basic_editing": 1, "mentoring": 1}),
            _choice("professional_development", _("Professional development"), {"flexible_schedule": 1}),
            _choice("belonging", _("Belong to a community"), {"mentoring": 1}),
            _choice("recognition", _("Recognition for their work")),
            _choice("other_motivation", _("Other")),
        ]),
    _question(
        "preferred_format", _("Which training format would suit this group best?"), "single_choice",
        "format", required=True,
        choices=[
            _choice("in_person", _("In person")),
            _choice("live_online", _("Live online sessions"), {"devices_connectivity": 1}),
            _choice("self_paced", _("Self-paced online"), {"offline_materials": 1, "flexible_schedule": 2}),
            _choice("mentoring", _("One-to-one or small-group mentoring"), {"mentoring": 2}),
            _choice("mixed", _("A mix of formats")),
        ]),
    _question(
        "topic_expertise", _("How much does this group already know about the campaign topic?"), "scale",
        "expertise", required=True,
        help=_("Knowledge of the topic itself (for example, climate science, sustainability or gender "
               "studies), not of editing."),
        weights={"topic_sourcing": -3},
        scale_low=_("No knowledge of the topic"), scale_high=_("Experts on the topic")),
    _question(
        "sessions_available", _("How many hours a month could this group give to the campaign?"), "number",
        "profile",
        help=_("A rough estimate for a typical member of the group. Leave it empty if you do not know."),
        weights={"flexible_schedule": -1}, min_value=0, max_value=200),
    _question(
        "notes", _("Anything else about this group's needs?"), "long_text", "other",
        help=_("For example, accessibility needs, childcare, local partners who could help, or their past "
               "experiences with Wikimedia events.")),
]


DEFAULT_INSTRUMENT: dict[str, Any] = {"needs": NEEDS, "questions": QUESTIONS}


def _texts(instrument: dict[str, Any]) -> set[str]:
    texts = set()
    for need in instrument["needs"]:
        texts.update({need["label"], need["recommendation"]})
    for question in instrument["questions"]:
        texts.update(question[key] for key in ("label", "help", "scale_low", "scale_high"))
        texts.update(choice["label"] for choice in question["choices"])
    return {text for text in texts if text}


DEFAULT_TEXTS: frozenset[str] = frozenset(_texts(DEFAULT_INSTRUMENT))


@lru_cache(maxsize=1)
def _english_of() -> dict[str, str]:
    """Each shipped translation of a default-instrument text → its English."""
    found = {}
    for language in shipped_languages():
        gettext = translator(language)
        found.update({gettext(text): text for text in DEFAULT_TEXTS if gettext(text) != text})
    return found


def default_text(text: Any, gettext: Callable[[str], str]) -> Any:
    """A text of the default instrument in the viewer's language, whichever language it was stored in
    (a profile submitted in English shows in Spanish to a Spanish reader, and the other way round);
    any other text (an author's own) as it is."""
    if not isinstance(text, str) or not text:
        return text
    if text in DEFAULT_TEXTS:
        return gettext(text)
    english = _english_of().get(text)
    return gettext(english) if english is not None else text
