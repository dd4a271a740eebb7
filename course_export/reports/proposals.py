"""Grant proposal drafts: per learner, their proposal as the proposal block (`orglab_proposal`)
assembles it from their latest submitted answers — the same assembly and the same files
(`orglab_xblocks.proposal.assembly` and `.exports`), so what staff download is what the learner
sees and downloads: proposal.md (Markdown) and proposal.wiki (a Meta project page draft), all in one
zip. A learner's own fields (title, dates, budget) and the readiness rules come from their submitted
proposal (the default rules where they have not submitted one). Written learner by learner into the
zip, so memory stays flat.
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

from .payloads import blocks_gettext
from .stream import Progress, by_learner

_UNSAFE = re.compile(r"[^\w.@+-]+", re.UNICODE)


def _folder(user_id: int, username: str, include: set[str], used: set[str]) -> str:
    name = _UNSAFE.sub("_", username).strip("._") if "username" in include and username else ""
    name = name or f"learner-{user_id}"
    if name in used:
        name = f"{name}-{user_id}"
    used.add(name)
    return name


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
        for learner, submissions in by_learner(api.latest_course_submissions(course_key)):
            proposal = assemble_submissions(submissions, units, gettext)
            if any(section["answers"] for section in proposal["sections"]):
                folder = _folder(learner.user_id, learner.username, include, used)
                archive.writestr(f"{folder}/proposal.md", exports.markdown(proposal, gettext))
                archive.writestr(f"{folder}/proposal.wiki", exports.wikitext(proposal, gettext, course=course))
            done += 1
            if done % 100 == 0:
                progress(done)
        archive.writestr("README.txt", _(
            "Grant proposal drafts of {course}: one folder per learner, with proposal.md (Markdown) and "
            "proposal.wiki (wikitext for a proposal page on Meta). Each answer is the learner's latest "
            "submitted version, grouped by the grant-proposal section it feeds.\n").format(course=course))
    progress(done)
    return done
