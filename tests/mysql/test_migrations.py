"""Our schema on MySQL (Open edX's database): names within its limits, index keys within InnoDB's,
and the migrations applied from the state the previous release shipped, with data in the tables.

Runs under both backends: the checks of names and key lengths are static; the back-and-forth
migration runs on whichever database the suite uses (`make test-mysql` runs it on MariaDB).
"""
from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddConstraint, AddIndex, AlterModelTable, CreateModel, RenameIndex

OUR_APPS = ("orglab_plugin", "orglab_course_export")
MYSQL_NAME_MAX = 64  # identifiers: tables, columns, indexes, constraints (MySQL and MariaDB)
INNODB_KEY_MAX = 3072  # bytes of one index key (InnoDB, DYNAMIC rows), utf8mb4: 4 bytes a character

# The migrations the previous release shipped (the leaves before issue 12's session): a site that
# installed it migrates forward from here.
PREVIOUS_RELEASE = [("orglab_plugin", "0006_normalize_topic_list_wikis"), ("orglab_course_export", "0001_initial")]
# Further back, before the report indexes (0005) and the wiki-name data migration (0006): both then
# run forward over rows already there.
BEFORE_REPORT_INDEXES = [("orglab_plugin", "0004_enrollment"), ("orglab_course_export", "0001_initial")]


def our_models():
    return [model for app in OUR_APPS for model in django_apps.get_app_config(app).get_models()]


def migration_names() -> list[tuple[str, str]]:
    """(where, name) of every table, index and constraint our migrations name."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = []
    for (app, migration_name), migration in loader.disk_migrations.items():
        if app not in OUR_APPS:
            continue
        where = f"{app}.{migration_name}"
        for operation in migration.operations:
            if isinstance(operation, AddIndex):
                names.append((where, operation.index.name))
            elif isinstance(operation, AddConstraint):
                names.append((where, operation.constraint.name))
            elif isinstance(operation, RenameIndex):
                names.append((where, operation.new_name))
            elif isinstance(operation, AlterModelTable) and operation.table:
                names.append((where, operation.table))
            elif isinstance(operation, CreateModel):
                names += [(where, index.name) for index in operation.options.get("indexes", [])]
                names += [(where, constraint.name) for constraint in operation.options.get("constraints", [])]
                if operation.options.get("db_table"):
                    names.append((where, operation.options["db_table"]))
    return names


def test_our_apps_have_models_and_migrations():
    assert len(our_models()) >= 10
    assert len(migration_names()) >= 15


def test_every_name_fits_mysql():
    too_long = []
    for model in our_models():
        meta = model._meta
        names = [meta.db_table] + [field.column for field in meta.local_fields]
        names += [index.name for index in meta.indexes] + [constraint.name for constraint in meta.constraints]
        too_long += [(meta.label, name) for name in names if len(name) > MYSQL_NAME_MAX]
    too_long += [(where, name) for where, name in migration_names() if len(name) > MYSQL_NAME_MAX]
    assert not too_long, f"names longer than MySQL's {MYSQL_NAME_MAX} characters: {too_long}"


def test_names_are_unique_within_the_database():
    """MySQL names indexes per table, but a constraint name once per database: keep every name unique."""
    seen: dict[str, str] = {}
    clashes = []
    for model in our_models():
        for item in [*model._meta.indexes, *model._meta.constraints]:
            if item.name in seen:
                clashes.append((item.name, seen[item.name], model._meta.label))
            seen[item.name] = model._meta.label
    assert not clashes


def _key_bytes(model, field_names) -> int:
    size = 0
    for name in field_names:
        field = model._meta.get_field(name.lstrip("-"))
        if isinstance(field, (models.ForeignKey, models.BigIntegerField, models.PositiveBigIntegerField,
                              models.DateTimeField, models.FloatField)):
            size += 8
        elif isinstance(field, models.UUIDField):
            size += 32 * 4  # char(32) on MySQL
        elif isinstance(field, models.CharField):
            size += field.max_length * 4  # utf8mb4
        elif isinstance(field, (models.TextField, models.JSONField, models.BinaryField)):
            raise AssertionError(f"{model._meta.label}.{name}: MySQL cannot index a TEXT/JSON column without a prefix")
        else:
            size += 4
    return size


def test_every_index_key_fits_innodb_in_utf8mb4():
    too_wide = []
    for model in our_models():
        keys = [(index.name, index.fields) for index in model._meta.indexes]
        keys += [(c.name, c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
        keys += [(f"{field.name} (unique/db_index)", [field.name]) for field in model._meta.local_fields
                 if (field.unique or field.db_index) and not field.primary_key]
        too_wide += [(model._meta.label, name, _key_bytes(model, fields)) for name, fields in keys
                     if _key_bytes(model, fields) > INNODB_KEY_MAX]
    assert not too_wide, f"index keys over InnoDB's {INNODB_KEY_MAX} bytes in utf8mb4: {too_wide}"


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", *OUR_APPS, check=True, dry_run=True, stdout=out, verbosity=1)
    except SystemExit:
        pytest.fail("models changed without a migration:\n" + out.getvalue())


def test_the_previous_release_is_a_real_state():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for target in PREVIOUS_RELEASE + BEFORE_REPORT_INDEXES:
        assert target in loader.disk_migrations, target


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] in OUR_APPS]


def _seed(apps, user, suffix: str):
    """Rows in the tables the release had, through its historical models."""
    course = f"course-v1:Migrate+Lab+{suffix}"
    block = f"block-v1:Migrate+Lab+{suffix}+type@orglab_topic_list+block@list"
    Submission = apps.get_model("orglab_plugin", "Submission")  # noqa: N806 - a model class
    CourseUnit = apps.get_model("orglab_plugin", "CourseUnit")  # noqa: N806
    UnitProgress = apps.get_model("orglab_plugin", "UnitProgress")  # noqa: N806
    StaffMilestone = apps.get_model("orglab_plugin", "StaffMilestone")  # noqa: N806
    CertificateAward = apps.get_model("orglab_plugin", "CertificateAward")  # noqa: N806
    Enrollment = apps.get_model("orglab_plugin", "Enrollment")  # noqa: N806
    ReportJob = apps.get_model("orglab_course_export", "ReportJob")  # noqa: N806
    Submission.objects.create(course_key=course, user_id=user.pk, block_key=block, block_type="orglab_topic_list",
                              version=1, item_count=2, payload={"rows": [
                                  {"title": "Ada Lovelace", "wiki": " ESWIKI", "source_wiki": "be-taraskwiki"},
                                  {"title": "Émilie du Châtelet 🚀", "wiki": "not a wiki!"}]})
    unit = CourseUnit.objects.create(course_key=course, unit_key=f"block-v1:Migrate+Lab+{suffix}+type@chapter+block@u1",
                                     position=1, title="Unidad 1 — «Ñandú»")
    UnitProgress.objects.create(user_id=user.pk, course_key=course, unit=unit, completed=1, total=2, percent=50.0)
    StaffMilestone.objects.create(user_id=user.pk, course_key=course, milestone="live_sessions",
                                  date=datetime.date(2026, 11, 3))
    CertificateAward.objects.create(user_id=user.pk, course_key=course, uuid=uuid.uuid4(), status="awarded",
                                    awarded_at=datetime.datetime(2026, 11, 4, 10, 0, 0, 123456, tzinfo=datetime.UTC))
    Enrollment.objects.create(user_id=user.pk, course_key=course)
    ReportJob.objects.create(course_key=course, report="completion", format="csv", requested_by_id=user.pk,
                             signature="x" * 64)
    return course


@pytest.mark.django_db(transaction=True)
def test_migrating_forward_from_the_previous_release_keeps_the_data(django_user_model):
    from orglab_plugin.models import (
        CertificateAward,
        CourseUnit,
        Enrollment,
        StaffMilestone,
        Submission,
        UnitProgress,
    )

    leaves = _leaves()
    user = django_user_model.objects.create_user("migrating", "migrating@example.org", "x")
    try:
        old = _seed(_migrate(BEFORE_REPORT_INDEXES), user, "1")
        release = _seed(_migrate(PREVIOUS_RELEASE), user, "2")
        _migrate(leaves)
    finally:
        _migrate(leaves)  # whatever happened, the rest of the suite gets the current schema

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, StaffMilestone._meta.db_table)
    assert "orglab_milestone_course_user" in indexes  # 0005 ran over a populated table
    for course in (old, release):
        assert UnitProgress.objects.get(course_key=course).percent == 50.0
        assert CourseUnit.objects.get(course_key=course).title == "Unidad 1 — «Ñandú»"
        assert StaffMilestone.objects.get(course_key=course).date == datetime.date(2026, 11, 3)
        assert CertificateAward.objects.get(course_key=course).awarded_at.microsecond == 123456
        assert Enrollment.objects.filter(course_key=course, user=user).exists()
    # 0006 normalized the wiki names of the rows recorded before it, and only those.
    rows = Submission.objects.get(course_key=old).payload["rows"]
    assert (rows[0]["wiki"], rows[0]["source_wiki"], rows[1]["wiki"]) == ("eswiki", "be_x_oldwiki", "not a wiki!")
    assert rows[1]["title"] == "Émilie du Châtelet 🚀"  # utf8mb4, not MySQL's three-byte utf8
    assert Submission.objects.get(course_key=release).payload["rows"][0]["wiki"] == " ESWIKI"


@pytest.mark.skipif(connection.vendor != "mysql", reason="the server's settings only exist on MySQL/MariaDB")
@pytest.mark.django_db
def test_the_connection_is_set_up_as_open_edx_s():
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@SESSION.sql_mode, @@SESSION.character_set_connection, @@SESSION.collation_database")
        sql_mode, charset, collation = cursor.fetchone()
        cursor.execute("SELECT @@SESSION.transaction_isolation" if not connection.mysql_is_mariadb
                       or connection.mysql_version >= (11, 1) else "SELECT @@SESSION.tx_isolation")
        (isolation,) = cursor.fetchone()
    assert "STRICT_TRANS_TABLES" in sql_mode
    assert charset == "utf8mb4" and collation == "utf8mb4_unicode_ci"
    assert isolation == "READ-COMMITTED"
