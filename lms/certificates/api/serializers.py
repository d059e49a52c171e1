import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.certificates import selectors
from lms.certificates.models import CertificateTemplate, CertificateTemplateStatus, ExpiryType, Orientation
from lms.portals.models import Portal
from website.api.fields import IdListField, LenientIntegerField
from website.api.formats import DATE, DayFirstDateTimeField, TimestampField
from website.tenancy import portal_scope


class PlacedFieldSerializer(serializers.Serializer):
    """A field placed on the page (the seed's Retrieve sample)."""

    key = serializers.CharField(help_text="A db_value of the field keys lookup.")
    value = serializers.CharField(required=False, help_text="The label; the text itself for custom_text.")
    font_size = serializers.IntegerField(required=False)
    font_family = serializers.CharField(required=False, help_text="A db_value of the font families lookup.")
    font_color = serializers.CharField(required=False, help_text="A hex colour, e.g. #222.")
    top = serializers.IntegerField(required=False, help_text="Pixels from the top of the page.")
    left = serializers.IntegerField(required=False, help_text="Pixels from the left of the page.")
    align_center = serializers.BooleanField(required=False)
    width = serializers.IntegerField(required=False)
    height = serializers.IntegerField(required=False)


@extend_schema_field(PlacedFieldSerializer(many=True))
class PlacedFieldsField(serializers.Field):
    """The placed fields as a JSON array (or JSON text, as a multipart form sends it). The service
    checks each field, so the API, the admin and imports refuse the same things."""

    default_error_messages = {"invalid": "The fields must be a list of placed fields."}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, list):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.STR)
class StatusField(serializers.ChoiceField):
    """Documented as text, as the other apps' "status" fields are (one enum name per field name)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "publish or draft.")
        super().__init__(choices=CertificateTemplateStatus.choices, **kwargs)


class CertificateTemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    organization_id = LenientIntegerField(
        required=False, allow_null=True, help_text="The portal the template belongs to; null: the academy."
    )
    bg_url = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=1000,
        help_text="The URL of an image of the media library; blank or null: no background.",
    )
    background_media_id = LenientIntegerField(
        required=False, allow_null=True, help_text="Or: the id of an image of the media library."
    )
    background_file = serializers.FileField(
        required=False, help_text="Or: an image to upload to the media library (multipart)."
    )
    height = serializers.IntegerField(help_text="Pixels.")
    width = serializers.IntegerField(help_text="Pixels.")
    fields = PlacedFieldsField()
    status = StatusField(required=False)
    orientation = serializers.ChoiceField(
        choices=Orientation.choices, required=False, help_text="Absent: what the width and height say."
    )
    expiry_type = serializers.ChoiceField(choices=ExpiryType.choices, required=False)
    expiry_value = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=3650, help_text="Days or months."
    )
    expiry_date = serializers.DateField(required=False, allow_null=True, input_formats=[DATE, "iso-8601"])

    def validate(self, attrs):
        """Turns the seed's names into the service's: the portal, the background and its upload."""
        request = self.context["request"]
        scope = portal_scope(request.user)
        data = {name: attrs[name] for name in ("name", "width", "height", "fields")}
        for name in ("status", "orientation", "expiry_type", "expiry_value", "expiry_date"):
            if name in attrs:
                data[name] = attrs[name]
        if "organization_id" in attrs:
            portal_id = attrs["organization_id"]
            portal = None
            if portal_id is not None:
                portal = scope.filter(Portal.objects.filter(pk=portal_id), "pk").first()
                if portal is None:
                    raise serializers.ValidationError({"organization_id": ["Unknown organization."]})
            data["portal"] = portal
        given = [name for name in ("bg_url", "background_media_id", "background_file") if name in attrs]
        if len(given) > 1:
            raise serializers.ValidationError({given[1]: ["Give one background: bg_url, an id or a file."]})
        if "bg_url" in attrs:
            url = attrs["bg_url"]
            data["background"] = selectors.background_by_url(scope, url) if url else None
            if url and data["background"] is None:
                raise serializers.ValidationError({"bg_url": ["Choose an image of the media library."]})
        elif "background_media_id" in attrs:
            media_id = attrs["background_media_id"]
            data["background"] = (
                selectors.background_images(scope).filter(pk=media_id).first() if media_id else None
            )
            if media_id and data["background"] is None:
                raise serializers.ValidationError(
                    {"background_media_id": ["Choose an image of the media library."]}
                )
        elif "background_file" in attrs:
            data["background_upload"] = attrs["background_file"]
        return data


class CertificateTemplateRowSerializer(serializers.ModelSerializer):
    categories = serializers.SerializerMethodField(
        help_text="Always blank: certificate templates have no categories in Lectern."
    )
    status = serializers.CharField(help_text="publish or draft.")
    author = serializers.SerializerMethodField()
    created_at = DayFirstDateTimeField()

    class Meta:
        model = CertificateTemplate
        fields = ["id", "name", "slug", "status", "categories", "author", "created_at"]

    def get_categories(self, template) -> str:
        return ""

    def get_author(self, template) -> str:
        return str(template.author) if template.author else ""


class CertificateTemplateDetailSerializer(serializers.ModelSerializer):
    organization_id = serializers.IntegerField(source="portal_id", allow_null=True)
    height = serializers.IntegerField()
    width = serializers.IntegerField()
    fields = PlacedFieldSerializer(many=True)
    status = serializers.CharField(help_text="publish or draft.")
    bg_url = serializers.SerializerMethodField()
    background_media_id = serializers.IntegerField(source="background_id", allow_null=True)
    expiry_value = serializers.IntegerField(allow_null=True)
    expiry_date = serializers.DateField(format=DATE, allow_null=True)
    author_id = serializers.IntegerField(allow_null=True)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        model = CertificateTemplate
        fields = [
            "id",
            "name",
            "organization_id",
            "height",
            "width",
            "fields",
            "slug",
            "status",
            "orientation",
            "bg_url",
            "background_media_id",
            "expiry_type",
            "expiry_value",
            "expiry_date",
            "author_id",
            "created_at",
            "updated_at",
        ]

    def get_bg_url(self, template) -> str | None:
        background = template.background
        if background is None or not background.file:
            return None
        request = self.context.get("request")
        url = background.file.url
        return request.build_absolute_uri(url) if request is not None else url


class CertificateTemplateQuickEditSerializer(serializers.Serializer):
    template_ids = IdListField(min_length=1)
    author_id = LenientIntegerField(min_value=1)


class CertificateTemplateCloneSerializer(serializers.Serializer):
    templateId = LenientIntegerField(min_value=1)


class FontFamilyLookupSerializer(serializers.Serializer):
    db_value = serializers.CharField()
    display_value = serializers.CharField()
    is_selected = serializers.CharField(required=False, help_text='"true" on the default font.')
