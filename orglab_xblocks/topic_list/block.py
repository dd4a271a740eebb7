"""The topic-list builder (`orglab_topic_list`, Unit 2): from knowledge gaps to a campaign
worklist. Learners import the lists they already have, tag each topic, check the articles on
the target wiki, export what they paste next, and submit the list."""
from __future__ import annotations

import re
from typing import Any

from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, Scope, String
from xblock.utils.resources import ResourceLoader

from ..common import DRAFT_MESSAGES, HandlerError, OrgLabBlockMixin, attach_init, json_api
from ..feedback import feedback_panel
from ..i18n import _
from . import check, exporters, importers, mediawiki, vocab, wikis
from . import rows as rows_module
from . import settings as settings_module

loader = ResourceLoader("orglab_xblocks.topic_list")

# Saves carry only what changed; an import carries the pasted list (up to 2 MB of text).
MAX_SAVE_BYTES = 1024 * 1024
MAX_IMPORT_BODY = importers.MAX_IMPORT_BYTES + 64 * 1024
MAX_OPS = rows_module.MAX_OPS
MAX_SETTING_ITEMS = settings_module.MAX_SETTING_ITEMS


JS_MESSAGES = {
    **DRAFT_MESSAGES,
    "saved": _("Saved."),
    "save_failed": _("Your changes could not be saved. Check your connection; we will try again."),
    "import_failed": _("The import failed: the server could not be reached. Nothing was lost: your list is as "
                       "it was and the text to import is still here. Check your connection and press “{button}” "
                       "again."),
    "import_error": _("The import failed on the server. Nothing was lost: your list is as it was and the text to "
                      "import is still here. Press “{button}” again in a moment."),
    "check_failed": _("Checking the articles failed: the server could not be reached. Nothing was lost: your list "
                      "is as it was. Check your connection and press “{button}” again."),
    "check_error": _("Checking the articles failed on the server. Nothing was lost: your list is as it was. "
                     "Press “{button}” again in a moment."),
    "status_empty": _("No topics yet."),
    "submitted": _("Submitted. You can keep improving the list and submit again; earlier versions are kept."),
    "fix_errors": _("The list cannot be submitted yet:"),
    "importing": _("Importing…"),
    "imported": _("{added} added, {merged} merged with topics already in the list, {refused} refused."),
    "checking": _("Checking the articles on Wikipedia…"),
    "checked": _("{count} topics checked."),
    "count": _("{shown} of {total} topics shown"),
    "selected": _("{n} selected"),
    "remove": _("Remove"),
    "remove_row": _("Remove “{title}”"),
    "edit": _("Edit"),
    "edit_row": _("Edit “{title}”"),
    "done": _("Done"),
    "cancel": _("Cancel"),
    "select_row": _("Select “{title}”"),
    "any": _("Any"),
    "none": _("—"),
    "sort_by": _("Sort by {column}"),
    "missing_topics": _("Add {n} more topics to reach the minimum of {min}."),
    "missing_field": _("{count} topics still need “{field}”."),
    "ready": _("The list meets every requirement; you can submit it."),
    "file_too_large": _("This file is larger than 2 MB; split it into smaller files."),
    "chart_gap": _("Topics by knowledge gap"),
    "chart_status": _("Topics by status on Wikipedia"),
    "no_gap": _("No gap yet"),
    "title_or_qid": _("Give a title or a Wikidata item."),
}

TEMPLATE_STRINGS = {
    "import_heading": _("Import topics"),
    "import_help": _("Paste a list, or choose a file: titles or article links one per line, wikitext lists or "
                     "tables ([[links]], Listeria), Wikidata items (Q42), a PetScan export or a CSV with a header."),
    "import_text": _("List to import"),
    "import_file": _("…or a file (up to 2 MB)"),
    "import_format": _("Format"),
    "import_wiki": _("Wikipedia for titles without one"),
    "wiki_help": _("Used for imported and added titles that do not name a Wikipedia; topics already in the list "
                   "keep theirs."),
    "import_button": _("Import"),
    "format_auto": _("Recognize it for me"),
    "format_lines": _("Titles, links, URLs or QIDs, one per line"),
    "format_petscan": _("PetScan export (CSV or TSV)"),
    "format_csv": _("CSV with a header row"),
    "format_wikitext": _("Wikitext (lists and tables)"),
    "report": _("Import report"),
    "table_heading": _("Your topics"),
    "filter_gap": _("Knowledge gap"),
    "filter_status": _("Status"),
    "filter_priority": _("Priority"),
    "filter_text": _("Find"),
    "select_all": _("Select all shown"),
    "bulk_heading": _("With the selected topics"),
    "bulk_gap": _("Set knowledge gap"),
    "bulk_priority": _("Set priority"),
    "bulk_task": _("Set task"),
    "bulk_apply": _("Apply"),
    "bulk_remove": _("Remove selected"),
    "add_heading": _("Add a topic"),
    "add_button": _("Add"),
    "check_button": _("Check the articles on Wikipedia"),
    "check_help": _("Looks up each title on its Wikipedia: missing, stub, redirect, disambiguation; fills in "
                    "Wikidata items. Nothing is sent but the titles."),
    "summary_heading": _("Summary"),
    "export_heading": _("Export"),
    "export_csv": _("CSV (spreadsheet)"),
    "export_wikitext": _("Wikitable for a Meta campaign page"),
    "export_list": _("Plain list of titles"),
    "export_worklist": _("CampaignEvents worklist (JSON)"),
    "submit": _("Submit the list"),
}


EXPORTS = {
    "csv": ("text/csv", "csv"),
    "wikitext": ("text/plain", "wiki.txt"),
    "list": ("text/plain", "txt"),
    "worklist": ("application/json", "json"),
}


@XBlock.needs("i18n")
@XBlock.needs("user")
class TopicListBlock(OrgLabBlockMixin, XBlock):
    """Unit 2: build the campaign's topic list from knowledge gaps."""

    display_name = String(display_name=_("Title"), scope=Scope.settings, default=_("Your campaign's topic list"))
    instructions = String(display_name=_("Instructions"), scope=Scope.content, default="", multiline_editor=True)
    allowed_wikis = List(display_name=_("Allowed Wikipedias"), scope=Scope.settings, default=[],
                         help=_("Database names such as eswiki; empty: any Wikipedia."))
    default_wiki = String(display_name=_("Default Wikipedia"), scope=Scope.settings, default="",
                          help=_("The Wikipedia for titles without one, such as eswiki; empty: the Wikipedia of "
                                 "the course's language, else of each learner's."))
    gap_dimensions = List(display_name=_("Knowledge gaps offered"), scope=Scope.settings, default=[],
                          help=_("Empty: every dimension of the Knowledge Gaps taxonomy."))
    required_fields = List(display_name=_("Required on every topic"), scope=Scope.settings, default=[])
    min_topics = Integer(display_name=_("Minimum topics to complete"), scope=Scope.settings,
                         default=rows_module.DEFAULT_MIN_TOPICS)
    max_topics = Integer(display_name=_("Maximum topics"), scope=Scope.settings,
                         default=rows_module.DEFAULT_MAX_TOPICS)
    check_enabled = Boolean(display_name=_("Offer the article check"), scope=Scope.settings, default=True)

    topics = List(scope=Scope.user_state, default=[], help="The learner's topics (draft)")
    last_wiki = String(scope=Scope.user_state, default="", help="The Wikipedia the learner imported into last")
    chosen_wiki = String(scope=Scope.user_state, default="",
                         help="The Wikipedia the learner chose for titles without one (empty: the course's default)")

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    # ------------------------------------------------------------------ rules and labels

    def rules(self) -> rows_module.Rules:
        return rows_module.Rules(
            # Normalized as read: settings saved by older versions may hold "ESWIKI " (a name that
            # is no Wikipedia stays as it is, so it matches nothing rather than allowing every wiki).
            allowed_wikis=tuple(dict.fromkeys(wikis.normalize_dbname(name) or name for name in self.allowed_wikis)),
            gaps=tuple(self.gap_dimensions or vocab.GAP_DIMENSIONS),
            required=tuple(self.required_fields),
            min_topics=self.min_topics,
            max_topics=self.max_topics,
        )

    def title(self) -> str:
        return self.display_name if self.fields["display_name"].is_set_on(self) else self.gettext(self.display_name)

    def labels(self) -> dict[str, dict[str, str]]:
        return {name: dict(vocab.labels(name, self.gettext)) for name in vocab.VOCABULARIES}

    def learner_wiki(self) -> str:
        """The Wikipedia for titles without one: the learner's own choice (or, from older versions,
        the one they imported into last), else the author's default (Studio, OLX), else the
        Wikipedia of the course's language, else of the learner's language; each only when the list
        allows it. Last, the first allowed Wikipedia, or enwiki."""
        rules = self.rules()
        candidates = (
            lambda: self.chosen_wiki,
            lambda: self.last_wiki,
            lambda: self.default_wiki,
            lambda: wikis.for_language(self.course_language()),
            lambda: wikis.for_language(self.learner_language()),
        )
        for candidate in candidates:
            name = wikis.normalize_dbname(candidate() or "")
            if name is not None and rules.allows_wiki(name):
                return name
        return rules.allowed_wikis[0] if rules.allowed_wikis else "enwiki"

    def course_language(self) -> str:
        """The course's language (the Open edX course's "Course Language" setting), read from the
        course block above this one; "" when there is none (the devsite's scenarios have none)."""
        block = self
        for _depth in range(8):
            try:
                block = block.get_parent()
            except Exception:  # noqa: BLE001  a runtime that cannot load parents has no course language for us
                return ""
            if block is None:
                return ""
            if block.scope_ids.block_type == "course":
                language = getattr(block, "language", "")
                return language if isinstance(language, str) else ""
        return ""

    def learner_language(self) -> str:
        """The language the learner reads the course in: the runtime's (the request's language, which
        the LMS takes from the learner's preference), else their saved preference."""
        get_language = getattr(self.i18n, "get_language", None)
        language = get_language() if callable(get_language) else None
        if not language:
            try:
                from django.utils import translation
            except ImportError:  # pragma: no cover - every runtime we support has Django
                translation = None
            language = translation.get_language() if translation is not None else None
        if not language:
            user = self.runtime.service(self, "user").get_current_user()
            preferences = user.opt_attrs.get("edx-platform.user_preferences") or {}
            language = preferences.get("pref-lang")
        return language if isinstance(language, str) else ""

    def current_rows(self) -> list[dict[str, Any]]:
        """The learner's topics, as every view, handler and export reads them: wiki names
        normalized, and rows an older version stored under two spellings of one wiki merged."""
        return rows_module.normalize_stored(self.topics)

    # ------------------------------------------------------------------ learner view

    def student_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-tl")
        rules = self.rules()
        labels = self.labels()
        learner_wiki = self.learner_wiki()
        wiki_choices = list(rules.allowed_wikis) or sorted({learner_wiki, "enwiki", "eswiki", "frwiki",
                                                            "ptwiki", "arwiki", "swwiki"})
        html = loader.render_django_template("templates/student.html", {
            "uid": uid,
            "needs_js": self.needs_js_notice(),
            **self.heading(),
            "instructions": self.instructions,
            "t": {**{key: _(text) for key, text in TEMPLATE_STRINGS.items()},
                  **{f"col_{key}": _(text) for key, text in rows_module.FIELD_LABELS.items()}},
            "check_enabled": self.check_enabled,
            "feedback": feedback_panel(self),
            "wikis": wiki_choices,
            "default_wiki": learner_wiki,
            "any_wiki": not rules.allowed_wikis,
            "gaps": [(value, labels["gap"][value]) for value in rules.gaps],
            "statuses": list(labels["status"].items()),
            "priorities": list(labels["priority"].items()),
            "tasks": list(labels["task"].items()),
            "export_url": self.runtime.handler_url(self, "export"),
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/orglab.css"))
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/topic_list.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/topic_list.js"))
        attach_init(frag, "OrgLabTopicList", uid, {
            "rows": self.current_rows(),
            "status": self.status(),
            "rules": {"allowed_wikis": list(rules.allowed_wikis), "gaps": list(rules.gaps),
                      "required": list(rules.required), "min_topics": rules.min_topics,
                      "max_topics": rules.max_topics},
            "labels": labels,
            "columns": {key: _(text) for key, text in rows_module.FIELD_LABELS.items()},
            "required_labels": {key: _(text) for key, text in rows_module.REQUIRABLE.items()},
            "messages": {key: _(text) for key, text in JS_MESSAGES.items()},
            "max_import_bytes": importers.MAX_IMPORT_BYTES,
            "wiki": learner_wiki,
        })
        return frag

    def student_view_data(self, context=None) -> dict[str, Any]:
        rules = self.rules()
        return {
            "display_name": self.title(),
            "instructions": self.instructions,
            "rules": {"allowed_wikis": list(rules.allowed_wikis), "gaps": list(rules.gaps),
                      "required": list(rules.required), "min_topics": rules.min_topics,
                      "max_topics": rules.max_topics},
            "check_enabled": self.check_enabled,
            "vocabularies": self.labels(),
        }

    # ------------------------------------------------------------------ learner handlers

    def _apply_ops(self, ops: Any) -> list[dict[str, Any]]:
        """The draft with `ops` applied (`rows.apply_ops`), or the 400 that says why not. A row put
        without a `wiki` gets the learner's (`learner_wiki`); one that names a wiki, even "", is
        checked as it is."""
        if isinstance(ops, list):
            wiki = None
            filled = []
            for op in ops:
                if isinstance(op, dict) and isinstance(op.get("row"), dict) and "wiki" not in op["row"]:
                    wiki = wiki or self.learner_wiki()
                    op = {**op, "row": {**op["row"], "wiki": wiki}}
                filled.append(op)
            ops = filled
        try:
            return rows_module.apply_ops(self.current_rows(), ops, self.rules(), self.gettext)
        except rows_module.OpsError as error:
            extra = {} if error.problems is None else {"problems": error.problems}
            raise HandlerError(400, error.message, **extra) from error

    def _saved(self, rows: list[dict[str, Any]], client: str, seq: int) -> None:
        self.topics = rows
        self.mark_draft_saved(client, seq)

    def _wiki_choice(self, data: dict[str, Any]) -> str | None:
        """The Wikipedia a save chooses for titles without one (`wiki`: a database name, or "" to
        follow the course again); None when the save does not say; a 400 when it is none the list allows."""
        if "wiki" not in data:
            return None
        _ = self.gettext
        value = data["wiki"]
        if isinstance(value, str) and not value.strip():
            return ""
        wiki = wikis.normalize_dbname(value)
        if wiki is None:
            message = _("“{wiki}” is not a Wikipedia (use a database name such as enwiki or eswiki).").format(
                wiki=rows_module.shown(value))
            raise HandlerError(400, message, problems=[{"field": "wiki", "message": message}])
        rules = self.rules()
        if not rules.allows_wiki(wiki):
            message = _("This list is for {wikis}; “{wiki}” is not one of them.").format(
                wikis=", ".join(rules.allowed_wikis), wiki=wiki)
            raise HandlerError(400, message, problems=[{"field": "wiki", "message": message}])
        return wiki

    @json_api(max_bytes=MAX_SAVE_BYTES)
    def save_draft(self, data, suffix=""):
        """Apply the learner's changes: `{ops, revision, client, seq}`, and with `wiki` the Wikipedia
        they chose for titles without one."""
        def clean():
            return self._wiki_choice(data), self._apply_ops(data.get("ops"))

        def store(content):
            wiki, rows = content
            self.topics = rows
            if wiki is not None:
                self.chosen_wiki = wiki

        if not self.save_draft_with(data, clean, store):
            return {"status": self.status(), "outdated": True}
        return {"status": self.status(), "wiki": self.learner_wiki()}

    @json_api(max_bytes=MAX_IMPORT_BODY)
    def import_topics(self, data, suffix=""):
        """Read a pasted or uploaded list into the draft: `{text, format, wiki, revision, client, seq}`."""
        self.require_learner_in_course()
        client, seq = self.require_current(data, self.gettext("An older copy of this page sent this import. "
                                                              "Reload the page."))
        try:
            result = importers.import_text(data.get("text"), data.get("format") or "auto",
                                           data.get("wiki") or self.learner_wiki(),
                                           self.rules(), self.gettext, self.current_rows())
        except importers.ImportError_ as error:
            raise HandlerError(400, error.message) from error
        self.last_wiki = result.wiki
        self._saved(result.rows, client, seq)
        return {"status": self.status(), "rows": result.rows, "import": result.as_json()}

    @json_api
    def check_articles(self, data, suffix=""):
        """Look the draft's topics up on their Wikipedias: `{revision, client, seq}`."""
        _ = self.gettext
        self.require_learner_in_course()
        if not self.check_enabled:
            raise HandlerError(403, _("The article check is not offered in this course."))
        client, seq = self.require_current(data, _("An older copy of this page asked for this check. Reload the page."))
        result = check.check_rows(self.current_rows(), mediawiki.default_client())
        # Titles that turned out to be the same article (normalized, or a QID's title) become one.
        merged = rows_module.merge_rows([], result.rows)
        self._saved(merged.rows, client, seq)
        message = _(JS_MESSAGES["checked"]).format(count=result.checked)
        if merged.merged:
            message += " " + _("Duplicates merged: {n}.").format(n=merged.merged)
        if result.failed:
            message = _("Checking the articles failed: {reason} Nothing was lost: your list is saved, and topics "
                        "not checked are marked “Not checked yet”. Press “{button}” again to check them.").format(
                reason=_(str(result.error)), button=_(TEMPLATE_STRINGS["check_button"]))
        return {"status": self.status(), "rows": merged.rows, "message": message, "failed": result.failed}

    @json_api(max_bytes=MAX_SAVE_BYTES)
    def submit(self, data, suffix=""):
        """Apply the last changes, check the list against the author's rules, record it and mark it complete."""
        _ = self.gettext
        user_id, usage_key = self.require_learner_in_course()
        rows = self._apply_ops(data.get("ops", []))
        client, seq = self.require_current(data)
        rules = self.rules()
        problems = rows_module.submit_problems(rows, rules, _)
        if problems:
            self._saved(rows, client, seq)  # the changes are kept even though the list is not submitted
            raise HandlerError(400, _("The list cannot be submitted yet."), problems=problems,
                               status=self.status())
        version = self.record_and_complete(
            usage_key, user_id,
            {"title": self.title(), "rows": rows, "summary": rows_module.summary(rows),
             "rules": {"min_topics": rules.min_topics, "required": list(rules.required)}},
            client, seq, store=lambda: setattr(self, "topics", rows))
        return {"status": self.status(), "version": version}

    @XBlock.handler
    def export(self, request, suffix=""):
        """The draft as a file: `?format=csv|wikitext|list|worklist[&wiki=eswiki]`."""
        _ = self.gettext
        try:
            fmt, wiki_param = request.GET.get("format", ""), request.GET.get("wiki")
        except UnicodeDecodeError:
            return HandlerError(400, _("The address of this download could not be read. Reload the page and "
                                       "try again.")).response()
        if fmt not in EXPORTS:
            return HandlerError(400, _("Export as csv, wikitext, list or worklist.")).response()
        rows = self.current_rows()
        if fmt == "csv":
            body = exporters.to_csv(rows)
        elif fmt == "wikitext":
            body = exporters.to_wikitext(rows, self.labels(), _)
        elif fmt == "list":
            # Strict about what is echoed: only the normalized name is ever used, and a name that is
            # not a Wikipedia is refused without being repeated.
            wiki = wikis.normalize_dbname(wiki_param) if wiki_param else None
            if wiki_param and wiki is None:
                return HandlerError(400, _("“wiki” must be the database name of a Wikipedia, such as "
                                           "eswiki.")).response()
            body = exporters.to_title_lists(rows, wiki)
        else:
            body = exporters.to_worklist(rows)
        content_type, extension = EXPORTS[fmt]
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", str(getattr(self.scope_ids.usage_id, "block_id", "topics")))
        response = Response(body=body.encode("utf-8"), content_type=content_type, charset="utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="topic-list-{name}.{extension}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # ------------------------------------------------------------------ Studio

    def studio_view(self, context=None):
        _ = self.gettext
        uid = self.html_id("orglab-tls")
        labels = self.labels()
        html = loader.render_django_template("templates/studio.html", {
            "uid": uid,
            "display_name": self.title(),
            "instructions": self.instructions,
            "allowed_wikis": " ".join(self.allowed_wikis),
            "default_wiki": self.default_wiki,
            "min_topics": self.min_topics,
            "max_topics": self.max_topics,
            "check_enabled": self.check_enabled,
            "gaps": [(value, label, not self.gap_dimensions or value in self.gap_dimensions)
                     for value, label in labels["gap"].items()],
            "requirable": [(value, _(label), value in self.required_fields)
                           for value, label in rows_module.REQUIRABLE.items()],
            "t": {
                "title": _("Title"), "instructions": _("Instructions for learners"),
                "allowed_wikis": _("Allowed Wikipedias (database names separated by spaces, e.g. eswiki "
                                   "swwiki; empty: any)"),
                "default_wiki": _("Default Wikipedia for titles without one (a database name such as eswiki; "
                                  "empty: the course's language, else each learner's)"),
                "min_topics": _("Minimum topics to complete"), "max_topics": _("Maximum topics"),
                "gaps": _("Knowledge gaps offered"), "required": _("Required on every topic"),
                "check_enabled": _("Offer the article check (looks titles up on Wikipedia)"),
                "save": _("Save"), "cancel": _("Cancel"),
            },
        })
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/topic_list.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/orglab.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/topic_list_studio.js"))
        attach_init(frag, "OrgLabTopicListStudio", uid, {"messages": {"saving": _("Saving…"), "saved": _("Saved."),
                                                                   "fix_errors": _("Not saved:")}})
        return frag

    @json_api(xml_safe=True)  # settings are written into OLX: no character XML cannot hold
    def studio_submit(self, data, suffix=""):
        """Save the settings, all or nothing."""
        _ = self.gettext
        problems = []
        settings = settings_module.validate_settings(data, _, problems)
        if problems:
            raise HandlerError(400, _("The topic list was not saved: fix the problems listed."),
                               problems=[{"field": "", "message": message} for message in problems])
        for name, value in settings.items():
            setattr(self, name, value)
        return {"result": "success"}

    # ------------------------------------------------------------------ OLX

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        raw = settings_module.from_olx_attributes(node.attrib)
        instructions = node.find("instructions")
        if instructions is not None:
            raw["instructions"] = (instructions.text or "").strip()
        for child in node:
            if isinstance(child.tag, str) and child.tag != "instructions":
                raise ValueError(f"<orglab_topic_list> cannot contain <{child.tag}>.")
        problems: list[str] = []
        settings = settings_module.validate_settings({**_current_settings(block), **raw}, lambda text: text, problems)
        if problems:
            raise ValueError(f"orglab_topic_list {node.get('url_name', '')}: " + " ".join(problems))
        for name, value in settings.items():
            if name in raw:
                setattr(block, name, value)
        return block

    def add_xml_to_node(self, node):
        from lxml import etree

        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for name in ("display_name", "default_wiki", "min_topics", "max_topics", "check_enabled"):
            if self.fields[name].is_set_on(self):
                value = getattr(self, name)
                node.set(name, str(value).lower() if isinstance(value, bool) else str(value))
        for name in ("allowed_wikis", "gap_dimensions", "required_fields"):
            if self.fields[name].is_set_on(self):
                node.set(name, " ".join(getattr(self, name)))
        if self.instructions:
            etree.SubElement(node, "instructions").text = self.instructions

    @staticmethod
    def workbench_scenarios():
        return [(
            "Organizer Lab topic list (Unit 2)",
            '<vertical_demo><orglab_topic_list url_name="topic_list_demo" min_topics="3"/></vertical_demo>',
        )]


def _current_settings(block) -> dict[str, Any]:
    return {name: getattr(block, name) for name in settings_module.SETTINGS}
