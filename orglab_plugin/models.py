"""orglab_plugin's tables. Other packages reach them only through `orglab_plugin.api`."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class Submission(models.Model):
    """One submitted version of a learner's answers to one orglab block.

    Append-only: a learner who revises and resubmits adds a version; earlier
    versions stay. Rows are removed only when a learner's account is retired.

    .. pii: `payload` holds what the learner wrote (free text in any language,
       possibly names, places and contact details of their campaign). `user` links it to the learner.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    course_key = CourseKeyField(max_length=255, db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    block_key = UsageKeyField(max_length=255)
    block_type = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    payload = models.JSONField()
    # How many items the payload lists (a topic list's rows), so policies can ask "at least N"
    # without reading payloads.
    item_count = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [
            models.UniqueConstraint(
                fields=["course_key", "user", "block_key", "version"],
                name="orglab_submission_unique_version",
            ),
        ]
        indexes = [
            # "latest version per learner per block": the unique constraint's
            # prefix (course_key, user, block_key, version) serves it; this one
            # serves lookups by learner and block without the course.
            models.Index(fields=["user", "block_key", "-version"], name="orglab_sub_user_block"),
            # "all submissions in a course", optionally of one block type.
            models.Index(fields=["course_key", "block_type", "created"], name="orglab_sub_course"),
        ]

    def __str__(self) -> str:
        return f"{self.block_key} v{self.version} by user {self.user_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("force_insert", False):
            raise ValueError("Submissions are append-only: record a new version instead.")
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- the course outline


class CourseUnit(models.Model):
    """A unit of a course (a chapter/section), as the plugin keeps its own copy of the outline.

    .. no_pii:
    """

    course_key = CourseKeyField(max_length=255, db_index=True)
    unit_key = UsageKeyField(max_length=255)
    position = models.PositiveSmallIntegerField()  # 1-based, in course order
    title = models.CharField(max_length=255, blank=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [
            models.UniqueConstraint(fields=["course_key", "unit_key"], name="orglab_unit_unique"),
            models.UniqueConstraint(fields=["course_key", "position"], name="orglab_unit_position_unique"),
        ]
        ordering = ["course_key", "position"]

    def __str__(self) -> str:
        return f"{self.course_key} unit {self.position}: {self.title}"


class OutlineBlock(models.Model):
    """A leaf block of a unit. `counts` says whether it counts toward the unit's progress (the
    course policy excludes some block types).

    .. no_pii:
    """

    course_key = CourseKeyField(max_length=255)
    unit = models.ForeignKey(CourseUnit, on_delete=models.CASCADE, related_name="blocks")
    block_key = UsageKeyField(max_length=255)
    block_type = models.CharField(max_length=64)
    counts = models.BooleanField(default=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [
            models.UniqueConstraint(fields=["course_key", "block_key"], name="orglab_outline_block_unique"),
        ]
        indexes = [models.Index(fields=["unit", "counts"], name="orglab_outline_unit_counts")]

    def __str__(self) -> str:
        return str(self.block_key)


# --------------------------------------------------------------------------- progress


class UnitProgress(models.Model):
    """How much of one unit one learner has completed.

    .. pii: links a learner (`user`) to their progress in a unit.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    unit = models.ForeignKey(CourseUnit, on_delete=models.CASCADE, related_name="progress")
    completed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    percent = models.FloatField(default=0.0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="orglab_progress_unique")]
        indexes = [models.Index(fields=["course_key", "user"], name="orglab_progress_course_user")]

    def __str__(self) -> str:
        return f"user {self.user_id} · {self.unit}: {self.completed}/{self.total}"


# --------------------------------------------------------------------------- policy, milestones, staff


class CoursePolicy(models.Model):
    """A course's certificate and eligibility policy (see `orglab_plugin.policy`).

    .. no_pii:
    """

    course_key = CourseKeyField(max_length=255, unique=True)
    document = models.JSONField()
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        app_label = "orglab_plugin"
        verbose_name_plural = "course policies"

    def __str__(self) -> str:
        return f"policy of {self.course_key}"


class StaffMilestone(models.Model):
    """A milestone staff recorded for a learner (live-session attendance, mentor sign-off).

    .. pii: links a learner (`user`) to a milestone and its date; `recorded_by` is a staff member.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    milestone = models.CharField(max_length=50)
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["user", "course_key", "milestone"],
                                               name="orglab_milestone_unique")]
        indexes = [models.Index(fields=["course_key", "milestone"], name="orglab_milestone_course"),
                   # A chunk of a cohort's learners (reports): course, then a range of users.
                   models.Index(fields=["course_key", "user"], name="orglab_milestone_course_user")]

    def __str__(self) -> str:
        return f"{self.milestone} for user {self.user_id}"


class CourseStaffRole(models.Model):
    """Course staff outside the LMS (the devsite, tests). Inside the LMS, edx-platform's course
    roles decide (through `compat.py`).

    .. pii: links a user to the course they teach.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="orglab_course_staff_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} staff of {self.course_key}"


# --------------------------------------------------------------------------- awards


class CertificateAward(models.Model):
    """The learner's certificate of completion of a course.

    `meets_policy` goes false when a later evaluation finds the learner below the policy; the
    certificate is only revoked by staff, explicitly (and audited).

    .. pii: links a learner to their certificate; `uuid` is public (verification page).
    .. pii_types: other
    .. pii_retirement: local_api
    """

    AWARDED, REVOKED = "awarded", "revoked"
    STATUSES = [(AWARDED, "Awarded"), (REVOKED, "Revoked")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    uuid = models.UUIDField(unique=True, editable=False)
    status = models.CharField(max_length=16, choices=STATUSES)
    awarded_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    meets_policy = models.BooleanField(default=True)
    issuer = models.CharField(max_length=32, default="builtin")
    name = models.CharField(max_length=255, blank=True)  # the name printed on it, as it was when issued

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="orglab_certificate_unique")]
        indexes = [models.Index(fields=["course_key", "status"], name="orglab_certificate_course"),
                   models.Index(fields=["course_key", "user"], name="orglab_certificate_course_user")]

    def __str__(self) -> str:
        return f"certificate {self.uuid} ({self.status})"


class GrantEligibility(models.Model):
    """Whether the learner may apply to the grant fund, why not yet, and any staff override.

    .. pii: links a learner to an eligibility decision and a staff member's reason.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"
    STATUSES = [(ELIGIBLE, "Eligible"), (NOT_ELIGIBLE, "Not eligible yet")]
    GRANT, DENY = "grant", "deny"
    OVERRIDES = [(GRANT, "Granted by staff"), (DENY, "Denied by staff")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    status = models.CharField(max_length=16, choices=STATUSES)
    computed_status = models.CharField(max_length=16, choices=STATUSES)
    unmet = models.JSONField(default=list)  # the reasons, in the learner's words, when not eligible
    override = models.CharField(max_length=8, choices=OVERRIDES, blank=True, default="")
    override_reason = models.TextField(blank=True, default="")
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        app_label = "orglab_plugin"
        verbose_name_plural = "grant eligibilities"
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="orglab_eligibility_unique")]
        indexes = [models.Index(fields=["course_key", "status"], name="orglab_eligibility_course"),
                   models.Index(fields=["course_key", "user"], name="orglab_eligibility_course_user")]

    def __str__(self) -> str:
        return f"user {self.user_id}: {self.status}"


class AwardAudit(models.Model):
    """Every change of a certificate or an eligibility: who, when, from, to, why.

    .. pii: the learner and the staff member who acted; `reason` is staff's free text.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    CERTIFICATE, ELIGIBILITY = "certificate", "eligibility"
    KINDS = [(CERTIFICATE, "Certificate"), (ELIGIBILITY, "Eligibility")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    kind = models.CharField(max_length=16, choices=KINDS)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # None: the automatic evaluation
    reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "orglab_plugin"
        indexes = [models.Index(fields=["course_key", "user", "created"], name="orglab_audit_course_user")]

    def __str__(self) -> str:
        return f"{self.kind} of user {self.user_id}: {self.from_status} → {self.to_status}"


# --------------------------------------------------------------------------- enrolments (outside the LMS)


class Enrollment(models.Model):
    """Who is enrolled in a course outside the LMS (the devsite, tests). Inside the LMS, edx-platform's
    `CourseEnrollment` decides (through `compat.py`); reports and the dashboard list enrolled learners.

    .. pii: links a learner to a course they are enrolled in.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["course_key", "user"], name="orglab_enrollment_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} in {self.course_key}"


# --------------------------------------------------------------------------- mentor review


class CourseMentorRole(models.Model):
    """A mentor of a course: someone staff named to review learners' work (see `roles.is_mentor`).

    Inside the LMS a course role listed in `ORGLAB_MENTOR_COURSE_ROLES` makes a mentor too (through
    `compat.py`); this table is the plugin's own role, the one staff assign anywhere.

    .. pii: links a user to the course they mentor in; `granted_by` is a staff member.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="orglab_course_mentor_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} mentor in {self.course_key}"


class MentorAssignment(models.Model):
    """A mentor assigned to a learner of a course: the mentor reads that learner's work and reviews it.

    .. pii: links a learner to their mentor; `assigned_by` is a staff member.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    course_key = CourseKeyField(max_length=255)
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["course_key", "mentor", "learner"],
                                               name="orglab_mentor_assignment_unique")]
        indexes = [models.Index(fields=["course_key", "learner"], name="orglab_assignment_learner")]

    def __str__(self) -> str:
        return f"user {self.mentor_id} mentors user {self.learner_id} in {self.course_key}"


class Feedback(models.Model):
    """A reviewer's feedback on one submitted version: a comment on one section (or overall, `section`
    "") and a verdict. Append-only, like the submissions it is given on: a reviewer who changes their
    mind gives new feedback. A sign-off is feedback too (verdict `signed_off`), so the learner sees it
    beside the version it was given on.

    .. pii: `comment` is a reviewer's free text about a learner's work; links the learner (`learner`)
       and the reviewer (`author`).
    .. pii_types: other
    .. pii_retirement: local_api
    """

    COMMENT, LOOKS_GOOD, PLEASE_REVISE, SIGNED_OFF = "comment", "looks_good", "please_revise", "signed_off"
    VERDICTS = [(COMMENT, "Comment"), (LOOKS_GOOD, "Looks good"), (PLEASE_REVISE, "Please revise"),
                (SIGNED_OFF, "Signed off")]

    course_key = CourseKeyField(max_length=255)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    # The submission's block and version, kept beside it so the queue reads them set-based.
    block_key = UsageKeyField(max_length=255)
    block_type = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # None: the reviewer's account was retired
    section = models.CharField(max_length=100, blank=True, default="")
    verdict = models.CharField(max_length=16, choices=VERDICTS)
    comment = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "orglab_plugin"
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["course_key", "learner", "block_key", "version"],
                                name="orglab_feedback_version"),
                   models.Index(fields=["learner", "block_key"], name="orglab_feedback_learner")]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.block_key} v{self.version} of user {self.learner_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("force_insert", False):
            raise ValueError("Feedback is append-only: give new feedback instead.")
        super().save(*args, **kwargs)


class FeedbackRead(models.Model):
    """The learner read a piece of feedback (unread: no row). Kept apart so that reading never
    touches the append-only feedback.

    .. pii: links a learner to when they read feedback on their work.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "orglab_plugin"
        constraints = [models.UniqueConstraint(fields=["feedback", "user"], name="orglab_feedback_read_unique")]

    def __str__(self) -> str:
        return f"feedback {self.feedback_id} read by user {self.user_id}"


class MentoringAudit(models.Model):
    """Every mentoring action: who (`actor`), when, on which learner, what. Kept apart from
    `AwardAudit`, whose kinds (certificate, eligibility) are the learner history the REST API shows;
    a sign-off's effect on eligibility is audited there too, by the evaluation it triggers.

    .. pii: the learner and the staff member or mentor who acted; `detail` may quote a comment's size,
       never its text.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    ROLE_GRANTED, ROLE_REVOKED = "role_granted", "role_revoked"
    ASSIGNED, UNASSIGNED = "assigned", "unassigned"
    FEEDBACK, SIGNED_OFF = "feedback", "signed_off"
    ACTIONS = [(ROLE_GRANTED, "Mentor role granted"), (ROLE_REVOKED, "Mentor role revoked"),
               (ASSIGNED, "Mentor assigned"), (UNASSIGNED, "Mentor unassigned"),
               (FEEDBACK, "Feedback given"), (SIGNED_OFF, "Signed off")]

    course_key = CourseKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")  # the learner (or the mentor, for a role change)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=16, choices=ACTIONS)
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "orglab_plugin"
        indexes = [models.Index(fields=["course_key", "user", "created"], name="orglab_mentor_audit_user")]

    def __str__(self) -> str:
        return f"{self.action} by user {self.actor_id} on user {self.user_id}"
