from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from lms.certificates import services
from lms.certificates.models import CertificateTemplate, CertificateTemplateStatus
from lms.certificates.rendering import render_certificate_pdf, sample_values
from website.admin import AdminServices, LecternModelAdmin


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="template",
        create=services.certificate_template_create,
        update=services.certificate_template_update,
        bulk_delete=services.certificate_templates_bulk_delete,
        validate=services.certificate_template_validate,
    )
    portal_field = "portal"
    fields = (
        "name",
        "status",
        "orientation",
        "width",
        "height",
        "background",
        "fields",
        "expiry_type",
        "expiry_value",
        "expiry_date",
        "portal",
    )
    readonly_fields = ("preview_link",)
    list_display = ("name", "status", "orientation", "portal", "author", "created_at", "preview_link")
    list_filter = ("status", "orientation", "expiry_type", "portal")
    search_fields = ("name", "slug")
    list_select_related = ("portal", "author")
    raw_id_fields = ("background",)
    actions = ["clone_templates", "publish_templates", "draft_templates"]

    def get_fields(self, request, obj=None):
        return (*self.fields, "preview_link") if obj is not None else self.fields

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/preview/", preview, name="certificates_certificatetemplate_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The template as a PDF with sample learner data (the API's preview)."""
        template = self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        if template is None or not self.has_view_permission(request, template):
            raise Http404
        pdf = render_certificate_pdf(
            template=template, values=sample_values(template, today=timezone.localdate())
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{template.slug}-preview.pdf"'
        return response

    @admin.display(description="Preview")
    def preview_link(self, template):
        if template is None or template.pk is None:
            return "-"
        url = reverse("admin:certificates_certificatetemplate_preview", args=[template.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Preview (PDF)</a>', url)

    @admin.action(description="Clone the selected certificate templates", permissions=["add"])
    def clone_templates(self, request, queryset):
        for template in queryset.order_by("pk"):
            services.certificate_template_clone(actor=request.user, template=template)
        self.message_user(request, f"{queryset.count()} certificate template(s) cloned.", messages.SUCCESS)

    def _set_status(self, request, queryset, status):
        for template in queryset.order_by("pk"):
            services.certificate_template_update(actor=request.user, template=template, status=status)
        self.message_user(request, f"{queryset.count()} certificate template(s) updated.", messages.SUCCESS)

    @admin.action(description="Publish the selected certificate templates", permissions=["change"])
    def publish_templates(self, request, queryset):
        self._set_status(request, queryset, CertificateTemplateStatus.PUBLISH)

    @admin.action(description="Set the selected certificate templates to draft", permissions=["change"])
    def draft_templates(self, request, queryset):
        self._set_status(request, queryset, CertificateTemplateStatus.DRAFT)
