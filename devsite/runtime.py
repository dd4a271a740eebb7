"""The devsite's XBlock runtime: the xblock-sdk workbench runtime, made to behave like the
LMS where it matters to orglab.

- Blocks have real opaque keys: every block of the demo course has a `BlockUsageLocator` in
  `course-v1:Wikimedia+OrgLab+2026` (its definition id is the same key, as in the LMS).
- The student is the logged-in Django user (user service with the LMS's `edx-platform.*` attributes).
- `publish(block, "completion", …)` goes to edx-completion's `BlockCompletion.objects.submit_completion`;
  `grade` and `completion` events sent from the browser are refused.
"""
from __future__ import annotations

import json
import logging
import math
import threading
from collections import defaultdict

from completion.models import BlockCompletion
from django.conf import settings
from django.urls import reverse
from eventtracking import tracker
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey
from webob import Response
from workbench.models import XBlockState, shorten_scope_name
from workbench.runtime import (
    ScenarioIdManager,
    WorkbenchDjangoKeyValueStore,
    WorkbenchI18NService,
    WorkbenchRuntime,
)
from workbench.services import SettingsService
from xblock.core import XBlockMixin
from xblock.exceptions import NoSuchDefinition, NoSuchUsage
from xblock.fields import Scope, ScopeIds, String
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import KvsFieldData, Runtime

log = logging.getLogger(__name__)

# Event types only the server may publish; a browser's `publish_event` naming one is refused.
SERVER_ONLY_EVENTS = frozenset({"grade", "completion", "progress"})


def course_key() -> CourseKey:
    return CourseKey.from_string(settings.ORGLAB_DEVSITE_COURSE)


def _as_usage_key(value) -> UsageKey:
    if isinstance(value, UsageKey):
        return value
    try:
        return UsageKey.from_string(str(value))
    except InvalidKeyError as error:
        raise NoSuchUsage(repr(value)) from error


class CourseIdManager(ScenarioIdManager):
    """Ids for the demo course: each block's usage id (and definition id) is a real usage key.

    A block's `url_name` becomes its block id; a block without one gets
    `<scenario>-<block type>-<n>`, stable as long as the scenario's OLX is.
    """

    def __init__(self, course: CourseKey):
        super().__init__()
        self.course = course
        self._generated = defaultdict(int)
        self.pending_url_name: str | None = None

    def clear(self):
        super().clear()
        self._generated.clear()

    def create_definition(self, block_type, slug=None):
        slug, self.pending_url_name = slug or self.pending_url_name, None
        if slug:
            block_id = slug
        else:
            prefix = f"{self.scenario}-{block_type}"
            block_id = f"{prefix}-{self._generated[prefix]}"
            self._generated[prefix] += 1
        key = self.course.make_usage_key(block_type, block_id)
        if key in self._definitions:
            raise ValueError(f"Two blocks of the demo course have the id {key}; give them distinct url_names.")
        self._definitions[key] = block_type
        return key

    def create_usage(self, def_id):
        self._usages[def_id] = def_id
        return def_id

    def get_definition_id(self, usage_id):
        key = _as_usage_key(usage_id)
        if key not in self._usages:
            raise NoSuchUsage(repr(usage_id))
        return self._usages[key]

    def get_block_type(self, def_id):
        try:
            return self._definitions[_as_usage_key(def_id)]
        except (KeyError, NoSuchUsage) as error:
            raise NoSuchDefinition(repr(def_id)) from error

    def has_usage(self, usage_id) -> bool:
        try:
            return _as_usage_key(usage_id) in self._usages
        except NoSuchUsage:
            return False


class CourseKeyValueStore(WorkbenchDjangoKeyValueStore):
    """The workbench's `XBlockState` table, keyed by usage keys instead of scenario slugs."""

    _lock = threading.Lock()

    @staticmethod
    def _scope_name(key) -> str:
        """The workbench's names ("usage", "children", …), so its own clean-up keeps working."""
        if key.scope in (Scope.parent, Scope.children):
            return shorten_scope_name(key.scope.attr_name)
        return shorten_scope_name(key.scope.block.attr_name)

    def _record(self, key) -> XBlockState:
        scope = self._scope_name(key)
        scope_id = str(key.block_scope_id)
        tag = key.block_scope_id.block_type if isinstance(key.block_scope_id, UsageKey) else scope_id
        lookup = {"scope": scope, "scope_id": scope_id, "user_id": key.user_id, "tag": tag[:50]}
        record = XBlockState.objects.filter(**lookup).order_by("id").first()
        if record is None:
            with self._lock:
                record = XBlockState.objects.filter(**lookup).order_by("id").first()
                if record is None:
                    record = XBlockState.objects.create(scenario=str(course_key()), **lookup)
        return record

    def get(self, key):
        value = json.loads(self._record(key).state)[key.field_name]
        if key.scope == Scope.parent:
            return None if value is None else _as_usage_key(value)
        if key.scope == Scope.children:
            return [_as_usage_key(child) for child in value]
        return value

    def set(self, key, value):
        self.set_many({key: value})

    def set_many(self, update_dict):
        """One read and one write per stored record, however many fields change."""
        grouped = defaultdict(list)
        for key, value in update_dict.items():
            grouped[(self._scope_name(key), str(key.block_scope_id), key.user_id)].append((key, value))
        for items in grouped.values():
            record = self._record(items[0][0])
            state = json.loads(record.state)
            for key, value in items:
                if key.scope == Scope.parent:
                    value = None if value is None else str(value)
                elif key.scope == Scope.children:
                    value = [str(child) for child in value]
                state[key.field_name] = value
            record.state = self._to_json_str(state)
            record.save(update_fields=["state"])

    def delete(self, key):
        record = self._record(key)
        state = json.loads(record.state)
        state.pop(key.field_name, None)
        record.state = self._to_json_str(state)
        record.save(update_fields=["state"])

    def has(self, key):
        return key.field_name in json.loads(self._record(key).state)


ID_MANAGER = CourseIdManager(course_key())
KVS = CourseKeyValueStore()


class DevsiteUserService(UserService):
    """The logged-in Django user, described with the attributes the LMS's user service gives."""

    def __init__(self, user):
        if user is not None and user.is_authenticated:
            xblock_user = XBlockUser(
                is_current_user=True,
                emails=[user.email] if user.email else [],
                full_name=user.get_full_name() or user.username,
            )
            xblock_user.opt_attrs.update({
                "edx-platform.user_id": user.pk,
                "edx-platform.username": user.username,
                "edx-platform.user_is_staff": user.is_staff,
                "edx-platform.user_role": "staff" if user.is_staff else "student",
                "edx-platform.is_authenticated": True,
            })
        else:
            xblock_user = XBlockUser(is_current_user=False)
        super().__init__(user=xblock_user)

    def get_current_user(self):
        return self._user


class UnitNameMixin(XBlockMixin):
    """Every block of the LMS has a `display_name` (edx-platform's XModuleMixin gives one to every
    block); the workbench's containers have none. Mixed into every block the devsite loads, so a
    demo unit has its name as in the LMS (a block that declares its own `display_name` keeps it:
    the mixin comes after the block's class)."""
    display_name = String(scope=Scope.settings, default=None, help="The name shown to learners")


class DevsiteRuntime(WorkbenchRuntime):
    """A workbench runtime for one logged-in user of the devsite."""

    def __init__(self, user=None):  # pylint: disable=super-init-not-called
        services = {
            "field-data": KvsFieldData(KVS),
            "user": DevsiteUserService(user),
            "i18n": WorkbenchI18NService(),
            "settings": SettingsService(),
        }
        Runtime.__init__(self, ID_MANAGER, ID_MANAGER, services=services,  # pylint: disable=non-parent-init-called
                         mixins=(UnitNameMixin,))
        self.user = user if user is not None and user.is_authenticated else None

    def get_block(self, usage_id, for_parent=None):
        """The block `usage_id`, scoped to this runtime's user (as the LMS scopes it)."""
        def_id = self.id_reader.get_definition_id(usage_id)
        try:
            block_type = self.id_reader.get_block_type(def_id)
        except NoSuchDefinition as error:
            raise NoSuchUsage(repr(usage_id)) from error
        keys = ScopeIds(self.user.pk if self.user else None, block_type, def_id, def_id)
        return self.construct_xblock(block_type, keys, for_parent=for_parent)

    def _usage_id_from_node(self, node, parent_id):
        # XBlock's parser does not hand a node's url_name to the id generator; the LMS's does.
        self.id_generator.pending_url_name = node.get("url_name")
        return super()._usage_id_from_node(node, parent_id)

    def _patch_xblock(self, block):
        """The workbench patches LTI-specific mock attributes onto blocks; our blocks need none."""

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        func = getattr(block, handler_name, None)
        if not func or not getattr(func, "_is_xblock_handler", False):
            raise ValueError(f"{handler_name!r} is not a handler of {block.scope_ids.block_type}")
        url = reverse("devsite-handler", args=(str(block.scope_ids.usage_id), handler_name, suffix))
        return f"{url}?{query}" if query else url

    def handle(self, block, handler_name, request, suffix=""):
        if handler_name == "publish_event":
            try:
                event_type = json.loads(request.body.decode("utf-8")).get("event_type")
            except (ValueError, UnicodeDecodeError, AttributeError):
                event_type = None
            if event_type in SERVER_ONLY_EVENTS:
                log.warning("Refused a %r event from the browser for %s", event_type, block.scope_ids.usage_id)
                return Response(
                    json.dumps({"error": f"'{event_type}' events cannot be sent from the browser."}),
                    status=403, content_type="application/json", charset="utf-8",
                )
        return Runtime.handle(self, block, handler_name, request, suffix)

    def publish(self, block, event_type, event_data):
        if event_type == "completion":
            self._submit_completion(block, event_data)
        elif event_type == "grade":
            log.warning("The devsite keeps no grades; ignored a grade event from %s", block.scope_ids.usage_id)
        else:
            tracker.emit(event_type, event_data)

    def _submit_completion(self, block, event_data):
        """As the LMS does: only blocks with custom completion may publish it, for a real user."""
        if not getattr(block, "has_custom_completion", False):
            raise ValueError(f"{block.scope_ids.block_type} does not have custom completion")
        completion = event_data.get("completion")
        if isinstance(completion, bool) or not isinstance(completion, (int, float)) or not math.isfinite(completion) \
                or not 0.0 <= completion <= 1.0:
            raise ValueError(f"Invalid completion value {completion!r}")
        if self.user is None:
            raise ValueError("Completion needs a logged-in user")
        BlockCompletion.objects.submit_completion(
            user=self.user, block_key=_as_usage_key(block.scope_ids.usage_id), completion=float(completion)
        )
