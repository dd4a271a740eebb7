"""Learners' text in wikitext and Markdown exports: the one place that makes it inert.

Pure Python (no Django), so any runtime can import it; other packages reach it through
`orglab_plugin.api`, which re-exports the public functions.

Wikitext (`escape_wikitext`, `wikitext_paragraphs`, `wikitext_link`, `wikitext_comment`)
    Every character that can open markup is written as a character reference (`&amp;`, `&lt;`,
    `&gt;`, `&#91;`, …). MediaWiki decodes references after it has parsed the page, so the reader
    sees exactly the characters the learner typed, and nothing of theirs is ever parsed as
    markup; decoding the references gives the text back (the escaping loses nothing but
    whitespace, see below). No `<nowiki>`: it does not stop `&amp;` from being decoded, and
    staff who edit the pasted page meet fewer surprises.

    - always escaped: `& < >` (tags such as `<ref>`, `<script>`, `<nowiki>`, `<pre>`, and HTML
      comments), `[ ]` (links, external links, categories), `{ }` (templates, `{{{params}}}`,
      tables `{|` `|}`, language converter `-{ }-`), `|` (table cells, link labels) and `:`
      (free external links such as `https://…` or `mailto:…`, definition lists);
    - escaped where they touch the same character or either end of the text: `'` (`''italic''`,
      `'''bold'''`), `_` (`__TOC__` and other behaviour switches), `~` (`~~~~` signatures), `!`
      (`!!` header cells, a header line), `=` (headings). A lone `don't` or `ana_perez` stays as
      it is; at the ends they are escaped so that text placed next to markup (`''text''`,
      `=== text ===`) or next to other escaped text can never complete a run;
    - escaped as the first character (a line start in most places): `* # ; - +` (lists, `----`,
      table rows `|-` and captions `|+`);
    - the space after `ISBN`, `RFC` and `PMID` (magic links such as `RFC 123`), whatever follows;
    - whitespace (newlines and tabs too) folds to single spaces and the ends are trimmed, so no
      text can end a table row or a heading, or start a preformatted line; control characters
      (which no reader sees, and which MediaWiki uses for its own strip markers) are dropped and
      unpaired surrogates become U+FFFD, so the export can always be encoded as UTF-8.

    Multi-line answers (`wikitext_paragraphs`): the learner's blank lines separate paragraphs (the
    exporter writes a blank line between them), and the other line breaks become `<br />` written
    by the exporter at the end of the line. Each line is escaped on its own, as a line start.

    Links (`wikitext_link`): `[[target|label]]` with the label escaped as above, made only when the
    target would be read back as exactly itself (no `# < > [ ] { } |`, `%XX`, character references,
    `~~~`, `__`, `''`, `!!`, controls, URL start); otherwise the escaped label alone.

    HTML comments: exporters should not put learners' text in a comment at all;
    `wikitext_comment` exists for the exporter's own notes (a course id) and even so makes `>`
    impossible inside, so only its own `-->` ends the comment.

Markdown (`escape_markdown`, `markdown_paragraphs`)
    `& < >` become `&amp; &lt; &gt;`: no raw HTML, no HTML comments, no `<https://…>` autolinks.
    A backslash goes before each of  \\ ` * _ [ ] # | ~  anywhere (links, images, reference
    definitions, footnotes, emphasis, code, strikethrough, tables, a heading's closing `#`s), and
    before a first `- + =` and the `.` or `)` of a first `1.` (lists, thematic breaks, setext
    underlines). The `:` of every `://`, the `.` of every `www.` and the `@` of an address are escaped too,
    so GitHub-flavoured renderers do not turn them into links. A renderer shows exactly the
    learner's characters. Multi-line answers: blank lines separate paragraphs, the other line
    breaks are CommonMark hard breaks (a backslash at the end of the line), written by the
    exporter; each line is escaped on its own, as a line start, and whitespace folds as above.
"""
from __future__ import annotations

import re

__all__ = [
    "escape_markdown", "escape_wikitext", "markdown_paragraphs", "wikitext_comment", "wikitext_link",
    "wikitext_paragraphs",
]

# --------------------------------------------------------------------------- plain text

_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # the others are whitespace to str.split()
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _clean(text) -> str:
    text = "" if text is None else str(text)
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def _one_line(text) -> str:
    """The text as one line: whitespace runs (line breaks too) folded to one space, ends trimmed."""
    return " ".join(_clean(text).split())


def _lines(text) -> list[list[str]]:
    """The text's paragraphs (split at blank lines), each a list of its non-empty folded lines."""
    paragraphs: list[list[str]] = [[]]
    for raw in _clean(text).splitlines():
        line = " ".join(raw.split())
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [lines for lines in paragraphs if lines]


# --------------------------------------------------------------------------- wikitext

_WIKI_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _reference(char: str) -> str:
    return _WIKI_NAMED.get(char) or f"&#{ord(char)};"


# In this order (`&` first, so that no reference is escaped again); chained str.replace is the
# fastest way in CPython (str.translate with a dict is slow on non-ASCII text).
_WIKI_ALWAYS = [(char, _reference(char)) for char in "&<>[]{}|:"]
_WIKI_RUN = re.compile(r"''+|__+|~~+|!!+|==+")  # after _WIKI_ALWAYS: references hold none of these
_WIKI_FIRST = frozenset("'_~!=*#;+-")
_WIKI_LAST = frozenset("'_~!=")
# MediaWiki links `ISBN …`, `RFC …` and `PMID …` after any whitespace (its own regex also takes
# `&nbsp;`-like references there, so the next character is no guide): the space after the word is
# always written as a reference, whatever follows (`RFC {{…` too).
_MAGIC_LINK = re.compile(r"(ISBN|RFC|PMID) ")


def _run_references(match: re.Match) -> str:
    return _reference(match.group(0)[0]) * len(match.group(0))


def escape_wikitext(text) -> str:
    """`text` as wikitext that shows the same characters and is nothing but text, on one line.

    For any inline place: a paragraph, a table cell (header or data), a heading, a link label,
    between `''` quotes. Whitespace folds to single spaces (see the module's docstring)."""
    text = _one_line(text)
    for char, reference in _WIKI_ALWAYS:
        if char in text:
            text = text.replace(char, reference)
    text = _WIKI_RUN.sub(_run_references, text)
    if text and text[0] in _WIKI_FIRST:
        text = _reference(text[0]) + text[1:]
    if text and text[-1] in _WIKI_LAST:
        text = text[:-1] + _reference(text[-1])
    if "ISBN" in text or "RFC" in text or "PMID" in text:
        text = _MAGIC_LINK.sub(r"\1&#32;", text)
    return text


def wikitext_paragraphs(text) -> str:
    """Multi-line text as wikitext paragraphs: blank lines between the learner's paragraphs, `<br />`
    at the end of each other line; every line escaped as by `escape_wikitext`. "" when blank."""
    return "\n\n".join("<br />\n".join(escape_wikitext(line) for line in lines) for lines in _lines(text))


# What no title holds, or what wikitext would act on inside a link target: MediaWiki's illegal
# title characters, controls (and the replacement character), `%XX` escapes and character
# references (decoded in targets; MediaWiki refuses a title that still looks like `&lt;` after
# that), signatures and behaviour switches (acted on before links are), quotes and `!!` (a header
# row's cell separator), and a URL's start (`[[https://…]]` is an external link).
_UNSAFE_TARGET = re.compile(
    r"[#<>\[\]{}|\x00-\x1f\x7f\ufffd\u2028\u2029]|%[0-9A-Fa-f]{2}|&[.A-Za-z0-9\x80-\U0010ffff]+;|~~~|__|''|!!"
    r"|^(?://|[A-Za-z][A-Za-z0-9+.-]*://|(?i:bitcoin|geo|magnet|mailto|matrix|news|sips?|sms|tel|urn|xmpp):)")


def wikitext_link(target, label) -> str:
    """`[[target|label]]`, the label escaped as by `escape_wikitext`, when `target` is a page name that
    wikitext links to as it is (a lone `&` is written `&amp;`, so `AT&T` points to `AT&T`); otherwise
    (`{{x}}`, `a|b`, `~~~~`, `&lt;b&gt;`, `Rock ''n'' roll`, …) only the escaped label, no link.
    `target` carries any prefix (`:w:es:`, `d:`)."""
    target = "" if target is None else str(target)
    shown = escape_wikitext(label)
    if not target.strip() or target != target.strip() or _UNSAFE_TARGET.search(target) or \
            _SURROGATES.search(target):
        return shown
    return f"[[{target.replace('&', '&amp;')}|{shown}]]"


def wikitext_comment(text) -> str:
    """An HTML comment `<!-- text -->` on one line, for the exporter's own notes (never put learners'
    text in a comment: no one reads it there). `& < >` are written as references, so only the
    comment's own `-->` can end it; the source shows them encoded."""
    text = _one_line(text)
    return "<!-- " + "".join(_WIKI_NAMED.get(char, char) for char in text) + " -->"


# --------------------------------------------------------------------------- Markdown

# In this order: the backslash first, `&` before the references that hold one.
_MD_ALWAYS = [("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"),
              *((char, "\\" + char) for char in "`*_[]#|~@")]
_MD_FIRST = re.compile(r"^(?:[-+=]|[0-9]{1,9}[.)])")  # after _MD_ALWAYS, which escapes none of these
# What GitHub-flavoured renderers (and linkify-style plugins, whose rules are looser) link by
# themselves: `scheme://…`, `www.…` (and addresses, whose `@` _MD_ALWAYS escapes). Every `://` and
# every `www.`, whatever comes before it (`bwww.`, `_://`, a line start after a hard break): no
# guessing at which neighbour a renderer treats as a word boundary.
_MD_URL = re.compile(r":(?=//)")
_MD_WWW = re.compile(r"([Ww][Ww][Ww])\.")


def escape_markdown(text) -> str:
    """`text` as Markdown that renders as exactly these characters, on one line: no HTML, no links,
    images, emphasis, code or block structure. Whitespace folds to single spaces."""
    text = _one_line(text)
    for char, escaped in _MD_ALWAYS:
        if char in text:
            text = text.replace(char, escaped)
    text = _MD_FIRST.sub(lambda match: match.group(0)[:-1] + "\\" + match.group(0)[-1], text)
    return _MD_WWW.sub(r"\1\\.", _MD_URL.sub(r"\\:", text))


def markdown_paragraphs(text) -> str:
    """Multi-line text as Markdown paragraphs: blank lines between the learner's paragraphs, a hard
    line break (a backslash at the end of the line) after each other line; every line escaped as
    by `escape_markdown`. "" when blank."""
    return "\n\n".join("\\\n".join(escape_markdown(line) for line in lines) for lines in _lines(text))
