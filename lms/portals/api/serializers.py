"""Portal request and response shapes, in the seed's field names (camelCase, as documented)."""

import json
import re

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.portals.models import AccessPermission, PortalStatus, SeatAccess
from website.api.fields import IdListField, LenientCharField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField
from website.api.views import TabularQuerySerializer

COLOR = RegexValidator(
    re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8})?$"),
    "Enter a colour such as #3498db.",
)
PERMISSION_NAME = RegexValidator(
    re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$"), "A permission name such as can_manage_courses."
)
NOT_YET = "{module} are not available yet; leave this empty."
DAY_MONTH_YEAR = "%d-%b-%Y"  # "30-Dec-2025"


def _text(max_length=None, **kwargs):
    """Optional text where null means blank (the seed sends null for "no value")."""
    kwargs.setdefault("required", False)
    if max_length:
        kwargs["max_length"] = max_length
    return serializers.CharField(allow_blank=True, allow_null=True, **kwargs)


def _url(**kwargs):
    return serializers.URLField(max_length=1000, required=False, allow_blank=True, allow_null=True, **kwargs)


def _color(required=False):
    return serializers.CharField(
        max_length=32,
        required=required,
        allow_blank=not required,
        allow_null=not required,
        validators=[COLOR],
    )


def _not_yet(field_class, module, **kwargs):
    return field_class(
        required=False,
        allow_null=True,
        help_text=f"Needs {module.lower()}, which Lectern does not have yet.",
        **kwargs,
    )


class NotYetSerializer(serializers.Serializer):
    """Fields about modules Lectern has not built yet: empty or absent only, never silently dropped."""

    not_yet: dict[str, str] = {}

    def validate(self, attrs):
        errors = {}
        for name, module in self.not_yet.items():
            value = attrs.pop(name, None)
            if value not in (None, "", []):
                errors[name] = [NOT_YET.format(module=module)]
        if errors:
            raise serializers.ValidationError(errors)
        # null stands for "blank" in text fields
        return {
            key: "" if value is None and key in self.blank_for_null else value for key, value in attrs.items()
        }

    @property
    def blank_for_null(self):
        return {
            field.source
            for field in self.fields.values()
            if isinstance(field, serializers.CharField) and field.source
        }


class PortalFieldsSerializer(NotYetSerializer):
    """What create and update share (branding, seats, expiry, access)."""

    portalName = serializers.CharField(max_length=255, source="name")
    portalSlug = serializers.SlugField(max_length=255, source="slug")
    expiryDate = serializers.DateField(required=False, allow_null=True, source="expiry_date")
    expiryMessage = _text(source="expiry_message")
    accessPermission = serializers.ChoiceField(
        AccessPermission.choices, required=False, allow_null=True, source="access_permission"
    )
    seatAccess = serializers.ChoiceField(
        SeatAccess.choices,
        required=False,
        allow_null=True,
        source="seat_access",
        help_text="limited: at most the total seats; unlimited. Absent: limited when seats are given.",
    )
    logoImageUrl = _url(source="logo_image_url")
    miniLogoImageUrl = _url(source="mini_logo_image_url")
    headerBackgroundColor = _color()
    selectedPrimaryLanguage = _text(16, source="selected_primary_language")
    isActive = serializers.BooleanField(required=False, allow_null=True)
    customStyle = _text(source="custom_style")
    customFont = _text(255, source="custom_font")
    customCode = _text(source="custom_code")
    learnerDashboard = LenientCharField(
        max_length=255, required=False, allow_blank=True, allow_null=True, source="learner_dashboard"
    )
    customDomain = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        allow_null=True,
        source="custom_domain",
        help_text="Lectern: the portal's own domain, served while custom domains are enabled.",
    )
    seats_name = "totalSeat"

    def validate(self, attrs):
        attrs = super().validate(attrs)
        for color in ("headerBackgroundColor", "brandColor", "bodyBackgroundColor", "bodyTextColor"):
            if color in attrs:
                attrs[re.sub(r"([A-Z])", r"_\1", color).lower()] = attrs.pop(color) or ""
        is_active = attrs.pop("isActive", None)
        if is_active is not None:
            attrs["status"] = PortalStatus.ACTIVE if is_active else PortalStatus.INACTIVE
        for key in ("access_permission", "seat_access"):
            if key in attrs and attrs[key] is None:
                del attrs[key]
        if attrs.get("custom_domain") == "":
            attrs["custom_domain"] = None
        if "total_seats" in attrs and "seat_access" not in attrs:
            attrs["seat_access"] = (
                SeatAccess.UNLIMITED if attrs["total_seats"] is None else SeatAccess.LIMITED
            )
        if attrs.get("seat_access") == SeatAccess.LIMITED and attrs.get("total_seats") is None:
            raise serializers.ValidationError(
                {self.seats_name: ["Limited seat access needs a number of seats."]}
            )
        return attrs


class PortalCreateSerializer(PortalFieldsSerializer):
    totalSeat = LenientIntegerField(required=False, allow_null=True, min_value=0, source="total_seats")
    brandColor = _color(required=True)
    bodyBackgroundColor = _color(required=True)
    bodyTextColor = _color(required=True)
    selectedPrimaryLanguage = serializers.CharField(max_length=16, source="selected_primary_language")
    addExistingUser = IdListField(
        required=False, allow_null=True, help_text="Existing users who become the portal's admins."
    )
    isPortalAdminLearner = serializers.BooleanField(
        required=False, allow_null=True, help_text="The admins added take learner seats too."
    )
    selectedUsers = IdListField(
        required=False, allow_null=True, help_text="Existing users who become learners."
    )
    selectedCourses = _not_yet(serializers.JSONField, "Courses")
    selectedMembership = _not_yet(LenientIntegerField, "Memberships")
    enrollMembershipId = _not_yet(LenientIntegerField, "Memberships")
    portalAdminType = _not_yet(serializers.CharField, "Portal admin types")
    selectedCategoriesIds = _not_yet(serializers.JSONField, "Learner categories on portal creation")
    enrollCoursesIds = _not_yet(serializers.JSONField, "Courses")
    enrollLearningPathIds = _not_yet(serializers.JSONField, "Learning paths")
    seats_name = "totalSeat"
    not_yet = {
        "selectedCourses": "Courses",
        "selectedMembership": "Memberships",
        "enrollMembershipId": "Memberships",
        "portalAdminType": "Portal admin types",
        "selectedCategoriesIds": "Learner categories on portal creation",
        "enrollCoursesIds": "Courses",
        "enrollLearningPathIds": "Learning paths",
    }


class PortalUpdateSerializer(PortalFieldsSerializer):
    totalSeatAccess = LenientIntegerField(required=False, allow_null=True, min_value=0, source="total_seats")
    brandColor = _color()
    bodyBackgroundColor = _color()
    bodyTextColor = _color()
    allowedEmails = _text(
        source="allowed_emails", help_text="Emails or domains (comma separated) allowed to join; empty: all."
    )
    blockedEmails = _text(
        source="blocked_emails", help_text="Lectern: emails or domains (comma separated) refused."
    )
    publicSelectedCourses = _not_yet(serializers.JSONField, "Courses")
    privateSelectedCourses = _not_yet(serializers.JSONField, "Courses")
    selectedPublicLearningPaths = _not_yet(serializers.JSONField, "Learning paths")
    selectedPrivateLearningPaths = _not_yet(serializers.JSONField, "Learning paths")
    selectedPrivateMembership = _not_yet(LenientIntegerField, "Memberships")
    seats_name = "totalSeatAccess"
    not_yet = {
        "publicSelectedCourses": "Courses",
        "privateSelectedCourses": "Courses",
        "selectedPublicLearningPaths": "Learning paths",
        "selectedPrivateLearningPaths": "Learning paths",
        "selectedPrivateMembership": "Memberships",
    }


class BrandingSerializer(serializers.Serializer):
    logoImageUrl = serializers.URLField(
        max_length=1000, required=False, allow_blank=True, source="logo_image_url"
    )
    miniLogoImageUrl = serializers.URLField(
        max_length=1000, required=False, allow_blank=True, source="mini_logo_image_url"
    )
    brandColor = _color(required=True)
    bodyBackgroundColor = _color(required=True)
    bodyTextColor = _color(required=True)
    headerBackgroundColor = _color(required=True)
    selectedPrimaryLanguage = serializers.CharField(max_length=16, source="selected_primary_language")
    customStyle = serializers.CharField(allow_blank=True, source="custom_style")
    customCode = serializers.CharField(allow_blank=True, source="custom_code")
    customFont = serializers.CharField(max_length=255, allow_blank=True, source="custom_font")
    learnerDashboard = serializers.CharField(max_length=255, allow_blank=True, source="learner_dashboard")

    def validate(self, attrs):
        for color in ("brandColor", "bodyBackgroundColor", "bodyTextColor", "headerBackgroundColor"):
            attrs[re.sub(r"([A-Z])", r"_\1", color).lower()] = attrs.pop(color)
        return attrs


class SubPortalItemSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    referralCode = serializers.CharField(
        max_length=64, required=False, allow_blank=True, source="referral_code"
    )


class SubPortalListField(serializers.ListField):
    """A JSON array of sub-portals, or that array as JSON text (as the seed's sample sends it)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError("Expected a JSON array of sub portals.") from exc
        return super().to_internal_value(data)


class SubPortalsSerializer(serializers.Serializer):
    subPortal = SubPortalListField(child=SubPortalItemSerializer(), allow_empty=False, source="sub_portals")


class CloneSerializer(serializers.Serializer):
    portalId = LenientIntegerField(help_text="The portal to clone.")
    portalName = serializers.CharField(max_length=255)
    subPortals = serializers.BooleanField(required=False, default=False)


class PortalStatusSerializer(serializers.Serializer):
    ids = IdListField(allow_empty=False)
    status = serializers.CharField(help_text="Active or InActive.")

    def validate_status(self, value):
        status = value.strip().lower()
        if status not in PortalStatus.values:
            raise serializers.ValidationError("The status must be Active or InActive.")
        return status


class CustomDomainToggleSerializer(serializers.Serializer):
    isEnabled = serializers.BooleanField()


def _permission_list(**kwargs):
    return serializers.ListField(
        child=serializers.CharField(max_length=64, validators=[PERMISSION_NAME]), **kwargs
    )


class NewPortalAdminSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    password = serializers.CharField(required=False, allow_blank=True, write_only=True)


class AddPortalAdminsSerializer(serializers.Serializer):
    portalId = LenientIntegerField()
    portalAdmins = serializers.ListField(
        child=NewPortalAdminSerializer(), required=False, default=list, help_text="New users: email, names."
    )
    portalAdminPermissions = _permission_list(required=False, default=list)
    isPortalAdminLearner = serializers.BooleanField(required=False, default=False)
    selectedExUsers = IdListField(
        required=False, default=list, help_text="Existing users (existingPortalAdmin)."
    )
    portalAdminType = serializers.ChoiceField(
        ["newPortalAdmin", "existingPortalAdmin"],
        help_text="newPortalAdmin: portalAdmins; existingPortalAdmin: selectedExUsers.",
    )

    def validate(self, attrs):
        if attrs["portalAdminType"] == "newPortalAdmin" and not attrs["portalAdmins"]:
            raise serializers.ValidationError({"portalAdmins": ["Add at least one new portal admin."]})
        if attrs["portalAdminType"] == "existingPortalAdmin" and not attrs["selectedExUsers"]:
            raise serializers.ValidationError({"selectedExUsers": ["Select at least one user."]})
        return attrs


class AdminPermissionsSerializer(serializers.Serializer):
    portalAdminPermissions = _permission_list()


class MakeAdminSerializer(serializers.Serializer):
    userId = LenientIntegerField()
    portalId = LenientIntegerField()
    portalAdminPermissions = _permission_list()


class AddLearnersSerializer(serializers.Serializer):
    userIds = IdListField(allow_empty=False)
    portalId = LenientIntegerField()


class RemoveUsersSerializer(serializers.Serializer):
    userIds = IdListField(allow_empty=False)
    portalId = LenientIntegerField()
    type = serializers.ChoiceField(["learner", "portal_admin"])


class PortalUserStatusSerializer(serializers.Serializer):
    userIds = IdListField(allow_empty=False)
    status = serializers.CharField(help_text="active or inactive.")
    portalId = LenientIntegerField(
        required=False, allow_null=True, help_text="Lectern: only this portal and its sub-portals."
    )

    def validate_status(self, value):
        status = value.strip().lower()
        if status not in PortalStatus.values:
            raise serializers.ValidationError("The status must be active or inactive.")
        return status


# --- Responses -----------------------------------------------------------------------------------


class PortalRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parentPortalId = serializers.IntegerField(source="parent_pk", allow_null=True)
    referralCode = serializers.CharField(source="referral_code", allow_null=True)
    totalSeat = serializers.IntegerField(source="total_seats", allow_null=True)
    usedSeat = serializers.IntegerField(source="used_seat_count")
    seatAccess = serializers.CharField(source="seat_access")
    status = serializers.CharField()
    slug = serializers.CharField(allow_null=True)
    portalAdmins = serializers.SerializerMethodField()
    portalAdminsCount = serializers.IntegerField(source="admin_count")
    created_by = serializers.SerializerMethodField()
    created_at = MonthFirstDateTimeField()
    totalLearner = serializers.IntegerField(source="learner_count")

    def get_portalAdmins(self, portal) -> str:
        return ", ".join(str(m.user) for m in portal.admin_memberships)

    def get_created_by(self, portal) -> str | None:
        return str(portal.created_by) if portal.created_by else None


class PortalLookupItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    totalSeats = serializers.SerializerMethodField()
    usedSeat = serializers.IntegerField(source="used_seat_count")
    availableSeats = serializers.SerializerMethodField()

    def get_totalSeats(self, portal) -> int | None:
        return portal.total_seats if portal.has_seat_limit else None

    def get_availableSeats(self, portal) -> int | None:
        return max(portal.total_seats - portal.used_seat_count, 0) if portal.has_seat_limit else None


class PortalTableQuerySerializer(TabularQuerySerializer):
    portalId = LenientIntegerField(
        required=False, allow_null=True, help_text="A portal and its sub-portals; -1 or absent: all."
    )


class PortalLookupQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        ["subPortals", "reports", "portals"],
        required=False,
        default="portals",
        help_text="subPortals: only the portals below portalId.",
    )
    portalId = LenientIntegerField(required=False, allow_null=True)
    search_term = serializers.CharField(required=False, allow_blank=True, default="")


class PortalDetailQuerySerializer(serializers.Serializer):
    portalId = LenientIntegerField()


class SelectedContentSerializer(serializers.Serializer):
    publicCourseIds = serializers.ListField(child=serializers.IntegerField())
    privateCourseIds = serializers.ListField(child=serializers.IntegerField())
    publicLearningPathIds = serializers.ListField(child=serializers.IntegerField())
    publicLearningPathNames = serializers.ListField(child=serializers.CharField())
    privateLearningPathIds = serializers.ListField(child=serializers.IntegerField())
    privateLearningPathNames = serializers.ListField(child=serializers.CharField())
    privateMembershipId = serializers.IntegerField(allow_null=True)
    privateMembershipName = serializers.CharField(allow_null=True)


class PortalDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    portalName = serializers.CharField(source="name")
    portalSlug = serializers.CharField(source="slug", allow_null=True)
    parentPortalId = serializers.IntegerField(source="parent_pk", allow_null=True)
    referralCode = serializers.CharField(source="referral_code", allow_null=True)
    seatAccess = serializers.CharField(source="seat_access")
    accessPermission = serializers.CharField(source="access_permission")
    expiryMessage = serializers.CharField(source="expiry_message")
    totalSeats = serializers.IntegerField(source="total_seats", allow_null=True)
    totalSeatAccess = serializers.IntegerField(source="total_seats", allow_null=True)
    expiryDate = serializers.DateField(source="expiry_date", format=DAY_MONTH_YEAR, allow_null=True)
    logoImageUrl = serializers.CharField(source="logo_image_url")
    miniLogoImageUrl = serializers.CharField(source="mini_logo_image_url")
    brandColor = serializers.CharField(source="brand_color")
    bodyBackgroundColor = serializers.CharField(source="body_background_color")
    bodyTextColor = serializers.CharField(source="body_text_color")
    headerBackgroundColor = serializers.CharField(source="header_background_color")
    selectedPrimaryLanguage = serializers.CharField(source="selected_primary_language")
    customStyle = serializers.CharField(source="custom_style")
    customFont = serializers.CharField(source="custom_font")
    customCode = serializers.CharField(source="custom_code")
    isActive = serializers.SerializerMethodField()
    totalPortalAdmins = serializers.IntegerField(source="admin_count")
    totalLearner = serializers.IntegerField(source="learner_count")
    usedSeats = serializers.IntegerField(source="used_seat_count")
    availableSeats = serializers.SerializerMethodField()
    subPortalCount = serializers.IntegerField(source="sub_portal_count")
    parentPortalSlug = serializers.CharField(source="parent_slug", allow_null=True)
    parentPortalName = serializers.CharField(source="parent_name", allow_null=True)
    portalCustomDomainEnabled = serializers.SerializerMethodField()
    customDomain = serializers.CharField(source="custom_domain", allow_null=True)
    allowedEmails = serializers.CharField(source="allowed_emails")
    blockedEmails = serializers.CharField(source="blocked_emails")
    publicSelectedCourses = serializers.SerializerMethodField()
    privateSelectedCourses = serializers.SerializerMethodField()
    selectedPublicLearningPaths = serializers.SerializerMethodField()
    selectedPublicLearningPathNames = serializers.SerializerMethodField()
    selectedPrivateLearningPaths = serializers.SerializerMethodField()
    selectedPrivateLearningPathNames = serializers.SerializerMethodField()
    selectedPrivateMembership = serializers.SerializerMethodField()
    selectedPrivateMembershipName = serializers.SerializerMethodField()
    selectedContent = serializers.SerializerMethodField()
    learnerDashboard = serializers.CharField(source="learner_dashboard")

    def get_isActive(self, portal) -> bool:
        return portal.status == PortalStatus.ACTIVE

    def get_availableSeats(self, portal) -> int | None:
        return max(portal.total_seats - portal.used_seat_count, 0) if portal.has_seat_limit else None

    def get_portalCustomDomainEnabled(self, portal) -> bool:
        return portal.site_id is not None

    # Courses, learning paths and memberships do not exist in Lectern yet: nothing is selected.
    def get_publicSelectedCourses(self, portal) -> list[int]:
        return []

    def get_privateSelectedCourses(self, portal) -> list[int]:
        return []

    def get_selectedPublicLearningPaths(self, portal) -> list[int]:
        return []

    def get_selectedPublicLearningPathNames(self, portal) -> list[str]:
        return []

    def get_selectedPrivateLearningPaths(self, portal) -> list[int]:
        return []

    def get_selectedPrivateLearningPathNames(self, portal) -> list[str]:
        return []

    def get_selectedPrivateMembership(self, portal) -> int | None:
        return None

    def get_selectedPrivateMembershipName(self, portal) -> str | None:
        return None

    @extend_schema_field(SelectedContentSerializer)
    def get_selectedContent(self, portal) -> dict:
        return {
            "publicCourseIds": [],
            "privateCourseIds": [],
            "publicLearningPathIds": [],
            "publicLearningPathNames": [],
            "privateLearningPathIds": [],
            "privateLearningPathNames": [],
            "privateMembershipId": None,
            "privateMembershipName": None,
        }


class PortalSettingsQuerySerializer(serializers.Serializer):
    domain = serializers.CharField(max_length=255, help_text="The portal's custom domain.")


class PortalSettingsSerializer(serializers.Serializer):
    portalCustomDomainEnabled = serializers.CharField(help_text="yes or no.")
    verifiedDomain = serializers.CharField(help_text="yes or no.")
    ipAddress = serializers.CharField()
    enabledCustomDomain = serializers.CharField(help_text="yes or no.")


class UserPortalsQuerySerializer(serializers.Serializer):
    userId = LenientIntegerField(required=False, allow_null=True, help_text="Absent: the caller.")
    type = serializers.ChoiceField(
        ["portal_admin", "learner", "checkout"],
        required=False,
        allow_blank=True,
        help_text="portal_admin, learner, or checkout (active, unexpired portals); absent: all.",
    )


class UserPortalItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="portal.id")
    name = serializers.CharField(source="portal.name")
    referralCode = serializers.CharField(source="portal.referral_code", allow_null=True)
    userType = serializers.SerializerMethodField()
    totalSeat = serializers.IntegerField(source="portal.total_seats", allow_null=True)
    subscriptionId = serializers.SerializerMethodField()
    parentPortalId = serializers.IntegerField(source="parent_pk", allow_null=True)
    slug = serializers.CharField(source="portal.slug", allow_null=True)

    def get_userType(self, membership) -> str:
        return "portal_admin" if membership.role == "admin" else "learner"

    def get_subscriptionId(self, membership) -> int | None:
        return None  # subscriptions do not exist in Lectern yet


class UserPortalsSerializer(serializers.Serializer):
    portals = UserPortalItemSerializer(many=True)


class UserPortalInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    referralCode = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    totalSeat = LenientIntegerField(required=False, allow_null=True, min_value=0)
    userType = serializers.CharField(
        help_text="How the user joins the portal: admin (or portal_admin), learner."
    )
    portalType = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    status = serializers.CharField(required=False, default="active")
    subscriptionId = LenientIntegerField(
        required=False, allow_null=True, help_text="Needs subscriptions, which Lectern does not have yet."
    )
    expiryDate = serializers.DateField(required=False, allow_null=True)
    expiryMessage = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    parentPortalId = LenientIntegerField(required=False, allow_null=True, help_text="Absent: a root portal.")

    def validate_status(self, value):
        status = value.strip().lower()
        if status not in PortalStatus.values:
            raise serializers.ValidationError("The status must be active or inactive.")
        return status

    def validate_userType(self, value):
        if value not in ("admin", "portal_admin", "learner"):
            raise serializers.ValidationError("The user type must be admin, portal_admin or learner.")
        return value

    def validate_subscriptionId(self, value):
        if value is not None:
            raise serializers.ValidationError(NOT_YET.format(module="Subscriptions"))
        return value


class UserPortalsCreateSerializer(serializers.Serializer):
    userId = LenientIntegerField()
    portals = serializers.ListField(child=UserPortalInputSerializer(), allow_empty=False)
    clonePortalAdmins = serializers.BooleanField()
    cloneBrandingNotifications = serializers.BooleanField(help_text="Copies the parent's branding.")


class BlockedEmailsQuerySerializer(serializers.Serializer):
    portalId = LenientIntegerField(required=False, allow_null=True)


class BlockedEmailsSerializer(serializers.Serializer):
    portalId = serializers.IntegerField(allow_null=True)
    blockedEmails = serializers.ListField(child=serializers.CharField())
    blockedDomains = serializers.ListField(child=serializers.CharField())
    allowedEmails = serializers.ListField(child=serializers.CharField())
    allowedDomains = serializers.ListField(child=serializers.CharField())
