"""The assembled proposal (`assembly.assemble`) as the files a learner takes to the grant application:
Meta wikitext (a project page draft: an infobox-style summary table, then a heading per section),
Markdown, a printable HTML page, a PDF, and plain text per section for pasting into the application
form. Nothing is sent anywhere: the block's `download` handler returns them, and course_export's
proposals report writes the same Markdown and wikitext (one home for what staff and learner read).

Every text a learner wrote goes through one escaping per format: `orglab_plugin.api`'s wikitext and
Markdown escaping, `html.escape` for the page; the PDF draws text, which nothing parses. The plugin's
API (which needs Django) is imported only when a wikitext, Markdown or PDF file is written, so this
module imports without Django.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..i18n import _
from . import own as own_module
from .rules import STATE_LABELS

Gettext = Callable[[str], str]

FORMATS = {
    # format: (file extension, content type)
    "wikitext": ("wiki.txt", "text/plain; charset=utf-8"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
    "html": ("html", "text/html; charset=utf-8"),
    "pdf": ("pdf", "application/pdf"),
    "text": ("txt", "text/plain; charset=utf-8"),
}


def heading(proposal: dict[str, Any], gettext: Gettext) -> str:
    """The document's title: the learner's title of the proposal, or a plain name until they give one."""
    return proposal["title"] or gettext(_("Grant proposal draft"))


def summary_text(proposal: dict[str, Any], gettext: Gettext) -> str:
    counts = proposal["summary"]
    return gettext(_("{ready} sections ready, {thin} thin, {missing} missing")).format(**counts)


def _facts(proposal: dict[str, Any], gettext: Gettext) -> list[tuple[str, str]]:
    """The summary table's rows: (label, value), values as the learner wrote them."""
    _ = gettext
    own, totals = proposal["own"], proposal["totals"]
    rows = [(_("Title"), own["title"] or "—"), (_("Start date"), own["start_date"] or "—"),
            (_("End date"), own["end_date"] or "—")]
    for currency, amount in totals["by_currency"]:
        rows.append((_("Budget in {currency}").format(currency=currency), own_module.amount_text(amount)))
    rows.append((_("Budget in USD"), own_module.amount_text(totals["usd"]) if totals["usd"] is not None else "—"))
    rows.append((_("Readiness"), summary_text(proposal, gettext)))
    return rows


def _state(section: dict[str, Any], gettext: Gettext) -> str:
    return gettext(STATE_LABELS[section["readiness"]["state"]]) if section["readiness"] else ""


# --------------------------------------------------------------------------- wikitext


def wikitext(proposal: dict[str, Any], gettext: Gettext, *, course: str = "") -> str:
    """A project page draft for Meta: a summary table (an infobox's place), then each section with its
    answers; every value escaped (`api.escape_wikitext`, `api.wikitext_paragraphs`): nothing a learner
    wrote becomes a template, link, signature, table or heading. A header comment names the course only."""
    from orglab_plugin import api

    text = api.escape_wikitext
    lines = [api.wikitext_comment(f"Organizer Lab {course}".strip())] if course else []
    lines += ['{| class="wikitable" style="float: right; margin-left: 1em;"',
              f"|+ {text(heading(proposal, gettext))}"]
    for label, value in _facts(proposal, gettext):
        lines += ["|-", f"! scope=\"row\" | {text(label)}", f"| {text(value)}"]
    lines += ["|}", ""]
    for section in proposal["sections"]:
        lines += [f"== {text(section['label'])} ==", ""]
        if not section["answers"]:
            lines += [f"''{text(gettext(_('Nothing yet.')))}''", ""]
        for answer in section["answers"]:
            lines += [f"=== {text(answer['label']) or '—'} ===", f"''{text(answer['source']) or '—'}''", "",
                      api.wikitext_paragraphs(answer["text"]) or "—", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- Markdown


def markdown(proposal: dict[str, Any], gettext: Gettext) -> str:
    """The proposal as Markdown: every text escaped by `api.escape_markdown` (no HTML, links or
    images); answers keep their paragraphs and line breaks."""
    from orglab_plugin import api

    text = api.escape_markdown
    lines = [f"# {text(heading(proposal, gettext))}", ""]
    lines += [f"- **{text(label)}:** {text(value)}" for label, value in _facts(proposal, gettext)]
    lines.append("")
    for section in proposal["sections"]:
        state = _state(section, gettext)
        lines += [f"## {text(section['label'])}", ""]
        if state:
            lines += [f"*{text(state)}*", ""]
        if not section["answers"]:
            lines += [text(gettext(_("Nothing yet."))), ""]
        for answer in section["answers"]:
            lines += [f"### {text(answer['label']) or '—'}", "", f"*{text(answer['source']) or '—'}*", "",
                      api.markdown_paragraphs(answer["text"]) or "—", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- plain text


def section_text(section: dict[str, Any]) -> str:
    """One section's answers as plain text to paste into the application form's box for it: the
    learner's own words, one answer after another, nothing added."""
    return "\n\n".join(answer["text"].strip() for answer in section["answers"] if answer["text"].strip())


def plain_text(proposal: dict[str, Any], gettext: Gettext) -> str:
    """Every section as plain text under its name, for pasting section by section."""
    parts = [heading(proposal, gettext), ""]
    for section in proposal["sections"]:
        parts += [section["label"], "=" * min(len(section["label"]), 60), section_text(section) or "—", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- printable HTML

PRINT_CSS = """
body { font: 11pt/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #202122; margin: 2rem auto; max-width: 48rem;
  padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #a2a9b1; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: 0.25rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #a2a9b1; padding: 0.25rem 0.5rem;
  text-align: start; vertical-align: top; }
.source, .state { color: #54595d; font-size: 0.9rem; margin: 0; }
.answer p { white-space: pre-wrap; overflow-wrap: anywhere; }
@page { size: A4; margin: 2cm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .answer { break-inside: avoid; }
  a { color: inherit; text-decoration: none; } }
"""


def html_page(proposal: dict[str, Any], gettext: Gettext, *, language: str = "en", direction: str = "ltr") -> str:
    """A whole HTML page to print (or save as PDF from the browser): escaped text only, no script, no
    outside resource; each learner's text in its own direction (`dir="auto"`)."""
    esc = html.escape
    title = heading(proposal, gettext)
    out = [f'<!DOCTYPE html>\n<html lang="{esc(language)}" dir="{esc(direction)}">', "<head>",
           '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<title dir="auto">{esc(title)}</title>', f"<style>{PRINT_CSS}</style>", "</head>", "<body>",
           f'<h1 dir="auto">{esc(title)}</h1>', "<table>"]
    for label, value in _facts(proposal, gettext):
        out.append(f'<tr><th scope="row">{esc(label)}</th><td dir="auto">{esc(value)}</td></tr>')
    out.append("</table>")
    for section in proposal["sections"]:
        out.append(f'<section><h2 dir="auto">{esc(section["label"])}</h2>')
        state = _state(section, gettext)
        if state:
            out.append(f'<p class="state">{esc(state)}</p>')
        if not section["answers"]:
            out.append(f"<p>{esc(gettext(_('Nothing yet.')))}</p>")
        for answer in section["answers"]:
            out.append(f'<div class="answer"><h3 dir="auto">{esc(answer["label"])}</h3>'
                       f'<p class="source" dir="auto">{esc(answer["source"])}</p>'
                       f'<p dir="auto">{esc(answer["text"])}</p></div>')
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- PDF


def pdf(proposal: dict[str, Any], gettext: Gettext, *, language: str = "en") -> bytes:
    """The proposal as an A4 PDF, with the certificate's PDF machinery (`api.render_document_pdf`:
    fpdf2, a Unicode font and its fallbacks for any script, text shaping)."""
    from orglab_plugin import api

    parts: list[tuple[str, str]] = [("title", heading(proposal, gettext))]
    parts += [("fact", f"{label}: {value}") for label, value in _facts(proposal, gettext)]
    for section in proposal["sections"]:
        parts.append(("heading", section["label"]))
        state = _state(section, gettext)
        if state:
            parts.append(("note", state))
        if not section["answers"]:
            parts.append(("text", gettext(_("Nothing yet."))))
        for answer in section["answers"]:
            parts += [("subheading", answer["label"]), ("note", answer["source"]), ("text", answer["text"])]
    return api.render_document_pdf(heading(proposal, gettext), parts, language=language,
                                   subject=gettext(_("Grant proposal draft")))
