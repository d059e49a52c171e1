import json
from datetime import UTC, date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.userfields.models import CustomUserFieldType, ReportExport
from website.api.fields import IdListField, JSONObjectField, LenientIntegerField
from website.api.formats import DATE
from website.api.views import MAX_PAGE_NUMBER, TabularQuerySerializer

TEXT_MAP = {"type": "object", "additionalProperties": {"type": "string"}}


# --- Custom user fields ------------------------------------------------------------------------------


class CustomUserFieldSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    userMetaKey = serializers.CharField(source="key")
    type = serializers.CharField()
    label = serializers.CharField()
    defaultValue = serializers.CharField(source="default_value", allow_null=True)
    isRequired = serializers.BooleanField(source="is_required")
    optionLabel = serializers.ListField(source="options", child=serializers.CharField())
    isFieldOnRegistrationPage = serializers.BooleanField(source="on_registration_page")
    isFieldOnCertificate = serializers.BooleanField(source="on_certificate")
    includeInReportExports = serializers.ListField(source="report_exports", child=serializers.CharField())


class CustomUserFieldListSerializer(serializers.Serializer):
    fields = CustomUserFieldSerializer(many=True)


@extend_schema_field(
    {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/CustomUserField"}}
)
class FieldsByKeyField(serializers.Field):
    def to_representation(self, value):
        return {field.key: CustomUserFieldSerializer(field).data for field in value}


class CustomUserFieldsByKeySerializer(serializers.Serializer):
    fields = FieldsByKeyField(help_text="The fields keyed by their user meta key.")


class CustomUserFieldInputSerializer(serializers.Serializer):
    """One field of the list to save. `id` (or an existing `userMetaKey`) names a saved field."""

    id = LenientIntegerField(required=False, allow_null=True)
    userMetaKey = serializers.SlugField(source="key", max_length=64, required=False, allow_blank=True)
    label = serializers.CharField(max_length=255)
    type = serializers.ChoiceField(choices=CustomUserFieldType.choices)
    defaultValue = serializers.CharField(
        source="default_value",
        max_length=1000,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
    )
    isRequired = serializers.BooleanField(source="is_required", default=False)
    optionLabel = serializers.ListField(
        source="options",
        child=serializers.CharField(max_length=255),
        required=False,
        default=list,
        max_length=200,
    )
    isFieldOnRegistrationPage = serializers.BooleanField(source="on_registration_page", default=False)
    isFieldOnCertificate = serializers.BooleanField(source="on_certificate", default=False)
    includeInReportExports = serializers.ListField(
        source="report_exports", child=serializers.ChoiceField(choices=ReportExport.choices), default=list
    )

    def to_internal_value(self, data):
        # The seed writes both optionLabel and optionsLabel.
        if isinstance(data, dict) and "optionLabel" not in data and "optionsLabel" in data:
            data = {**data, "optionLabel": data["optionsLabel"]}
        attrs = super().to_internal_value(data)
        if attrs.get("id") is None:
            attrs.pop("id", None)
        attrs["report_exports"] = list(dict.fromkeys(attrs["report_exports"]))
        return attrs


class CustomUserFieldsUpdateSerializer(serializers.Serializer):
    fields = CustomUserFieldInputSerializer(many=True, max_length=200)

    def to_internal_value(self, data):
        # A form sends the list as JSON text.
        if isinstance(data, dict) and isinstance(data.get("fields"), str):
            try:
                data = {**data, "fields": json.loads(data["fields"])}
            except ValueError as exc:
                raise serializers.ValidationError({"fields": ["Expected a JSON list of fields."]}) from exc
        return super().to_internal_value(data)


class LenientJSONObjectField(JSONObjectField):
    """The seed's example ends its JSON with a full stop; tolerate it."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().removesuffix(".")
        return super().to_internal_value(data)


class FieldDeletionQuerySerializer(serializers.Serializer):
    fieldToDelete = LenientJSONObjectField(
        help_text='The field as JSON: {"userMetaKey": "custom_field_1", "label": ..., "type": ...}.'
    )

    def validate_fieldToDelete(self, value):
        key, field_id = value.get("userMetaKey"), value.get("id")
        if key is not None and not isinstance(key, str):
            raise serializers.ValidationError("userMetaKey must be text.")
        if field_id is not None and (isinstance(field_id, bool) or not isinstance(field_id, int)):
            raise serializers.ValidationError("id must be an integer.")
        if not key and field_id is None:
            raise serializers.ValidationError("Name the field by its userMetaKey (or id).")
        return value


class FieldDeletionCheckSerializer(serializers.Serializer):
    canDeleteField = serializers.BooleanField()
    message = serializers.CharField()
    certificateTemplates = serializers.ListField(
        child=serializers.CharField(), help_text="Certificate templates showing the field."
    )


# --- Report of users with custom data -------------------------------------------------------------------


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "format": "date"}, "minItems": 2, "maxItems": 2}
)
class DateRangeField(serializers.Field):
    """["2023-01-01", "2023-12-31"] (JSON text in a query string); either end may be blank or null."""

    default_error_messages = {"invalid": 'Expected ["YYYY-MM-DD", "YYYY-MM-DD"].'}

    def to_internal_value(self, data):
        if isinstance(data, str):
            if not data.strip():
                return (None, None)
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, list) or len(data) != 2:
            self.fail("invalid")
        bounds = []
        for item in data:
            if item in (None, ""):
                bounds.append(None)
                continue
            try:
                bounds.append(date.fromisoformat(item) if isinstance(item, str) else self.fail("invalid"))
            except ValueError:
                self.fail("invalid")
        if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
            raise serializers.ValidationError("The start date must not be after the end date.")
        return tuple(bounds)


class UserCustomDataQuerySerializer(TabularQuerySerializer):
    registered_between = DateRangeField(required=False, help_text='["2023-01-01", "2023-12-31"]')
    portalId = LenientIntegerField(required=False, allow_null=True, help_text="A portal and its sub-portals.")


@extend_schema_field(TEXT_MAP)
class CustomDataField(serializers.Field):
    def to_representation(self, user):
        return {value.field.key: value.display_value for value in user.custom_values.all()}


class UserCustomDataRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    registered_on = serializers.DateTimeField(source="date_joined", format=DATE)
    customData = CustomDataField(source="*", help_text="The user's answers, keyed by user meta key.")


# --- Consents -------------------------------------------------------------------------------------------


class ConsentQuerySerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=200, default=10)
    page_number = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    portalId = LenientIntegerField(required=False, allow_null=True, help_text="A portal and its sub-portals.")


ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


class UserConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    consentDate = serializers.DateTimeField(source="consent_date", format=ISO_UTC, default_timezone=UTC)
    consentId = serializers.CharField(source="consent_id")
    country = serializers.CharField()
    ipAddress = serializers.CharField(source="ip_address", allow_null=True)
    status = serializers.CharField()
    userId = serializers.IntegerField(source="user_id")
    userName = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at", format=ISO_UTC, default_timezone=UTC)

    def get_userName(self, consent) -> str:
        return consent.user.full_name or consent.user.email


class UserConsentPageSerializer(serializers.Serializer):
    userConsents = UserConsentSerializer(many=True)
    total = serializers.IntegerField(help_text="Consents the caller may see.")
    recordsFiltered = serializers.IntegerField()


# --- Bulk upload ----------------------------------------------------------------------------------------


@extend_schema_field(
    {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}, "minItems": 1}
)
class UserRowsField(serializers.Field):
    """A list of rows ({"email", "first_name", "last_name", "password", <custom keys>}); JSON text is decoded."""

    default_error_messages = {"invalid": "Expected a list of user objects."}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            self.fail("invalid")
        return data


class BulkUploadSerializer(serializers.Serializer):
    userList = UserRowsField()
    selectedCourses = IdListField(required=False, default=list)
    selectedLearningPaths = IdListField(required=False, default=list)
    membershipId = LenientIntegerField(required=False, allow_null=True, default=None)
    portalId = LenientIntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        # Courses, learning paths and memberships are modules of their own, not built yet: no id names
        # one, and an upload never pretends to enrol anyone.
        errors = {}
        for name in ("selectedCourses", "selectedLearningPaths"):
            if attrs[name]:
                errors[name] = [f"No such id: {', '.join(map(str, attrs[name]))}."]
        if attrs["membershipId"] not in (None, 0, -1):
            errors["membershipId"] = ["No such membership."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class UploadRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row's position in userList, from 1.")
    email = serializers.CharField()
    status = serializers.ChoiceField(choices=["created", "updated", "rejected"])
    reasons = serializers.ListField(child=serializers.CharField())


class UploadStatusSerializer(serializers.Serializer):
    uploadId = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    totalRows = serializers.IntegerField(source="total_rows")
    processedRows = serializers.IntegerField(source="processed_rows")
    created = serializers.IntegerField(source="created_count")
    updated = serializers.IntegerField(source="updated_count")
    rejected = serializers.SerializerMethodField()
    rows = UploadRowSerializer(many=True, source="report")

    def get_rejected(self, upload) -> int:
        return sum(1 for row in upload.report if row["status"] == "rejected")


class UploadResultSerializer(UploadStatusSerializer):
    message = serializers.CharField()
    is_success = serializers.CharField(help_text='"true" when at least one user was created or updated.')


class UploadSampleSerializer(serializers.Serializer):
    headers = serializers.ListField(child=serializers.CharField())
    records = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
