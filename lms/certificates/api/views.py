from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.response import Response

from lms.certificates import selectors, services
from lms.certificates.api import serializers as s
from lms.certificates.models import DEFAULT_FONT_FAMILY, CertificateFieldKey, FontFamily
from lms.certificates.rendering import render_certificate_pdf, sample_values
from website.api.errors import Unprocessable
from website.api.fields import LenientIntegerField
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import extra_operation, seed_operation, seed_operations_view
from website.api.views import ApiView, ChoicesLookupView, TabularListView, contains

VIEW = "certificates.view_certificatetemplate"
ADD = "certificates.add_certificatetemplate"
CHANGE = "certificates.change_certificatetemplate"


def course_filter(queryset, value):
    if value in (None, ""):
        return queryset
    return selectors.templates_of_course(queryset, LenientIntegerField().to_internal_value(value))


@seed_operations_view(
    get="certificates_certificate_template_tabular_list",
    post=("certificates_create_certificate_template", {"responses": IdMessageSerializer}),
)
class CertificateTemplateCollection(TabularListView):
    permission_required = {"GET": VIEW, "POST": ADD}
    row_serializer_class = s.CertificateTemplateRowSerializer
    input_serializer_class = s.CertificateTemplateInputSerializer
    order_columns = {
        "id": "id",
        "name": "name",
        "slug": "slug",
        "status": "status",
        "created_at": "created_at",
    }
    default_ordering = ("-created_at",)
    search_filters = {"templateName": contains("name"), "courseId": course_filter}

    def get_queryset(self):
        return selectors.certificate_templates(self.portal_scope)

    def post(self, request):
        template = services.certificate_template_create(actor=request.user, **self.parse_body())
        return message_response("Certificate Template created successfully", id=template.pk)


class CertificateTemplateDetail(ApiView):
    permission_required = {"GET": VIEW, "PUT": CHANGE}
    input_serializer_class = s.CertificateTemplateInputSerializer

    @seed_operation(
        "certificates_retrieves_a_single_certificate_template",
        responses=s.CertificateTemplateDetailSerializer,
    )
    def get(self, request, pk):
        template = selectors.certificate_template_get(self.portal_scope, pk)
        return Response(s.CertificateTemplateDetailSerializer(template, context={"request": request}).data)

    @seed_operation("certificates_update_certificate_template", responses=MessageSerializer)
    def put(self, request, pk):
        template = selectors.certificate_template_get(self.portal_scope, pk)
        services.certificate_template_update(actor=request.user, template=template, **self.parse_body())
        return message_response("Certificate Template updated successfully")


@seed_operation("certificates_quick_edit_certificate_templates", responses=MessageSerializer)
class CertificateTemplateQuickEdit(ApiView):
    permission_required = CHANGE
    input_serializer_class = s.CertificateTemplateQuickEditSerializer

    def post(self, request):
        data = self.parse_body()
        ids = data["template_ids"]
        templates = selectors.certificate_templates(self.portal_scope).filter(pk__in=ids)
        missing = sorted(set(ids) - set(templates.values_list("pk", flat=True)))
        if missing:
            raise Unprocessable(
                {"template_ids": [f"The selected ids are invalid: {', '.join(map(str, missing))}."]}
            )
        services.certificate_templates_set_author(
            actor=request.user, templates=templates, author_id=data["author_id"]
        )
        return message_response("Certificate Templates updated Successfully")


@seed_operation("certificates_clone_certificate_template", responses=IdMessageSerializer)
class CertificateTemplateClone(ApiView):
    permission_required = ADD
    input_serializer_class = s.CertificateTemplateCloneSerializer

    def post(self, request):
        template_id = self.parse_body()["templateId"]
        template = selectors.certificate_templates(self.portal_scope).filter(pk=template_id).first()
        if template is None:
            raise Unprocessable({"templateId": ["The selected template id is invalid."]})
        copy = services.certificate_template_clone(actor=request.user, template=template)
        return message_response("Certificate Template Cloned Successfully", id=copy.pk)


@seed_operation("certificates_field_keys_lookup")
class FieldKeyLookup(ChoicesLookupView):
    permission_required = VIEW
    choices = CertificateFieldKey


@seed_operation("certificates_font_families_lookup", responses=s.FontFamilyLookupSerializer(many=True))
class FontFamilyLookup(ApiView):
    """The font families, the default one marked `"is_selected": "true"` as the seed shows."""

    permission_required = VIEW

    def get(self, request):
        return Response(
            [
                {"db_value": value, "display_value": label}
                | ({"is_selected": "true"} if value == DEFAULT_FONT_FAMILY else {})
                for value, label in FontFamily.choices
            ]
        )


@extra_operation(
    "x_certificates_preview_certificate_template",
    tag="certificates",
    summary="Preview a certificate template as a PDF with sample learner data",
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
)
class CertificateTemplatePreview(ApiView):
    """The template as a PDF, filled in with sample learner data (the PDF issued certificates use)."""

    permission_required = VIEW

    def get(self, request, pk):
        template = selectors.certificate_template_get(self.portal_scope, pk)
        pdf = render_certificate_pdf(
            template=template, values=sample_values(template, today=timezone.localdate())
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{template.slug}-preview.pdf"'
        return response
