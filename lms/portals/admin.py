from django.contrib import admin
from treebeard.forms import movenodeform_factory

from lms.portals.models import Portal, PortalMembership
from website.admin import LecternModelAdmin


class MembershipInline(admin.TabularInline):
    model = PortalMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Portal)
class PortalAdmin(LecternModelAdmin):
    """The portal tree in path order, sub-portals indented; a portal's learners and admins inline."""

    form = movenodeform_factory(Portal)
    list_display = ("indented_name", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name",)
    ordering = ("path",)
    inlines = [MembershipInline]

    @admin.display(description="Portal", ordering="path")
    def indented_name(self, portal):
        return f"{'— ' * (portal.depth - 1)}{portal.name}"
