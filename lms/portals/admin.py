from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from lms.portals.models import Portal, PortalMembership
from website.admin import LecternModelAdmin


class MembershipInline(admin.TabularInline):
    model = PortalMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Portal)
class PortalAdmin(LecternModelAdmin, TreeAdmin):
    """The portal tree, shown indented; a portal's learners and admins inline."""

    form = movenodeform_factory(Portal)
    list_display = ("name", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name",)
    inlines = [MembershipInline]
