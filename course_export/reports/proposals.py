"""Grant proposal drafts: per learner, their proposal as the proposal block (`orglab_proposal`)
assembles it from their latest submitted answers — the same assembly and the same files
(`orglab_xblocks.proposal.assembly` and `.exports`), so what staff download is what the learner
sees and downloads: proposal.md (Markdown) and proposal.wiki (a Meta project page draft), all in one
zip. A learner's own fields (title, dates, budget) and the readiness rules come from their submitted
proposal (the default rules where they have not submitted one). Written learner by learner into the
zip, so memory stays flat.

Mentor feedback goes beside them, in a file of its own (so the two drafts stay exactly the block's
downloads): feedback.md lists the feedback given on the versions the draft is assembled from (each
block's latest submitted version), grouped by block — the grant proposal first, then the others by
unit (and by block id within a unit, as the wide answers report orders them) — each piece with its
verdict, author, date, what it is on (a field, a grant-proposal section or the whole version) and
the comment, every text escaped by `api.escape_markdown`. A
learner without such feedback has no feedback.md. The feedback is read a batch of learners at a time
(`feedback.with_feedback`).
"""
from __future__ import annotations

import re
import zipfile
from typing import BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api
from orglab_xblocks.proposal import exports
from orglab_xblocks.proposal.assembly import assemble_submissions

from .feedback import FeedbackIndex, author, verdict_label, when, with_feedback
from .payloads import PROPOSAL_SECTIONS, answers_of, block_label, blocks_gettext, section_label
from .stream import Progress, by_learner

PROPOSAL_BLOCK_TYPE = "orglab_proposal"

_UNSAFE = re.compile(r"[^\w.@+-]+", re.UNICODE)


def _folder(user_id: int, username: str, include: set[str], used: set[str]) -> str:
    name = _UNSAFE.sub("_", username).strip("._") if "username" in include and username else ""
    name = name or f"learner-{user_id}"
    if name in used:
        name = f"{name}-{user_id}"
    used.add(name)
    return name


def _on(section: str, fields: dict[str, str]) -> str:
    """What a piece of feedback is on, as feedback.md says it."""
    if not section:
        return _("the whole version")
    if section in fields:
        return fields[section]
    if section in PROPOSAL_SECTIONS:
        return section_label(section)
    return section


def feedback_markdown(learner_id: int, submissions: list, index: FeedbackIndex, units: dict) -> str:
    """feedback.md of one learner ("" when no feedback was given on these versions)."""
    text = api.escape_markdown
    groups = []
    for submission in submissions:
        given = index.on(learner_id, submission.block_key, submission.version)
        if not given.overall:  # no field ids given: everything is in `overall`, oldest first
            continue
        position = units.get(submission.block_key, (10_000, ""))[0]
        groups.append(((submission.block_type != PROPOSAL_BLOCK_TYPE, position, str(submission.block_key)),
                       submission, given.overall))
    if not groups:
        return ""
    title = _("Mentor feedback")
    intro = _("Feedback given on the versions this draft is assembled from, oldest first.")
    lines = [f"# {text(title)}", "", f"*{text(intro)}*", ""]
    for _order, submission, items in sorted(groups, key=lambda group: group[0]):
        unit, block = block_label(submission, units)
        heading = _("Grant proposal") if submission.block_type == PROPOSAL_BLOCK_TYPE else block
        where = _("{unit}, version {version}").format(unit=unit, version=submission.version) if unit \
            else _("version {version}").format(version=submission.version)
        lines += [f"## {text(heading)} ({text(where)})", ""]
        fields = {answer.field: answer.label for answer in answers_of(submission.block_type, submission.payload)}
        for item in items:
            on = _("On: {what}").format(what=_on(item.section, fields))
            lines += [f"### {text(verdict_label(item.verdict))} · {text(author(item))} · {text(when(item))}", "",
                      f"*{text(on)}*", "",
                      api.markdown_paragraphs(item.comment) or "—", ""]
    return "\n".join(lines)


def total(course_key: CourseKey) -> int:
    """The learners the report goes through: those with a submission."""
    return api.count_latest_submissions(course_key, learners=True)


def write(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
          progress: Progress) -> int:
    """The zip (`fmt` is "zip", its only format): one folder per learner, written learner by learner."""
    units = api.block_units(course_key)
    course = str(course_key)
    gettext = blocks_gettext()
    done, used = 0, set()
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        learners = with_feedback(course_key, by_learner(api.latest_course_submissions(course_key)))
        for learner, submissions, index in learners:
            proposal = assemble_submissions(submissions, units, gettext)
            feedback = feedback_markdown(learner.user_id, submissions, index, units)
            if feedback or any(section["answers"] for section in proposal["sections"]):
                folder = _folder(learner.user_id, learner.username, include, used)
                archive.writestr(f"{folder}/proposal.md", exports.markdown(proposal, gettext))
                archive.writestr(f"{folder}/proposal.wiki", exports.wikitext(proposal, gettext, course=course))
                if feedback:
                    archive.writestr(f"{folder}/feedback.md", feedback)
            done += 1
            if done % 100 == 0:
                progress(done)
        archive.writestr("README.txt", _(
            "Grant proposal drafts of {course}: one folder per learner, with proposal.md (Markdown) and "
            "proposal.wiki (wikitext for a proposal page on Meta). Each answer is the learner's latest "
            "submitted version, grouped by the grant-proposal section it feeds. Where mentors or staff "
            "gave feedback on those versions, feedback.md lists it, grouped by block.\n").format(course=course))
    progress(done)
    return done
