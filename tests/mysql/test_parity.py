"""The set-based paths give the same answers on every database: the recompute (one aggregate query
with an index hint, then an upsert in plain SQL), the awards' bulk inserts, the milestones' upsert
and the completion report (a raw MAX(modified) through an index hint) are checked against a golden
result computed here in Python from the same generated cohort, and the recompute against the ORM's
learner-by-learner path.

Runs under `make test` (SQLite) and `make test-mysql` (MariaDB): each backend takes its own branch
of those paths (`INDEXED BY` / `ON CONFLICT` against `FORCE INDEX` / `ON DUPLICATE KEY UPDATE`).
"""
from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.db import connection
from opaque_keys.edx.keys import CourseKey

from benchmarks.per_learner import recompute_learner
from course_export import reports
from orglab_plugin import api, cohort, milestones, outline
from orglab_plugin.models import (
    AwardAudit,
    CertificateAward,
    CoursePolicy,
    GrantEligibility,
    StaffMilestone,
    Submission,
    UnitProgress,
)
from orglab_plugin.progress import recompute_course
from tests.orglab_plugin import test_progress_awards as progress_tests

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:Parity+Lab+1")
BLOCKS_PER_UNIT = (2, 3, 1)  # counted worksheets of units 1, 2 and 3 (each unit also has an html block)
ENROLLED = 23
CHUNK = 5  # several chunks, and a last one shorter
UTC = datetime.UTC

# The progress tests' policy: every unit, a live-sessions milestone and a topic list of 2 topics.
POLICY = progress_tests.POLICY


def key(block_type, name):
    return COURSE.make_usage_key(block_type, name)


def unit_blocks(unit):
    return [key("orglab_worksheet", f"u{unit}b{b}") for b in range(1, BLOCKS_PER_UNIT[unit - 1] + 1)]


@pytest.fixture
def plan(completion_on):
    """A generated cohort in the database, and what it is (the golden result is computed from this)."""
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, [
        outline.UnitSpec(key=key("chapter", f"unit{u}"), title=f"Unit {u}",
                         blocks=[(block, "orglab_worksheet") for block in unit_blocks(u)] + [(key("html", f"u{u}"), "html")])
        for u in (1, 2, 3)], {"html"})
    rng = random.Random(20261202)
    User = get_user_model()  # noqa: N806 - a model class
    users = [User.objects.create_user(f"p{i:02d}", f"p{i:02d}@example.org", "x") for i in range(ENROLLED + 2)]
    enrolled, outsiders = users[:ENROLLED], users[ENROLLED:]
    cohort.enroll_many([user.pk for user in enrolled], COURSE)
    staff = User.objects.create_user("parity-staff", "parity-staff@example.org", "x", is_staff=True)

    completions = {}  # (user_id, block) -> (value, modified)
    for n, user in enumerate(users):
        finishes = n % 3 == 0  # a third of the cohort completes every block
        for unit in (1, 2, 3):
            for block in unit_blocks(unit):
                roll = rng.random()
                if finishes or roll < 0.55:
                    value = 1.0
                elif roll < 0.75:
                    value = 0.5  # started, not complete: never counted
                else:
                    continue
                # Distinct microseconds: MAX(modified) must come back exactly (DATETIME(6) on MySQL).
                modified = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + datetime.timedelta(
                    minutes=rng.randrange(60 * 24 * 20), microseconds=rng.randrange(1, 999_999))
                completions[(user.pk, block)] = (value, modified)
                BlockCompletion.objects.submit_completion(user=user, block_key=block, completion=value)
    for (user_id, block), (_value, modified) in completions.items():
        BlockCompletion.objects.filter(user_id=user_id, context_key=COURSE, block_key=block).update(modified=modified)

    topics, submitted_at = {}, {}
    for n, user in enumerate(enrolled):
        if n % 2 == 0:
            size = 1 + n % 4
            api.record_submission(course_key=COURSE, user=user, block_key=key("orglab_topic_list", "list"),
                                  block_type="orglab_topic_list",
                                  payload={"rows": [{"id": str(i)} for i in range(size)]})
            topics[user.pk] = size
            # A submission is activity too: some later than every completion, some earlier.
            submitted_at[user.pk] = datetime.datetime(2026, 11, 5 + n, 12, 0, 0, 1000 + n, tzinfo=UTC)
            Submission.objects.filter(user=user, course_key=COURSE).update(created=submitted_at[user.pk])
    # Milestones through the CSV import (a bulk upsert), twice: the second import moves the dates.
    attended = [user for n, user in enumerate(enrolled) if n % 4 != 1]
    first = "username,milestone,date\n" + "".join(f"{u.username},live_sessions,2026-11-0{1 + i % 5}\n"
                                                  for i, u in enumerate(attended))
    assert milestones.import_milestones_csv(COURSE, first, staff)["taken"] == len(attended)
    dates = {u.pk: datetime.date(2026, 11, 10 + i % 7) for i, u in enumerate(attended)}
    again = "username,milestone,date\n" + "".join(f"{u.username},live_sessions,{dates[u.pk].isoformat()}\n"
                                                  for u in attended)
    result = milestones.import_milestones_csv(COURSE, again, staff)
    assert result == {"taken": len(attended), "refused": []}
    return {"users": users, "enrolled": enrolled, "outsiders": outsiders, "completions": completions,
            "topics": topics, "submitted_at": submitted_at, "milestones": dates}


def golden_progress(plan) -> dict[tuple[int, int], tuple[int, int, float]]:
    """(user, unit position) -> (completed, total, percent), for every pair with a completed block."""
    expected = {}
    for user in plan["users"]:
        for unit in (1, 2, 3):
            total = BLOCKS_PER_UNIT[unit - 1]
            done = sum(1 for block in unit_blocks(unit)
                       if plan["completions"].get((user.pk, block), (0.0,))[0] >= 1.0)
            if done:
                expected[(user.pk, unit)] = (done, total, round(100.0 * done / total, 1))
    return expected


def golden_awards(plan) -> tuple[set[int], set[int]]:
    """Who holds a certificate, and who is eligible."""
    progress = golden_progress(plan)
    certified = {user.pk for user in plan["users"]
                 if all(progress.get((user.pk, u), (0, 1))[0] == BLOCKS_PER_UNIT[u - 1] for u in (1, 2, 3))}
    eligible = {user_id for user_id in certified
                if user_id in plan["milestones"] and plan["topics"].get(user_id, 0) >= 2}
    return certified, eligible


def stored_progress(only_completed: bool = True) -> dict[tuple[int, int], tuple[int, int, float]]:
    return {(user_id, position): (completed, total, percent)
            for user_id, position, completed, total, percent in UnitProgress.objects.filter(course_key=COURSE)
            .values_list("user_id", "unit__position", "completed", "total", "percent")
            if completed or not only_completed}


def forget_results():
    UnitProgress.objects.all().delete()
    GrantEligibility.objects.all().delete()
    CertificateAward.objects.all().delete()
    AwardAudit.objects.all().delete()


def test_the_recompute_and_the_awards_match_the_golden_result(plan):
    expected = golden_progress(plan)
    certified, eligible = golden_awards(plan)
    assert certified and eligible and certified - eligible  # the generated cohort has every case

    forget_results()
    summary = recompute_course(COURSE, chunk=CHUNK)
    assert summary["learners"] == len(plan["users"])  # the enrolled, and the outsiders with completions
    # The set-based recompute writes no row for a unit with nothing complete.
    assert stored_progress(only_completed=False) == expected
    assert set(CertificateAward.objects.filter(course_key=COURSE, status="awarded")
               .values_list("user_id", flat=True)) == certified
    assert set(GrantEligibility.objects.filter(course_key=COURSE, status="eligible")
               .values_list("user_id", flat=True)) == eligible
    assert AwardAudit.objects.filter(kind="certificate", to_status="awarded").count() == len(certified)
    assert len({str(u) for u in CertificateAward.objects.values_list("uuid", flat=True)}) == len(certified)

    # Again, with some rows stale and one missing: the upsert updates in place and adds, nothing else.
    some = UnitProgress.objects.filter(course_key=COURSE).order_by("user_id", "unit__position")
    stale_pk = some.first().pk
    UnitProgress.objects.filter(pk=stale_pk).update(completed=0, percent=0.0)
    some.last().delete()
    ids_before = set(UnitProgress.objects.values_list("pk", flat=True))
    summary = recompute_course(COURSE, chunk=CHUNK)
    assert summary["written"] == 2
    assert stored_progress(only_completed=False) == expected
    assert stale_pk in set(UnitProgress.objects.values_list("pk", flat=True)) >= ids_before
    assert CertificateAward.objects.count() == len(certified)  # none awarded twice


def test_the_set_based_recompute_equals_the_orm_path(plan):
    forget_results()
    for user in plan["users"]:
        recompute_learner(COURSE, user.pk)
    by_orm = stored_progress()
    orm_awards = sorted(CertificateAward.objects.values_list("user_id", "status"))

    forget_results()
    recompute_course(COURSE, chunk=CHUNK)
    assert stored_progress() == by_orm == golden_progress(plan)
    assert sorted(CertificateAward.objects.values_list("user_id", "status")) == orm_awards


def test_the_completion_report_matches_the_golden_result(plan):
    forget_results()
    recompute_course(COURSE, chunk=CHUNK)
    progress = golden_progress(plan)
    certified, eligible = golden_awards(plan)

    rows = {row.user_id: row for row in cohort.learner_rows(COURSE, chunk=CHUNK)}
    assert sorted(rows) == sorted(user.pk for user in plan["enrolled"])  # outsiders are not in the report
    buffer = io.BytesIO()
    assert reports.write_report(COURSE, "completion", "csv", buffer, {"include": ["username"]}) == ENROLLED
    lines = list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8"))))
    header = list(lines[0])
    unit_columns = [name for name in header if name.endswith("(% complete)") and not name.startswith("Overall")]
    assert len(unit_columns) == 3
    by_username = {line["Username"]: line for line in lines}

    for user in plan["enrolled"]:
        figures = [progress.get((user.pk, u), (0, BLOCKS_PER_UNIT[u - 1], 0.0)) for u in (1, 2, 3)]
        overall = round(100.0 * sum(f[0] for f in figures) / sum(BLOCKS_PER_UNIT), 1)
        last = max([modified for (user_id, _block), (_value, modified) in plan["completions"].items()
                    if user_id == user.pk] + ([plan["submitted_at"][user.pk]] if user.pk in plan["submitted_at"] else []),
                   default=None)
        row = rows[user.pk]
        assert row.units == figures, user.username
        assert row.overall_percent == overall
        assert row.last_activity == last  # exact, microseconds included
        assert row.topics == plan["topics"].get(user.pk)
        assert row.milestones == ({"live_sessions": plan["milestones"][user.pk]} if user.pk in plan["milestones"]
                                  else {})
        assert row.certificate_status == ("awarded" if user.pk in certified else "")
        assert row.eligibility_status == ("eligible" if user.pk in eligible else "not_eligible")

        line = by_username[user.username]
        assert [float(line[column]) for column in unit_columns] == [f[2] for f in figures]
        assert float(line["Overall (% complete)"]) == overall
        assert line["Last activity (UTC)"] == (last.isoformat(timespec="seconds").replace("+00:00", "Z")
                                               if last else "")
        assert line["Topics in topic list"] == str(plan["topics"].get(user.pk, ""))
        assert line["Milestone: Attended the live sessions"] == (
            plan["milestones"][user.pk].isoformat() if user.pk in plan["milestones"] else "")
        assert line["Certificate"] == row.certificate_status


def test_the_milestone_upsert_keeps_one_row_per_learner_and_milestone(plan):
    assert StaffMilestone.objects.filter(course_key=COURSE).count() == len(plan["milestones"])
    assert dict(StaffMilestone.objects.filter(course_key=COURSE).values_list("user_id", "date")) == plan["milestones"]


def test_the_paths_took_this_backends_branch(plan):
    """The hand-written SQL names this backend's hint (the index exists on it) and upsert form."""
    from orglab_plugin import sql as plain_sql

    hint = {"sqlite": "INDEXED BY", "mysql": "FORCE INDEX"}.get(connection.vendor)
    for sql in (plain_sql.unit_completions_sql(), plain_sql.last_completions_sql(2)):
        assert hint is None or hint in sql
    upsert = plain_sql.upsert_sql(UnitProgress, ("user", "unit", "completed"), ("user", "unit"))
    assert ("ON DUPLICATE KEY UPDATE" if connection.vendor == "mysql" else "ON CONFLICT") in upsert
    by_user = next(index.name for index in BlockCompletion._meta.indexes if index.fields[0] == "user")
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, BlockCompletion._meta.db_table)
    assert by_user in indexes and indexes[by_user]["index"]
