"""Hostile learners' text in the exports staff paste elsewhere: the cohort topic list's wikitable
(pasted on a Meta campaign page) and the grant-proposal drafts (wikitext for a proposal page on
Meta, and Markdown). Whatever a learner wrote — in their own full name, a topic, an answer —
shows as text: no template, link, category, signature, heading, comment, tag or table of theirs,
and the tables keep their rows and cells. Checked end to end on seeded submissions and, for the
writers themselves, on hypothesis-made hostile text, by parsing with mwparserfromhell (wikitext)
and rendering with markdown-it (Markdown)."""
from __future__ import annotations

import html
import io
import re
import zipfile

import mwparserfromhell
import pytest
from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mwparserfromhell.nodes import Comment, Heading, HTMLEntity, Tag, Text

from course_export import reports
from course_export.reports import proposals
from course_export.reports.payloads import Answer
from course_export.reports.topics import Topic, wikitable
from orglab_plugin import api
from tests.orglab_plugin.test_markup import (
    decoded,
    folded,
    hostile,
    hostile_markdown,
    hostile_wikitext,
    paragraphs,
    wikitable_rows,
)

from .conftest import AUDIENCE, COURSE, TOPICS, WORKSHEET_1, submit, worksheet_payload

NAMED = {"include": ["username", "full_name"]}
HOSTILE_NAME = "</NOWIKI>{{subst:Delete}}~~~~ --> <script>alert(1)</script>"
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def write(report, fmt) -> bytes:
    handle = io.BytesIO()
    reports.write_report(COURSE, report, fmt, handle, NAMED)
    return handle.getvalue()


def hostile_learner(username="mallory"):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x", first_name="Ana",
                                                last_name=HOSTILE_NAME)
    api.enroll(user, COURSE)
    return user


# --------------------------------------------------------------------------- the cohort topic list


@pytest.mark.django_db
def test_a_hostile_name_and_topic_stay_text_in_the_cohort_wikitable(course):
    mallory = hostile_learner()
    gap = "</NOWIKI>[[Category:Hacked]]{{Spam}}"
    submit(mallory, TOPICS, {"title": "Your topic list", "rows": [
        {"title": "Manglar ~~~~ '''bold''' {{x}}", "wiki": "eswiki", "qid": "", "gap": gap,
         "priority": "{{subst:High}}", "notes": "{{Spam}} [[Category:Hacked]]"},
        {"title": "Wangari Maathai", "wiki": "enwiki", "qid": "Q48276", "gap": "gender", "priority": "high",
         "notes": "</nowiki >{{Spam}}"}]})
    headers, rows, links = wikitable_rows(write("topics", "wikitext").decode("utf-8"))
    name = folded(f"Ana {HOSTILE_NAME}")
    assert len(headers) == 7
    assert rows == [
        ["Manglar ~~~~ '''bold''' {{x}}", "eswiki", "", "1", name, gap, "{{subst:High}}"],
        ["Wangari Maathai", "enwiki", "Q48276", "1", name, "gender", "high"],
    ]
    assert links == [":w:en:Wangari Maathai", ":d:Q48276"]  # the hostile title is shown, not linked


@given(st.lists(st.tuples(hostile_wikitext, st.sampled_from(["eswiki", "enwiki", "zh_yuewiki", "", "x]]wiki"]),
                          st.sampled_from(["", "Q42"]), st.lists(hostile_wikitext, min_size=1, max_size=3),
                          st.lists(hostile_wikitext, max_size=2), hostile_wikitext), max_size=4))
@hostile(100)
def test_hostile_topics_never_change_the_wikitable(specs):
    topics = []
    for title, wiki, qid, names, gaps, priority in specs:
        topics.append(Topic(title=title, wiki=wiki, qid=qid, learners=dict(enumerate(names)), gaps=set(gaps),
                            priorities={priority: 1} if priority else {}))
    headers, rows, _links = wikitable_rows(wikitable(topics))
    assert len(headers) == 7
    assert rows == [[folded(topic.title), folded(topic.wiki), topic.qid, str(len(topic.learners)),
                     folded(", ".join(sorted(topic.learners.values()))), folded(", ".join(sorted(topic.gaps))),
                     folded(next(iter(topic.priorities), ""))] for topic in topics]


# --------------------------------------------------------------------------- grant proposal drafts

STATEMENT = ("Our goal: {{subst:Delete}} and {{{1}}}\n"
             "[[Category:Hacked]] ~~~~ [https://evil.example click] https://evil.example\n"
             "{| class=\"wikitable\"\n|-\n| cell || cell\n|}\n"
             "== Fake section ==\n"
             "<script>alert(1)</script> <!-- hidden --> <ref>x</ref> </NOWIKI>\n"
             "[x](javascript:alert(1)) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)>\n"
             "\n"
             "  * Second paragraph '''bold''' __NOTOC__ #REDIRECT [[Spam]]")


def proposal_files(archive_bytes: bytes, folder: str) -> tuple[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    return (archive.read(f"{folder}/proposal.wiki").decode("utf-8"),
            archive.read(f"{folder}/proposal.md").decode("utf-8"))


def wiki_outline(text: str) -> tuple[list[Comment], list[tuple[int, str]], list[str]]:
    """A proposal's wikitext, parsed: its comments, its headings (level, shown title) and the lines of
    text (decoded) between them; fails on any template, link, argument, external link or tag
    other than the exporter's own italics and line breaks."""
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_wikilinks() and not code.filter_arguments()
    assert not code.filter_external_links()
    tags = code.filter_tags()
    assert {str(tag.tag) for tag in tags} <= {"i", "br"} and all(
        str(tag) == "<br />" or str(tag).startswith("''") for tag in tags)
    for sequence in ("~~~", "__", "{|"):
        assert sequence not in text, sequence
    headings = [(node.level, decoded(node.title.nodes).strip()) for node in code.filter_headings()]
    texts = []
    for node in code.nodes:
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
    return code.filter_comments(), headings, lines


def markdown_html(text: str) -> str:
    """A proposal's Markdown, rendered: it must hold no raw `<` and render only the exporter's own
    headings, paragraphs, emphasis and line breaks."""
    assert "<" not in text
    rendered = RENDERER.render(text)
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"h1", "h2", "h3", "p", "em", "br"}, rendered
    return rendered


@pytest.mark.django_db
def test_hostile_answers_and_names_stay_text_in_the_proposal_drafts(course):
    mallory = hostile_learner()
    submit(mallory, WORKSHEET_1, worksheet_payload(STATEMENT))
    submit(mallory, AUDIENCE, {"title": "Audience", "segments": [
        {"id": "s1", "name": "=== Fake === {{x}}", "description": "<!-- x --> ~~~~", "size": 3, "languages": "es",
         "location": "[[Cusco]]", "contributors": "new", "answers": {}}]})
    wiki, markdown = proposal_files(write("proposals", "zip"), "mallory")

    comments, headings, lines = wiki_outline(wiki)
    assert [html.unescape(str(comment.contents).strip()) for comment in comments] == [str(COURSE)]
    assert headings == [(2, "Goals"), (3, "What gap will your campaign close?"), (2, "Audience"),
                        (3, "Audience segment: === Fake === {{x}}"), (2, "Other"), (3, "Which dimensions?")]
    first, second = paragraphs(STATEMENT)
    assert lines[1:1 + len(first)] == first  # after the source line, every line as the learner wrote it
    assert lines[1 + len(first)] == second[0]
    assert "<!-- x --> ~~~~" in lines and "Where: [[Cusco]]" in lines
    assert "<br />\n" in wiki and "\n\n&#42; Second paragraph" in wiki  # the exporter's breaks

    rendered = markdown_html(markdown)
    assert rendered.startswith(f"<h1>Grant proposal draft: {escapeHtml(folded('Ana ' + HOSTILE_NAME))}</h1>")
    assert "<p>Our goal: {{subst:Delete}} and {{{1}}}<br />\n[[Category:Hacked]]" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<h3>Audience segment: === Fake === {{x}}</h3>" \
        in rendered
    assert "<p>* Second paragraph '''bold''' __NOTOC__ #REDIRECT [[Spam]]</p>" in rendered


SECTIONS = ["goals", "activities", "audience", "other"]


@given(st.lists(st.tuples(hostile_wikitext, st.sampled_from(SECTIONS), hostile_wikitext, hostile_wikitext),
                min_size=1, max_size=4))
@hostile(100)
def test_hostile_answers_never_change_a_proposal_wikitext(specs):
    items = [(source, Answer(f"f{index}", label, section, text))
             for index, (source, section, label, text) in enumerate(specs)]
    comments, headings, _lines = wiki_outline(proposals.wikitext(str(COURSE), items))
    assert len(comments) == 1
    wanted = []
    for section in SECTIONS:
        answers = [(source, answer) for source, answer in items if answer.section == section]
        if answers:
            wanted.append((2, {"goals": "Goals", "activities": "Activities", "audience": "Audience",
                               "other": "Other"}[section]))
            wanted += [(3, folded(answer.label) or "—") for _source, answer in answers]
    assert headings == wanted


@given(st.lists(st.tuples(hostile_markdown, st.sampled_from(SECTIONS), hostile_markdown, hostile_markdown),
                min_size=1, max_size=4), hostile_markdown)
@hostile(100)
def test_hostile_answers_never_change_a_proposal_markdown(specs, name):
    items = [(source, Answer(f"f{index}", label, section, text))
             for index, (source, section, label, text) in enumerate(specs)]
    rendered = markdown_html(proposals.markdown(f"Draft: {name}", str(COURSE), items))
    headings = re.findall(r"<h([123])>(.*?)</h\1>", rendered)
    assert headings[0] == ("1", escapeHtml(folded(f"Draft: {name}")))
    assert [level for level, _title in headings].count("3") == len(items)
    for source, answer in items:
        assert f"<h3>{escapeHtml(folded(answer.label) or '—')}</h3>" in rendered
        assert f"<p><em>{escapeHtml(folded(source) or '—')}</em></p>" in rendered
        body = "".join("<p>" + "<br />\n".join(escapeHtml(line) for line in lines) + "</p>\n"
                       for lines in paragraphs(answer.text)) or "<p>—</p>\n"
        assert body in rendered
