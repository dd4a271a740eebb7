"""The proposal's downloads with hostile text in every field a learner writes (their answers, their
title, budget items, segment names): the wikitext (parsed with mwparserfromhell), the Markdown
(rendered with markdown-it), the printable page, the plain text and the PDF all show it as text."""
from __future__ import annotations

import html
import re

import mwparserfromhell
import pytest
from hypothesis import given
from markdown_it import MarkdownIt
from mwparserfromhell.nodes import Comment, Heading, HTMLEntity, Tag, Text

from orglab_xblocks.proposal import exports
from orglab_xblocks.proposal.assembly import Source, assemble
from tests.orglab_plugin.test_markup import decoded, folded, hostile, hostile_markdown, hostile_wikitext, paragraphs

identity = str
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = ("Our goal: {{subst:Delete}} and {{{1}}}\n"
           "[[Category:Hacked]] ~~~~ [https://evil.example click] https://evil.example\n"
           "{| class=\"wikitable\"\n|-\n| cell || cell\n|}\n"
           "== Fake section ==\n"
           "<script>alert(1)</script> <!-- hidden --> <ref>x</ref> </NOWIKI>\n"
           "[x](javascript:alert(1)) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)>\n"
           "\n"
           "  * Second paragraph '''bold''' __NOTOC__ #REDIRECT [[Spam]] مرحبا بالعالم " + "long" * 300)
HOSTILE_TITLE = "</NOWIKI>{{subst:Delete}}~~~~ |} --> <script>alert(1)</script> [a](https://x)"


def proposal(text=HOSTILE, title=HOSTILE_TITLE, label="== Label {{x}} ==", item="{{Item}} [[x]] |}"):
    source = Source("block-v1:X+Y+Z+type@orglab_worksheet+block@w", "orglab_worksheet", {
        "title": "Worksheet ~~~~", "answers": {"f": text},
        "fields": [{"id": "f", "label": label, "kind": "long_text", "proposal_section": "change"}]},
        unit_position=1, unit_title="Unit 1 · [[Gap]]")
    return assemble([source], {"title": title, "start_date": "2026-03-01", "budget": [
        {"item": item, "amount": 100, "currency": "EUR", "usd": 110}]}, {}, identity)


def wiki_parts(text: str):
    """The wikitext parsed: the exporter's one summary table (its rows' header and data cells, decoded),
    then the rest, which must hold no template, link, argument, external link or tag but the
    exporter's italics and line breaks; its headings and its lines of text."""
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_wikilinks() and not code.filter_arguments()
    assert not code.filter_external_links()
    tables = [node for node in code.nodes if isinstance(node, Tag) and str(node.tag) == "table"]
    assert len(tables) == 1
    rows = []
    for row in tables[0].contents.filter_tags(recursive=False, matches=lambda node: node.tag == "tr"):
        cells = row.contents.filter_tags(recursive=False, matches=lambda node: node.tag in ("th", "td"))
        rows.append([decoded(cell.contents.nodes).strip() for cell in cells])
    caption = [node for node in tables[0].contents.nodes if isinstance(node, Tag) and str(node.tag) == "caption"]
    rest = mwparserfromhell.parse(text.split("|}\n", 1)[1] if "\n|}\n" in text else text)
    tags = rest.filter_tags()
    assert {str(tag.tag) for tag in tags} <= {"i", "br"}, tags
    for sequence in ("~~~", "__", "{|"):
        assert sequence not in str(rest), sequence
    headings = [(node.level, decoded(node.title.nodes).strip()) for node in rest.filter_headings()]
    texts = []
    for node in rest.nodes:
        if isinstance(node, (Text, HTMLEntity)):
            texts.append(decoded([node]))
        elif isinstance(node, Tag) and str(node.tag) == "br":
            texts.append("\n")
        elif isinstance(node, Tag):
            texts.append(decoded(node.contents.nodes))
        else:
            assert isinstance(node, (Comment, Heading)), node
            texts.append("\n")
    lines = [line.strip() for line in "".join(texts).split("\n") if line.strip()]
    return caption, rows, headings, lines


def test_the_wikitext_is_a_project_page_draft_with_every_value_escaped():
    result = proposal()
    text = exports.wikitext(result, identity, course="course-v1:X+Y+Z")
    assert text.startswith("<!-- Organizer Lab course-v1:X+Y+Z -->\n")
    _caption, rows, headings, lines = wiki_parts(text)
    assert rows[0] == ["Title", folded(HOSTILE_TITLE)]
    assert ["Budget in EUR", "100"] in rows and ["Budget in USD", "110"] in rows
    assert rows[-1][0] == "Readiness"
    assert (2, "The change you want to bring, its challenges and your approach") in headings
    assert (3, "== Label {{x}} ==") in headings and (3, "Title of the proposal") in headings
    first, second = paragraphs(HOSTILE)
    start = lines.index(first[0])
    assert lines[start:start + len(first)] == first  # every line as the learner wrote it
    assert lines[start + len(first)] == second[0]
    assert "Unit 1 · [[Gap]] · Worksheet ~~~~ · == Label {{x}} ==" in lines
    assert folded("{{Item}} [[x]] |} · 100 EUR · 110 USD") in lines


def test_the_markdown_renders_only_the_exporters_markup():
    text = exports.markdown(proposal(), identity)
    assert "<" not in text
    rendered = RENDERER.render(text)
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"h1", "h2", "h3", "p", "em", "br", "ul", "li", "strong"}
    assert rendered.startswith(f"<h1>{html.escape(folded(HOSTILE_TITLE), quote=False)}</h1>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "href" not in rendered and "<img" not in rendered


def test_the_printable_page_is_escaped_and_has_print_css():
    page = exports.html_page(proposal(), identity, language="ar", direction="rtl")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert "@media print" in page and "@page" in page
    assert "<script" not in page and "<img" not in page and "href=" not in page
    assert html.escape(HOSTILE) in page and html.escape(HOSTILE_TITLE) in page
    assert page.count('dir="auto"') > 5


def test_the_plain_text_is_the_learners_own_words_per_section():
    result = proposal()
    change = next(section for section in result["sections"] if section["id"] == "change")
    assert exports.section_text(change) == HOSTILE.strip()
    text = exports.plain_text(result, identity)
    assert text.startswith(HOSTILE_TITLE + "\n") and HOSTILE.strip() in text


def test_a_proposal_without_title_is_a_draft():
    result = assemble([], None, None, identity)
    assert exports.heading(result, identity) == "Grant proposal draft"
    assert exports.markdown(result, identity).startswith("# Grant proposal draft\n")
    assert "Nothing yet." in exports.markdown(result, identity)


@pytest.mark.django_db
def test_the_pdf_draws_hostile_text_in_any_script_as_text():
    content = exports.pdf(proposal(), identity, language="es")
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in content  # A4 portrait
    assert b"DejaVuSans" in content  # the certificate's Unicode font, embedded
    assert b"/URI" not in content and b"/JavaScript" not in content and b"/Annot" not in content
    assert content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") + content.count(b"/Type /Page/") > 1


@given(hostile_wikitext, hostile_wikitext, hostile_wikitext)
@hostile(60)
def test_hostile_text_never_changes_the_wikitext_outline(text, title, label):
    result = proposal(text=text, title=title, label=label, item=label)
    _caption, rows, headings, _lines = wiki_parts(exports.wikitext(result, identity))
    assert rows[0] == ["Title", folded(title) if " ".join(title.split()) else "—"]  # "—": no title
    assert [level for level, _heading in headings].count(2) == len(result["sections"])
    assert (3, folded(label or "f") or "—") in headings  # a field without a label is named by its id


@given(hostile_markdown, hostile_markdown)
@hostile(60)
def test_hostile_text_never_changes_the_markdown_outline(text, title):
    result = proposal(text=text, title=title)
    rendered = RENDERER.render(exports.markdown(result, identity))
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"h1", "h2", "h3", "p", "em", "br", "ul", "li", "strong"}
    assert len(re.findall(r"<h2>", rendered)) == len(result["sections"])
