"""The topic list's vocabularies: which knowledge gap, topic, task, priority and status a row has.

Every vocabulary is an ordered dict of stable value → English label. Values are stored in rows and
exports and are never translated; labels are marked with `_()` so that Django's makemessages extracts
them, and are translated when shown, with the caller's gettext (see `labels`). To extend a vocabulary,
add a value and its label here; keep the values that are already stored.

- KNOWLEDGE_GAPS: the dimensions of Wikimedia's Knowledge Gaps taxonomy (Meta, Research:Knowledge_Gaps_Index),
  shared with the Unit 1 worksheet preset; GAP_DIMENSIONS: its content gaps, plus `other`, for a topic.
- TOPIC_AREAS: the labels of Wikimedia's article-topic model (ORES/Lift Wing `articletopic`, the
  `articletopic:` search keyword of CirrusSearch, CampaignEvents' event topics), spelled exactly as the
  model spells them, plus `other`. A trailing `*` marks a group's general label (`STEM.STEM*`).
"""
from __future__ import annotations

from collections.abc import Callable

from ..i18n import _

# Every dimension of the Knowledge Gaps taxonomy: the content gaps Wikimedia measures, then
# readability, structured data and multimedia. The Unit 1 worksheet asks which ones a campaign's gap
# concerns (in this order: the Organizer Lab's focus, gender and Topics for Impact, first).
KNOWLEDGE_GAPS: dict[str, str] = {
    "gender": _("Gender"),
    "topics_for_impact": _("Topics for Impact (climate change and sustainability)"),
    "geography": _("Geography"),
    "language": _("Language"),
    "age": _("Age"),
    "socio_economic": _("Socio-economic status"),
    "cultural_background": _("Cultural background"),
    "sexual_orientation": _("Sexual orientation"),
    "readability": _("Readability"),
    "structured_data": _("Structured data (Wikidata)"),
    "multimedia": _("Multimedia (images, audio, video)"),
}
# The content gaps, which a topic in a topic list is tagged with (in the topic list's order).
CONTENT_GAPS = ("gender", "geography", "topics_for_impact", "language", "age", "socio_economic",
                "cultural_background", "sexual_orientation")
GAP_DIMENSIONS: dict[str, str] = {
    **{value: KNOWLEDGE_GAPS[value] for value in CONTENT_GAPS},
    "other": _("Other gap"),
}

# The 64 labels of the article-topic model, in the model's (ASCII) order, then `other`.
TOPIC_AREAS: dict[str, str] = {
    # Culture
    "Culture.Biography.Biography*": _("Biography"),
    "Culture.Biography.Women": _("Biography: women"),
    "Culture.Food_and_drink": _("Food and drink"),
    "Culture.Internet_culture": _("Internet culture"),
    "Culture.Linguistics": _("Linguistics"),
    "Culture.Literature": _("Literature"),
    "Culture.Media.Books": _("Media: books"),
    "Culture.Media.Entertainment": _("Media: entertainment"),
    "Culture.Media.Films": _("Media: films"),
    "Culture.Media.Media*": _("Media"),
    "Culture.Media.Music": _("Media: music"),
    "Culture.Media.Radio": _("Media: radio"),
    "Culture.Media.Software": _("Media: software"),
    "Culture.Media.Television": _("Media: television"),
    "Culture.Media.Video_games": _("Media: video games"),
    "Culture.Performing_arts": _("Performing arts"),
    "Culture.Philosophy_and_religion": _("Philosophy and religion"),
    "Culture.Sports": _("Sports"),
    "Culture.Visual_arts.Architecture": _("Visual arts: architecture"),
    "Culture.Visual_arts.Comics_and_Anime": _("Visual arts: comics and anime"),
    "Culture.Visual_arts.Fashion": _("Visual arts: fashion"),
    "Culture.Visual_arts.Visual_arts*": _("Visual arts"),
    # Geography
    "Geography.Geographical": _("Geography (general)"),
    "Geography.Regions.Africa.Africa*": _("Regions: Africa"),
    "Geography.Regions.Africa.Central_Africa": _("Regions: Central Africa"),
    "Geography.Regions.Africa.Eastern_Africa": _("Regions: Eastern Africa"),
    "Geography.Regions.Africa.Northern_Africa": _("Regions: Northern Africa"),
    "Geography.Regions.Africa.Southern_Africa": _("Regions: Southern Africa"),
    "Geography.Regions.Africa.Western_Africa": _("Regions: Western Africa"),
    "Geography.Regions.Americas.Central_America": _("Regions: Central America"),
    "Geography.Regions.Americas.North_America": _("Regions: North America"),
    "Geography.Regions.Americas.South_America": _("Regions: South America"),
    "Geography.Regions.Asia.Asia*": _("Regions: Asia"),
    "Geography.Regions.Asia.Central_Asia": _("Regions: Central Asia"),
    "Geography.Regions.Asia.East_Asia": _("Regions: East Asia"),
    "Geography.Regions.Asia.North_Asia": _("Regions: North Asia"),
    "Geography.Regions.Asia.South_Asia": _("Regions: South Asia"),
    "Geography.Regions.Asia.Southeast_Asia": _("Regions: Southeast Asia"),
    "Geography.Regions.Asia.West_Asia": _("Regions: West Asia"),
    "Geography.Regions.Europe.Eastern_Europe": _("Regions: Eastern Europe"),
    "Geography.Regions.Europe.Europe*": _("Regions: Europe"),
    "Geography.Regions.Europe.Northern_Europe": _("Regions: Northern Europe"),
    "Geography.Regions.Europe.Southern_Europe": _("Regions: Southern Europe"),
    "Geography.Regions.Europe.Western_Europe": _("Regions: Western Europe"),
    "Geography.Regions.Oceania": _("Regions: Oceania"),
    # History and society
    "History_and_Society.Business_and_economics": _("Business and economics"),
    "History_and_Society.Education": _("Education"),
    "History_and_Society.History": _("History"),
    "History_and_Society.Military_and_warfare": _("Military and warfare"),
    "History_and_Society.Politics_and_government": _("Politics and government"),
    "History_and_Society.Society": _("Society"),
    "History_and_Society.Transportation": _("Transportation"),
    # STEM
    "STEM.Biology": _("Biology"),
    "STEM.Chemistry": _("Chemistry"),
    "STEM.Computing": _("Computing"),
    "STEM.Earth_and_environment": _("Earth and environment"),
    "STEM.Engineering": _("Engineering"),
    "STEM.Libraries_&_Information": _("Libraries and information"),
    "STEM.Mathematics": _("Mathematics"),
    "STEM.Medicine_&_Health": _("Medicine and health"),
    "STEM.Physics": _("Physics"),
    "STEM.STEM*": _("STEM (general)"),
    "STEM.Space": _("Space"),
    "STEM.Technology": _("Technology"),
    # Anything the model has no label for.
    "other": _("Other topic"),
}

# The top-level groups of TOPIC_AREAS (the part of a value before the first "."), e.g. for <optgroup>s.
TOPIC_GROUPS: dict[str, str] = {
    "Culture": _("Culture"),
    "Geography": _("Geography"),
    "History_and_Society": _("History and society"),
    "STEM": _("Science, technology, engineering and mathematics"),
    "other": _("Other topics"),
}

TASKS: dict[str, str] = {
    "create": _("Create an article"),
    "expand": _("Expand an article"),
    "translate": _("Translate an article"),
    "add_references": _("Add references"),
    "add_images": _("Add images"),
    "other": _("Other task"),
}

PRIORITIES: dict[str, str] = {
    "high": _("High"),
    "medium": _("Medium"),
    "low": _("Low"),
}

# What the wiki says about a row's title (filled in by checking the wiki; `unknown` until then).
STATUSES: dict[str, str] = {
    "missing": _("Missing"),
    "stub": _("Stub"),
    "exists": _("Exists"),
    "redirect": _("Redirect"),
    "disambiguation": _("Disambiguation page"),
    "unknown": _("Not checked yet"),
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "gap": GAP_DIMENSIONS,
    "topic": TOPIC_AREAS,
    "task": TASKS,
    "priority": PRIORITIES,
    "status": STATUSES,
}


def labels(name: str, gettext: Callable[[str], str] | None = None) -> list[tuple[str, str]]:
    """The (value, translated label) pairs of vocabulary `name` ("gap", "topic", "task", "priority",
    "status"), in order; `gettext` translates each label (None: English). KeyError for another name."""
    try:
        vocabulary = VOCABULARIES[name]
    except KeyError:
        raise KeyError(f"no vocabulary {name!r}; one of {', '.join(VOCABULARIES)}") from None
    translate = gettext or (lambda text: text)
    return [(value, translate(label)) for value, label in vocabulary.items()]


def topic_group(value: str) -> str:
    """The top-level group of a topic value: "Culture", "Geography", "History_and_Society", "STEM",
    or "other" (for `other`, an empty or unknown value)."""
    if not isinstance(value, str):
        return "other"
    group = value.split(".", 1)[0]
    return group if group in TOPIC_GROUPS and group != "other" and "." in value else "other"
