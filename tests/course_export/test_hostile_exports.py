"""Hostile learners' text in the exports staff paste elsewhere: the cohort topic list's wikitable
(pasted on a Meta campaign page) and the grant-proposal drafts (wikitext for a proposal page on
Meta, and Markdown). Whatever a learner wrote — in their own full name, a topic, an answer —
shows as text: no template, link, category, signature, heading, comment, tag or table of theirs,
and the tables keep their rows and cells. Checked end to end on seeded submissions and, for the
writers themselves, on hypothesis-made hostile text, by parsing with mwparserfromhell (wikitext)
and rendering with markdown-it (Markdown)."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile

import mwparserfromhell
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from course_export import reports
from course_export.reports.topics import Topic, wikitable
from orglab_plugin import api
from tests.orglab_plugin.test_markup import folded, hostile, hostile_wikitext, paragraphs, wikitable_rows
from tests.orglab_xblocks.proposal.test_exports import wiki_parts

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


def markdown_html(text: str) -> str:
    """A proposal's Markdown, rendered: it must hold no raw `<` and render only the exporter's own
    headings, paragraphs, emphasis, summary list and line breaks."""
    assert "<" not in text
    rendered = RENDERER.render(text)
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"h1", "h2", "h3", "p", "em", "br", "ul", "li", "strong"}, \
        rendered
    return rendered


@pytest.mark.django_db
def test_hostile_answers_and_names_stay_text_in_the_proposal_drafts(course):
    """The drafts are the proposal block's own exports (their hostile-text tests:
    tests/orglab_xblocks/proposal/test_exports.py); here, end to end through the report."""
    mallory = hostile_learner()
    submit(mallory, WORKSHEET_1, worksheet_payload(STATEMENT))
    submit(mallory, AUDIENCE, {"title": "Audience", "segments": [
        {"id": "s1", "name": "=== Fake === {{x}}", "description": "<!-- x --> ~~~~", "size": 3, "languages": "es",
         "location": "[[Cusco]]", "contributors": "new", "answers": {}}]})
    wiki, markdown = proposal_files(write("proposals", "zip"), "mallory")

    _caption, rows, headings, lines = wiki_parts(wiki)
    assert rows[0] == ["Title", "—"]
    comments = mwparserfromhell.parse(wiki).filter_comments()
    assert [html.unescape(str(comment.contents).strip()) for comment in comments] == [f"Organizer Lab {COURSE}"]
    assert (2, "The change you want to bring, its challenges and your approach") in headings
    assert (3, "What gap will your campaign close?") in headings
    assert (3, "Audience segment: === Fake === {{x}}") in headings and (3, "Which dimensions?") in headings
    first, second = paragraphs(STATEMENT)
    start = lines.index(first[0])
    assert lines[start:start + len(first)] == first  # every line as the learner wrote it
    assert lines[start + len(first)] == second[0]
    assert "<!-- x --> ~~~~" in lines and "Where: [[Cusco]]" in lines
    assert "<br />\n" in wiki and "\n\n&#42; Second paragraph" in wiki  # the exporter's breaks
    assert "subst&#58;Delete&#125;&#125;~~~~" not in wiki and "Ana" not in markdown  # the name is in no file

    rendered = markdown_html(markdown)
    assert rendered.startswith("<h1>Grant proposal draft</h1>")
    assert "<p>Our goal: {{subst:Delete}} and {{{1}}}<br />\n[[Category:Hacked]]" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<h3>Audience segment: === Fake === {{x}}</h3>" \
        in rendered
    assert "<p>* Second paragraph '''bold''' __NOTOC__ #REDIRECT [[Spam]]</p>" in rendered


# --------------------------------------------------------------------------- mentor feedback

FORMULA_COMMENT = ('=HYPERLINK("http://evil.example","click")\n@SUM(A1:A9)\n+1+2\n-2+3\n'
                   '<script>alert(1)</script> {{subst:Delete}} [x](javascript:alert(1))')
HOSTILE_MENTOR = "=cmd|'/C calc'!A0<img src=x onerror=alert(1)>"
HOSTILE_BLOCK = {"title": "# <b>Title</b> [x](javascript:alert(1))", "preset": "",
                 "answers": {"statement": "Plain answer"},
                 "fields": [{"id": "statement", "label": "## Label <i>x</i> ![i](https://evil.example/i.png)",
                             "kind": "long_text", "proposal_section": "change"}]}


def hostile_feedback(learner):
    """A mentor with a hostile username gives hostile feedback on the field, the whole version and a
    section naming no field."""
    mentor = get_user_model().objects.create_user(HOSTILE_MENTOR, "mentor@example.org", "x")
    staff = get_user_model().objects.create_user("staffer", "staffer@example.org", "x")
    from orglab_plugin.models import CourseStaffRole

    CourseStaffRole.objects.create(user=staff, course_key=COURSE)
    api.assign_mentor(COURSE, learner, mentor, staff)
    for section in ("statement", "", "budget"):
        api.give_feedback(course_key=COURSE, reviewer=mentor, learner=learner, block_key=WORKSHEET_1, version=1,
                          verdict="please_revise", comment=FORMULA_COMMENT, section=section)
    return mentor


FORMULA_START = tuple("=+-@\t\r")


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["answers", "answers_wide"])
def test_hostile_feedback_stays_text_in_every_format_of_the_answers_reports(course, report):
    mallory = hostile_learner()
    submit(mallory, WORKSHEET_1, HOSTILE_BLOCK)
    hostile_feedback(mallory)

    rows = list(csv.reader(io.StringIO(write(report, "csv").decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]  # none a spreadsheet would run
    feedback_cells = [cell for cell in cells if FORMULA_COMMENT in cell]
    # The comment whole, as written: on the field, and twice in the whole version's (one field only).
    assert len(feedback_cells) == (2 if report == "answers" else 1)
    assert sum(cell.count(FORMULA_COMMENT) for cell in feedback_cells) == 3
    assert all(HOSTILE_MENTOR in cell for cell in feedback_cells)

    book = openpyxl.load_workbook(io.BytesIO(write(report, "xlsx")))
    values = [(cell.value, cell.data_type) for row in book.active.iter_rows() for cell in row]
    assert not [value for value, data_type in values if data_type == "f"]  # no formula cells
    assert sum(FORMULA_COMMENT in str(value) for value, _type in values) == len(feedback_cells)

    lines = [json.loads(line) for line in write(report, "jsonl").decode("utf-8").splitlines()]
    texts = [value for line in lines for value in line.values() if isinstance(value, str) and FORMULA_COMMENT in value]
    assert len(texts) == len(feedback_cells)
    if report == "answers":
        line = lines[0]
        assert line["feedback"].startswith(f"Please revise ({HOSTILE_MENTOR}, ")
        assert line["feedback"].endswith(f"): {FORMULA_COMMENT}")
        assert line["version_feedback"].split("\n\nOn budget: ")[1].endswith(FORMULA_COMMENT)


@pytest.mark.django_db
def test_hostile_feedback_stays_text_in_the_proposal_drafts_feedback_md(course):
    mallory = hostile_learner()
    submit(mallory, WORKSHEET_1, HOSTILE_BLOCK)
    mentor = hostile_feedback(mallory)
    api.give_feedback(course_key=COURSE, reviewer=mentor, learner=mallory, block_key=WORKSHEET_1, version=1,
                      verdict="comment", comment=STATEMENT)
    archive = zipfile.ZipFile(io.BytesIO(write("proposals", "zip")))
    text = archive.read("mallory/feedback.md").decode("utf-8")
    rendered = markdown_html(text)  # no raw "<"; only the exporter's headings, paragraphs, emphasis, breaks
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == 1  # the learner's "#" is no heading
    assert "<h2># &lt;b&gt;Title&lt;/b&gt; [x](javascript:alert(1)) (Unit 1 · Knowledge gaps, version 1)</h2>" \
        in rendered
    assert rendered.count("<h3>") == 4  # one per piece of feedback, whatever the comments hold
    assert html.escape(f"### Please revise · {HOSTILE_MENTOR}", quote=False)[4:] in rendered
    assert "<em>On: ## Label &lt;i&gt;x&lt;/i&gt; ![i](https://evil.example/i.png)</em>" in rendered
    assert "<em>On: Budget</em>" in rendered  # a grant-proposal section, by its label and "<em>On: the whole version</em>" in rendered
    assert "<p>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)<br />\n@SUM(A1:A9)<br />\n+1+2" \
        in rendered
    assert "<p>Our goal: {{subst:Delete}} and {{{1}}}<br />\n[[Category:Hacked]]" in rendered
    assert "<p>* Second paragraph '''bold''' __NOTOC__ #REDIRECT [[Spam]]</p>" in rendered
    assert "Ana" not in text  # the learner's (hostile) name is in no file
