from django import forms
from django.contrib import admin

from . import policy
from .course_policy import replace_policy
from .models import (
    AwardAudit,
    CertificateAward,
    CourseMentorRole,
    CoursePolicy,
    CourseStaffRole,
    CourseUnit,
    Feedback,
    GrantEligibility,
    MentorAssignment,
    MentoringAudit,
    StaffMilestone,
    Submission,
    UnitProgress,
)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: submissions are append-only."""

    list_display = ("block_key", "user", "version", "block_type", "created")
    list_filter = ("block_type",)
    search_fields = ("user__username", "block_key")
    readonly_fields = ("course_key", "user", "block_key", "block_type", "version", "payload", "created")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoursePolicyForm(forms.ModelForm):
    """The policy document, checked whole by `policy.validate_policy` (its messages name each problem)."""

    class Meta:
        model = CoursePolicy
        fields = ("course_key", "document")

    def clean_document(self):
        try:
            return policy.validate_policy(self.cleaned_data["document"])
        except policy.PolicyError as error:
            raise forms.ValidationError(error.problems) from error


@admin.register(CoursePolicy)
class CoursePolicyAdmin(admin.ModelAdmin):
    form = CoursePolicyForm
    list_display = ("course_key", "updated", "updated_by")
    readonly_fields = ("updated", "updated_by")

    def save_model(self, request, obj, form, change):
        """Replace the course's policy as the REST API does (`course_policy.replace_policy`: stored
        with who replaced it, applied to the outline, a recompute scheduled)."""
        row = replace_policy(obj.course_key, obj.document, request.user)
        if change and obj.pk is not None and obj.pk != row.pk:
            # The course id itself was edited: the policy moves to that course, as a save would.
            CoursePolicy.objects.filter(pk=obj.pk).delete()
        obj.pk, obj.document, obj.updated, obj.updated_by = row.pk, row.document, row.updated, row.updated_by


@admin.register(StaffMilestone)
class StaffMilestoneAdmin(admin.ModelAdmin):
    list_display = ("course_key", "user", "milestone", "date", "recorded_by")
    list_filter = ("milestone",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "recorded_by")


@admin.register(CourseStaffRole)
class CourseStaffRoleAdmin(admin.ModelAdmin):
    list_display = ("course_key", "user")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(CourseUnit)
class CourseUnitAdmin(_ReadOnly):
    list_display = ("course_key", "position", "title")


@admin.register(UnitProgress)
class UnitProgressAdmin(_ReadOnly):
    list_display = ("course_key", "user", "unit", "completed", "total", "percent", "completed_at")
    search_fields = ("user__username",)


@admin.register(CertificateAward)
class CertificateAwardAdmin(_ReadOnly):
    """Revoke and reinstate through the REST API (a reason is required and audited)."""

    list_display = ("course_key", "user", "status", "awarded_at", "meets_policy", "uuid")
    list_filter = ("status", "meets_policy")
    search_fields = ("user__username", "uuid")


@admin.register(GrantEligibility)
class GrantEligibilityAdmin(_ReadOnly):
    """Override through the REST API (a reason is required and audited)."""

    list_display = ("course_key", "user", "status", "computed_status", "override", "changed_at")
    list_filter = ("status", "override")
    search_fields = ("user__username",)


@admin.register(AwardAudit)
class AwardAuditAdmin(_ReadOnly):
    list_display = ("created", "course_key", "user", "kind", "from_status", "to_status", "actor")
    list_filter = ("kind",)
    search_fields = ("user__username",)


# --------------------------------------------------------------------------- mentor review


class _AppendOnly(_ReadOnly):
    """Read-only and never deleted by hand: feedback and audit rows are the record."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(_AppendOnly):
    """Feedback is append-only: reviewers give it through the review page or the REST API."""

    list_display = ("created", "course_key", "learner", "block_type", "version", "section", "verdict", "author")
    list_filter = ("verdict", "block_type")
    search_fields = ("learner__username", "author__username")


@admin.register(MentoringAudit)
class MentoringAuditAdmin(_AppendOnly):
    list_display = ("created", "course_key", "user", "action", "actor")
    list_filter = ("action",)
    search_fields = ("user__username", "actor__username")


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(_ReadOnly):
    """Assign through the REST API or its CSV import (audited, the learner's enrolment checked)."""

    list_display = ("course_key", "learner", "mentor", "assigned_by", "created")
    search_fields = ("learner__username", "mentor__username")


@admin.register(CourseMentorRole)
class CourseMentorRoleAdmin(_ReadOnly):
    list_display = ("course_key", "user", "granted_by", "created")
    search_fields = ("user__username",)
