from django.contrib import admin

from lms.userfields import services
from lms.userfields.models import CustomUserField, CustomUserValue, UserConsent, UserUpload
from website.admin import AdminServices, LecternModelAdmin


@admin.register(CustomUserField)
class CustomUserFieldAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="field",
        create=services.custom_user_field_create,
        update=services.custom_user_field_update,
        bulk_delete=services.custom_user_fields_bulk_delete,
        validate=services.custom_field_validate,
    )
    list_display = ("label", "key", "type", "is_required", "on_registration_page", "position")
    list_editable = ()
    search_fields = ("label", "key")
    fields = (
        "key",
        "label",
        "type",
        "default_value",
        "is_required",
        "options",
        "on_registration_page",
        "on_certificate",
        "report_exports",
        "position",
    )

    def get_deleted_objects(self, objs, request):
        """Answers protect their field (the service keeps a field in use), so they are never deleted
        with it: the read-only answers admin does not stand in the way."""
        deleted, model_count, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), protected


class ReadOnlyAdmin(LecternModelAdmin):
    """Evidence and outcomes: written by services only, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CustomUserValue)
class CustomUserValueAdmin(ReadOnlyAdmin):
    list_display = ("user", "field", "display_value", "updated_at")
    list_select_related = ("user", "field")
    search_fields = ("user__email", "field__label")


@admin.register(UserConsent)
class UserConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "consent_id", "status", "country", "ip_address", "consent_date")
    list_select_related = ("user",)
    list_filter = ("status",)
    search_fields = ("user__email", "consent_id")


@admin.register(UserUpload)
class UserUploadAdmin(ReadOnlyAdmin):
    list_display = ("pk", "created_by", "portal", "status", "total_rows", "processed_rows", "created_at")
    list_select_related = ("created_by", "portal")
    list_filter = ("status",)
    exclude = ("rows",)
    portal_field = "portal"
