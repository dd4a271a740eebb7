"""The audience-needs assessment (`orglab_audience`, Unit 3): the organizer describes the
segments of their campaign's audience, answers the instrument for each, and gets a needs profile
with training recommendations that the Unit 4 worksheet shows beside its questions."""
from __future__ import annotations

from typing import Any

from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Dict, List, Scope, String
from xblock.utils.resources import ResourceLoader

from orglab_plugin import api as orglab_api

from .. import validation
from ..common import DRAFT_MESSAGES, HandlerError, OrgLabBlockMixin, attach_init, json_api
from ..feedback import feedback_panel
from ..i18n import _, local_number
from . import olx, scoring
from .default_instrument import DEFAULT_INSTRUMENT, default_text
from .instrument import (
    CONTRIBUTORS,
    GROUPS,
    KINDS,
    MAX_SEGMENTS,
    InstrumentError,
    SegmentsError,
    clean_segments,
    localized,
    validate_instrument,
)

loader = ResourceLoader("orglab_xblocks.audience")


KIND_LABELS = {
    "scale": _("Scale from 1 to 5"), "single_choice": _("Single choice"), "multiple_choice": _("Multiple choice"),
    "number": _("Number"), "short_text": _("Short text"), "long_text": _("Long text"),
}
GROUP_LABELS = {
    "profile": _("About the group"), "barrier": _("Barriers"), "motivation": _("Motivations"),
    "format": _("Preferred formats"), "expertise": _("Topic expertise"), "other": _("Other"),
}
CONTRIBUTOR_LABELS = {
    "new": _("New to Wikimedia"), "existing": _("Existing Wikimedia contributors"), "mixed": _("A mix of both"),
}

# The guided empty state: what a learner who has described no group yet is asked to do, in order.
EMPTY_STATE = {
    "empty_lead": _("You have not described any group yet. Here is how this assessment works:"),
    "empty_step_add": _("Add a segment for each group your campaign is for (up to six), for example "
                        "“rural teachers” or “first-year biology students”."),
    "empty_step_rate": _("Answer the questions about each group: how confident they are on the wikis, "
                         "what holds them back, what motivates them, how they like to learn."),
    "empty_step_profile": _("Your needs profile appears below as you answer: it shows which needs "
                            "stand out for each group."),
    "empty_step_submit": _("Your draft is saved as you type; submit when the profile looks right. The "
                           "Unit 4 worksheet then shows its recommendations."),
    "profile_empty": _("No profile yet: it appears here once you have described a group and answered "
                       "some questions about it."),
}

JS_MESSAGES = {
    **DRAFT_MESSAGES,
    "segment": _("Segment {n}"),
    "segment_name": _("Name of this group"),
    "segment_description": _("Who they are"),
    "segment_size": _("About how many people"),
    "segment_languages": _("Languages they read and write"),
    "segment_location": _("Where they are"),
    "segment_contributors": _("New or existing Wikimedia contributors?"),
    "add_segment": _("Add a segment"),
    "add_first": _("Add your first segment"),
    "remove_segment": _("Remove this segment"),
    "max_segments": _("A campaign can describe at most {n} segments."),
    "not_answered": _("Not answered"),
    "required": _("(required)"),
    "heatmap": _("Needs by segment (0 = no need, 100 = strong need)"),
    "no_score": _("no answers bear on this yet"),
    "readiness": _("Readiness: {score}"),
    "recommendations": _("What to plan for"),
    "no_top_needs": _("No pressing needs from the answers so far."),
    "choose": _("Choose…"),
    "need": _("Need"),
}


@XBlock.needs("i18n")
@XBlock.needs("user")
class AudienceBlock(OrgLabBlockMixin, XBlock):
    """Unit 3: assess the needs of the campaign's audience."""

    display_name = String(display_name=_("Title"), scope=Scope.settings, default=_("Your campaign's audience"))
    instructions = String(display_name=_("Instructions"), scope=Scope.content, default="", multiline_editor=True)
    instrument = Dict(display_name=_("Instrument"), scope=Scope.content, default={},
                      help=_("Needs, questions and weights (edited in the assessment editor)."))
    segments = List(scope=Scope.user_state, default=[], help="The learner's audience segments (draft)")

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    # ------------------------------------------------------------------ the instrument

    def current_instrument(self) -> dict[str, Any]:
        """The authored instrument, or the default one in the learner's language."""
        if self.instrument:
            # What is still the default instrument's text (stored in English from OLX, or in the
            # language Studio showed when it was reset) shows in the viewer's language.
            return localized(self.instrument, lambda text: default_text(text, self.gettext))
        return localized(DEFAULT_INSTRUMENT, self.gettext)

    def title(self) -> str:
        return self.display_name if self.fields["display_name"].is_set_on(self) else self.gettext(self.display_name)

    def _is_staff(self) -> bool:
        user = self.runtime.service(self, "user").get_current_user()
        return bool(user.opt_attrs.get("edx-platform.user_is_staff"))

    # ------------------------------------------------------------------ learner view

    def student_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-au")
        instrument = self.current_instrument()
        html = loader.render_django_template("templates/student.html", {
            "uid": uid,
            "needs_js": self.needs_js_notice(),
            **self.heading(),
            "instructions": self.instructions,
            "t": {"submit": _("Submit"), "save": _("Save draft"), "segments": _("Your audience segments"),
                  "profile": _("Needs profile"), "cohort": _("The cohort so far (staff only)"),
                  "add_segment": _("Add a segment"), "add_first": _("Add your first segment"),
                  **{key: _(text) for key, text in EMPTY_STATE.items()}},
            "segments": bool(self.segments),
            "cohort": self._cohort_for_staff(),
            "feedback": feedback_panel(self),
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/orglab.css"))
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/audience.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/audience.js"))
        attach_init(frag, "OrgLabAudience", uid, {
            "instrument": instrument,
            "segments": self.segments,
            "profile": scoring.profile(instrument, self.segments),
            "status": self.status(),
            "max_segments": MAX_SEGMENTS,
            "contributors": [[key, _(CONTRIBUTOR_LABELS[key])] for key in CONTRIBUTORS],
            "groups": {key: _(label) for key, label in GROUP_LABELS.items()},
            "messages": {key: _(text) for key, text in JS_MESSAGES.items()},
        })
        return frag

    def student_view_data(self, context=None) -> dict[str, Any]:
        return {"display_name": self.title(), "instructions": self.instructions,
                "instrument": self.current_instrument(), "max_segments": MAX_SEGMENTS}

    def _cohort_for_staff(self) -> dict[str, Any] | None:
        """The cohort summary for staff in a course; None for learners, outside a course, or where
        the site runs the blocks without the orglab plugin (no submissions to count)."""
        if not (self._is_staff() and self.usage_key()):
            return None
        try:
            return self.cohort_summary()
        except orglab_api.PluginNotInstalled:
            return None

    def cohort_summary(self) -> dict[str, Any]:
        """Counts only, no names, of the latest submissions to this block (`scoring.cohort_summary`)."""
        submissions = orglab_api.latest_submissions(block_key=self.usage_key())
        return scoring.cohort_summary(self.current_instrument(), (s.payload for s in submissions), self.gettext,
                                      number=local_number)

    # ------------------------------------------------------------------ learner handlers

    def _clean(self, data: dict[str, Any], *, submit: bool) -> list[dict[str, Any]]:
        try:
            return clean_segments(data.get("segments"), self.current_instrument(), self.gettext, submit=submit)
        except SegmentsError as error:
            raise HandlerError(
                400,
                self.gettext("Some answers need your attention before you can submit.") if submit
                else self.gettext("Some answers need your attention. Nothing was saved."),
                problems=validation.problems_json(error.problems, "segment"),
            ) from error

    @json_api
    def save_draft(self, data, suffix=""):
        """Keep the segments as a draft: `{segments, revision, client, seq}`; answers the profile."""
        if not self.save_draft_with(data, lambda: self._clean(data, submit=False),
                                    lambda segments: setattr(self, "segments", segments)):
            return {"status": self.status(), "outdated": True}
        return {"status": self.status(), "profile": scoring.profile(self.current_instrument(), self.segments)}

    @json_api
    def submit(self, data, suffix=""):
        """Check every required answer, record the segments and their profile, mark the block complete."""
        user_id, usage_key = self.require_learner_in_course()
        client, seq = self.require_current(data)
        segments = self._clean(data, submit=True)
        instrument = self.current_instrument()
        result = scoring.profile(instrument, segments)
        version = self.record_and_complete(
            usage_key, user_id, {"title": self.title(), "segments": segments, "profile": result}, client, seq,
            store=lambda: setattr(self, "segments", segments))
        return {"status": self.status(), "version": version, "profile": result}

    # ------------------------------------------------------------------ Studio

    def studio_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-aus")
        html = loader.render_django_template("templates/studio.html", {
            "uid": uid, "display_name": self.title(), "instructions": self.instructions,
            "t": {"title": _("Title"), "instructions": _("Instructions for learners"),
                  "reset": _("Reset to the default instrument"), "save": _("Save"), "cancel": _("Cancel")},
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/audience.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/audience_studio.js"))
        attach_init(frag, "OrgLabAudienceStudio", uid, {
            "display_name": self.title(),
            "instructions": self.instructions,
            "instrument": self.current_instrument(),
            "default_instrument": localized(DEFAULT_INSTRUMENT, _),
            "kinds": [[key, _(KIND_LABELS[key])] for key in KINDS],
            "groups": [[key, _(GROUP_LABELS[key])] for key in GROUPS],
            "messages": {key: _(text) for key, text in STUDIO_MESSAGES.items()},
        })
        return frag

    @json_api(xml_safe=True)  # settings are written into OLX: no character XML cannot hold
    def studio_submit(self, data, suffix=""):
        """Save the title, instructions and instrument, all or nothing."""
        _ = self.gettext
        display_name, instructions = data.get("display_name"), data.get("instructions", "")
        problems = [{"where": "", "message": message}
                    for message in (validation.title_problem(display_name, _),
                                    validation.instructions_problem(instructions, _)) if message]
        try:
            instrument = validate_instrument(data.get("instrument"), _)
        except InstrumentError as error:
            problems.extend(validation.problems_json(error.problems))
        if problems:
            raise HandlerError(400, _("The assessment was not saved: fix the problems listed."), problems=problems)
        self.display_name = display_name.strip()
        self.instructions = instructions.strip()
        self.instrument = instrument
        return {"result": "success"}

    # ------------------------------------------------------------------ OLX

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        if node.get("display_name") is not None:
            block.display_name = node.get("display_name")
        raw, instructions = olx.read_instrument(node)
        block.instructions = instructions
        if raw is not None:
            try:
                block.instrument = validate_instrument(raw, lambda text: text)
            except InstrumentError as error:
                raise ValueError(f"orglab_audience {node.get('url_name', '')}: {error}") from error
        return block

    def add_xml_to_node(self, node):
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        if self.fields["display_name"].is_set_on(self):
            node.set("display_name", self.display_name)
        olx.write_instrument(node, self.instrument or None, self.instructions)

    @staticmethod
    def workbench_scenarios():
        return [("Organizer Lab audience-needs assessment (Unit 3)",
                 '<vertical_demo><orglab_audience url_name="audience_demo"/></vertical_demo>')]


STUDIO_MESSAGES = {
    "saving": _("Saving…"), "saved": _("Saved."), "fix_errors": _("The assessment was not saved:"),
    "reset_confirm": _("Replace all needs and questions with the default instrument?"),
    "needs": _("Needs"), "need": _("Need"), "need_id": _("Need id"), "need_label": _("Name of the need"),
    "need_recommendation": _("Recommendation shown when this need is high"), "add_need": _("Add a need"),
    "remove_need": _("Remove this need"), "questions": _("Questions"), "question": _("Question"),
    "question_id": _("Question id"), "question_label": _("Question"), "question_help": _("Help text (optional)"),
    "question_kind": _("Kind"), "question_group": _("Group"), "required": _("Required"),
    "scale_low": _("Label of 1"), "scale_high": _("Label of 5"), "min_value": _("Smallest number"),
    "max_value": _("Largest number"), "choices": _("Choices"), "choice_value": _("Choice id"),
    "choice_label": _("Choice label"), "add_choice": _("Add a choice"), "remove_choice": _("Remove this choice"),
    "add_question": _("Add a question"), "remove_question": _("Remove this question"), "move_up": _("Move up"),
    "move_down": _("Move down"), "weights": _("Weights toward needs (−3 to 3; empty: none)"),
    "weight_toward": _("Weight toward “{need}”"), "new_need": _("New need"), "new_question": _("New question"),
    "new_choice": _("New choice"),
}
