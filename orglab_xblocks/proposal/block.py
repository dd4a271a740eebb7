"""The learner's grant proposal (`orglab_proposal`): their latest submitted answers from every unit,
assembled into the Rapid Fund proposal's sections (`assembly`), each with where it came from (a link
back to its unit) and its readiness under the course's rules (`rules`); what no unit asks (title,
dates, budget lines) added here (`own`), as a draft that is submitted like the other blocks' work;
downloads for the grant application (`exports`); and the learner's grant-fund eligibility."""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Dict, Scope, String
from xblock.utils.resources import ResourceLoader

from .. import validation
from ..common import DRAFT_MESSAGES, HandlerError, OrgLabBlockMixin, attach_init, json_api
from ..feedback import feedback_panel
from ..i18n import _, long_date
from ..worksheet.schema import PROPOSAL_SECTIONS
from . import assembly, exports, olx
from . import own as own_module
from . import rules as rules_module

loader = ResourceLoader("orglab_xblocks.proposal")
log = logging.getLogger(__name__)

MAX_APPLICATION_URL = 2000

JS_MESSAGES = {
    **DRAFT_MESSAGES,
    "remove_line": _("Remove budget line {n}"),
    "line": _("Budget line {n}"),
    "summary": _("{ready} sections ready, {thin} thin, {missing} missing"),
    "copied": _("Copied."),
}

TEMPLATE_STRINGS = {
    "summary_heading": _("Where your proposal stands"),
    "sections_heading": _("Your proposal, section by section"),
    "own_heading": _("What the units do not ask"),
    "own_help": _("Add the title, the dates and the budget here. Write in any language."),
    "title": _("Title of the proposal"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "budget": _("Budget lines"),
    "budget_help": _("One line per cost: what it is, the amount in your local currency, the currency's three-letter "
                     "code (such as ARS, EUR, INR) and the amount in US dollars. Rapid Funds give 500 to 5,000 USD."),
    "item": _("Item"),
    "amount": _("Amount"),
    "currency": _("Currency"),
    "usd": _("Amount in USD"),
    "add_line": _("Add a budget line"),
    "remove": _("Remove"),
    "totals": _("Totals"),
    "save_draft": _("Save draft"),
    "submit": _("Submit"),
    "from": _("From:"),
    "go_back": _("Go to this answer in its unit"),
    "nothing": _("Nothing yet: answer the questions that feed this section in the units."),
    "asks": _("This section asks for:"),
    "why_thin": _("What is missing:"),
    "paste": _("Text to paste into the application form"),
    "downloads_heading": _("Take your proposal to the grant application"),
    "downloads_help": _("Downloads are made from what you see here; nothing is sent anywhere."),
    "download_wikitext": _("Wikitext for a project page on Meta"),
    "download_markdown": _("Markdown"),
    "download_html": _("Printable page (HTML)"),
    "download_pdf": _("PDF"),
    "download_text": _("Plain text, section by section"),
    "eligibility_heading": _("The grant fund"),
    "eligible": _("You are eligible to apply to the grant fund."),
    "apply": _("Apply to the grant fund"),
    "no_link": _("Your course team will tell you where to apply."),
    "not_eligible": _("You are not eligible to apply yet:"),
    "no_status": _("Your eligibility for the grant fund is not known yet."),
    "sign_in": _("Sign in to see your proposal."),
}

STUDIO_STRINGS = {
    "title": _("Title"),
    "instructions": _("Instructions for learners"),
    "application_url": _("Grant application link (https://…)"),
    "application_help": _("Shown to learners who are eligible for the grant fund."),
    "rules": _("Readiness rules"),
    "rules_help": _("A section is ready when it meets every check of its row; thin when it misses one; missing when "
                    "nothing feeds it. Leave a box empty for no check."),
    "section": _("Section"),
    "min_words": _("Minimum words"),
    "min_answers": _("Minimum answers"),
    "needs_number": _("A number"),
    "needs_link": _("A link"),
    "needs_amount_currency": _("Amount and currency"),
    "tools": _("Names a tool (comma-separated)"),
    "save": _("Save"),
    "cancel": _("Cancel"),
}

STUDIO_MESSAGES = {
    "saving": _("Saving…"),
    "saved": _("Saved."),
    "fix_errors": _("The proposal's settings were not saved:"),
}


def application_url_problem(value: Any, gettext) -> str | None:
    """Why `value` cannot be the grant application's link (an https address), or None ("" is none)."""
    _ = gettext
    if value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_APPLICATION_URL or any(char.isspace() for char in value):
        return _("The application link must be a web address starting with https://.")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host, parts = None, None
    if parts is None or parts.scheme != "https" or not host:
        return _("The application link must be a web address starting with https://.")
    return None


@XBlock.needs("i18n")
@XBlock.needs("user")
class ProposalBlock(OrgLabBlockMixin, XBlock):
    """The learner's grant proposal, assembled from the units of the Organizer Lab."""

    display_name = String(
        display_name=_("Title"), scope=Scope.settings, default=_("Your grant proposal"),
        help=_("The block's title, shown to learners."),
    )
    instructions = String(
        display_name=_("Instructions"), scope=Scope.content, default="", multiline_editor=True,
        help=_("Shown above the proposal."),
    )
    application_url = String(
        display_name=_("Grant application link"), scope=Scope.settings, default="",
        help=_("Where eligible learners apply to the grant fund (an https address)."),
    )
    rules = Dict(
        display_name=_("Readiness rules"), scope=Scope.content, default={},
        help=_("Per proposal section, what makes it ready (edited in the proposal's editor)."),
    )
    draft_own = Dict(scope=Scope.user_state, default={}, help="The learner's title, dates and budget lines")

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    # ------------------------------------------------------------------ configuration

    def title(self) -> str:
        return self.display_name if self.fields["display_name"].is_set_on(self) else self.gettext(self.display_name)

    def current_rules(self) -> dict[str, dict[str, Any]]:
        return rules_module.effective_rules(self.rules)

    def current_own(self) -> dict[str, Any]:
        return own_module.read(self.draft_own)

    # ------------------------------------------------------------------ the learner's proposal

    def _submissions(self, user_id: int | None) -> tuple[list[Any], dict[Any, tuple[int, str]]]:
        """The learner's latest submitted version of each block of the course, and the course's units
        (two queries, whatever the number of units, blocks and versions)."""
        from orglab_plugin import api as orglab_api

        course_key = self.course_key()
        if user_id is None or course_key is None:
            return [], {}
        try:
            latest: dict[str, Any] = {}
            for submission in orglab_api.course_submissions(course_key=course_key, user=user_id):
                key = str(submission.block_key)
                if key not in latest or submission.version > latest[key].version:
                    latest[key] = submission
            units = orglab_api.block_units(course_key)
        except orglab_api.PluginNotInstalled:
            return [], {}
        return list(latest.values()), units

    def proposal(self, own: dict[str, Any] | None = None) -> dict[str, Any]:
        """The learner's proposal as they see it now: their latest submitted answers, their draft's own
        fields (or `own`), this course's rules; each answer with the link back to its unit."""
        submissions, units = self._submissions(self.current_user_id())
        result = assembly.assemble_submissions(
            submissions, units, self.gettext, own=self.current_own() if own is None else own,
            rules=self.current_rules(), proposal_key=self.usage_key())
        course_key = self.course_key()
        for section in result["sections"]:
            for answer in section["answers"]:
                answer["link"] = assembly.jump_to_url(course_key, answer["block_key"]) \
                    if course_key is not None and answer["block_key"] else ""
        return result

    def _readiness(self, proposal: dict[str, Any]) -> dict[str, Any]:
        """What the script updates after a save: the summary and each section's readiness."""
        _ = self.gettext
        return {
            "summary": proposal["summary"],
            "sections": [{"id": s["id"], "state": s["readiness"]["state"] if s["readiness"] else "",
                          "label": _(rules_module.STATE_LABELS[s["readiness"]["state"]]) if s["readiness"] else "",
                          "reasons": s["readiness"]["reasons"] if s["readiness"] else []}
                         for s in proposal["sections"]],
            "totals": self._totals_lines(proposal),
        }

    def _totals_lines(self, proposal: dict[str, Any]) -> list[str]:
        budget = next((s for s in proposal["sections"] if s["id"] == "budget"), None)
        total = next((a for a in (budget or {}).get("answers", []) if a["field"] == "budget_total"
                      and a["block_type"] == assembly.BLOCK_TYPE), None)
        return total["text"].split("\n") if total else []

    def _eligibility(self) -> dict[str, Any] | None:
        """The learner's grant-fund eligibility from the plugin, with the application link or the
        policy's reasons; None where it cannot be known (no plugin, no learner)."""
        from django.contrib.auth import get_user_model

        from orglab_plugin import api as orglab_api

        user_id, course_key = self.current_user_id(), self.course_key()
        if user_id is None or course_key is None:
            return None
        try:
            user = get_user_model().objects.filter(pk=user_id).first()
            if user is None:
                return None
            status = orglab_api.learner_status(course_key, user)
        except orglab_api.PluginNotInstalled:
            return None
        except Exception:  # noqa: BLE001 - the proposal is shown even when the standing cannot be read
            log.exception("orglab: could not read the grant-fund eligibility of user %s in %s", user_id, course_key)
            return None
        eligibility = status.get("eligibility")
        eligible = bool(eligibility) and eligibility.get("status") == "eligible"
        return {
            "eligible": eligible,
            "known": eligibility is not None,
            "url": self.application_url if eligible else "",
            "reasons": [] if eligible else [r["detail"] for r in status["requirements"]["eligibility"] if not r["met"]],
        }

    # ------------------------------------------------------------------ learner view

    def student_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-pr")
        signed_in = self.current_user_id() is not None
        proposal = self.proposal()
        own = proposal["own"]
        status = self.status()
        download_url = self.runtime.handler_url(self, "download")
        sections = []
        for section in proposal["sections"]:
            readiness = section["readiness"]
            sections.append({
                **section,
                "html_id": f"{uid}-{section['id']}",
                "state": readiness["state"] if readiness else "",
                "state_label": _(rules_module.STATE_LABELS[readiness["state"]]) if readiness else "",
                "reasons": readiness["reasons"] if readiness else [],
                "paste": exports.section_text(section),
            })
        html = loader.render_django_template("templates/student.html", {
            "uid": uid,
            "signed_in": signed_in,
            "needs_js": self.needs_js_notice(),
            **self.heading(),
            "instructions": self.instructions,
            "status": status,
            "feedback": feedback_panel(self, {section["id"]: section["label"] for section in sections}.get),
            "status_text": self._status_text(status),
            "summary": proposal["summary"],
            "summary_text": exports.summary_text(proposal, _),
            "sections": sections,
            "own": own,
            "budget_lines": own["budget"] or [own_module.empty_line()],
            "totals": self._totals_lines(proposal),
            "eligibility": self._eligibility() if signed_in else None,
            "downloads": [(fmt, f"{download_url}?format={fmt}", _(TEMPLATE_STRINGS[f"download_{fmt}"]))
                          for fmt in exports.FORMATS],
            "t": {key: _(text) for key, text in TEMPLATE_STRINGS.items()},
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/orglab.css"))
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/proposal.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/proposal.js"))
        attach_init(frag, "OrgLabProposal", uid, {
            "revision": self.draft_revision,
            "status": status,
            "messages": {key: _(text) for key, text in JS_MESSAGES.items()},
        })
        return frag

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
        """The block's settings for mobile apps and APIs (the learner's proposal comes from the handlers)."""
        return {
            "display_name": self.title(),
            "instructions": self.instructions,
            "application_url": self.application_url,
            "rules": self.current_rules(),
            "proposal_sections": {key: self.gettext(label) for key, label in PROPOSAL_SECTIONS.items()},
        }

    # ------------------------------------------------------------------ learner handlers

    def _clean(self, data: dict[str, Any], *, submit: bool) -> dict[str, Any]:
        try:
            return own_module.clean(data.get("own"), self.gettext, submit=submit)
        except own_module.OwnError as error:
            raise HandlerError(
                400,
                self.gettext("Some answers need your attention before you can submit.") if submit
                else self.gettext("Some answers need your attention. Nothing was saved."),
                problems=validation.problems_json(error.problems, "field"),
            ) from error

    @json_api
    def save_draft(self, data, suffix=""):
        """Keep the learner's title, dates and budget lines as a draft: `{own, revision, client, seq}`.
        Answers with the proposal's readiness as it now stands."""
        if not self.save_draft_with(data, lambda: self._clean(data, submit=False),
                                    lambda own: setattr(self, "draft_own", own)):
            return {"status": self.status(), "outdated": True}
        return {"status": self.status(), **self._readiness(self.proposal())}

    @json_api
    def submit(self, data, suffix=""):
        """Check the learner's own fields, record the proposal as a new submitted version (with the rules
        it was judged by) and mark the block complete."""
        user_id, usage_key = self.require_learner_in_course()
        client, seq = self.require_current(data)
        own = self._clean(data, submit=True)
        proposal = self.proposal(own)
        payload = assembly.payload(title=self.title(), own=own, rules=self.current_rules(),
                                   summary=proposal["summary"],
                                   sections=[{"id": section["id"], "title": section["label"],
                                              "text": exports.section_text(section)}
                                             for section in proposal["sections"]])
        version = self.record_and_complete(usage_key, user_id, payload, client, seq,
                                           store=lambda: setattr(self, "draft_own", own))
        return {"status": self.status(), "version": version, **self._readiness(proposal)}

    @XBlock.handler
    def download(self, request, suffix=""):
        """The learner's proposal as a file: `?format=wikitext|markdown|html|pdf|text` (GET)."""
        _ = self.gettext
        try:
            if request.method not in ("GET", "HEAD"):
                raise HandlerError(405, _("Download this file with GET."))
            try:
                fmt = request.GET.get("format", "")
            except UnicodeDecodeError as error:
                raise HandlerError(400, _("The address of this download could not be read. Reload the page and "
                                          "try again.")) from error
            if fmt not in exports.FORMATS:
                raise HandlerError(400, _("Download as wikitext, markdown, html, pdf or text."))
            self.require_learner_in_course()
            body = self._export(fmt)
        except HandlerError as error:
            return error.response()
        extension, content_type = exports.FORMATS[fmt]
        response = Response(body=body if isinstance(body, bytes) else body.encode("utf-8"), content_type=None)
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = f'attachment; filename="grant-proposal.{extension}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        if fmt == "html":
            # A page made of the learner's text: nothing in it may run or load.
            response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        return response

    def _export(self, fmt: str) -> str | bytes:
        from django.utils.translation import get_language, get_language_bidi

        from orglab_plugin import api as orglab_api

        _ = self.gettext
        proposal = self.proposal()
        if fmt == "wikitext":
            return exports.wikitext(proposal, _, course=str(self.course_key() or ""))
        if fmt == "markdown":
            return exports.markdown(proposal, _)
        if fmt == "html":
            return exports.html_page(proposal, _, language=get_language() or "en",
                                     direction="rtl" if get_language_bidi() else "ltr")
        if fmt == "pdf":
            try:
                return exports.pdf(proposal, _, language=get_language() or "en")
            except orglab_api.PluginNotInstalled as error:
                raise HandlerError(503, _("The PDF needs the orglab plugin installed on this site."),
                                   reason="no_plugin") from error
        return exports.plain_text(proposal, _)

    # ------------------------------------------------------------------ Studio

    def studio_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-prs")
        current = self.current_rules()
        rows = [{"id": section, "label": _(PROPOSAL_SECTIONS[section]), **current[section],
                 "tools_text": ", ".join(current[section]["tools"])} for section in rules_module.RULED_SECTIONS]
        html = loader.render_django_template("templates/studio.html", {
            "uid": uid, "display_name": self.title(), "instructions": self.instructions,
            "application_url": self.application_url, "rows": rows,
            "t": {key: _(text) for key, text in STUDIO_STRINGS.items()},
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/proposal.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/proposal_studio.js"))
        attach_init(frag, "OrgLabProposalStudio", uid, {
            "messages": {key: _(text) for key, text in STUDIO_MESSAGES.items()},
        })
        return frag

    @json_api(xml_safe=True)  # settings are written into OLX: no character XML cannot hold
    def studio_submit(self, data, suffix=""):
        """Save the settings, all or nothing: `{display_name, instructions, application_url, rules}`."""
        _ = self.gettext
        problems: list[dict[str, str]] = []
        display_name = data.get("display_name")
        instructions = data.get("instructions", "")
        application_url = data.get("application_url", "") or ""
        for problem in (validation.title_problem(display_name, _), validation.instructions_problem(instructions, _),
                        application_url_problem(application_url, _)):
            if problem:
                problems.append({"field": "", "message": problem})
        try:
            rules = rules_module.validate_rules(data.get("rules", {}), _)
        except rules_module.RulesError as error:
            problems.extend(validation.problems_json(error.problems, "field"))
        if problems:
            raise HandlerError(400, _("The proposal's settings were not saved: fix the problems listed."),
                               problems=problems)
        self.display_name = display_name.strip()
        self.instructions = instructions.strip()
        self.application_url = application_url
        self.rules = rules
        return {"result": "success"}

    # ------------------------------------------------------------------ OLX

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        name = node.get("url_name", "")
        for attr in ("display_name", "application_url"):
            if node.get(attr) is not None:
                setattr(block, attr, node.get(attr))
        problem = application_url_problem(block.application_url, lambda text: text)
        if problem:
            raise ValueError(f"orglab_proposal {name}: application_url \"{block.application_url[:80]}\": {problem}")
        instructions, raw_rules = olx.read(node)
        block.instructions = instructions
        if raw_rules is not None:
            try:
                block.rules = rules_module.validate_rules(raw_rules, lambda text: text)
            except rules_module.RulesError as error:
                raise ValueError(f"orglab_proposal {name}: {error}") from error
        return block

    def add_xml_to_node(self, node):
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for attr in ("display_name", "application_url"):
            if self.fields[attr].is_set_on(self) and getattr(self, attr):
                node.set(attr, getattr(self, attr))
        olx.write(node, self.instructions, self.current_rules() if self.rules else None)

    # ------------------------------------------------------------------ workbench

    @staticmethod
    def workbench_scenarios():
        return [("Organizer Lab grant proposal",
                 '<vertical_demo><orglab_proposal url_name="proposal_demo"/></vertical_demo>')]
