from django.utils import timezone
from django.utils.timesince import timesince
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.accounts.models import AddressType, User, UserType
from website.api.fields import IdListField, LenientCharField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField
from website.api.views import TabularQuerySerializer

AVATAR_COLOURS = ("#03A9F4", "#E91E63", "#4CAF50", "#FF9800", "#9C27B0", "#009688", "#3F51B5", "#795548")


def avatar_svg(user: User, size: int) -> str:
    """The seed's initials avatar: a coloured circle with the user's initials."""
    initials = (user.first_name[:1] + user.last_name[:1]).upper() or user.email[:1].upper()
    initials = "".join(ch for ch in initials if ch.isalnum()) or "?"
    half, font = size // 2, round(size * 0.35) if size < 100 else 40
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{half}" cy="{half}" r="{half}" stroke="background" stroke-width="0" fill="{colour}" />'
        f'<text x="{half}" y="{half}" font-size="{font}" fill="#FFFFFF" alignment-baseline="middle" '
        f'text-anchor="middle" dominant-baseline="central">{initials}</text></svg>'
    )


def relative_time(moment) -> str:
    """ "2 days ago", or "Never"."""
    if moment is None:
        return "Never"
    return f"{timesince(moment, timezone.now(), depth=1)} ago".replace("\xa0", " ")


# --- requests ------------------------------------------------------------------------------------


@extend_schema_field({"type": "array", "items": {"oneOf": [{"type": "integer"}, {"type": "string"}]}})
class CategoryRefsField(IdListField):
    """User categories by id or name, as a JSON array or a JSON array in a string ("[1,2,3]")."""

    default_error_messages = {"not_a_list": "Expected a list of category ids or names such as [1, 2, 3]."}

    def __init__(self, **kwargs):
        kwargs.setdefault("child", LenientCharField(max_length=255))
        super().__init__(**kwargs)


class UserCreateInputSerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=150, source="first_name")
    lastName = serializers.CharField(max_length=150, source="last_name")
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=128, style={"input_type": "password"})
    userCategory = CategoryRefsField(required=False, source="categories")
    portalId = LenientIntegerField(
        required=False, allow_null=True, help_text="The portal the user joins as a learner."
    )


class UserUpdateInputSerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=150, source="first_name")
    lastName = serializers.CharField(max_length=150, source="last_name")
    email = serializers.EmailField(max_length=254)
    disabled = serializers.BooleanField(help_text="true/1: the user cannot sign in.")
    internal_note = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    userCategory = CategoryRefsField(required=False, source="categories")


class UserPasswordInputSerializer(serializers.Serializer):
    userId = LenientIntegerField(min_value=1)
    password = serializers.CharField(trim_whitespace=False, max_length=128, style={"input_type": "password"})


class ResendNewAccountEmailInputSerializer(serializers.Serializer):
    portalId = LenientIntegerField(help_text="The portal the users belong to (-1: all you manage).")
    user_id = IdListField(allow_empty=False, help_text='A user id, or several: [1, 2] or "[1,2]".')


class UsersByTypeQuerySerializer(serializers.Serializer):
    userType = serializers.CharField(
        required=False, allow_blank=True, help_text="admin, owner, staff, general (learner: general)."
    )
    portalId = LenientIntegerField(required=False, allow_null=True)

    def validate_userType(self, value):
        return normalise_user_type(value)


class UserSearchQuerySerializer(UsersByTypeQuerySerializer):
    search_term = serializers.CharField(allow_blank=True, help_text="Part of a name or e-mail.")
    remote_user_search = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: search every portal you may see; false: the portal given and its sub-portals.",
    )


def normalise_user_type(value: str) -> str:
    value = (value or "").strip().strip('"').lower()
    if value == "learner":
        return UserType.GENERAL
    if value and value not in UserType.values:
        raise serializers.ValidationError(f"Unknown user type; one of {', '.join(UserType.values)}.")
    return value


class ActivitiesQuerySerializer(TabularQuerySerializer):
    user_id = LenientIntegerField(
        required=False, allow_null=True, min_value=1, help_text="Defaults to the signed-in user."
    )
    context = serializers.CharField(required=False, allow_blank=True, help_text='e.g. "admin".')
    portalId = LenientIntegerField(required=False, allow_null=True)


class AddressTypeField(serializers.ChoiceField):
    """billing / shipping (also billing_address / shipping_address)."""

    def __init__(self, **kwargs):
        super().__init__(choices=AddressType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().strip('"').removesuffix("_address")
        return super().to_internal_value(data)


class AddressUpdateInputSerializer(serializers.Serializer):
    fullName = serializers.CharField(max_length=255, source="full_name")
    orgName = serializers.CharField(
        max_length=255, required=False, allow_blank=True, allow_null=True, source="org_name"
    )
    orgVatId = LenientCharField(
        max_length=64, required=False, allow_blank=True, allow_null=True, source="org_vat_id"
    )
    addressLine1 = serializers.CharField(max_length=255, source="address_line1")
    addressLine2 = serializers.CharField(
        max_length=255, required=False, allow_blank=True, allow_null=True, source="address_line2"
    )
    zipcode = LenientCharField(max_length=32)
    city = serializers.CharField(max_length=255)
    state = serializers.CharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    country = serializers.CharField(max_length=255)
    isDefault = serializers.BooleanField(source="is_default")
    userId = LenientIntegerField(min_value=1, source="user_id")

    def validate(self, attrs):
        for name in ("org_name", "org_vat_id", "address_line2", "state"):
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        return attrs


class AddressInputSerializer(AddressUpdateInputSerializer):
    type = AddressTypeField()
    billing_address_id = LenientIntegerField(required=False, allow_null=True, min_value=1)


class DefaultAddressQuerySerializer(serializers.Serializer):
    type = AddressTypeField(required=False, help_text="billing_address (default) or shipping_address.")


# --- responses -----------------------------------------------------------------------------------


class UserTypeLookupItemSerializer(serializers.Serializer):
    db_value = serializers.CharField()
    display_name = serializers.CharField()


class UserRowSerializer(serializers.ModelSerializer):
    is_disabled = serializers.SerializerMethodField()
    avatar = serializers.SerializerMethodField()
    display_type = serializers.CharField(source="get_user_type_display")
    created_at = MonthFirstDateTimeField(source="date_joined")
    last_login = serializers.SerializerMethodField()
    portals = serializers.SerializerMethodField()
    user_category = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "is_disabled",
            "avatar",
            "display_type",
            "created_at",
            "last_login",
            "source",
            "portals",
            "user_category",
        ]

    def get_is_disabled(self, user) -> bool:
        return not user.is_active

    def get_avatar(self, user) -> str:
        return avatar_svg(user, 40)

    def get_last_login(self, user) -> str:
        return relative_time(user.last_login)

    def get_portals(self, user) -> str:
        return ", ".join(m.portal.name for m in user.portal_memberships.all())

    def get_user_category(self, user) -> str:
        return ", ".join(c.name for c in user.categories.all())


class MembershipSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    expiryDate = serializers.CharField(allow_null=True)


class UserDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    email = serializers.EmailField()
    lastLoggedIn = serializers.SerializerMethodField()
    avatar = serializers.SerializerMethodField()
    disabled = serializers.SerializerMethodField()
    userType = serializers.CharField(source="user_type")
    currentLoggedUserType = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField()
    userCategory = serializers.SerializerMethodField()
    source = serializers.CharField()
    internal_note = serializers.CharField(allow_null=True)

    def get_lastLoggedIn(self, user) -> str:
        return relative_time(user.last_login)

    def get_avatar(self, user) -> str:
        return avatar_svg(user, 100)

    def get_disabled(self, user) -> bool:
        return not user.is_active

    def get_currentLoggedUserType(self, user) -> str:
        return self.context["request"].user.user_type

    @extend_schema_field(MembershipSummarySerializer(allow_null=True))
    def get_membership(self, user):
        return None  # memberships (plans) are a module of their own; none exists yet

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
        }
    )
    def get_userCategory(self, user):
        return [{"id": c.pk, "name": c.name} for c in user.categories.all()]

    def to_representation(self, user):
        data = super().to_representation(user)
        data["internal_note"] = user.internal_note or None
        return data


class IdNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")
    userType = serializers.CharField(source="user_type")

    class Meta:
        model = User
        fields = ["id", "name", "first_name", "last_name", "email", "userType"]


class UserDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    deletedStudents = IdNameSerializer(many=True)
    notDeletedStudents = IdNameSerializer(many=True)
    usedInCourses = serializers.DictField(child=IdNameSerializer(many=True))
    usedAsCourseAuthors = serializers.DictField(child=IdNameSerializer(many=True))
    usedAsModuleAuthors = serializers.DictField(child=IdNameSerializer(many=True))
    usedInPortals = serializers.DictField(child=IdNameSerializer(many=True))


class StatusMessageSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


class AddressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    isDefault = serializers.BooleanField(source="is_default")
    type = serializers.CharField()
    fullName = serializers.CharField(source="full_name")
    orgName = serializers.CharField(source="org_name")
    orgVatId = serializers.CharField(source="org_vat_id")
    addressLine1 = serializers.CharField(source="address_line1")
    addressLine2 = serializers.CharField(source="address_line2")
    zipcode = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    country = serializers.CharField()


class UserActivityRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.CharField(source="get_action_display")
    created_at = MonthFirstDateTimeField()
    message = serializers.SerializerMethodField()
    course = serializers.SerializerMethodField()

    def get_message(self, activity) -> str:
        actor = activity.actor
        who = (actor.full_name or actor.email) if actor else "Someone"
        if activity.action == "login":
            return f"{who} logged in"
        return f"{who} {activity.action} {activity.subject_kind.lower()} {activity.subject_label}"

    def get_course(self, activity) -> str | None:
        return activity.subject_label if activity.subject_kind == "Course" else None


class UserSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    identifier = serializers.CharField()
    description = serializers.CharField()


class UserSourcesSerializer(serializers.Serializer):
    records = UserSourceSerializer(many=True)


# --- auth ----------------------------------------------------------------------------------------


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="The authenticator code, for users with 2FA.",
    )


class CurrentUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "user_type"]


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only once.")
    user = CurrentUserSerializer()
