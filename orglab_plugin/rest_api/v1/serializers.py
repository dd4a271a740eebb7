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
