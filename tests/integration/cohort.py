"""A course with a large synthetic cohort for the Celery tests: a policy, an outline, N enrolled
learners, course staff, and completions imported in bulk (no signal ran, so the learners' unit
progress and awards appear only once a recompute has run)."""
from __future__ import annotations

from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import cohort, outline, policy
from orglab_plugin.models import CoursePolicy, CourseStaffRole

COURSE = CourseKey.from_string("course-v1:Test+Worker+1")
POLICY = policy.validate_policy({
    "certificate": {"units": "all", "threshold": 100, "milestones": []},
    "eligibility": {"requires_certificate": True, "submissions": [], "milestones": []},
    "milestones": [],
    "excluded_block_types": ["html"],
})
WORKSHEET = COURSE.make_usage_key("orglab_worksheet", "u1ws")
AUDIENCE = COURSE.make_usage_key("orglab_audience", "u2audience")


def specs() -> list[outline.UnitSpec]:
    return [
        outline.UnitSpec(key=COURSE.make_usage_key("chapter", "unit1"), title="Unit 1", blocks=[
            (COURSE.make_usage_key("html", "u1intro"), "html"), (WORKSHEET, "orglab_worksheet")]),
        outline.UnitSpec(key=COURSE.make_usage_key("chapter", "unit2"), title="Unit 2", blocks=[
            (AUDIENCE, "orglab_audience")]),
    ]


def seed(learners: int, finishers_every: int = 3) -> dict:
    """Make the course and its cohort; every `finishers_every`-th learner completed both blocks."""
    User = get_user_model()
    CoursePolicy.objects.create(course_key=COURSE, document=POLICY)
    outline.sync_outline(COURSE, specs(), {"html"})
    names = [f"learner{n:05d}" for n in range(learners)]
    User.objects.bulk_create([User(username=name, email=f"{name}@example.org", first_name="Ana", last_name=name,
                                   password="!") for name in names], batch_size=500)
    ids = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    cohort.enroll_many(ids.values(), COURSE)
    teacher = User.objects.create_user("teacher", "teacher@example.org", "x")
    CourseStaffRole.objects.create(user=teacher, course_key=COURSE)
    finishers = [ids[name] for index, name in enumerate(names) if index % finishers_every == 0]
    BlockCompletion.objects.bulk_create([
        BlockCompletion(user_id=user_id, context_key=COURSE, block_key=block, block_type=block.block_type,
                        completion=1.0)
        for user_id in finishers for block in (WORKSHEET, AUDIENCE)], batch_size=500)
    return {"teacher": teacher, "usernames": names, "finishers": sorted(finishers)}
