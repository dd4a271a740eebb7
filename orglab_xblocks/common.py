"""What every orglab block shares: JSON handlers that refuse bad input with a clear message,
the learner and course keys from the runtime, and drafts that a stale tab cannot overwrite."""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.utils.html import json_script
from opaque_keys.edx.keys import CourseKey, UsageKey
from webob import Response
from xblock.core import XBlock
from xblock.fields import Integer, Scope, String

from .i18n import _

log = logging.getLogger(__name__)

# Largest body a learner's save or submit may carry.
MAX_BODY_BYTES = 64 * 1024
# A tab's id: the browser makes it from random hex digits; nothing else is stored as one.
_CLIENT_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# A draft's revision or a tab's sequence number: a count, never near this.
_MAX_COUNT = 2**53


# What every draft-keeping block tells the learner about saving and status (its JavaScript reads
# these keys); a block adds its own strings, and may replace any of these.
DRAFT_MESSAGES = {
    "saving": _("Saving…"),
    "saved": _("Draft saved."),
    "save_failed": _("Your draft could not be saved. Check your connection; we will try again."),
    "offline": _("You seem to be offline. Your changes stay on this page and will be saved when you reconnect."),
    "reload": _("Reload the page"),
    "status_empty": _("Not started yet."),
    "status_draft": _("Draft, not submitted yet."),
    "status_submitted": _("Submitted on {date}."),
    "status_changed": _("Changed since you submitted it on {date}. Submit again to record your changes."),
    "submitting": _("Submitting…"),
    "submitted": _("Submitted. You can keep revising and submit again; earlier versions are kept."),
    "fix_errors": _("Some answers need your attention before you can submit:"),
}

# What a learner view says until its script has started (JavaScript off, or the script not loaded
# yet on a slow link or failed): its template shows it, OrgLab.start hides it (public/js/orglab.js).
NEEDS_JS_MESSAGES = {
    "js_off": _("JavaScript is turned off in this browser."),
    "needs_js": _("This activity needs JavaScript, which has not started: it is turned off, or the page is "
                  "still loading on a slow connection. Until it starts you cannot change your answers here, "
                  "and nothing is saved. Turn JavaScript on, or reload the page if this message does not go away."),
}


class HandlerError(Exception):
    """Answer a handler call with HTTP status `code` and a message a person understands.

    Extra keyword arguments travel in the JSON body beside `error` (e.g. per-field `problems`).
    """

    def __init__(self, code: int, message: str, **extra: Any):
        super().__init__(message)
        self.status = code
        self.message = message
        self.extra = extra

    def response(self) -> Response:
        body = {"error": self.message, **self.extra}
        return json_response(body, status=self.status)


def json_response(body: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def json_api(func: Callable | None = None, *, max_bytes: int = MAX_BODY_BYTES, xml_safe: bool = False) -> Callable:
    """Like `XBlock.json_handler`, but every refusal carries a translated, human message:
    POST only, then the plugin's front door (`orglab_plugin.api.read_json`: at most `max_bytes`,
    UTF-8, JSON nested no deeper than a small limit, finite numbers, a JSON object whose text can
    be stored — `xml_safe` for settings written into OLX); HandlerError becomes its status. Use as
    `@json_api` or `@json_api(max_bytes=…)`."""
    if func is None:
        return functools.partial(json_api, max_bytes=max_bytes, xml_safe=xml_safe)

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        from orglab_plugin import api as orglab_api

        try:
            if request.method != "POST":
                raise HandlerError(405, self.gettext("Send this request with POST."))
            length = request.content_length
            if length is not None and length > max_bytes:
                raise _refusal(self.gettext, orglab_api.InputError("too_large", limit=max_bytes))
            try:
                data = orglab_api.read_json(request.body, max_bytes=max_bytes, xml_safe=xml_safe)
            except orglab_api.InputError as error:
                raise _refusal(self.gettext, error) from error
            result = func(self, data, suffix)
        except HandlerError as error:
            return error.response()
        return result if isinstance(result, Response) else json_response(result)

    return wrapper


def _refusal(gettext: Callable[[str], str], error) -> HandlerError:
    """The 400 a learner or author reads for a body refused at the front door."""
    _ = gettext
    if error.code == "too_large":
        return HandlerError(400, _("This is too much to save at once (the limit is {kb} KB). "
                                   "Shorten it and try again.").format(kb=error.limit // 1024))
    if error.code == "too_deep":
        return HandlerError(400, _("The request is nested too deeply to be read. Nothing was saved."))
    if error.code == "too_big":
        return HandlerError(400, _("A number in the request is too large. Nothing was saved."))
    if error.code == "not_object":
        return HandlerError(400, _("The request must be a JSON object. Nothing was saved."))
    if error.code == "bad_text":
        return HandlerError(400, _("“{field}” contains a character that cannot be stored (a broken or "
                                   "invisible control character). Remove it and try again; nothing was "
                                   "saved.").format(field=error.field[:80]), field=error.field[:200])
    return HandlerError(400, _("The request could not be read (it is not valid JSON). Nothing was saved."))


def attach_init(frag, function_name: str, uid: str, data: Any) -> None:
    """Hand `data` to the block's JavaScript as an escaped JSON script element.

    Runtimes write `json_init_args` into the page unescaped, so text such as "</script>" in a
    learner's answers could end the script there; Django's `json_script` escapes <, > and &.
    The JavaScript reads it with `JSON.parse(document.getElementById(args.init_id).textContent)`.
    """
    frag.add_content(json_script(data, f"{uid}-init"))
    frag.initialize_js(function_name, {"init_id": f"{uid}-init"})


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class OrgLabBlockMixin:
    """Runtime facts and draft bookkeeping for orglab's learner-facing blocks.

    A block using it declares `@XBlock.needs("i18n")` and `@XBlock.needs("user")`.
    """

    # Drafts: the revision each save is based on, and which browser tab made the last one.
    draft_revision = Integer(scope=Scope.user_state, default=0, help="Revision of the saved draft")
    draft_client = String(scope=Scope.user_state, default="", help="The tab that saved the draft last")
    draft_seq = Integer(scope=Scope.user_state, default=0, help="That tab's sequence number of its last save")
    draft_saved_at = String(scope=Scope.user_state, default="", help="When the draft was saved (ISO 8601)")
    submitted_revision = Integer(scope=Scope.user_state, default=0, help="Draft revision last submitted (0: never)")
    submitted_at = String(scope=Scope.user_state, default="", help="When it was last submitted (ISO 8601)")
    submitted_version = Integer(scope=Scope.user_state, default=0, help="Version number of the last submission")

    # ------------------------------------------------------------------ i18n

    @property
    def i18n(self):
        return self.runtime.service(self, "i18n")

    def gettext(self, text: str) -> str:
        return self.i18n.gettext(text)

    # ------------------------------------------------------------------ who and where

    def current_user_id(self) -> int | None:
        user = self.runtime.service(self, "user").get_current_user()
        user_id = user.opt_attrs.get("edx-platform.user_id")
        if user_id is None:
            user_id = self.scope_ids.user_id
        try:
            return int(user_id)
        except (TypeError, ValueError):
            return None

    def needs_js_notice(self) -> dict[str, str]:
        """NEEDS_JS_MESSAGES translated, for a learner view's template (`needs_js`)."""
        return {key: self.gettext(text) for key, text in NEEDS_JS_MESSAGES.items()}

    def heading(self) -> dict[str, Any]:
        """A learner view's `title` and `title_hidden` (see `title_repeats_unit`)."""
        title = self.title()
        return {"title": title, "title_hidden": self.title_repeats_unit(title)}

    def title_repeats_unit(self, title: str) -> bool:
        """Whether `title` is the name of the unit this block sits in (Studio names a unit's first
        component after the unit). The LMS already shows the unit's name above the block, so the
        block's own heading is then kept for screen readers only, not shown a second time.

        The unit is the block's parent, its `display_name` (every block of the LMS has one; the
        devsite's units too). A block without a parent, or a runtime that cannot load it, shows
        its title."""
        if not title or getattr(self, "parent", None) is None:
            return False
        try:
            parent = self.get_parent()
        except Exception:  # noqa: BLE001  (a runtime that cannot load the parent: show the title)
            log.debug("orglab: the parent of %s could not be loaded", self.scope_ids.usage_id, exc_info=True)
            return False
        name = getattr(parent, "display_name", None)
        return isinstance(name, str) and name.strip().casefold() == title.strip().casefold()

    def html_id(self, prefix: str) -> str:
        """A stable id for this block's HTML elements, unique per block in a page."""
        return f"{prefix}-" + hashlib.sha1(str(self.scope_ids.usage_id).encode()).hexdigest()[:10]

    def usage_key(self) -> UsageKey | None:
        key = self.scope_ids.usage_id
        return key if isinstance(key, UsageKey) else None

    def course_key(self) -> CourseKey | None:
        key = self.usage_key()
        return key.context_key if key is not None else None

    def require_learner_in_course(self) -> tuple[int, UsageKey]:
        """The learner's id and this block's usage key, or a 4xx saying why work cannot be kept."""
        _ = self.gettext
        user_id = self.current_user_id()
        if user_id is None:
            raise HandlerError(403, _("Sign in to save your work."))
        usage_key = self.usage_key()
        if usage_key is None:
            raise HandlerError(409, _("This block is not part of a course, so work cannot be submitted here."))
        return user_id, usage_key

    # ------------------------------------------------------------------ drafts

    def check_draft_base(self, data: dict[str, Any]) -> tuple[str, int, bool]:
        """Decide whether a save or submit may replace the stored draft.

        Every request names the draft `revision` it was based on, its tab (`client`) and the
        tab's own sequence number (`seq`). A tab's later save always wins over its earlier
        ones (they may arrive out of order: an earlier one is then ignored); a save from any
        other tab must be based on the newest revision, or it is refused (409) with a
        message that offers to reload. Returns (client, seq, outdated).
        """
        _ = self.gettext
        revision, client, seq = data.get("revision"), data.get("client"), data.get("seq")
        if not _is_count(revision):
            raise HandlerError(400, _("The request does not say which version of your draft it is based on. "
                                      "Reload the page and try again."))
        if not isinstance(client, str) or not _CLIENT_ID.fullmatch(client) or not _is_count(seq):
            raise HandlerError(400, _("The request does not say which window it comes from. "
                                      "Reload the page and try again."))
        if client == self.draft_client and self.draft_client:
            return client, seq, seq <= self.draft_seq
        if revision != self.draft_revision:
            raise HandlerError(
                409,
                _("Your work here was changed in another tab or window since this page was opened, so this "
                  "page's version was not saved. Reload the page to see the latest version."),
                reason="stale",
                revision=self.draft_revision,
            )
        return client, seq, False

    def require_current(self, data: dict[str, Any], refusal: str | None = None) -> tuple[str, int]:
        """`check_draft_base` for a request that cannot simply be ignored when an older request of the
        same tab arrives late (an import, a check, a submit): it is refused with 409 (reason
        "outdated") and `refusal`, translated; by default the submit's message. Returns (client, seq)."""
        client, seq, outdated = self.check_draft_base(data)
        if outdated:
            raise HandlerError(409, refusal or self.gettext("An older copy of this page tried to submit. "
                                                            "Reload the page."), reason="outdated")
        return client, seq

    def mark_draft_saved(self, client: str, seq: int) -> None:
        self.draft_revision += 1
        self.draft_client = client
        self.draft_seq = seq
        self.draft_saved_at = now_iso()

    def save_draft_with(self, data: dict[str, Any], clean: Callable[[], Any], store: Callable[[Any], None]) -> bool:
        """The common save: the learner in a course, the content cleaned (`clean` raises 400s),
        the revision checked (409 for a stale tab), then `store`d and the draft marked saved.
        Returns False when an older request of the same tab arrived late (nothing stored)."""
        self.require_learner_in_course()
        content = clean()
        client, seq, outdated = self.check_draft_base(data)
        if outdated:
            return False
        store(content)
        self.mark_draft_saved(client, seq)
        return True

    def record_and_complete(self, usage_key: UsageKey, user_id: int, payload: dict[str, Any],
                            client: str, seq: int, store: Callable[[], None]) -> int:
        """A valid submit: append a version through `orglab_plugin.api`; only then `store` the
        draft's content, mark it submitted and publish completion 1.0. Returns the new version."""
        from orglab_plugin import api as orglab_api

        try:
            recorded = orglab_api.record_submission(
                course_key=usage_key.context_key, user=user_id, block_key=usage_key,
                block_type=self.scope_ids.block_type, payload=payload,
            )
        except orglab_api.SubmissionError as error:
            raise HandlerError(400, str(error)) from error
        except orglab_api.PluginNotInstalled as error:  # a runtime without the plugin's apps (the stock workbench)
            _ = self.gettext
            raise HandlerError(503, _("This block's submissions need the orglab plugin installed on this site."),
                               reason="no_plugin") from error
        store()
        self.mark_draft_saved(client, seq)
        self.submitted_revision = self.draft_revision
        self.submitted_at = now_iso()
        self.submitted_version = recorded.version
        self.runtime.publish(self, "completion", {"completion": 1.0})
        return recorded.version

    def status(self) -> dict[str, Any]:
        """Where the learner's work stands: empty, draft, submitted, or changed since submitted."""
        if self.submitted_revision:
            state = "submitted" if self.submitted_revision == self.draft_revision else "changed"
        else:
            state = "draft" if self.draft_revision else "empty"
        return {
            "state": state,
            "revision": self.draft_revision,
            "saved_at": self.draft_saved_at,
            "submitted_at": self.submitted_at,
            "version": self.submitted_version,
        }


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT
