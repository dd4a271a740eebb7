"""A course's cohort as instructors see it: enrolled learners with their progress, submissions,
milestones, certificate and eligibility, read set-based and streamed (reports, the dashboard).

Rows are built a chunk of learners at a time (learners in user-id order, a chunk of ids read
through indexes on (course, user)): per chunk one query per table, whatever the cohort's size, so
memory stays flat and a report of 100,000 learners costs a few hundred queries. Nothing here loops
over learners with a query inside.
"""
from __future__ import annotations

import logging
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from completion.models import BlockCompletion
from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from opaque_keys.edx.keys import CourseKey

from . import compat
from .keys import as_course_key as _course_key
from .models import (
    CertificateAward,
    Enrollment,
    GrantEligibility,
    StaffMilestone,
    Submission,
    UnitProgress,
)
from .outline import units_of
from .policy import render_unmet
from .progress import percent
from .sql import fetch_all, last_completions_sql

log = logging.getLogger(__name__)

CHUNK = 2000
WORKSHEET, TOPIC_LIST, AUDIENCE = "orglab_worksheet", "orglab_topic_list", "orglab_audience"
STATUS_FILTERS = ("eligible", "not_eligible", "certified", "not_certified", "overridden")
SORTS = ("username", "-username", "enrolled", "-enrolled", "progress", "-progress")


@dataclass
class LearnerRow:
    """One enrolled learner's standing (plain data; what a completion report row says)."""

    user_id: int
    username: str
    full_name: str
    email: str
    enrolled_on: datetime | None
    # Per unit, in course order: (completed, total, percent), the same figures as `learner_status`.
    units: list[tuple[int, int, float]] = field(default_factory=list)
    overall_percent: float = 0.0
    last_activity: datetime | None = None
    submitted_worksheets: int = 0
    topics: int | None = None  # the size of the latest submitted topic list(s); None: none submitted
    audience_submitted: bool = False
    milestones: dict[str, date] = field(default_factory=dict)
    certificate_status: str = ""  # "", "awarded" or "revoked"
    certificate_meets_policy: bool | None = None
    certificate_date: datetime | None = None
    certificate_url: str = ""
    eligibility_status: str = ""  # "", "eligible" or "not_eligible"
    unmet: list[str] = field(default_factory=list)
    override: str = ""  # "", "grant" or "deny"
    override_reason: str = ""

    @property
    def units_completed(self) -> int:
        return sum(1 for completed, total, _percent in self.units if completed >= total)


def enrollments(course_key: CourseKey):
    """The course's active enrolments: the LMS's, or orglab's own `Enrollment` rows outside it."""
    platform = compat.enrollments(course_key)
    if platform is not None:
        return platform
    return Enrollment.objects.filter(course_key=course_key, is_active=True)


def enroll(user, course_key: CourseKey | str) -> bool:
    """Enrol `user` outside the LMS (the devsite, tests); returns whether a new enrolment was made."""
    course_key = _course_key(course_key)
    _row, created = Enrollment.objects.update_or_create(user=user, course_key=course_key,
                                                        defaults={"is_active": True})
    return created


def enroll_many(user_ids: Iterable[int], course_key: CourseKey | str) -> int:
    """Enrol these users outside the LMS (one query to read, one to write); returns how many were new."""
    course_key = _course_key(course_key)
    wanted = set(user_ids)
    have = set(Enrollment.objects.filter(course_key=course_key, user_id__in=wanted).values_list("user_id", flat=True))
    Enrollment.objects.bulk_create([Enrollment(user_id=user_id, course_key=course_key)
                                    for user_id in sorted(wanted - have)], batch_size=500)
    return len(wanted - have)


def count_enrolled(course_key: CourseKey | str) -> int:
    return enrollments(_course_key(course_key)).count()


_ENROLLED_COLUMNS = ("user_id", "created", "user__username", "user__email", "user__first_name", "user__last_name")


def _enrolled_chunks(course_key: CourseKey, chunk: int) -> Iterator[list[tuple]]:
    """The enrolled learners in user-id order, a chunk at a time (keyset pagination)."""
    base = enrollments(course_key)
    after = 0
    while True:
        rows = list(base.filter(user_id__gt=after).order_by("user_id").values_list(*_ENROLLED_COLUMNS)[:chunk])
        if not rows:
            return
        yield rows
        after = rows[-1][0]
        if len(rows) < chunk:
            return


class _Certificates:
    """Certificate URLs without a query per learner: the builtin issuer's page is a URL pattern."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        placeholder = uuid_module.UUID(int=0)
        try:
            self.template = reverse("orglab:certificate-verify", args=[placeholder]).replace(str(placeholder), "{}")
        except NoReverseMatch:
            self.template = None

    def url(self, course_key: CourseKey, user_id: int, issuer: str, cert_uuid) -> str:
        if issuer == "builtin":
            return f"{self.base_url}{self.template.format(cert_uuid)}" if self.template else ""
        from .certificates.state import certificate_state  # the platform issuer asks edx-platform, learner by learner

        award = CertificateAward.objects.select_related("user").filter(course_key=course_key, user_id=user_id).first()
        state = certificate_state(award)
        url = (state or {}).get("url") or ""
        return url if "://" in url or not url else f"{self.base_url}{url}"


def chunk_queries(course_key: CourseKey, ids: list[int], *, by_range: bool) -> dict[str, Callable[[], list]]:
    """The reads behind a chunk of learners' rows, one a table, each a callable returning raw rows:
    `_build_rows` shapes them; the benchmark's floor times them bare. `ids` are in user-id order
    when `by_range` (a chunk of the enrolment order), any order otherwise (a page of the table).

    Every table is read through an index on (course, user, …): by a range of ids for a chunk, by the
    ids themselves for a page; edx-completion's table through its (user, course, …) index."""
    who = {"user_id__gte": ids[0], "user_id__lte": ids[-1]} if by_range else {"user_id__in": ids}
    course = {"course_key": course_key}
    newest = Submission.objects.filter(course_key=course_key, user_id=OuterRef("user_id"),
                                       block_key=OuterRef("block_key")).order_by("-version").values("version")[:1]
    return {
        "progress": lambda: list(UnitProgress.objects.filter(**course, **who).values_list(
            "user_id", "unit_id", "completed")),
        "completions": lambda: list(_last_completions(course_key, ids).items()),
        "submissions": lambda: list(Submission.objects.filter(**course, **who).values("user_id", "block_type")
                                    .annotate(blocks=Count("block_key", distinct=True), last=Max("created"))
                                    .values_list("user_id", "block_type", "blocks", "last")),
        "topics": lambda: list(Submission.objects.filter(**course, **who, block_type=TOPIC_LIST,
                                                         version=Subquery(newest))
                               .values("user_id").annotate(n=Coalesce(Sum("item_count"), 0))
                               .values_list("user_id", "n")),
        "milestones": lambda: list(StaffMilestone.objects.filter(**course, **who).values_list(
            "user_id", "milestone", "date")),
        "certificates": lambda: list(CertificateAward.objects.filter(**course, **who).values_list(
            "user_id", "status", "awarded_at", "revoked_at", "uuid", "issuer", "meets_policy")),
        "eligibility": lambda: list(GrantEligibility.objects.filter(**course, **who).values_list(
            "user_id", "status", "unmet", "override", "override_reason")),
        "names": lambda: compat.full_names(ids),
    }


def _full_name(profile_names: dict[int, str] | None, user_id: int, first: str, last: str) -> str:
    """A learner's full name: their LMS profile's name (`UserProfile.name`, read through compat)
    when they set one, else the account's first and last names; "" when they gave no name at all
    (a report's "Full name" column then stays empty rather than repeat the username)."""
    profile = ((profile_names or {}).get(user_id) or "").strip()
    return profile or f"{first or ''} {last or ''}".strip()


def learner_names(user_ids: Iterable[int]) -> dict[int, str]:
    """{user id: the name to print for the learner} (a certificate's name): the full name (see
    `_full_name`), else the username. Two queries, whatever the number of learners."""
    from django.contrib.auth import get_user_model

    ids = list(user_ids)
    profiles = compat.full_names(ids)
    return {pk: (_full_name(profiles, pk, first, last) or username)[:255] for pk, first, last, username in
            get_user_model().objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name", "username")}


def _build_rows(course_key: CourseKey, enrolled: list[tuple], units: list[dict], certificates: _Certificates,
                *, by_range: bool) -> list[LearnerRow]:
    """The rows of a chunk of enrolled learners: one query per table (see `chunk_queries`)."""
    ids = [row[0] for row in enrolled]
    read = chunk_queries(course_key, ids, by_range=by_range)
    position = {unit["id"]: index for index, unit in enumerate(units)}
    totals = [unit["total"] for unit in units]

    completed: dict[int, list[int]] = {}
    for user_id, unit_id, done in read["progress"]():
        index = position.get(unit_id)
        if index is not None:
            completed.setdefault(user_id, [0] * len(units))[index] = done
    activity = dict(read["completions"]())
    submitted: dict[int, dict[str, object]] = defaultdict(dict)
    for user_id, block_type, blocks, last in read["submissions"]():
        submitted[user_id][block_type] = blocks
        if last and (activity.get(user_id) is None or last > activity[user_id]):
            activity[user_id] = last
    topics: dict[int, int] = dict(read["topics"]())
    milestones: dict[int, dict[str, date]] = defaultdict(dict)
    for user_id, milestone, day in read["milestones"]():
        milestones[user_id][milestone] = day
    awards = {row[0]: row[1:] for row in read["certificates"]()}
    decisions = {row[0]: row[1:] for row in read["eligibility"]()}
    names = read["names"]()

    rows = []
    for user_id, enrolled_on, username, email, first, last in enrolled:
        done = completed.get(user_id) or [0] * len(units)
        unit_figures = []
        for count, total in zip(done, totals, strict=True):
            count = min(count, total)
            unit_figures.append((count, total, percent(count, total)))
        all_total = sum(totals)
        row = LearnerRow(
            user_id=user_id, username=username,
            full_name=_full_name(names, user_id, first, last),
            email=email, enrolled_on=enrolled_on, units=unit_figures,
            overall_percent=percent(sum(f[0] for f in unit_figures), all_total),
            last_activity=activity.get(user_id),
            submitted_worksheets=submitted[user_id].get(WORKSHEET, 0) if user_id in submitted else 0,
            topics=topics.get(user_id), audience_submitted=bool(submitted.get(user_id, {}).get(AUDIENCE)),
            milestones=milestones.get(user_id, {}),
        )
        award = awards.get(user_id)
        if award is not None:
            status, awarded_at, revoked_at, cert_uuid, issuer, meets_policy = award
            row.certificate_status, row.certificate_meets_policy = status, meets_policy
            row.certificate_date = revoked_at if status == CertificateAward.REVOKED else awarded_at
            row.certificate_url = certificates.url(course_key, user_id, issuer, cert_uuid)
        decision = decisions.get(user_id)
        if decision is not None:
            row.eligibility_status, unmet, row.override, row.override_reason = decision
            row.unmet = render_unmet(unmet, gettext)  # stored in no language: in the reader's
        rows.append(row)
    return rows


def _last_completions(course_key: CourseKey, ids: list[int]) -> dict[int, datetime]:
    """Each learner's latest completion in the course (`sql.LAST_COMPLETIONS`: read through
    edx-completion's (user, course, modified) index, as the recompute does)."""
    converter = connection.ops.convert_datetimefield_value if hasattr(connection.ops, "convert_datetimefield_value") \
        else None
    field = BlockCompletion._meta.get_field("modified")
    rows = fetch_all(last_completions_sql(len(ids)), [*ids, str(course_key)])
    return {user_id: converter(value, field, connection) if converter else value for user_id, value in rows}


def learner_rows(course_key: CourseKey | str, *, chunk: int = CHUNK, base_url: str = "") -> Iterator[LearnerRow]:
    """Every enrolled learner's row, in user-id order, streamed a chunk at a time."""
    course_key = _course_key(course_key)
    units = units_of(course_key)
    certificates = _Certificates(base_url)
    for enrolled in _enrolled_chunks(course_key, chunk):
        yield from _build_rows(course_key, enrolled, units, certificates, by_range=True)


def is_enrolled(course_key: CourseKey | str, user) -> bool:
    """Whether `user` (a user or an id) is actively enrolled in the course (one query)."""
    return enrollments(_course_key(course_key)).filter(user_id=getattr(user, "pk", user)).exists()


def learner_row(course_key: CourseKey | str, user, *, base_url: str = "") -> LearnerRow | None:
    """One learner's row (None when they are not enrolled)."""
    course_key = _course_key(course_key)
    enrolled = list(enrollments(course_key).filter(user_id=getattr(user, "pk", user)).values_list(*_ENROLLED_COLUMNS))
    if not enrolled:
        return None
    return _build_rows(course_key, enrolled, units_of(course_key), _Certificates(base_url), by_range=False)[0]


def with_status(rows, course_key: CourseKey, status: str, *, user_field: str = "user_id"):
    """`rows` (users, or enrolments) narrowed to the learners of one status (see STATUS_FILTERS;
    "" or None: everyone); `user_field` names the user id in `rows`."""
    by_course = {"course_key": course_key}
    if status in ("eligible", "not_eligible"):
        chosen = GrantEligibility.objects.filter(status=GrantEligibility.ELIGIBLE, **by_course).values("user_id")
    elif status in ("certified", "not_certified"):
        chosen = CertificateAward.objects.filter(status=CertificateAward.AWARDED, **by_course).values("user_id")
    elif status == "overridden":
        chosen = GrantEligibility.objects.filter(**by_course).exclude(override="").values("user_id")
    else:
        return rows
    if status.startswith("not_"):
        return rows.exclude(**{f"{user_field}__in": chosen})
    return rows.filter(**{f"{user_field}__in": chosen})


def enrolled_users(course_key: CourseKey | str, status: str = ""):
    """The course's learners as users (the enrolled ones, as everywhere else: the dashboard, the
    reports), optionally those of one status (see STATUS_FILTERS); ordered by username."""
    from django.contrib.auth import get_user_model

    course_key = _course_key(course_key)
    users = get_user_model().objects.filter(pk__in=enrollments(course_key).values("user_id"))
    return with_status(users, course_key, status, user_field="pk").order_by("username", "pk")


def _filtered(course_key: CourseKey, search: str = "", status: str = ""):
    """The enrolments matching a search (a part of the username, e-mail address or name) and a status.

    The name is the one the rows show: the LMS profile's (a subquery on its table, through compat)
    and the account's first and last names."""
    rows = enrollments(course_key)
    search = (search or "").strip()
    if search:
        matches = (Q(user__username__icontains=search) | Q(user__email__icontains=search)
                   | Q(user__first_name__icontains=search) | Q(user__last_name__icontains=search))
        profiles = compat.users_with_profile_name(search)
        if profiles is not None:
            matches |= Q(user_id__in=profiles)
        rows = rows.filter(matches)
    return with_status(rows, course_key, status)


def learner_page(course_key: CourseKey | str, *, search: str = "", status: str = "", sort: str = "username",
                 page: int = 1, page_size: int = 25, base_url: str = "") -> tuple[int, list[LearnerRow]]:
    """A page of the cohort for the dashboard: (how many match, their rows). `status` is one of
    STATUS_FILTERS (or ""), `sort` one of SORTS; callers validate them."""
    course_key = _course_key(course_key)
    rows = _filtered(course_key, search, status)
    total = rows.count()
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "progress":
        done = UnitProgress.objects.filter(course_key=course_key, user_id=OuterRef("user_id")).values("user_id") \
            .annotate(n=Sum("completed")).values("n")[:1]
        rows = rows.annotate(done=Coalesce(Subquery(done), 0))
        order = ["-done" if descending else "done", "user__username"]
    elif key == "enrolled":
        order = ["-created" if descending else "created", "user__username"]
    else:
        order = ["-user__username" if descending else "user__username"]
    start = (max(page, 1) - 1) * page_size
    enrolled = list(rows.order_by(*order, "user_id").values_list(*_ENROLLED_COLUMNS)[start:start + page_size])
    if not enrolled:
        return total, []
    return total, _build_rows(course_key, enrolled, units_of(course_key), _Certificates(base_url), by_range=False)


def cohort_summary(course_key: CourseKey | str) -> dict:
    """The dashboard's figures: enrolled learners, how many completed each unit (the funnel), how
    many hold a certificate and how many may apply to the grant fund (a query per unit, three more)."""
    course_key = _course_key(course_key)
    enrolled = enrollments(course_key)
    members = enrolled.values("user_id")
    funnel = []
    for unit in units_of(course_key):
        if unit["total"]:
            done = UnitProgress.objects.filter(course_key=course_key, unit_id=unit["id"], user_id__in=members,
                                               completed__gte=unit["total"]).count()
        else:
            done = None  # nothing to complete: everyone has
        funnel.append({"position": unit["position"], "title": unit["title"], "total": unit["total"],
                       "completed": done})
    count = enrolled.count()
    for step in funnel:
        if step["completed"] is None:
            step["completed"] = count
    return {
        "enrolled": count,
        "funnel": funnel,
        "certified": CertificateAward.objects.filter(course_key=course_key, status=CertificateAward.AWARDED,
                                                     user_id__in=members).count(),
        "eligible": GrantEligibility.objects.filter(course_key=course_key, status=GrantEligibility.ELIGIBLE,
                                                    user_id__in=members).count(),
        "overridden": GrantEligibility.objects.filter(course_key=course_key, user_id__in=members)
        .exclude(override="").count(),
    }


@dataclass(frozen=True)
class Learner:
    """Who a row is about (a report names them by what the requester chose)."""

    user_id: int
    username: str
    full_name: str
    email: str


def _learners(course_key: CourseKey, enrolled: list[tuple]) -> list[Learner]:
    names = compat.full_names([row[0] for row in enrolled])
    return [Learner(user_id, username, _full_name(names, user_id, first, last), email)
            for user_id, _created, username, email, first, last in enrolled]


def latest_course_submissions(course_key: CourseKey | str, *, block_types: Iterable[str] | None = None,
                              chunk: int = 500) -> Iterator[tuple[Learner, object]]:
    """Every enrolled learner's newest submitted version of each block, in (user id, block) order,
    streamed a chunk of learners at a time: yields (Learner, SubmissionData)."""
    from .submissions import SubmissionData

    course_key = _course_key(course_key)
    newest = Submission.objects.filter(course_key=course_key, user_id=OuterRef("user_id"),
                                       block_key=OuterRef("block_key")).order_by("-version").values("version")[:1]
    for enrolled in _enrolled_chunks(course_key, chunk):
        learners = {learner.user_id: learner for learner in _learners(course_key, enrolled)}
        rows = Submission.objects.filter(course_key=course_key, version=Subquery(newest),
                                         user_id__gte=enrolled[0][0], user_id__lte=enrolled[-1][0])
        if block_types is not None:
            rows = rows.filter(block_type__in=list(block_types))
        for row in rows.order_by("user_id", "block_key").iterator(chunk_size=chunk):
            learner = learners.get(row.user_id)
            if learner is not None:  # in the id range but not enrolled
                yield learner, SubmissionData.from_model(row)


def count_latest_submissions(course_key: CourseKey | str, *, block_types: Iterable[str] | None = None,
                             learners: bool = False) -> int:
    """How many (learner, block) pairs of enrolled learners have a submission (or, with `learners`,
    how many enrolled learners have any)."""
    course_key = _course_key(course_key)
    rows = Submission.objects.filter(course_key=course_key, user_id__in=enrollments(course_key).values("user_id"))
    if block_types is not None:
        rows = rows.filter(block_type__in=list(block_types))
    if learners:
        return rows.values("user_id").distinct().count()
    return rows.values("user_id", "block_key").distinct().count()
