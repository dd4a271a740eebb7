"""Grant proposal drafts: per learner, their latest submitted answers grouped by the grant-proposal
section each feeds (goals, activities, audience, …), as Markdown and as wikitext (for a proposal
page on Meta), all in one zip. Written learner by learner into the zip, so memory stays flat.
"""
from __future__ import annotations

import re
import zipfile
from typing import BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api

from .payloads import PROPOSAL_SECTIONS, Answer, answers_of, section_label
from .people import learner_name
from .stream import Progress, by_learner

_UNSAFE = re.compile(r"[^\w.@+-]+", re.UNICODE)


def _folder(user_id: int, username: str, include: set[str], used: set[str]) -> str:
    name = _UNSAFE.sub("_", username).strip("._") if "username" in include and username else ""
    name = name or f"learner-{user_id}"
    if name in used:
        name = f"{name}-{user_id}"
    used.add(name)
    return name


def _grouped(items: list[tuple[str, Answer]]) -> list[tuple[str, list[tuple[str, Answer]]]]:
    by_section: dict[str, list[tuple[str, Answer]]] = {}
    for source, answer in items:
        by_section.setdefault(answer.section, []).append((source, answer))
    return [(section, by_section[section]) for section in PROPOSAL_SECTIONS if section in by_section]


def markdown(title: str, course: str, items: list[tuple[str, Answer]]) -> str:
    """The learner's answers as Markdown: every text, the title (their name) too, escaped by
    `api.escape_markdown` (no HTML, links or images); answers keep their paragraphs and line breaks."""
    text = api.escape_markdown
    lines = [f"# {text(title)}", "", _("Course: {course}").format(course=text(course)), ""]
    for section, answers in _grouped(items):
        lines += [f"## {text(section_label(section))}", ""]
        for source, answer in answers:
            lines += [f"### {text(answer.label) or '—'}", "", f"*{text(source) or '—'}*", "",
                      api.markdown_paragraphs(answer.text) or "—", ""]
    return "\n".join(lines)


def wikitext(course: str, items: list[tuple[str, Answer]]) -> str:
    """The learner's answers as wikitext for a proposal page: every text escaped by `api.escape_wikitext`
    (nothing a learner wrote becomes a template, link, signature, table or heading); answers keep their
    paragraphs and line breaks. The header comment holds the course id only: no learner's text goes
    in a comment (the page on Meta has its own title, and the zip's folder says whose draft it is)."""
    text = api.escape_wikitext
    lines = [api.wikitext_comment(course)]
    for section, answers in _grouped(items):
        lines += [f"== {text(section_label(section))} ==", ""]
        for source, answer in answers:
            lines += [f"=== {text(answer.label) or '—'} ===", f"''{text(source) or '—'}''", "",
                      api.wikitext_paragraphs(answer.text) or "—", ""]
    return "\n".join(lines)


def total(course_key: CourseKey) -> int:
    """The learners the report goes through: those with a submission."""
    return api.count_latest_submissions(course_key, learners=True)


def write(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
          progress: Progress) -> int:
    """The zip (`fmt` is "zip", its only format): one folder per learner, written learner by learner."""
    units = api.block_units(course_key)
    course = str(course_key)
    done, used = 0, set()
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for learner, submissions in by_learner(api.latest_course_submissions(course_key)):
            items = []
            for submission in submissions:
                _position, unit_title = units.get(submission.block_key, (None, ""))
                block = str(submission.payload.get("title") or submission.block_key.block_id)
                source = " · ".join(part for part in (unit_title, block) if part)
                items.extend((source, answer) for answer in answers_of(submission.block_type, submission.payload))
            if items:
                folder = _folder(learner.user_id, learner.username, include, used)
                title = _("Grant proposal draft: {name}").format(name=learner_name(learner, include))
                archive.writestr(f"{folder}/proposal.md", markdown(title, course, items))
                archive.writestr(f"{folder}/proposal.wiki", wikitext(course, items))
            done += 1
            if done % 100 == 0:
                progress(done)
        archive.writestr("README.txt", _(
            "Grant proposal drafts of {course}: one folder per learner, with proposal.md (Markdown) and "
            "proposal.wiki (wikitext for a proposal page on Meta). Each answer is the learner's latest "
            "submitted version, grouped by the grant-proposal section it feeds.\n").format(course=course))
    progress(done)
    return done
