"""Create the demo cohort (`staff`, `learner1` … `learner50`, the mentors `mentor1` and `mentor2`) and
load the demo course. mentor1 mentors learner41 … learner45, mentor2 learner46 … learner50.

Safe to run again: existing accounts, their passwords and all learners' work are kept;
only missing accounts are created.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from devsite.demo_work import MENTORS, SIGNED_OFF, STAGES, demo_policy, sign_off_proposal, submit_activity
from devsite.runtime import course_key
from devsite.scenarios import get_scenarios, sync_demo_outline
from orglab_plugin import api as orglab_api
from orglab_plugin.course_policy import replace_policy
from orglab_plugin.models import CoursePolicy, CourseStaffRole
from orglab_plugin.progress import recompute_course

COHORT_GROUP = "Organizer Lab 2026 cohort"
LEARNERS = 50


class Command(BaseCommand):
    help = "Create the demo cohort and load the demo course (never wipes existing data)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=LEARNERS, help="How many learner accounts (default 50).")
        parser.add_argument("--no-stages", dest="stages", action="store_false",
                            help="Do not give learners 41–44 work at the stages of the course.")

    def handle(self, *args, learners: int, **options):
        User = get_user_model()
        # One hash for every demo account (the same development password): hashing is deliberately
        # slow, and 51 of them made a newcomer's first `make run` wait most of a minute.
        password = make_password(settings.ORGLAB_DEMO_PASSWORD)
        cohort, _ = Group.objects.get_or_create(name=COHORT_GROUP)
        created = 0
        staff, made = User.objects.get_or_create(
            username="staff", defaults={"email": "staff@example.org", "is_staff": True, "is_superuser": True}
        )
        if made:
            staff.password = password
            staff.save(update_fields=["password"])
            created += 1
        CourseStaffRole.objects.get_or_create(user=staff, course_key=course_key())
        if not CoursePolicy.objects.filter(course_key=course_key()).exists():  # staff's own policy is kept
            replace_policy(course_key(), demo_policy(), staff)
        scenarios = get_scenarios()
        units = sum(1 for s in scenarios.values() if s.unit)
        if sync_demo_outline():
            recompute_course(settings.ORGLAB_DEVSITE_COURSE)
        wanted = [f"learner{number}" for number in range(1, learners + 1)]
        existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
        User.objects.bulk_create([
            User(username=name, email=f"{name}@example.org", first_name="Learner",
                 last_name=name.removeprefix("learner"), password=password)
            for name in wanted if name not in existing
        ])
        new_learners = list(User.objects.filter(username__in=set(wanted) - existing).order_by("pk"))
        cohort.user_set.add(*new_learners)
        created += len(new_learners)
        # Every demo learner is enrolled (the LMS's enrolments stand in for them here); kept ones too.
        enrolled = orglab_api.enroll_many(
            User.objects.filter(username__regex=r"^learner[0-9]+$").values_list("pk", flat=True), course_key())
        if enrolled:
            recompute_course(settings.ORGLAB_DEVSITE_COURSE)  # every enrolled learner gets a first decision
        created += self._mentors(User, password, staff)
        staged = 0
        for learner in new_learners:
            if learner.username in STAGES and options.get("stages", True):
                _label, activities, topics = STAGES[learner.username]
                for activity in activities:
                    submit_activity(learner, activity, topics=topics)
                if learner.username in SIGNED_OFF:
                    sign_off_proposal(learner, User.objects.get(username=SIGNED_OFF[learner.username]))
                staged += 1
        self.stdout.write(
            f"Demo cohort: {created} account(s) created ({staged} with work at a stage, {enrolled} newly enrolled), "
            f"{User.objects.count()} in all. "
            f"Demo course {settings.ORGLAB_DEVSITE_COURSE}: {units} units, {len(scenarios)} scenarios."
        )

    def _mentors(self, User, password: str, staff) -> int:  # noqa: N803 - the user model
        """The demo mentors, and their learners assigned to them (kept ones too; assigning again changes
        nothing). Returns how many mentor accounts were created."""
        created = 0
        for name, learners in MENTORS.items():
            mentor, made = User.objects.get_or_create(
                username=name, defaults={"email": f"{name}@example.org", "first_name": "Mentor",
                                         "last_name": name.removeprefix("mentor"), "password": password})
            created += made
            for learner in User.objects.filter(username__in=learners).order_by("pk"):
                if orglab_api.is_enrolled(course_key(), learner):
                    orglab_api.assign_mentor(course_key(), learner, mentor, staff)
        return created
