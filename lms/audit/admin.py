from django.contrib import admin

from lms.audit.models import Activity
from website.admin import LecternModelAdmin


@admin.register(Activity)
class ActivityAdmin(LecternModelAdmin):
    """The activity log is written by services only: readable and exportable, never edited here."""

    portal_field = "portal"
    portal_admin_actions = frozenset({"view"})  # what happened in their portals
    list_display = ("created_at", "actor", "action", "subject_kind", "subject_label", "portal")
    list_filter = ("action", "subject_kind")
    search_fields = ("subject_label", "actor__email")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "portal")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return False
