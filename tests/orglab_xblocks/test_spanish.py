"""The Spanish test: every orglab block of the devsite (the demo course's blocks and every block's
workbench scenarios), rendered in Spanish, shows no English string the project owns.

The student view is rendered before and after the learner submits (the work is submitted in
English, as a learner who switched language later would have done), and the Studio view too. Both
the HTML and the init JSON handed to the block's script are read. An English string "the project
owns" is a msgid of the blocks' catalogue whose Spanish differs (longer than 3 characters once its
placeholders are taken out). Course content the author wrote in English is exempt: the text of the
scenarios' OLX that is not a preset's text (a worksheet naming a preset, or carrying its English
verbatim, is shown in the learner's language).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils import translation
from lxml import etree

from devsite.runtime import DevsiteRuntime
from orglab_xblocks.i18n import translator
from orglab_xblocks.worksheet import schema
from orglab_xblocks.worksheet.presets import PRESETS
from tests.conftest import call

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "orglab_xblocks" / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdif]|%[sdif]")
# Identifiers in the init JSON ("Culture.Media.Media*", "basic_editing"): keys the script looks up, not text.
IDENTIFIER = re.compile(r"[\w*]+(?:[._:][\w*]+)+")
# Attributes whose values people read (or hear).
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value", "aria-description", "aria-roledescription"}


# ---------------------------------------------------------------- the catalogue


def _po_string(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def read_po(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry that is not fuzzy (msgstr[0] for plural entries)."""
    entries, current, key, fuzzy = [], {}, None, False

    def close():
        nonlocal current, key, fuzzy
        if "msgid" in current and not fuzzy:
            entries.append((_po_string(current["msgid"]), _po_string(current.get("msgstr", current.get("msgstr[0]", [])))))
        current, key, fuzzy = {}, None, False

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key].append(line)
        else:
            key, _sep, rest = line.partition(" ")
            if key == "msgid" and "msgid" in current:
                close()
            current[key] = [rest]
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def _core(msgid: str) -> str:
    """The longest part of a msgid between its placeholders, without the spaces around it."""
    return max((part.strip() for part in PLACEHOLDER.split(msgid)), key=len)


@lru_cache(maxsize=1)
def same_in_spanish() -> list[str]:
    """Catalogue strings Spanish keeps as they are (names such as "Women in Red"), longest first:
    English words inside them are not English the block shows."""
    same = {msgid for msgid, msgstr in read_po(CATALOGUE) if msgstr == msgid and len(_core(msgid)) > 3}
    return sorted(same, key=len, reverse=True)


@lru_cache(maxsize=1)
def spanish_strings() -> frozenset[str]:
    return frozenset(msgstr for msgid, msgstr in read_po(CATALOGUE) if msgstr and msgstr != msgid)


@lru_cache(maxsize=1)
def english_strings() -> dict[str, re.Pattern]:
    """English msgid → a pattern finding its text as whole words."""
    found = {}
    for msgid, msgstr in read_po(CATALOGUE):
        core = _core(msgid)
        if msgstr and msgstr != msgid and len(core) > 3 and core not in msgstr:
            found[msgid] = re.compile(r"(?<!\w)" + re.escape(core) + r"(?!\w)")
    return found


# ---------------------------------------------------------------- course content the author wrote


def _preset_texts() -> set[str]:
    texts = set()
    for preset in PRESETS.values():
        texts.update({preset["title"], preset["instructions"]})
        for section in preset["sections"]:
            texts.update({section.get("title", ""), section.get("intro", "")})
            for field in section["fields"]:
                texts.update({field.get("label", ""), field.get("help", "")})
                texts.update(choice["label"] for choice in field.get("choices", []))
    return {text.strip() for text in texts if text.strip()}


def author_texts(scenarios) -> list[str]:
    """The text of the scenarios' OLX in our blocks that is not a preset's, longest first."""
    texts = set()
    for scenario in scenarios.values():
        root = etree.fromstring(scenario.xml.encode("utf-8"))
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue
            inside = node.tag.startswith("orglab_") or any(a.tag.startswith("orglab_") for a in node.iterancestors())
            if not inside:
                continue
            texts.update(value for name, value in node.attrib.items() if name in ("display_name", "title"))
            if node.text and node.text.strip() and not node.tag.startswith("orglab_"):
                texts.add(" ".join(node.text.split()))
    return sorted((text for text in texts - _preset_texts() if text.strip()), key=len, reverse=True)


# ---------------------------------------------------------------- what a page shows


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._script = "json" if attrs.get("type") == "application/json" else "code"
        self.texts.extend(value for name, value in attrs.items() if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script == "json":
            self.json.append(data)
        elif self._script is None and data.strip():
            self.texts.append(data)


def _strings(value, out: list[str]) -> list[str]:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out)
    return out


def shown_texts(html: str) -> list[str]:
    """The text of the HTML people read, and every string of its init JSON."""
    reader = _Reader()
    reader.feed(html)
    texts = [" ".join(text.split()) for text in reader.texts]
    for data in reader.json:
        texts.extend(" ".join(text.split()) for text in _strings(json.loads(data), [])
                     if not IDENTIFIER.fullmatch(text))
    return texts


def english_in(html: str, exempt: list[str]) -> set[str]:
    found = set()
    for text in shown_texts(html):
        if text in spanish_strings():
            continue  # a Spanish string that happens to be spelled like an English one ("Media": medium)
        for authored in [*exempt, *same_in_spanish()]:
            if authored in text:
                text = text.replace(authored, "\x00")
        found.update(msgid for msgid, pattern in english_strings().items() if pattern.search(text))
    return found


# ---------------------------------------------------------------- the learner's work


def worksheet_answers(block) -> dict:
    answers = {}
    for field in schema.iter_fields(block.config()):
        kind = field["kind"]
        if kind == "long_text":
            answers[field["id"]] = " ".join(["palabra"] * max(field.get("min_words") or 0, 5))
        elif kind == "short_text":
            answers[field["id"]] = "texto breve"
        elif kind == "list":
            answers[field["id"]] = [f"elemento {n}" for n in range(1, max(field.get("min_items") or 0, 1) + 1)]
        elif kind == "single_choice":
            answers[field["id"]] = field["choices"][0]["value"]
        elif kind == "multiple_choice":
            answers[field["id"]] = [c["value"] for c in field["choices"][:max(field.get("min_items") or 0, 1)]]
        elif kind == "number":
            answers[field["id"]] = field.get("min_value") if field.get("min_value") is not None else 1
        elif kind == "date":
            answers[field["id"]] = "2026-03-15"
        elif kind == "url":
            answers[field["id"]] = "https://es.wikipedia.org/wiki/Cambio_clim%C3%A1tico"
    return {"answers": answers}


def audience_segments(block) -> dict:
    answers = {}
    for question in block.current_instrument()["questions"]:
        if question["kind"] == "scale":
            answers[question["id"]] = 5
        elif question["kind"] == "single_choice":
            answers[question["id"]] = question["choices"][-1]["value"]
        elif question["kind"] == "number" and question.get("min_value") is not None:
            answers[question["id"]] = question["min_value"]
    return {"segments": [{"id": "s1", "name": "Docentes rurales", "description": "", "size": 40,
                          "languages": "es, gn", "location": "Paraguay", "contributors": "new",
                          "answers": answers}]}


def topic_rows(block) -> dict:
    rows = [{"id": f"r{n}", "title": f"Artículo {n}", "wiki": "eswiki", "gap": "gender"} for n in range(1, 31)]
    return {"ops": [{"op": "put", "row": row} for row in rows]}


def proposal_fields(block) -> dict:
    return {"own": {"title": "Científicas del clima", "start_date": "2026-03-01", "end_date": "2026-06-30",
                    "budget": [{"item": "Refrigerios", "amount": 150000, "currency": "ARS", "usd": 150}]}}


WORK = {"orglab_audience": audience_segments, "orglab_worksheet": worksheet_answers, "orglab_topic_list": topic_rows,
        "orglab_proposal": proposal_fields}
# The audience blocks first: the Unit 4 worksheet shows the profile the learner submitted there; the
# proposal last: it shows the work of every unit (their labels, titles and choices in Spanish too).
ORDER = {"orglab_audience": 0, "orglab_topic_list": 1, "orglab_worksheet": 2, "orglab_proposal": 3}


def our_blocks(scenarios) -> list:
    """Usage keys of every orglab block of the scenarios, audience blocks first."""
    runtime, found = DevsiteRuntime(), []
    for scenario in scenarios.values():
        pending = [scenario.usage_id]
        while pending:
            block = runtime.get_block(pending.pop(0))
            if block.scope_ids.block_type.startswith("orglab_") and block.scope_ids.usage_id not in found:
                found.append(block.scope_ids.usage_id)
            pending.extend(getattr(block, "children", []) or [])
    return sorted(found, key=lambda key: (ORDER[key.block_type], str(key)))


def _report(found: dict[str, set[str]]) -> str:
    lines = [f"{len({m for ms in found.values() for m in ms})} English strings in {len(found)} views:"]
    for where, msgids in sorted(found.items()):
        lines.extend(f"  {where}: {msgid!r}" for msgid in sorted(msgids))
    return "\n".join(lines)


# ---------------------------------------------------------------- the tests


def test_the_catalogue_gives_the_test_something_to_find():
    strings = english_strings()
    assert len(strings) > 300
    assert "Submit" in strings and "Section" in strings
    assert english_in("<p>Sección 1: The gap</p>", []) == {"The gap"}
    assert english_in("<p>Sección 1: The gap</p>", ["The gap"]) == set()
    assert english_in('<p title="Unit 1 · Your knowledge-gap statement">x</p>', []) == {
        "Unit 1 · Your knowledge-gap statement"}
    assert english_in('<script type="application/json">{"a": ["Submit", "Culture.Media.Media*"]}</script>', []) == {
        "Submit"}
    assert english_in("<p>Women in Red</p><p>Media</p>", []) == set()  # a name Spanish keeps; Spanish "media"


def test_every_block_speaks_spanish_before_and_after_a_submit(scenarios, learner, staff, completion_on):
    exempt = author_texts(scenarios)
    found: dict[str, set[str]] = {}
    keys = our_blocks(scenarios)
    for usage_key in keys:
        where = f"{usage_key.block_id} ({usage_key.block_type})"
        runtime = DevsiteRuntime(learner)
        with translation.override("es"):
            before = runtime.get_block(usage_key).render("student_view", {}).content
        if english := english_in(before, exempt):
            found[f"{where} before submit"] = english
        block = runtime.get_block(usage_key)
        body = {**WORK[usage_key.block_type](block), "revision": block.draft_revision, "client": "t", "seq": 1}
        with translation.override("en"):
            status, data = call(block, "submit", body)
        assert status == 200, (where, data)
        with translation.override("es"):
            after = DevsiteRuntime(learner).get_block(usage_key).render("student_view", {}).content
        if english := english_in(after, exempt):
            found[f"{where} after submit"] = english
    for usage_key in keys:  # what staff see besides (the audience block's cohort summary)
        with translation.override("es"):
            html = DevsiteRuntime(staff).get_block(usage_key).render("student_view", {}).content
        if usage_key.block_id == "unit3_audience":
            assert translator("es")("Learners who submitted: {n}").format(n=1) in html  # the summary is there
        if english := english_in(html, exempt):
            found[f"{usage_key.block_id} ({usage_key.block_type}) staff"] = english
    assert not found, _report(found)


def test_every_studio_view_speaks_spanish(scenarios, staff):
    exempt = author_texts(scenarios)
    found: dict[str, set[str]] = {}
    for usage_key in our_blocks(scenarios):
        with translation.override("es"):
            html = DevsiteRuntime(staff).get_block(usage_key).render("studio_view", {}).content
        if english := english_in(html, exempt):
            found[f"{usage_key.block_id} ({usage_key.block_type}) studio"] = english
    assert not found, _report(found)


@pytest.mark.parametrize("language", ["es", "es-419", "es-ES", "es_419"])
def test_latin_american_spanish_gets_the_spanish_catalogue(scenarios, learner, language):
    from devsite.runtime import course_key

    usage_key = course_key().make_usage_key("orglab_worksheet", "unit1_worksheet")
    with translation.override(language):
        html = DevsiteRuntime(learner).get_block(usage_key).render("student_view", {}).content
    assert not english_in(html, []), language
    assert "Enviar" in html
