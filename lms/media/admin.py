from django import forms
from django.contrib import admin
from django.utils.html import format_html
from rest_framework.exceptions import ValidationError as ApiValidationError

from lms.media import services
from lms.media.api.serializers import MUX_STREAM_URL
from lms.media.models import MediaFile, MediaProvider
from website.admin import AdminServices, LecternModelAdmin
from website.tenancy import portal_scope


def _errors_of(exc: ApiValidationError) -> list[str]:
    detail = exc.detail
    if isinstance(detail, dict):
        return [str(message) for messages in detail.values() for message in messages]
    return [str(message) for message in detail]


class MediaUploadForm(forms.ModelForm):
    """Adding a file in the admin: the same content, size and type checks as the API."""

    class Meta:
        model = MediaFile
        fields = ("file", "portal")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        try:
            services.media_check(uploaded_file=uploaded)
        except ApiValidationError as exc:
            raise forms.ValidationError(_errors_of(exc)) from exc
        return uploaded


def _media_admin_create(*, actor, file=None, portal=None, **_ignored) -> MediaFile:
    return services.media_create(actor=actor, uploaded_file=file, portal=portal)


def _media_admin_bulk_delete(*, actor, ids) -> str:
    outcome = services.media_bulk_delete(actor=actor, scope=portal_scope(actor), ids=ids)
    return " ".join(part for part in (outcome["message"], outcome["errorMessage"]) if part)


@admin.register(MediaFile)
class MediaFileAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="media",
        create=_media_admin_create,
        update=services.media_update,
        bulk_delete=_media_admin_bulk_delete,
    )
    portal_field = "portal"
    list_display = (
        "name",
        "kind",
        "status",
        "provider",
        "size",
        "portal",
        "uploaded_by",
        "created_at",
        "preview",
    )
    list_filter = ("kind", "status", "provider", "portal")
    list_select_related = ("portal", "uploaded_by")
    search_fields = ("name", "content_type", "provider_id")
    date_hierarchy = "created_at"
    readonly_fields = (
        "preview",
        "kind",
        "content_type",
        "size",
        "status",
        "provider",
        "provider_id",
        "playback_id",
        "uploaded_by",
        "created_at",
        "updated_at",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MediaUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("file", "portal")
        return ("name", "portal", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def has_import_permission(self, request):
        return False  # files arrive by upload, never from a spreadsheet

    @admin.display(description="Preview")
    def preview(self, media: MediaFile):
        if media.file:
            url = media.file.url
        elif media.provider == MediaProvider.MUX and media.playback_id:
            url = MUX_STREAM_URL.format(playback_id=media.playback_id)
        else:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener noreferrer">Open</a>', url)
