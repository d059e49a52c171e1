from django import forms
from django.contrib import admin
from django.db import models

from lms.portals import services
from lms.portals.models import Portal, PortalMembership, PortalSettings
from website.admin import AdminServices, LecternModelAdmin, is_portal_admin

PORTAL_FORM_FIELDS = services.PORTAL_FIELDS  # the admin edits what the service tracks


class MembershipInline(admin.TabularInline):
    """Read-only here: memberships change through the API's services (seats, blocked emails)."""

    model = PortalMembership
    extra = 0
    can_delete = False
    fields = readonly_fields = ("user", "role", "is_active", "is_learner", "permissions", "created_at")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The portal itself is already confined to the portal admin's subtree.
        return super().has_view_permission(request, obj) or is_portal_admin(request)


class PortalForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        Portal.objects.all(), required=False, help_text="Leave empty for a root portal (new portals only)."
    )

    class Meta:
        model = Portal
        fields = PORTAL_FORM_FIELDS

        @staticmethod
        def formfield_callback(model_field, **kwargs):
            if isinstance(model_field, models.URLField):
                kwargs["assume_scheme"] = "https"
            return model_field.formfield(**kwargs)


@admin.register(Portal)
class PortalAdmin(LecternModelAdmin):
    """The portal tree in path order, sub-portals indented; a portal's learners and admins inline."""

    services = AdminServices(
        instance_arg="portal",
        create=services.portal_create,
        update=services.portal_update,
        bulk_delete=services.portals_bulk_delete,
        validate=services.portal_validate,
    )
    form = PortalForm
    fields = PORTAL_FORM_FIELDS
    portal_field = "pk"  # portal admins see their portal and its sub-portals
    portal_admin_actions = frozenset({"view", "change"})
    list_display = ("indented_name", "slug", "status", "seat_access", "total_seats", "created_at")
    list_filter = ("status", "seat_access")
    search_fields = ("name", "slug", "referral_code")
    ordering = ("path",)
    inlines = [MembershipInline]

    def get_fields(self, request, obj=None):
        return ("parent", *PORTAL_FORM_FIELDS) if obj is None else PORTAL_FORM_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = services.portal_create(
            actor=request.user, parent=form.cleaned_data.get("parent"), **self._service_fields(form)
        )
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.display(description="Portal", ordering="path")
    def indented_name(self, portal):
        return f"{'— ' * (portal.depth - 1)}{portal.name}"


@admin.register(PortalSettings)
class PortalSettingsAdmin(LecternModelAdmin):
    """One row; turning custom domains on or off creates or removes every portal's site."""

    fields = ("custom_domains_enabled",)

    def has_add_permission(self, request):
        return not PortalSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.custom_domains_set_enabled(
            actor=request.user, is_enabled=form.cleaned_data["custom_domains_enabled"]
        )
        obj.pk = saved.pk
        obj._state.adding = False
