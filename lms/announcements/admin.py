from django.contrib import admin

from lms.announcements import services
from lms.announcements.models import Announcement
from website.admin import AdminServices, LecternModelAdmin


@admin.register(Announcement)
class AnnouncementAdmin(LecternModelAdmin):
    """Saves through the services (content sanitised, audited); the form's recipient lists are saved after."""

    services = AdminServices(
        instance_arg="announcement",
        create=services.announcement_create,
        update=services.announcement_update,
        bulk_delete=lambda *, actor, ids: services.announcements_bulk_delete(actor=actor, ids=ids)[0],
    )
    portal_field = "portal"
    list_display = ("heading", "sending_rule", "portal", "expiry", "author", "created_at")
    list_filter = ("sending_rule",)
    search_fields = ("heading",)
    fields = ("heading", "content", "sending_rule", "expiry", "portal", "users", "courses", "portals")
    filter_horizontal = ("users", "courses", "portals")
    list_select_related = ("portal", "author")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.announcement_keep_rule_recipients(announcement=form.instance)
