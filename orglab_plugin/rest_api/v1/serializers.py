from __future__ import annotations

from rest_framework import serializers


class SubmissionSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A submitted version (`orglab_plugin.api.SubmissionData`) as the API shows it."""

    course_id = serializers.CharField(source="course_key")
    block_id = serializers.CharField(source="block_key")
    block_type = serializers.CharField()
    version = serializers.IntegerField()
    payload = serializers.JSONField()
    created = serializers.DateTimeField()


class SubmissionQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The query string of the submissions list, validated."""

    course_id = serializers.CharField(max_length=255)
    block_id = serializers.CharField(max_length=255, required=False)
    username = serializers.CharField(max_length=150, required=False)

    def validate_course_id(self, value):
        from opaque_keys import InvalidKeyError
        from opaque_keys.edx.keys import CourseKey

        try:
            return CourseKey.from_string(value)
        except InvalidKeyError as error:
            raise serializers.ValidationError(f"'{value}' is not a course id.") from error

    def validate_block_id(self, value):
        from opaque_keys import InvalidKeyError
        from opaque_keys.edx.keys import UsageKey

        try:
            return UsageKey.from_string(value)
        except InvalidKeyError as error:
            raise serializers.ValidationError(f"'{value}' is not a block id.") from error

    def validate(self, attrs):
        block_key = attrs.get("block_id")
        if block_key is not None and block_key.context_key != attrs["course_id"]:
            raise serializers.ValidationError({"block_id": "This block is not in that course."})
        return attrs


# --------------------------------------------------------------------------- progress, certificates, eligibility
# The response serializers document the API (drf-spectacular) and render the dicts the views build.

CERTIFICATE_STATUSES = ["awarded", "revoked"]
ELIGIBILITY_STATUSES = ["eligible", "not_eligible"]
COHORT_FILTERS = ["eligible", "not_eligible", "certified", "not_certified"]
OVERRIDES = ["grant", "deny"]
STORED_OVERRIDES = ["", *OVERRIDES]
AUDIT_KINDS = ["certificate", "eligibility"]
# drf-spectacular's names for these choice sets (urls.py passes them as ENUM_NAME_OVERRIDES; STORED_OVERRIDES
# is OVERRIDES with the blank, which drf-spectacular names apart).
ENUM_NAMES = {
    f"{name}Enum": f"{__name__}.{constant}"
    for name, constant in [("CertificateStatus", "CERTIFICATE_STATUSES"), ("EligibilityStatus", "ELIGIBILITY_STATUSES"),
                           ("CohortFilter", "COHORT_FILTERS"), ("Override", "OVERRIDES"),
                           ("AuditKind", "AUDIT_KINDS")]
}


class UnitProgressSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A learner's progress in one unit (counted activities only)."""

    position = serializers.IntegerField()
    title = serializers.CharField()
    completed = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.FloatField()
    completed_at = serializers.DateTimeField(allow_null=True)


class CertificateSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The learner's certificate of completion."""

    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=CERTIFICATE_STATUSES)
    awarded_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    meets_policy = serializers.BooleanField(
        help_text="False when a later evaluation found the learner below the (changed) policy; staff decide "
                  "whether to revoke.")
    url = serializers.CharField(allow_null=True, help_text="The certificate's page (its issuer's), if any.")


class EligibilitySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Whether the learner may apply to the grant fund, and why not yet."""

    status = serializers.ChoiceField(choices=ELIGIBILITY_STATUSES)
    computed_status = serializers.ChoiceField(choices=ELIGIBILITY_STATUSES,
                                              help_text="What the policy alone decides.")
    unmet = serializers.ListField(child=serializers.CharField(),
                                  help_text="Every unmet requirement, the certificate's first, in the learner's words.")
    overridden = serializers.BooleanField(help_text="Whether staff granted or denied eligibility by hand.")
    changed_at = serializers.DateTimeField(allow_null=True)


class StaffEligibilitySerializer(EligibilitySerializer):  # pylint: disable=abstract-method
    """Eligibility as staff see it: with the override and its reason."""

    override = serializers.ChoiceField(choices=STORED_OVERRIDES)
    override_reason = serializers.CharField(allow_blank=True)
    override_by = serializers.CharField(allow_null=True)


class RequirementSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    id = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField()


class RequirementsSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The course policy's requirements, each met or not, for this learner."""

    certificate = RequirementSerializer(many=True)
    eligibility = RequirementSerializer(many=True)


class LearnerMilestoneSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    id = serializers.CharField()
    label = serializers.CharField()
    date = serializers.DateField()


class LearnerProgressSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A learner's progress, certificate and grant-fund eligibility in a course."""

    course_id = serializers.CharField()
    username = serializers.CharField()
    units = UnitProgressSerializer(many=True)
    certificate = CertificateSerializer(allow_null=True)
    eligibility = EligibilitySerializer(allow_null=True)
    requirements = RequirementsSerializer()
    milestones = LearnerMilestoneSerializer(many=True)


class AuditSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """One change of the learner's certificate or eligibility."""

    kind = serializers.ChoiceField(choices=AUDIT_KINDS)
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    actor = serializers.CharField(allow_null=True, help_text="The staff member's username; null: the automatic "
                                                             "evaluation.")
    reason = serializers.CharField(allow_blank=True)
    created = serializers.DateTimeField()


class LearnerDetailSerializer(LearnerProgressSerializer):  # pylint: disable=abstract-method
    """One learner as course staff see them: progress, awards, the override and the audit history."""

    eligibility = StaffEligibilitySerializer(allow_null=True)
    history = AuditSerializer(many=True)


class CohortLearnerSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A learner of the course's cohort, in the staff's list."""

    username = serializers.CharField()
    units_completed = serializers.IntegerField()
    units_total = serializers.IntegerField()
    certificate_status = serializers.ChoiceField(choices=CERTIFICATE_STATUSES, allow_null=True)
    certificate_meets_policy = serializers.BooleanField(allow_null=True)
    eligibility_status = serializers.ChoiceField(choices=ELIGIBILITY_STATUSES, allow_null=True)
    overridden = serializers.BooleanField()


class CohortQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The query string of the cohort list, validated."""

    status = serializers.ChoiceField(choices=COHORT_FILTERS, required=False)
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)


def paginated(serializer_class, name: str):
    """A serializer class documenting a page of `serializer_class` (DRF's PageNumberPagination)."""
    return type(name, (serializers.Serializer,), {
        "__doc__": f"A page of {serializer_class.__name__.removesuffix('Serializer')} rows.",
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    })


# --------------------------------------------------------------------------- the policy


class PolicySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The course's award policy (see `orglab_plugin.policy`), stored or the default."""

    policy = serializers.JSONField(help_text="The policy document.")
    is_default = serializers.BooleanField(help_text="True when the course has no stored policy.")
    updated = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True)


class PolicyProblemsSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    detail = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField(), help_text="Every problem, each naming where "
                                                                              "it is in the document.")


# --------------------------------------------------------------------------- milestones


class MilestoneSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A milestone staff recorded for a learner."""

    username = serializers.CharField()
    milestone = serializers.CharField()
    label = serializers.CharField(allow_null=True, help_text="Null when the policy no longer lists the milestone.")
    date = serializers.DateField()
    recorded_by = serializers.CharField(allow_null=True)
    created = serializers.DateTimeField()


class MilestoneInputSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """Record one milestone for one learner (again: its date is replaced)."""

    username = serializers.CharField(max_length=150)
    milestone = serializers.CharField(max_length=50, help_text="An id of the course policy's milestones.")
    date = serializers.DateField(input_formats=["%Y-%m-%d"], help_text="YYYY-MM-DD")


class MilestoneQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    milestone = serializers.CharField(max_length=50, required=False)
    username = serializers.CharField(max_length=150, required=False)
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)


class RefusedRowSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    line = serializers.IntegerField(help_text="The row's line in the file (the header is line 1).")
    text = serializers.CharField()
    reason = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """What a CSV import recorded and what it refused, row by row."""

    taken = serializers.IntegerField()
    refused = RefusedRowSerializer(many=True)


class UploadSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    file = serializers.FileField(help_text="A CSV file (UTF-8) with the header username,milestone,date.")


# --------------------------------------------------------------------------- staff actions


class ReasonSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    reason = serializers.CharField(max_length=2000, help_text="Why (kept in the audit history).")


class OptionalReasonSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OverrideInputSerializer(ReasonSerializer):  # pylint: disable=abstract-method
    override = serializers.ChoiceField(choices=OVERRIDES, help_text="Grant or deny grant-fund eligibility, "
                                                                           "whatever the policy decides.")


class DetailSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    detail = serializers.CharField()
