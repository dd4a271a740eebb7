"""orglab_plugin.markup: learners' text in wikitext and Markdown is nothing but text.

Wikitext is checked by parsing it with mwparserfromhell: where the learner's text went there are
only Text and HTMLEntity nodes, and decoding the entities gives the learner's characters back.
What mwparserfromhell does not model (signatures, behaviour switches, magic links, line-start
markup) is checked on the source. Markdown is checked on the escaped string, character by
character, and by rendering it with markdown-it (CommonMark, raw HTML on)."""
from __future__ import annotations

import html
import os
import re
import string
import subprocess
import sys

import mwparserfromhell
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mwparserfromhell.nodes import HTMLEntity, Tag, Text, Wikilink

from orglab_plugin import api, markup

# --------------------------------------------------------------------------- hostile text

WIKI_TOKENS = [
    "{{", "}}", "{{{", "}}}", "{{subst:Delete}}", "{{!}}", "[[", "]]", "[", "]", "[[Category:Spam]]",
    "[https://evil.example x]", "|", "||", "!", "!!", "{|", "|}", "|-", "|+", "~", "~~~", "~~~~", "~~~~~",
    "_", "__NOTOC__", "__TOC__", "<nowiki>", "</nowiki>", "</NOWIKI>", "</nowiki >", "<NoWiki/>", "<!--",
    "-->", "<ref>", "</ref>", "<script>", "</script>", "<pre>", "<br>", "'", "''", "'''", "'''''", "=",
    "==", "*", "#", "#REDIRECT", ":", ";", "----", "-", "+", "-{", "}-", "\n", "\n\n", "\r\n", " ", "  ",
    "\t", "&amp;", "&lt;", "&#123;", "&", "https://evil.example/a_b", "mailto:a@evil.example",
    "ISBN 0-306-40615-2", "RFC 2616", "PMID 12345", "مرحبا", "שלום", "\u202e", "😀", "👩🏽‍🔬", "é",
    "\x00", "\x7f", "\u2028", "\xa0", "Ana", "x", "1",
]
hostile_wikitext = st.lists(st.one_of(st.sampled_from(WIKI_TOKENS), st.text(max_size=4)),
                            max_size=14).map("".join)

MARKDOWN_TOKENS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "![x](https://evil.example/i.png)", "<https://evil.example>", "[x]: https://evil.example", "[^1]", "[x]",
    "(", ")", "`", "```", "~~~", "~~", "~", "*", "**", "_", "__", "#", "## ", ">", "> ", "- ", "+ ", "1. ",
    "2) ", "|", "---|---", "===", "---", "***", "\\", "\\[", "&amp;", "&lt;", "&#60;", "&copy;", "&",
    "https://evil.example/a_b", "www.evil.example", "a@evil.example", "<!--", "-->", "<a href='x'>", "\n",
    "\n\n", "    ", "\t", "مرحبا", "😀", "\x00", "javascript:alert(1)", "$x$", "{", "}", "!", "Ana", "1",
]
hostile_markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.text(max_size=4)),
                            max_size=14).map("".join)


def hostile(examples: int = 200):
    """The settings of every hostile-text test: the same examples every run, no example database."""
    return settings(max_examples=examples, derandomize=True, deadline=None, database=None)

# --------------------------------------------------------------------------- the contract, stated here

_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def folded(text: str) -> str:
    """What a one-line escape shows: control characters dropped, whitespace runs one space, trimmed."""
    return " ".join(_CONTROLS.sub("", text).split())


def paragraphs(text: str) -> list[list[str]]:
    """What a multi-line escape shows: paragraphs at blank lines, each a list of its folded lines."""
    result, current = [], []
    for line in _CONTROLS.sub("", text).splitlines():
        line = " ".join(line.split())
        if line:
            current.append(line)
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


# --------------------------------------------------------------------------- wikitext helpers


def decoded(nodes) -> str:
    """The characters a reader sees for `nodes`, which must be Text and HTMLEntity nodes only."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(str(node))
        elif isinstance(node, HTMLEntity):
            out.append(node.normalize())
        else:
            raise AssertionError(f"{type(node).__name__} node {str(node)!r} where only text should be")
    return "".join(out)


def plain(wikitext: str) -> str:
    """`wikitext` parsed: nothing but text (recursively); what it shows."""
    code = mwparserfromhell.parse(wikitext)
    assert len(code.filter(recursive=True)) == len(code.nodes), wikitext  # no node holds another
    return decoded(code.nodes)


def assert_inert_source(escaped: str) -> None:
    """What mwparserfromhell does not parse, checked on the source of one escaped text."""
    assert "\n" not in escaped
    for sequence in ("~~~", "__", "''", "!!", "==", "[", "]", "{", "}", "|", "<", ">", ":"):
        assert sequence not in escaped, (sequence, escaped)
    assert not re.search(r"(ISBN|RFC|PMID)\s", escaped), escaped
    assert not escaped or escaped[0] not in "*#:;-+!=' _~{|", escaped
    assert not escaped or escaped[-1] not in "'_~!= ", escaped


def table_rows(wikitext: str) -> list[list[tuple[str, object]]]:
    """The one table in `wikitext`: its rows, each a list of (td or th, cell contents)."""
    code = mwparserfromhell.parse(wikitext)
    tables = [node for node in code.nodes if isinstance(node, mwparserfromhell.nodes.Tag)]
    assert len(tables) == 1 and str(tables[0].tag) == "table", wikitext
    assert not str(code).replace(str(tables[0]), "").strip()
    rows = tables[0].contents.filter_tags(recursive=False)
    assert all(str(row.tag) == "tr" for row in rows), wikitext
    return [[(str(cell.tag), cell.contents) for cell in row.contents.filter_tags(recursive=False)]
            for row in rows]


def shown(nodes, links: list[str]) -> str:
    """What a reader sees of `nodes` (text, character references and link labels only); the
    decoded target of every link is appended to `links`."""
    out = []
    for node in nodes:
        if isinstance(node, Wikilink):
            links.append(decoded(node.title.nodes))
            out.append(decoded(node.text.nodes))
        else:
            out.append(decoded([node]))
    return "".join(out)


def wikitable_rows(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """An export that is one wikitable and nothing else: its header cells, its rows (what each cell
    shows) and its links' decoded targets. Fails on any template, comment, heading, external link,
    argument or tag of the learners' (only the table's own), and on signatures, behaviour switches
    and quotes in the source (which mwparserfromhell does not parse)."""
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_comments() and not code.filter_headings()
    assert not code.filter_external_links() and not code.filter_arguments()
    assert {str(tag.tag) for tag in code.filter_tags()} <= {"table", "tr", "td", "th"}
    tables = [node for node in code.nodes if isinstance(node, Tag)]
    assert len(tables) == 1 and str(code).strip() == str(tables[0]).strip()
    for sequence in ("~~~", "__", "''"):
        assert sequence not in text, sequence
    links: list[str] = []
    headers, rows = [], []
    for node in tables[0].contents.filter_tags(recursive=False):
        cells = [node] if str(node.tag) == "th" else node.contents.filter_tags(recursive=False)
        assert str(node.tag) in ("th", "tr")
        kinds = {str(cell.tag) for cell in cells}
        texts = [shown(cell.contents.nodes, links).strip() for cell in cells]
        if kinds == {"th"}:
            assert not rows, "a header row after the data"
            headers += texts
        else:
            assert kinds <= {"td"}
            rows.append(texts)
    return headers, rows, links


# --------------------------------------------------------------------------- wikitext


def test_the_attack_on_the_topics_report_is_text():
    assert api.escape_wikitext("Ana </NOWIKI>{{subst:Delete}}") == \
        "Ana &lt;/NOWIKI&gt;&#123;&#123;subst&#58;Delete&#125;&#125;"
    assert api.escape_wikitext("~~~~ __NOTOC__ '''x''' [[Category:Spam]]") == (
        "&#126;&#126;&#126;&#126; &#95;&#95;NOTOC&#95;&#95; &#39;&#39;&#39;x&#39;&#39;&#39; "
        "&#91;&#91;Category&#58;Spam&#93;&#93;")


def test_ordinary_prose_stays_readable():
    for text in ("don't stop", "ana_perez", "l'eau", "Wow! Great", "a=b", "a - b", "Ngũgĩ wa Thiong'o",
                 "مقالات قليلة عن المناخ", "👩🏽‍🔬 100%"):
        assert api.escape_wikitext(text) == text
    assert api.escape_wikitext("  two\n lines\t") == "two lines"
    assert api.escape_wikitext("* one") == "&#42; one" and api.escape_wikitext("=x=") == "&#61;x&#61;"
    assert api.escape_wikitext("ISBN 0306406152") == "ISBN&#32;0306406152"
    assert api.escape_wikitext("see https://evil.example") == "see https&#58;//evil.example"


@hostile(300)
@given(hostile_wikitext)
@example("RFC {{")  # regressions: a magic link's word followed by anything but a digit
@example("see RFC {{2616}} and ISBN [[x]], PMID <b>")
@example("ISBN\n&#49;23 PMID\t{{{1}}}")
def test_escaped_text_is_only_text_wherever_it_goes(text):
    escaped = api.escape_wikitext(text)
    want = folded(text)
    assert plain(escaped) == want  # at a line start, and loss-free
    assert_inert_source(escaped)
    assert plain(f"Before {escaped} after.") == f"Before {want} after."
    rows = table_rows(f'{{| class="wikitable"\n|-\n! {escaped} !! {escaped}\n|-\n| {escaped} || {escaped}\n'
                      f"|-\n| x || {escaped}\n|}}\n")
    assert [[tag for tag, _contents in row] for row in rows] == [["th", "th"], ["td", "td"], ["td", "td"]]
    shown = [[decoded(contents.nodes).strip() for _tag, contents in row] for row in rows]
    assert shown == [[want, want], [want, want], ["x", want]]
    if want:  # an empty heading, label or italics is not something an exporter writes
        code = mwparserfromhell.parse(f"=== {escaped} ===\nafter\n")
        headings = code.filter_headings()
        assert len(headings) == 1 and headings[0].level == 3
        assert decoded(headings[0].title.nodes).strip() == want
        code = mwparserfromhell.parse(f"[[Target|{escaped}]]")
        assert len(code.nodes) == 1 and str(code.nodes[0].title) == "Target"
        assert decoded(code.nodes[0].text.nodes) == want
        code = mwparserfromhell.parse(f"''{escaped}''")
        assert len(code.nodes) == 1 and str(code.nodes[0].tag) == "i"
        assert decoded(code.nodes[0].contents.nodes) == want


@hostile(200)
@given(hostile_wikitext)
@example("RFC {{x}}\nRFC\n{{y}}")
def test_multi_line_text_keeps_its_paragraphs_and_line_breaks(text):
    out = api.wikitext_paragraphs(text)
    want = paragraphs(text)
    if not want:
        assert out == ""
        return
    written = [paragraph.split("<br />\n") for paragraph in out.split("\n\n")]
    assert [[plain(line) for line in lines] for lines in written] == want
    for lines in written:
        for line in lines:
            assert_inert_source(line)
    code = mwparserfromhell.parse(out)
    breaks = [node for node in code.nodes if not isinstance(node, (Text, HTMLEntity))]
    assert all(str(node) == "<br />" for node in breaks), out
    assert len(breaks) == sum(len(lines) - 1 for lines in want)


def test_multi_line_text_example():
    assert api.wikitext_paragraphs("  * one\n---- two\n\n\n :three {{x}}\n") == \
        "&#42; one<br />\n&#45;--- two\n\n&#58;three &#123;&#123;x&#125;&#125;"
    assert api.wikitext_paragraphs(" \n\t\n") == ""


# A title MediaWiki accepts as it is: no `''`, no ends of spaces, and nothing that looks like a
# character reference (`&0;`, `&amp;`: MediaWiki refuses such a title even once decoded, so
# `wikitext_link` rightly makes no link; the test below pins that).
_REFERENCE_LIKE = re.compile(r"&[.A-Za-z0-9\x80-\U0010ffff]+;")
SAFE_TITLE = st.text(alphabet=string.ascii_letters + string.digits + " ()-,.&':;áéíñçß" + "مقالات", min_size=1,
                     max_size=30).filter(lambda title: title == title.strip() and "''" not in title
                                         and not _REFERENCE_LIKE.search(title))


@hostile(200)
@given(SAFE_TITLE, hostile_wikitext)
def test_a_plain_title_is_linked_to_exactly_itself(title, label):
    out = api.wikitext_link(f"w:es:{title}", label)
    code = mwparserfromhell.parse(out)
    assert len(code.nodes) == 1, out
    link = code.nodes[0]
    assert isinstance(link, mwparserfromhell.nodes.Wikilink)
    assert decoded(link.title.nodes) == f"w:es:{title}"
    assert decoded(link.text.nodes) == folded(label)


@hostile(200)
@given(hostile_wikitext, hostile_wikitext)
def test_any_link_target_is_a_link_to_itself_or_no_link(title, label):
    target = f":w:es:{title}"
    out = api.wikitext_link(target, label)
    links = mwparserfromhell.parse(out).filter_wikilinks()
    if out.startswith("[["):
        assert len(links) == 1 and str(links[0]) == out
        assert decoded(links[0].title.nodes) == target and decoded(links[0].text.nodes) == folded(label)
    else:
        assert out == api.escape_wikitext(label) and not links


def test_a_target_that_would_not_point_to_itself_is_not_linked():
    for target in ("w:es:{{x}}", "w:es:a|b", "w:es:[[x", "w:es:~~~~", "w:es:a__TOC__", "w:es:a''b''",
                   "w:es:a%7Cb", "w:es:a\nb", " w:es:a", "w:es:a ", "https://evil.example", "//evil.example",
                   "mailto:a@evil.example", "w:es:<script>", "w:es:a#b", "w:es:a!!b", "", "w:es:\x7f",
                   "w:es:&lt;b&gt;", "w:es:Tom &amp; Jerry", "w:es:&#123;", "w:es:&0;", "w:es:a &x; b"):
        assert api.wikitext_link(target, "x|y") == "x&#124;y", target
    assert api.wikitext_link(":w:en:AT&T", "AT&T") == "[[:w:en:AT&amp;T|AT&amp;T]]"
    assert api.wikitext_link("d:Q42", "Q42") == "[[d:Q42|Q42]]"


@hostile(200)
@given(hostile_wikitext)
def test_a_comment_is_closed_by_its_own_end_only(text):
    out = api.wikitext_comment(text)
    code = mwparserfromhell.parse(out + "\n{{After}}")
    assert [type(node).__name__ for node in code.nodes] == ["Comment", "Text", "Template"]
    assert str(code.nodes[0]) == out and out.count("-->") == 1 and out.endswith(" -->")
    assert html.unescape(str(code.nodes[0].contents)[1:-1]) == folded(text)


def test_nothing_is_lost_but_whitespace_and_control_characters():
    assert api.escape_wikitext("a\x00b\x7fc\u2028d") == "abc d"
    assert api.escape_wikitext("broken \ud800 pair") == "broken \ufffd pair"
    assert api.escape_markdown("broken \udfff pair") == "broken \ufffd pair"
    assert api.escape_wikitext(None) == "" and api.escape_markdown(12) == "12"


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = set("<>[]`*_#|~@\\")
_RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def md_decoded(escaped: str) -> str:
    """The characters `escaped` stands for; fails on any special character left unescaped."""
    out, index = [], 0
    while index < len(escaped):
        char = escaped[index]
        if char == "\\":
            assert escaped[index + 1:index + 2] in set(string.punctuation), escaped
            out.append(escaped[index + 1])
            index += 2
        elif char == "&":
            match = re.match(r"&(amp|lt|gt);", escaped[index:])
            assert match, escaped
            out.append({"amp": "&", "lt": "<", "gt": ">"}[match.group(1)])
            index += len(match.group(0))
        else:
            assert char not in _MD_SPECIAL, (char, escaped)
            out.append(char)
            index += 1
    return "".join(out)


def test_the_classic_markdown_attacks_are_text():
    assert api.escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert api.escape_markdown("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert api.escape_markdown("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert api.escape_markdown("![x](https://evil.example/i.png)") == "!\\[x\\](https\\://evil.example/i.png)"
    assert api.escape_markdown("www.evil.example or a@evil.example") == "www\\.evil.example or a\\@evil.example"
    assert api.escape_markdown("1. first - and # not a heading #") == "1\\. first - and \\# not a heading \\#"
    assert api.escape_markdown("- item") == "\\- item" and api.escape_markdown("&amp;") == "&amp;amp;"
    assert api.escape_markdown("Wangari Maathai, 2004.") == "Wangari Maathai, 2004."


@hostile(300)
@given(hostile_markdown)
@example("\\\nwww.evil.example")  # regressions: `www.` and `://` after any character
@example("https://evil.example/a_bwww.evil.example")
@example("1www.evil.example _://evil.example")
def test_escaped_markdown_renders_exactly_the_text(text):
    escaped = api.escape_markdown(text)
    want = folded(text)
    assert md_decoded(escaped) == want
    assert "\n" not in escaped and not re.search(r"[^\\]://|(?i:www)\.", escaped)
    assert _RENDERER.render(escaped) == (f"<p>{escapeHtml(want)}</p>\n" if want else "")
    heading = _RENDERER.render(f"### {escaped}")
    assert heading == f"<h3>{escapeHtml(want)}</h3>\n"
    emphasis = _RENDERER.render(f"*{escaped}*") if want else ""
    assert emphasis == (f"<p><em>{escapeHtml(want)}</em></p>\n" if want else "")


@hostile(200)
@given(hostile_markdown)
@example("a\\\nwww.evil.example\nxwww.evil.example")  # `www.` after an escaped newline
def test_multi_line_markdown_keeps_its_paragraphs_and_line_breaks(text):
    out = api.markdown_paragraphs(text)
    want = paragraphs(text)
    assert not re.search(r"[^\\]://|(?i:www)\.", out), out
    assert _RENDERER.render(out) == "".join(
        "<p>" + "<br />\n".join(escapeHtml(line) for line in lines) + "</p>\n" for lines in want)
    written = [paragraph.split("\\\n") for paragraph in out.split("\n\n")] if out else []
    assert [[md_decoded(line) for line in lines] for lines in written] == want


# --------------------------------------------------------------------------- one home, any runtime


def test_the_api_re_exports_the_one_implementation():
    for name in markup.__all__:
        assert getattr(api, name) is getattr(markup, name), name


def test_the_module_imports_without_django():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import sys, orglab_plugin.markup as m; "
                               "print(m.escape_wikitext('{{x}}'), 'django' in sys.modules)"],
        capture_output=True, text=True, env=env, cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), check=True)
    assert result.stdout.split() == ["&#123;&#123;x&#125;&#125;", "False"]
