"""The module library in the admin: one page per module with its type's detail inline.

Saves, deletes, clones and detail edits go through `lms.modules.services` (sanitised content, URL
checks, the activity log, "used in courses" kept on delete). Authors without the Django permissions
see and edit the modules granted to them (django-guardian object permissions).
"""

from django.contrib import admin, messages
from django.utils.html import format_html_join

from lms.modules import services
from lms.modules.models import Module, PdfModule, PowerPointModule, TextModule, VideoModule
from lms.modules.types import module_type_spec
from website.admin import AdminServices, LecternModelAdmin, ServiceResource


class DetailInline(admin.StackedInline):
    """The one detail of a module; shown only on modules of its type."""

    can_delete = False
    extra = 0
    min_num = 1
    max_num = 1
    module_type: str

    def has_add_permission(self, request, obj=None):
        return obj is not None and super().has_add_permission(request, obj)


class TextModuleInline(DetailInline):
    model = TextModule
    module_type = "text"
    verbose_name_plural = "Text"
    fields = ()


class VideoModuleInline(DetailInline):
    model = VideoModule
    module_type = "video"
    fields = (
        "provider",
        "url",
        "video_id",
        "media",
        "cover_url",
        "disable_forward_seek",
        "subtitle_type",
        "interactions",
        "subtitle_list",
    )
    readonly_fields = ("video_id", "subtitle_list")
    raw_id_fields = ("media",)

    @admin.display(description="Subtitles")
    def subtitle_list(self, obj):
        if not (obj and obj.pk):
            return "-"
        rows = [
            (subtitle.media.file.url if subtitle.media.file else "#", subtitle.language)
            for subtitle in obj.subtitles.select_related("media")
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', rows) if rows else "-"


class PdfModuleInline(DetailInline):
    model = PdfModule
    module_type = "pdf"
    fields = ("media", "url", "allow_download", "default_zoom", "show_sidebar")
    raw_id_fields = ("media",)


class PowerPointModuleInline(DetailInline):
    model = PowerPointModule
    module_type = "powerpoint"
    fields = ("media", "url", "viewer", "allow_download")
    raw_id_fields = ("media",)


DETAIL_INLINES = (TextModuleInline, VideoModuleInline, PdfModuleInline, PowerPointModuleInline)


def _admin_bulk_delete(*, actor, ids):
    return services.modules_bulk_delete(actor=actor, ids=ids)[0]


MODULE_ADMIN_SERVICES = AdminServices(
    instance_arg="module",
    create=services.module_create,
    update=services.module_update,
    bulk_delete=_admin_bulk_delete,
)
RESOURCE_FIELDS = (
    "name",
    "slug",
    "module_type",
    "content",
    "track_completion",
    "estimated_completion",
    "estimation_completed_unit",
    "author",
    "portal",
)


class ModuleResource(ServiceResource):
    """Imports go through the services (sanitised, logged); categories travel in exports only."""

    admin_services = MODULE_ADMIN_SERVICES
    service_fields = RESOURCE_FIELDS

    class Meta:
        model = Module
        fields = ("id", *RESOURCE_FIELDS)


@admin.register(Module)
class ModuleAdmin(LecternModelAdmin):
    services = MODULE_ADMIN_SERVICES
    resource_classes = [ModuleResource]
    portal_field = "portal"
    object_grants = True  # authors granted a module see and edit only theirs
    list_display = ("name", "module_type", "author", "portal", "track_completion", "created_at")
    list_filter = ("module_type", ("categories", admin.RelatedOnlyFieldListFilter), "portal")
    search_fields = ("name", "slug", "content")
    list_select_related = ("author", "portal")
    fields = (
        "name",
        "slug",
        "module_type",
        "content",
        "track_completion",
        "estimated_completion",
        "estimation_completed_unit",
        "categories",
        "author",
        "portal",
    )
    autocomplete_fields = ()
    raw_id_fields = ("author",)
    filter_horizontal = ("categories",)
    inlines = DETAIL_INLINES
    actions = ("clone_modules", "deep_clone_modules")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = "Left blank: made from the name."
        return form

    def get_readonly_fields(self, request, obj=None):
        return ("module_type",) if obj is not None else ()

    def get_inline_instances(self, request, obj=None):
        if obj is None:
            return []
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if inline.module_type == obj.module_type
        ]

    # --- Saving the detail through the services --------------------------------------------------

    def save_formset(self, request, form, formset, change):
        if formset.model not in (TextModule, VideoModule, PdfModule, PowerPointModule):
            return super().save_formset(request, form, formset, change)
        module = form.instance
        detail_fields = {f.name for f in formset.model._meta.concrete_fields} - {"module"}
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for detail_form in formset.forms:
            if not detail_form.has_changed() and detail_form.instance.pk:
                continue
            data = {name: value for name, value in detail_form.cleaned_data.items() if name in detail_fields}
            _save_detail(request.user, Module.objects.get(pk=module.pk), data)
            formset.changed_objects.append((detail_form.instance, detail_form.changed_data))
        return None

    # --- Actions ---------------------------------------------------------------------------------

    @admin.action(description="Clone the selected modules", permissions=["add"])
    def clone_modules(self, request, queryset):
        self._clone(request, queryset, deep=False)

    @admin.action(description="Clone the selected modules with copies of their files", permissions=["add"])
    def deep_clone_modules(self, request, queryset):
        self._clone(request, queryset, deep=True)

    def _clone(self, request, queryset, *, deep):
        copies = [services.module_clone(actor=request.user, module=module, deep=deep) for module in queryset]
        self.message_user(request, f"{len(copies)} module(s) cloned.", messages.SUCCESS)


def _save_detail(actor, module: Module, data: dict) -> None:
    """An admin edit of a detail: the type's save service when it checks fields, else a plain update."""
    kind = module.module_type
    if kind == "video":
        services.video_module_save(
            actor=actor,
            module=module,
            provider=data.get("provider"),
            url=data.get("url") or "",
            media_id=data["media"].pk if data.get("media") else None,
            cover_url=data.get("cover_url"),
            disable_forward_seek=data.get("disable_forward_seek"),
            subtitle_type=data.get("subtitle_type"),
            interactions=data.get("interactions"),
        )
    elif kind == "pdf":
        services.pdf_module_save(
            actor=actor,
            module=module,
            media_id=data["media"].pk if data.get("media") else None,
            url=data.get("url") or "",
            allow_download=data.get("allow_download"),
            default_zoom=data.get("default_zoom"),
            show_sidebar=data.get("show_sidebar"),
        )
    elif kind == "powerpoint":
        services.powerpoint_module_save(
            actor=actor,
            module=module,
            media_id=data["media"].pk if data.get("media") else None,
            url=data.get("url") or "",
            viewer=data.get("viewer"),
            allow_download=data.get("allow_download"),
        )
    elif module_type_spec(kind) is not None and data:
        services.module_update(actor=actor, module=module, detail=data)
