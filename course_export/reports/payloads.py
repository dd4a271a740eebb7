"""A submission's answers as (field, label, grant-proposal section, text) rows, whatever block made it.

The reading itself has one home, the proposal's pure assembly module
(`orglab_xblocks.proposal.assembly.answers_of`), which the learner's proposal block uses too; this
module gives it the request's language and keeps the names the reports import. Reports read
payloads only; they never import the blocks (only their pure modules: the worksheet's schema for the
list of proposal sections, the proposal's assembly).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from orglab_xblocks.i18n import translator
from orglab_xblocks.proposal.assembly import MAX_TEXT, Answer
from orglab_xblocks.proposal.assembly import answers_of as _answers_of

# The grant-proposal sections answers feed, in the order a proposal presents them, with their
# (untranslated) labels: the worksheet's own vocabulary, a field's `proposal_section`.
from orglab_xblocks.worksheet.schema import PROPOSAL_SECTIONS

__all__ = ["MAX_TEXT", "PROPOSAL_SECTIONS", "Answer", "answers_of", "block_label", "blocks_gettext",
           "section_label"]


def blocks_gettext():
    """The blocks' gettext in the request's language (their catalogue names the sections and the
    answers' labels)."""
    return translator(get_language())


def section_label(section: str) -> str:
    """The label of a grant-proposal section in the request's language, from the blocks' catalogue
    (the worksheet's schema names the sections; its catalogue translates them)."""
    return blocks_gettext()(PROPOSAL_SECTIONS[section])


def answers_of(block_type: str, payload: dict[str, Any]) -> Iterator[Answer]:
    """The answers a submission holds, in the form's order, in the request's language."""
    return _answers_of(block_type, payload, blocks_gettext())


def block_label(submission, units: dict) -> tuple[str, str]:
    """(unit, block) naming a submission's block in a report: the unit's title (or "Unit 3") from
    the outline (`api.block_units`), the block's title from its payload (or its id)."""
    position, title = units.get(submission.block_key, (None, ""))
    unit = (title or _("Unit {n}").format(n=position)) if position is not None else ""
    block = str(submission.payload.get("title") or submission.block_key.block_id) \
        if isinstance(submission.payload, dict) else submission.block_key.block_id
    return unit, block
