"""The campaign-design worksheet (`orglab_worksheet`): sections of questions a learner fills
in, saves as a draft, submits as a versioned submission, and may revise and resubmit."""
from __future__ import annotations

from typing import Any

from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Dict, List, Scope, String
from xblock.utils.resources import ResourceLoader

from .. import validation
from ..audience.default_instrument import default_text
from ..common import DRAFT_MESSAGES, HandlerError, OrgLabBlockMixin, attach_init, json_api
from ..feedback import feedback_panel
from ..i18n import _, long_date
from . import audience_link, olx, schema
from .presets import (
    PRESET_ORDER,
    PRESETS,
    localized_preset,
    localized_sections,
    preset_choices,
    preset_english,
    preset_text,
    unlocalized_sections,
)

loader = ResourceLoader("orglab_xblocks.worksheet")


# Strings the browser shows, translated on the server and handed to the JavaScript.
JS_MESSAGES = {
    **DRAFT_MESSAGES,
    "add_item": _("Add an item"),
    "remove": _("Remove"),
    "remove_item": _("Remove item {n}"),
    "item_label": _("Item {n} of “{label}”"),
    "chars_left": _("Characters left: {n}"),
    "words": _("Words: {n}"),
    "min_words": _("Words: {n} (at least {min})"),
    "list_full": _("This list is full."),
}

# Strings of the learner's HTML, translated on the server.
TEMPLATE_STRINGS = {
    "required": _("(required)"),
    "remove": _("Remove"),
    "add_item": _("Add an item"),
    "feeds": _("Feeds the proposal section:"),
    "save_draft": _("Save draft"),
    "submit": _("Submit"),
}

STUDIO_STRINGS = {
    "audience_block": _("Show the audience profile from"),
    "no_audience": _("No audience profile"),
    "audience_help": _("Learners see their latest submitted needs profile from this assessment beside the "
                       "questions (useful in Unit 4)."),
    "title": _("Title"),
    "instructions": _("Instructions for learners"),
    "preset": _("Organizer Lab preset"),
    "no_preset": _("None (write your own)"),
    "apply_preset": _("Apply preset"),
    "preset_help": _("Applying a preset replaces the title, instructions and fields; you can then edit them."),
    "save": _("Save"),
    "cancel": _("Cancel"),
}

STUDIO_MESSAGES = {
    "saving": _("Saving…"),
    "saved": _("Saved."),
    "fix_errors": _("The worksheet was not saved:"),
    "apply_preset_confirm": _("Replace the title, instructions and all fields with this preset?"),
    "section": _("Section"),
    "section_id": _("Section id"),
    "section_title": _("Section title"),
    "section_intro": _("Introduction (optional)"),
    "add_section": _("Add a section"),
    "remove_section": _("Remove this section"),
    "add_field": _("Add a field"),
    "remove_field": _("Remove this field"),
    "move_up": _("Move up"),
    "move_down": _("Move down"),
    "field": _("Field"),
    "field_id": _("Field id"),
    "field_label": _("Question or label"),
    "field_help": _("Help text (optional)"),
    "field_kind": _("Kind"),
    "field_required": _("Required"),
    "field_section": _("Grant-proposal section it feeds"),
    "max_chars": _("Maximum characters"),
    "min_words": _("Minimum words"),
    "min_items": _("Minimum items"),
    "max_items": _("Maximum items"),
    "min_value": _("Smallest number"),
    "max_value": _("Largest number"),
    "choices": _("Choices, one per line as value|label"),
    "new_field": _("New question"),
    "new_section": _("New section"),
}


@XBlock.needs("i18n")
@XBlock.needs("user")
class WorksheetBlock(OrgLabBlockMixin, XBlock):
    """A campaign-design worksheet for one unit of the Organizer Lab."""

    display_name = String(
        display_name=_("Title"), scope=Scope.settings, default=_("Campaign worksheet"),
        help=_("The worksheet's title, shown to learners."),
    )
    instructions = String(
        display_name=_("Instructions"), scope=Scope.content, default="", multiline_editor=True,
        help=_("Shown above the questions."),
    )
    preset = String(
        display_name=_("Preset"), scope=Scope.settings, default="",
        help=_("The Organizer Lab preset this worksheet started from."),
    )
    sections = List(
        display_name=_("Sections"), scope=Scope.content, default=[],
        help=_("The worksheet's sections and fields (edited in the worksheet editor)."),
    )
    audience_block = String(
        display_name=_("Show the audience profile from"), scope=Scope.settings, default="",
        help=_("The usage key of an audience-needs assessment (orglab_audience) of this course; its "
               "profile and recommendations are shown beside the questions."),
    )
    draft_answers = Dict(scope=Scope.user_state, default={}, help="The learner's saved draft")

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    # ------------------------------------------------------------------ configuration

    def config(self) -> dict[str, Any]:
        """The worksheet's sections, or a one-question worksheet if none are authored yet."""
        if self.sections:
            return {"sections": localized_sections(self.sections, self.preset, self.gettext)}
        default = schema.default_config()
        for section in default["sections"]:
            section["title"] = self.gettext(section["title"])
            for field in section["fields"]:
                field["label"] = self.gettext(field["label"])
        return default

    def title(self) -> str:
        """The display name, translated while it is still the default one."""
        if self.fields["display_name"].is_set_on(self):
            return preset_text(("title",), self.display_name, self.preset, self.gettext)
        return self.gettext(self.display_name)

    def shown_instructions(self) -> str:
        """The instructions, in the viewer's language while they are still a preset's."""
        return preset_text(("instructions",), self.instructions, self.preset, self.gettext)

    def localized_presets(self) -> dict[str, dict[str, Any]]:
        return {preset_id: localized_preset(preset_id, self.gettext) for preset_id in PRESET_ORDER}

    # ------------------------------------------------------------------ learner view

    def student_view(self, context=None):
        _ = self.gettext
        config = self.config()
        answers = self._answers_for(config)
        uid = self.html_id("orglab-ws")
        sections = [
            {**section, "fields": [self._field_context(field, answers, uid) for field in section["fields"]]}
            for section in config["sections"]
        ]
        status = self.status()
        html = loader.render_django_template(
            "templates/student.html",
            {
                "uid": uid,
                "needs_js": self.needs_js_notice(),
                **self.heading(),
                "instructions": self.shown_instructions(),
                "sections": sections,
                "status": status,
                "status_text": self._status_text(status),
                "t": {key: _(text) for key, text in TEMPLATE_STRINGS.items()},
                "audience": self._audience_context(),
                "feedback": feedback_panel(self, {field["id"]: field["label"] for section in sections
                                                  for field in section["fields"]}.get),
            },
        )
        frag = Fragment(html)
        # Files by URL, not inline: browsers cache them, so a slow connection pays for them once.
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/orglab.css"))
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/worksheet.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/worksheet.js"))
        attach_init(frag, "OrgLabWorksheet", uid, {
            "revision": self.draft_revision,
            "status": status,
            "fields": [{"id": f["id"], "kind": f["kind"], "label": f["label"], "max_chars": f["max_chars"],
                        "min_words": f["min_words"], "max_items": f["max_items"]}
                       for f in schema.iter_fields(config)],
            "messages": {key: _(text) for key, text in JS_MESSAGES.items()},
        })
        return frag

    def _audience_context(self) -> dict[str, Any] | None:
        """What the learner sees of their Unit 3 profile, if this worksheet shows one."""
        _ = self.gettext
        course_key, user_id = self.course_key(), self.current_user_id()
        try:
            audience_key = audience_link.parse_audience_key(self.audience_block, course_key)
        except ValueError:
            return None
        if audience_key is None or user_id is None:
            return None
        found = audience_link.profile_for(user_id, audience_key)
        context: dict[str, Any] = {
            "heading": _("Your audience, from your needs assessment"),
            "link": audience_link.jump_url(course_key, audience_key),
        }
        if found is None:
            context["missing"] = _("Complete the audience-needs assessment first: its recommendations will "
                                   "appear here.")
            context["link_text"] = _("Go to the assessment (Unit 3)")
            return context
        needs = {need["id"]: default_text(need["label"], _) for need in found["profile"].get("needs", [])}
        context["submitted"] = _("Submitted on {date}.").format(date=long_date(found["submitted"]))
        context["link_text"] = _("See or change the assessment (Unit 3)")
        context["segments"] = [
            {"name": segment.get("name") or _("Segment {n}").format(n=index),
             "needs": [{"label": needs.get(top["need"], top["need"]), "score": round(top["score"]),
                        "recommendation": default_text(top["recommendation"], _)}
                       for top in segment.get("top_needs", [])]}
            for index, segment in enumerate(found["profile"].get("segments", []), start=1)
        ]
        context["no_needs"] = _("No pressing needs from the answers so far.")
        return context

    def _answers_for(self, config: dict[str, Any]) -> dict[str, Any]:
        """The stored draft, keeping only answers to fields the worksheet still has."""
        return schema.answers_for(config, self.draft_answers)

    def _field_context(self, field: dict[str, Any], answers: dict[str, Any], uid: str) -> dict[str, Any]:
        value = answers.get(field["id"])
        context = dict(field)
        context["html_id"] = f"{uid}-{field['id']}"
        context["value"] = "" if value is None else value
        context["proposal_section_label"] = self.gettext(schema.PROPOSAL_SECTIONS[field["proposal_section"]])
        if field["kind"] in schema.CHOICE_KINDS:
            chosen = set(value) if isinstance(value, list) else {value}
            context["choices"] = [{**choice, "checked": choice["value"] in chosen} for choice in field["choices"]]
        if field["kind"] == "list":
            items = value if isinstance(value, list) else []
            context["items"] = [
                {"value": item, "label": self.gettext(JS_MESSAGES["item_label"]).format(n=n, label=field["label"]),
                 "remove_label": self.gettext(JS_MESSAGES["remove_item"]).format(n=n)}
                for n, item in enumerate(items, start=1)
            ]
        return context

    def _status_text(self, status: dict[str, Any]) -> str:
        _ = self.gettext
        date = long_date(status["submitted_at"])
        return {
            "empty": _(JS_MESSAGES["status_empty"]),
            "draft": _(JS_MESSAGES["status_draft"]),
            "submitted": _(JS_MESSAGES["status_submitted"]).format(date=date),
            "changed": _(JS_MESSAGES["status_changed"]).format(date=date),
        }[status["state"]]

    def student_view_data(self, context=None) -> dict[str, Any]:
        """The worksheet for mobile apps and APIs (the learner's work comes from the handlers)."""
        return {
            "display_name": self.title(),
            "instructions": self.shown_instructions(),
            "preset": self.preset,
            "audience_block": self.audience_block,
            "sections": self.config()["sections"],
            "proposal_sections": {key: self.gettext(label) for key, label in schema.PROPOSAL_SECTIONS.items()},
        }

    # ------------------------------------------------------------------ learner handlers

    @json_api
    def load_draft(self, data, suffix=""):
        """The learner's draft and its status, for apps that do not render the HTML view."""
        self.require_learner_in_course()
        return {"answers": self._answers_for(self.config()), "status": self.status()}

    @json_api
    def save_draft(self, data, suffix=""):
        """Keep the learner's answers as a draft: `{answers, revision, client, seq}`."""
        if not self.save_draft_with(data, lambda: self._clean(data, submit=False),
                                    lambda answers: setattr(self, "draft_answers", answers)):
            return {"status": self.status(), "outdated": True}
        return {"status": self.status()}

    @json_api
    def submit(self, data, suffix=""):
        """Validate the answers, record them as a new submitted version and mark the block complete."""
        user_id, usage_key = self.require_learner_in_course()
        client, seq = self.require_current(data)
        answers = self._clean(data, submit=True)
        version = self.record_and_complete(usage_key, user_id, self._payload(self.config(), answers), client, seq,
                                           store=lambda: setattr(self, "draft_answers", answers))
        return {"status": self.status(), "version": version}

    def _clean(self, data: dict[str, Any], *, submit: bool) -> dict[str, Any]:
        try:
            return schema.clean_answers(self.config(), data.get("answers"), self.gettext, submit=submit)
        except schema.AnswersError as error:
            raise HandlerError(
                400,
                self.gettext("Some answers need your attention. Nothing was saved.") if not submit
                else self.gettext("Some answers need your attention before you can submit."),
                problems=validation.problems_json(error.problems, "field"),
            ) from error

    def _payload(self, config: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
        """What a submission keeps (`schema.submission_payload`)."""
        return schema.submission_payload(config, answers, title=self.title(), preset=self.preset)

    # ------------------------------------------------------------------ Studio

    def studio_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-st")
        html = loader.render_django_template(
            "templates/studio.html",
            {
                "uid": uid,
                "t": {key: _(text) for key, text in STUDIO_STRINGS.items()},
                "display_name": self.title(),
                "instructions": self.shown_instructions(),
                "preset": self.preset,
                "presets": preset_choices(_),
                "audience_block": self.audience_block,
                "audience_blocks": self._audience_choices(),
            },
        )
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/worksheet.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/worksheet_studio.js"))
        attach_init(frag, "OrgLabWorksheetStudio", uid, {
            "config": self.config(),
            "presets": self.localized_presets(),
            "kinds": [[key, _(label)] for key, label in schema.KINDS.items()],
            "proposal_sections": [[key, _(label)] for key, label in schema.PROPOSAL_SECTIONS.items()],
            "limits": {kind: list(bounds) for kind, bounds in schema.MAX_CHARS.items()},
            "messages": {key: _(text) for key, text in STUDIO_MESSAGES.items()},
        })
        return frag

    def _audience_choices(self) -> list[tuple[str, str]]:
        choices = audience_link.course_audience_blocks(self)
        if self.audience_block and self.audience_block not in {key for key, _title in choices}:
            choices.append((self.audience_block, self.audience_block))
        return choices

    @json_api(xml_safe=True)  # settings are written into OLX: no character XML cannot hold
    def studio_submit(self, data, suffix=""):
        """Save the whole configuration, or nothing: `{display_name, instructions, preset, sections}`."""
        _ = self.gettext
        problems: list[dict[str, str]] = []
        display_name = data.get("display_name")
        instructions = data.get("instructions", "")
        preset = data.get("preset", "") or ""
        if not isinstance(display_name, str) or not display_name.strip():
            problems.append({"field": "", "message": _("The worksheet needs a title.")})
        elif len(display_name.strip()) > schema.MAX_TITLE:
            problems.append({"field": "", "message": _("The title is longer than {n} characters.").format(
                n=schema.MAX_TITLE)})
        if not isinstance(instructions, str) or len(instructions) > schema.MAX_INSTRUCTIONS:
            problems.append({"field": "", "message": _("The instructions must be text of at most {n} characters.")
                            .format(n=schema.MAX_INSTRUCTIONS)})
        if not isinstance(preset, str) or (preset and preset not in PRESETS):
            problems.append({"field": "", "message": _("“{preset}” is not a preset.").format(preset=str(preset)[:50])})
        audience_block = data.get("audience_block", "") or ""
        try:
            audience_link.parse_audience_key(audience_block, self.course_key())
        except ValueError:
            problems.append({"field": "", "message": _("“{value}” is not an audience-needs assessment of this "
                                                       "course.").format(value=str(audience_block)[:120])})
        try:
            config = schema.validate_config(
                {"sections": unlocalized_sections(data.get("sections"), preset if isinstance(preset, str) else "", _)}, _)
        except schema.ConfigError as error:
            problems.extend(validation.problems_json(error.problems, "field"))
        if problems:
            raise HandlerError(400, _("The worksheet was not saved: fix the problems listed."), problems=problems)
        # A preset's text shown translated and saved unchanged stays the preset's (English) text.
        self.display_name = preset_english(("title",), display_name.strip(), preset, _)
        self.instructions = preset_english(("instructions",), instructions.strip(), preset, _)
        self.preset = preset
        self.sections = config["sections"]
        self.audience_block = audience_block
        return {"result": "success"}

    # ------------------------------------------------------------------ OLX

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        for name in ("display_name", "preset", "audience_block"):
            if node.get(name) is not None:
                setattr(block, name, node.get(name))
        try:
            audience_link.parse_audience_key(block.audience_block, None)
        except ValueError as error:
            raise ValueError(f"orglab_worksheet {node.get('url_name', '')}: audience_block "
                             f"\"{block.audience_block}\" is {error}.") from error
        raw, instructions = olx.read_config(node)
        block.instructions = instructions
        if raw["sections"]:
            try:
                block.sections = schema.validate_config(raw, lambda text: text)["sections"]
            except schema.ConfigError as error:
                raise ValueError(f"orglab_worksheet {node.get('url_name', '')}: {error}") from error
        elif node.get("preset"):
            if node.get("preset") not in PRESETS:
                raise ValueError(f"orglab_worksheet {node.get('url_name', '')}: there is no preset "
                                 f"\"{node.get('preset')}\" (presets: {', '.join(PRESET_ORDER)}).")
            preset = localized_preset(node.get("preset"), lambda text: text)
            block.sections = preset["sections"]
            if not instructions:
                block.instructions = preset["instructions"]
            if node.get("display_name") is None:
                block.display_name = preset["title"]
        return block

    def add_xml_to_node(self, node):
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for name in ("display_name", "preset", "audience_block"):
            if self.fields[name].is_set_on(self) and getattr(self, name):
                node.set(name, getattr(self, name))
        olx.write_config(node, {"sections": self.sections}, self.instructions)

    # ------------------------------------------------------------------ workbench

    @staticmethod
    def workbench_scenarios():
        """One scenario per Organizer Lab preset."""
        scenarios = []
        for preset_id in PRESET_ORDER:
            title = PRESETS[preset_id]["title"]
            scenarios.append((
                f"Organizer Lab worksheet: {title}",
                f'<vertical_demo><orglab_worksheet url_name="preset_{preset_id}" preset="{preset_id}"/>'
                "</vertical_demo>",
            ))
        return scenarios

