from django.contrib import admin

from lms.notifications.models import OutboxEmail
from website.admin import LecternModelAdmin


@admin.register(OutboxEmail)
class OutboxEmailAdmin(LecternModelAdmin):
    """The outbox is written by services and the mail tasks only: readable and exportable here."""

    list_display = ("created_at", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "template")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return False
