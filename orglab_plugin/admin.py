from django.contrib import admin

from .models import Submission


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
