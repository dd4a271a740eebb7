"""The outline from Studio's publish: the receiver schedules a task after commit, the task reads the
published branch through `compat`, stores the outline and sends a recompute to the LMS's queue;
the walk that decides which blocks count; `orglab_sync_outline`; the completion-switch check.

edx-platform is not installed: the modulestore's blocks are stand-ins with the attributes the
platform's blocks have (`location`, `has_children`, `get_children()`, `display_name_with_default`,
`completion_mode`, `has_dynamic_children()`), and `compat`'s platform functions are replaced."""
from __future__ import annotations

import sys
import types
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import CourseLocator
from xblock.completable import XBlockCompletionMode

from orglab_plugin import compat, handlers, outline, tasks
from orglab_plugin.models import CourseUnit, OutlineBlock

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
OTHER = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2027")
AGGREGATOR, COMPLETABLE, EXCLUDED = (XBlockCompletionMode.AGGREGATOR, XBlockCompletionMode.COMPLETABLE,
                                     XBlockCompletionMode.EXCLUDED)
# Completion modes of edx-platform's containers: SequenceFields.completion_mode = AGGREGATOR
# (xmodule/seq_block.py: chapter, sequential; split_test through SequenceMixin), which VerticalBlock
# inherits (xmodule/vertical_block.py); ItemBankMixin.completion_mode (xmodule/item_bank_block.py:
# library_content) is AGGREGATOR unless MARK_LIBRARY_CONTENT_BLOCK_COMPLETE_ON_VIEW makes it COMPLETABLE.
# has_dynamic_children() is True for split_test (xmodule/split_test_block.py) and item banks.


class Block:
    """A modulestore block as the walk reads it."""

    def __init__(self, course_key, block_type, name, children=(), mode=None, dynamic=None, title=None):
        self.location = course_key.make_usage_key(block_type, name)
        self._children = list(children)
        self.has_children = bool(children) or mode == AGGREGATOR
        if mode is not None:
            self.completion_mode = mode
        if dynamic is not None:
            self.has_dynamic_children = lambda: dynamic
        self.display_name_with_default = title or name

    def get_children(self):
        return list(self._children)


def leaf(course_key, block_type, name, mode=None):
    return Block(course_key, block_type, name, mode=mode)


def container(course_key, block_type, name, children, **kwargs):
    kwargs.setdefault("mode", AGGREGATOR)
    kwargs.setdefault("dynamic", False)
    return Block(course_key, block_type, name, children, **kwargs)


def demo_course(course_key=COURSE, library_mode=AGGREGATOR):
    """Two units; unit 1 holds an A/B test and a randomized library, unit 2 an empty unit."""
    k = course_key
    unit1 = container(k, "chapter", "unit1", [
        container(k, "sequential", "s1", [
            container(k, "vertical", "v1", [
                leaf(k, "html", "intro"),
                leaf(k, "orglab_worksheet", "w1"),
                leaf(k, "discussion", "talk", mode=EXCLUDED),
                container(k, "split_test", "ab", [
                    container(k, "vertical", "group_a", [leaf(k, "problem", "pa")]),
                    container(k, "vertical", "group_b", [leaf(k, "problem", "pb")]),
                ], dynamic=True),
                container(k, "library_content", "bank", [leaf(k, "problem", f"lib{i}") for i in range(3)],
                          mode=library_mode, dynamic=True),
                leaf(k, "orglab_topic_list", "topics"),
            ]),
        ]),
    ], title="Unit 1 · Knowledge gaps")
    unit2 = container(k, "chapter", "unit2", [
        container(k, "sequential", "s2", [
            container(k, "vertical", "empty", []),
            container(k, "vertical", "v2", [leaf(k, "orglab_audience", "aud")]),
        ]),
    ], title="Unit 2 · Your audience")
    return container(k, "course", "course", [unit1, unit2])


def blocks_of(units):
    return [[(str(key), block_type) for key, block_type in unit.blocks] for unit in units]


# ---------------------------------------------------------------- which blocks count


def test_the_walk_counts_what_edx_completion_counts_for_everyone():
    units = outline.units_from_course(demo_course(), COURSE)
    assert [(str(u.key), u.title) for u in units] == [
        (str(COURSE.make_usage_key("chapter", "unit1")), "Unit 1 · Knowledge gaps"),
        (str(COURSE.make_usage_key("chapter", "unit2")), "Unit 2 · Your audience"),
    ]
    k = COURSE.make_usage_key
    assert blocks_of(units) == [
        [(str(k("html", "intro")), "html"), (str(k("orglab_worksheet", "w1")), "orglab_worksheet"),
         (str(k("orglab_topic_list", "topics")), "orglab_topic_list")],
        [(str(k("orglab_audience", "aud")), "orglab_audience")],
    ]


def test_a_library_content_completable_on_view_counts_as_one_block():
    """MARK_LIBRARY_CONTENT_BLOCK_COMPLETE_ON_VIEW (openedx/envs/common.py) makes the block itself
    completable: it counts once, its children still do not."""
    units = outline.units_from_course(demo_course(library_mode=COMPLETABLE), COURSE)
    types_ = [block_type for _key, block_type in units[0].blocks]
    assert types_ == ["html", "orglab_worksheet", "library_content", "orglab_topic_list"]
    assert "problem" not in types_


def test_per_learner_containers_are_known_by_name_without_the_platforms_mixin():
    k = COURSE
    no_mixin = Block(k, "split_test", "ab", [container(k, "vertical", "a", [leaf(k, "problem", "p")])],
                     mode=AGGREGATOR)
    assert not hasattr(no_mixin, "has_dynamic_children")
    course = container(k, "course", "c", [container(k, "chapter", "u", [no_mixin, leaf(k, "html", "h")])])
    assert blocks_of(outline.units_from_course(course, k)) == [[(str(k.make_usage_key("html", "h")), "html")]]


def test_versioned_keys_from_studio_are_stored_unversioned():
    """cms/djangoapps/contentstore/outlines.py `_remove_version_info`: right after a publish, Studio's
    blocks carry the branch and version in their keys; edx-completion stores plain ones."""
    versioned = CourseLocator("Wikimedia", "OrgLab", "2026", branch="published-branch",
                              version_guid="5f3c9a1b2c3d4e5f6a7b8c9d")
    units = outline.units_from_course(demo_course(course_key=versioned), versioned)
    keys = [units[0].key] + [key for unit in units for key, _type in unit.blocks]
    assert {key.course_key for key in keys} == {COURSE}
    assert outline.unversioned(versioned) == COURSE


# ---------------------------------------------------------------- compat reads the published branch


@pytest.fixture
def modulestore(monkeypatch):
    """Stand-ins for xmodule.modulestore (ModuleStoreEnum, as xmodule/modulestore/__init__.py
    declares it) and xmodule.modulestore.django.modulestore(), recording every call."""
    calls = []
    courses = {}

    class Store:
        @contextmanager
        def branch_setting(self, branch_setting, course_id=None):
            calls.append(("branch_setting", branch_setting, course_id))
            yield
            calls.append(("branch_setting done",))

        def get_course(self, course_key, depth=0, **kwargs):
            calls.append(("get_course", course_key, depth))
            return courses.get(course_key)

    enum = types.SimpleNamespace(Branch=types.SimpleNamespace(draft_preferred="draft-preferred",
                                                              published_only="published-only"))
    package = types.ModuleType("xmodule")
    store_module = types.ModuleType("xmodule.modulestore")
    store_module.ModuleStoreEnum = enum
    django_module = types.ModuleType("xmodule.modulestore.django")
    store = Store()
    django_module.modulestore = lambda: store
    for name, module in (("xmodule", package), ("xmodule.modulestore", store_module),
                         ("xmodule.modulestore.django", django_module)):
        monkeypatch.setitem(sys.modules, name, module)
    return types.SimpleNamespace(calls=calls, courses=courses)


def test_compat_reads_the_published_branch_whole(modulestore):
    modulestore.courses[COURSE] = demo_course()
    units = compat.course_outline(COURSE)
    assert modulestore.calls == [
        ("branch_setting", "published-only", COURSE),
        ("get_course", COURSE, None),
        ("branch_setting done",),
    ]
    assert blocks_of(units) == blocks_of(outline.units_from_course(demo_course(), COURSE))


def test_compat_answers_none_for_a_course_never_published(modulestore):
    assert compat.course_outline(OTHER) is None
    assert modulestore.calls[1] == ("get_course", OTHER, None)


# ---------------------------------------------------------------- receiver → task → compat → outline → recompute


@pytest.fixture
def platform_outline(monkeypatch):
    """compat.course_outline answering from {course key: course block}; None for others."""
    published = {COURSE: demo_course()}
    read = []

    def course_outline(course_key):
        read.append(course_key)
        course = published.get(course_key)
        return None if course is None else outline.units_from_course(course, course_key)

    monkeypatch.setattr(compat, "course_outline", course_outline)
    return types.SimpleNamespace(published=published, read=read)


@pytest.fixture
def sent(monkeypatch, settings):
    """Celery, as seen from orglab: what was queued, where (the task objects are replaced, so no
    Celery app is involved)."""
    settings.ORGLAB_RUN_TASKS_EAGERLY = False
    queued = {"sync": [], "recompute": []}
    monkeypatch.setattr(tasks, "sync_course_outline_task",
                        types.SimpleNamespace(name="orglab_plugin.sync_course_outline", delay=queued["sync"].append))
    monkeypatch.setattr(tasks, "recompute_course_task", types.SimpleNamespace(
        name="orglab_plugin.recompute_course",
        apply_async=lambda args=None, kwargs=None, **options: queued["recompute"].append((args, options))))
    return queued


@pytest.mark.django_db
def test_the_receiver_only_schedules_after_commit(sent, platform_outline, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handlers.course_published(sender=type("DraftVersioningModuleStore", (), {}), course_key=COURSE,
                                  signal=None)
    assert sent["sync"] == [] and platform_outline.read == [] and not CourseUnit.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent["sync"] == [str(COURSE)]
    assert platform_outline.read == []  # the modulestore is read in the task, not in Studio's request


@pytest.mark.django_db
def test_the_task_syncs_the_published_outline_then_recomputes_in_the_lms(
        sent, platform_outline, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.sync_course_outline(str(COURSE))
    assert result == {"course": str(COURSE), "published": True, "changed": True}
    assert platform_outline.read == [COURSE]
    assert list(CourseUnit.objects.filter(course_key=COURSE).values_list("position", "title")) == [
        (1, "Unit 1 · Knowledge gaps"), (2, "Unit 2 · Your audience")]
    assert sorted(OutlineBlock.objects.filter(course_key=COURSE).values_list("block_type", flat=True)) == [
        "html", "orglab_audience", "orglab_topic_list", "orglab_worksheet"]
    assert sent["recompute"] == [([str(COURSE)], {"queue": "edx.lms.core.default"})]

    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.sync_course_outline(str(COURSE))
    assert again["changed"] is False
    assert len(sent["recompute"]) == 1  # an unchanged outline needs no recompute


@pytest.mark.django_db
def test_the_recompute_goes_to_the_configured_lms_queue(sent, platform_outline, settings,
                                                        django_capture_on_commit_callbacks):
    settings.ORGLAB_LMS_CELERY_QUEUE = "edx.lms.core.orglab"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_course_outline(str(COURSE))
    assert sent["recompute"] == [([str(COURSE)], {"queue": "edx.lms.core.orglab"})]


@pytest.mark.django_db
def test_a_versioned_key_from_the_signal_is_synced_as_the_plain_course(sent, platform_outline,
                                                                       django_capture_on_commit_callbacks):
    versioned = CourseLocator("Wikimedia", "OrgLab", "2026", version_guid="5f3c9a1b2c3d4e5f6a7b8c9d")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_course_outline(str(versioned))
    assert platform_outline.read == [COURSE]
    assert set(CourseUnit.objects.values_list("course_key", flat=True)) == {COURSE}


@pytest.mark.django_db
def test_an_unpublished_course_changes_nothing(sent, platform_outline, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.sync_course_outline(str(OTHER))
    assert result == {"course": str(OTHER), "published": False, "changed": False}
    assert not CourseUnit.objects.exists() and sent["recompute"] == []


@pytest.mark.django_db
def test_policy_exclusions_apply_to_the_synced_outline(sent, platform_outline, django_capture_on_commit_callbacks):
    from orglab_plugin import policy
    from orglab_plugin.models import CoursePolicy

    document = policy.validate_policy({**policy.DEFAULT_POLICY, "excluded_block_types": ["html"]})
    CoursePolicy.objects.create(course_key=COURSE, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_course_outline(str(COURSE))
    counted = dict(OutlineBlock.objects.filter(course_key=COURSE).values_list("block_type", "counts"))
    assert counted == {"html": False, "orglab_worksheet": True, "orglab_topic_list": True, "orglab_audience": True}


# ---------------------------------------------------------------- orglab_sync_outline


@pytest.fixture
def recomputes(monkeypatch):
    scheduled = []
    monkeypatch.setattr(tasks, "schedule_recompute", scheduled.append)
    return scheduled


@pytest.mark.django_db
def test_the_command_syncs_named_courses(platform_outline, recomputes, capsys):
    call_command("orglab_sync_outline", courses=[str(COURSE)])
    out = capsys.readouterr().out
    assert f"{COURSE}: outline changed; recompute scheduled" in out
    assert "1 changed, 0 unchanged, 0 unpublished, 0 failed of 1 courses." in out
    assert recomputes == [COURSE]
    assert CourseUnit.objects.filter(course_key=COURSE).count() == 2
    call_command("orglab_sync_outline", "--course", str(COURSE))
    assert f"{COURSE}: outline unchanged" in capsys.readouterr().out
    assert recomputes == [COURSE]


@pytest.mark.django_db
def test_the_command_syncs_every_course_of_the_site(platform_outline, recomputes, monkeypatch, capsys):
    monkeypatch.setattr(compat, "all_course_keys", lambda: [COURSE, OTHER])
    call_command("orglab_sync_outline", "--all", "--no-recompute")
    out = capsys.readouterr().out
    assert f"{COURSE}: outline changed\n" in out and f"{OTHER}: no published course" in out
    assert "1 changed, 0 unchanged, 1 unpublished, 0 failed of 2 courses." in out
    assert recomputes == [] and platform_outline.read == [COURSE, OTHER]


@pytest.mark.django_db
def test_the_command_goes_on_past_a_broken_course_and_says_so(platform_outline, recomputes, monkeypatch, capsys):
    def broken(course_key):
        if course_key == OTHER:
            raise ValueError("unreadable block")
        return outline.units_from_course(demo_course(), course_key)

    monkeypatch.setattr(compat, "course_outline", broken)
    with pytest.raises(CommandError, match="1 course"):
        call_command("orglab_sync_outline", "--course", str(OTHER), "--course", str(COURSE))
    captured = capsys.readouterr()
    assert f"{OTHER}: failed (ValueError: unreadable block)" in captured.err
    assert CourseUnit.objects.filter(course_key=COURSE).count() == 2


def test_the_command_refuses_bad_arguments():
    with pytest.raises(CommandError, match="not a course key"):
        call_command("orglab_sync_outline", "--course", "nonsense")
    with pytest.raises(CommandError):
        call_command("orglab_sync_outline")
    with pytest.raises(CommandError):
        call_command("orglab_sync_outline", "--all", "--course", str(COURSE))


# ---------------------------------------------------------------- Studio publish, end to end in the devsite's way


@pytest.mark.django_db
def test_eagerly_a_publish_syncs_and_recomputes_in_process(platform_outline, settings, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    settings.ORGLAB_RUN_TASKS_EAGERLY = True
    recomputed = []
    monkeypatch.setattr("orglab_plugin.progress.recompute_course", lambda key: recomputed.append(key) or {})
    with django_capture_on_commit_callbacks(execute=True):
        handlers.course_published(sender=None, course_key=COURSE)
    assert CourseUnit.objects.filter(course_key=COURSE).count() == 2
    assert recomputed == [COURSE]


# ---------------------------------------------------------------- completion tracking check


@pytest.fixture
def fresh_switches():
    from edx_django_utils.cache import RequestCache

    RequestCache.clear_all_namespaces()  # edx-toggles caches a switch's value for the request
    yield
    RequestCache.clear_all_namespaces()


@pytest.mark.django_db
def test_the_check_warns_while_completion_tracking_is_off(fresh_switches, capsys, django_capture_on_commit_callbacks):
    from waffle.models import Switch

    from orglab_plugin.checks import SWITCH_OFF, completion_tracking_enabled

    with django_capture_on_commit_callbacks(execute=True):  # waffle forgets its cached value on commit
        switch, _created = Switch.objects.update_or_create(name="completion.enable_completion_tracking",
                                                           defaults={"active": False})
    assert completion_tracking_enabled(databases=None) == []  # a database check: only with databases
    warnings = completion_tracking_enabled(databases=["default"])
    assert [w.id for w in warnings] == [SWITCH_OFF]
    assert "completion.enable_completion_tracking" in warnings[0].msg
    call_command("check", "--tag", "orglab", "--database", "default")
    assert SWITCH_OFF in capsys.readouterr().err

    switch.active = True
    with django_capture_on_commit_callbacks(execute=True):
        switch.save()
    from edx_django_utils.cache import RequestCache

    RequestCache.clear_all_namespaces()
    assert completion_tracking_enabled(databases=["default"]) == []


def test_the_check_survives_a_database_not_migrated_yet(fresh_switches, monkeypatch):
    from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH

    from orglab_plugin.checks import SWITCH_UNREADABLE, completion_tracking_enabled

    def no_table():
        raise OperationalError("no such table: waffle_switch")

    monkeypatch.setattr(ENABLE_COMPLETION_TRACKING_SWITCH, "is_enabled", no_table)
    assert [w.id for w in completion_tracking_enabled(databases=["default"])] == [SWITCH_UNREADABLE]


def test_the_celery_tasks_keep_their_documented_names():
    assert tasks.sync_course_outline_task.name == "orglab_plugin.sync_course_outline"
    assert tasks.recompute_course_task.name == "orglab_plugin.recompute_course"
