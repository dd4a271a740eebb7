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
