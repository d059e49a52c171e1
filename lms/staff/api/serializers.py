from rest_framework import serializers

from lms.accounts.models import STAFF_TYPES, UserType
from lms.staff.presentation import avatar_svg, relative_time
from website.api.fields import IdListField, JSONObjectField, LenientIntegerField
from website.api.views import TabularQuerySerializer

STAFF_TYPE_CHOICES = [(value, label) for value, label in UserType.choices if value in STAFF_TYPES]


class StaffRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    avatar = serializers.SerializerMethodField(help_text="SVG with the initials.")
    user_type = serializers.CharField()
    display_user_type = serializers.CharField(source="get_user_type_display")
    created_at = serializers.DateTimeField(source="date_joined", format="%b %d, %Y %I:%M %p")
    last_login = serializers.SerializerMethodField(help_text='"2 days ago", or "Never".')

    def get_avatar(self, user) -> str:
        return avatar_svg(user, 40)

    def get_last_login(self, user) -> str:
        return relative_time(user.last_login)


class StaffReportQuerySerializer(TabularQuerySerializer):
    registered_between = JSONObjectField(
        required=False,
        help_text='JSON: {"start_date": "2020-08-01", "end_date": "2020-08-31", "first_name": "...", '
        '"last_name": "..."} (any subset; dates bound the registration date, names match partially).',
    )


class StaffReportTotalsSerializer(serializers.Serializer):
    totalNotStarted = serializers.IntegerField(help_text="Course enrolments of these staff not started.")
    totalInProgress = serializers.IntegerField(help_text="Course enrolments of these staff in progress.")
    totalCompleted = serializers.IntegerField(help_text="Course enrolments of these staff completed.")


class StaffReportRowSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    user_type = serializers.CharField(source="get_user_type_display")
    created_at = serializers.DateTimeField(source="date_joined", format="%b %d, %Y")
    last_login = serializers.DateTimeField(format="%b %d, %Y", allow_null=True)


class StaffCreateSerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=150, source="first_name")
    lastName = serializers.CharField(max_length=150, source="last_name")
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    staffPermissions = IdListField(
        source="staff_permissions", required=False, help_text='Permission set ids, e.g. [1,2,3] or "[1,2,3]".'
    )
    userType = serializers.ChoiceField(choices=STAFF_TYPE_CHOICES, source="user_type")


class StaffUpdateSerializer(serializers.Serializer):
    id = LenientIntegerField(required=False, help_text="When given, the id in the path.")
    firstName = serializers.CharField(max_length=150, source="first_name")
    lastName = serializers.CharField(max_length=150, source="last_name")
    email = serializers.EmailField(max_length=254, required=False)
    disabled = serializers.BooleanField()
    internal_note = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    customUserMetas = JSONObjectField(
        required=False,
        source="custom_user_metas",
        help_text='{"<field key>": {"type": "...", "submitted_value": ...}}, as an object or JSON text.',
    )
    userType = serializers.ChoiceField(choices=STAFF_TYPE_CHOICES, source="user_type")

    def validate_id(self, value):
        if value != self.context["staff_id"]:
            raise serializers.ValidationError("The id must be the one in the path.")
        return value


class StaffPermissionsSerializer(serializers.Serializer):
    permissions = IdListField(
        allow_empty=True, help_text="Permission set ids (see the staff permission sets)."
    )


class StaffMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    expiryDate = serializers.CharField(allow_null=True)


class StaffCustomUserMetaSerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField()
    submitted_value = serializers.JSONField()
    placeholder_value = serializers.CharField()
    option_label = serializers.ListField(child=serializers.CharField(), required=False)
    option_value = serializers.ListField(child=serializers.CharField(), required=False)


class StaffDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    lastLoggedIn = serializers.SerializerMethodField()
    avatar = serializers.SerializerMethodField()
    disabled = serializers.SerializerMethodField()
    userType = serializers.CharField(source="user_type")
    currentLoggedUserType = serializers.SerializerMethodField()
    membership = StaffMembershipSerializer(allow_null=True, source="staff_membership")
    customUserMetas = serializers.DictField(child=StaffCustomUserMetaSerializer(), source="custom_user_metas")
    internal_note = serializers.SerializerMethodField()

    def get_lastLoggedIn(self, user) -> str:
        return relative_time(user.last_login)

    def get_avatar(self, user) -> str:
        return avatar_svg(user, 100)

    def get_disabled(self, user) -> bool:
        return not user.is_active

    def get_internal_note(self, user) -> str | None:
        return user.internal_note or None

    def get_currentLoggedUserType(self, user) -> str:
        return self.context["request"].user.user_type
