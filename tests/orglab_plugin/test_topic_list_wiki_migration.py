"""The data migration that normalizes the wiki names of topic-list submissions already recorded
(`orglab_plugin` 0006): spellings such as "ESWIKI " or "\\neswiki" become "eswiki"; nothing else
in the payload, and no other block type, is touched."""
from __future__ import annotations

import ast
import copy
import importlib
import importlib.util

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from opaque_keys.edx.keys import CourseKey

from orglab_plugin.models import Submission

pytestmark = pytest.mark.django_db

migration = importlib.import_module("orglab_plugin.migrations.0006_normalize_topic_list_wikis")

COURSE = CourseKey.from_string("course-v1:Wikimedia+OrgLab+2026")
TOPICS = COURSE.make_usage_key("orglab_topic_list", "unit2_topic_list")
WORKSHEET = COURSE.make_usage_key("orglab_worksheet", "unit1_worksheet")


def topic_row(n, wiki, **values):
    return {"id": f"r{n}", "title": f"Artículo {n}", "wiki": wiki, "qid": "", "source_title": "", "source_wiki": "",
            "status": "unknown", "gap": "gender", "topic": "", "task": "", "priority": "", "notes": "",
            "sitelinks": None, "canonical": "", **values}


def record(user, block_key, block_type, payload, version=1):
    return Submission.objects.create(course_key=COURSE, user=user, block_key=block_key, block_type=block_type,
                                     version=version, payload=payload,
                                     item_count=len(payload["rows"]) if "rows" in payload else None)


def test_bad_spellings_in_recorded_topic_lists_are_normalized(learner, other_learner):
    bad = record(learner, TOPICS, "orglab_topic_list", {"title": "Lista", "rows": [
        topic_row(1, "ESWIKI "), topic_row(2, "\neswiki", source_title="Wind", source_wiki=" EnWiki"),
        topic_row(3, "be-taraskwiki"), topic_row(4, "zh-min-nanwiki"), topic_row(5, "eswiki"),
        topic_row(6, "not a wiki at all"), "not a row", {"id": "r7", "wiki": 42},
    ], "summary": {"gap": {"gender": 6}}})
    older = record(learner, TOPICS, "orglab_topic_list", {"rows": [topic_row(1, "FRWIKI")]}, version=2)
    good_payload = {"rows": [topic_row(1, "eswiki")], "summary": {}}
    good = record(other_learner, TOPICS, "orglab_topic_list", copy.deepcopy(good_payload))
    worksheet_payload = {"answers": {"wiki": "ESWIKI "}, "rows": [{"wiki": "ESWIKI "}]}
    worksheet = record(learner, WORKSHEET, "orglab_worksheet", copy.deepcopy(worksheet_payload))

    migration.normalize_topic_list_wikis(apps, None)

    bad.refresh_from_db()
    rows = bad.payload["rows"]
    assert [r["wiki"] if isinstance(r, dict) else r for r in rows] == [
        "eswiki", "eswiki", "be_x_oldwiki", "zh_min_nanwiki", "eswiki", "not a wiki at all", "not a row", 42]
    assert rows[1]["source_wiki"] == "enwiki"
    assert rows[0] == topic_row(1, "eswiki")  # nothing else in a row changes
    assert bad.payload["title"] == "Lista" and bad.payload["summary"] == {"gap": {"gender": 6}}
    assert bad.item_count == 8
    older.refresh_from_db()
    assert older.payload["rows"][0]["wiki"] == "frwiki"
    good.refresh_from_db()
    assert good.payload == good_payload
    worksheet.refresh_from_db()
    assert worksheet.payload == worksheet_payload


def test_the_migration_is_idempotent_and_reversible_as_a_no_op(learner):
    sub = record(learner, TOPICS, "orglab_topic_list", {"rows": [topic_row(1, " SWWIKI")]})
    migration.normalize_topic_list_wikis(apps, None)
    migration.normalize_topic_list_wikis(apps, None)
    sub.refresh_from_db()
    assert sub.payload["rows"][0]["wiki"] == "swwiki"
    operation = migration.Migration.operations[0]
    assert operation.reversible and operation.reverse_code is not None
    operation.reverse_code(apps, None)
    sub.refresh_from_db()
    assert sub.payload["rows"][0]["wiki"] == "swwiki"


def test_the_migration_processes_many_submissions_in_batches(learner, monkeypatch):
    monkeypatch.setattr(migration, "BATCH_SIZE", 3)
    for version in range(1, 9):
        record(learner, TOPICS, "orglab_topic_list", {"rows": [topic_row(version, "ESWIKI")]}, version=version)
    migration.normalize_topic_list_wikis(apps, None)
    assert {r.payload["rows"][0]["wiki"] for r in Submission.objects.all()} == {"eswiki"}


def test_the_migration_follows_0005_and_stands_alone():
    assert ("orglab_plugin", "0005_report_indexes") in migration.Migration.dependencies
    executor = MigrationExecutor(connection)
    assert ("orglab_plugin", "0006_normalize_topic_list_wikis") in executor.loader.graph.nodes
    source = importlib.util.find_spec(migration.__name__).loader.get_source(migration.__name__)
    imported = {alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert "django.db" in imported
    assert not any(name.startswith("orglab_xblocks") for name in imported), imported


def test_the_migration_spells_every_wikipedia_as_the_block_does():
    from orglab_xblocks.topic_list import wikis

    for code in sorted(wikis.WIKIPEDIA_LANGUAGES):
        canonical = wikis.dbname(code)
        hyphenated = code + "wiki"
        for spelling in (canonical, f" {canonical.upper()}\n", hyphenated, f"\t{hyphenated.upper()} "):
            assert migration.normalize_wiki(spelling) == wikis.normalize_dbname(spelling) == canonical, spelling
