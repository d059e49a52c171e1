from datetime import datetime, time

from django.utils import dateformat, timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.announcements.models import Announcement, SendingRule
from website.api.fields import IdListField, LenientIntegerField
from website.api.formats import DATE

LIST_CREATED_AT = "%Y-%m-%d %H:%M"  # "2020-08-26 09:08"
LEARNER_CREATED_AT = "jS M, Y h:i A"  # "21st Jan, 2020 12:00 PM" (Django's date format)
EXPIRY_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", DATE)

RULE_IDS = {
    SendingRule.SPECIFIC_USERS: "user_ids",
    SendingRule.SPECIFIC_COURSE_USERS: "course_ids",
    SendingRule.SPECIFIC_PORTALS: "portal_ids",
}


@extend_schema_field({"type": "string", "nullable": True, "example": "2020-08-05"})
class ExpiryField(serializers.Field):
    """ "2025-12-31 23:59:59" or "2020-08-05" (the end of that day), in the current time zone; null: never."""

    default_error_messages = {"invalid": "Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS."}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        if text == "":
            return None
        for pattern in EXPIRY_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
            except ValueError:
                continue
            if pattern == DATE:
                moment = datetime.combine(moment.date(), time(23, 59, 59))
            return timezone.make_aware(moment)
        self.fail("invalid")

    def to_representation(self, value):
        return timezone.localtime(value).strftime(DATE) if value else None


class AnnouncementInputSerializer(serializers.Serializer):
    id = LenientIntegerField(required=False, help_text="The announcement's id (update: must match the path).")
    expiry = ExpiryField(help_text="Expiry date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS); null: never.")
    heading = serializers.CharField(max_length=255)
    content = serializers.CharField()
    sending_rules = serializers.ChoiceField(choices=SendingRule.choices, source="sending_rule")
    course_ids = IdListField(required=False)
    portal_ids = IdListField(required=False)
    user_ids = IdListField(required=False)
    portalId = LenientIntegerField(required=False, allow_null=True, help_text="The owning portal; -1: none.")

    def validate(self, attrs):
        wanted = RULE_IDS.get(attrs["sending_rule"])
        if wanted and not attrs.get(wanted):
            raise serializers.ValidationError(
                {wanted: [f"Required when sending_rules is {attrs['sending_rule']}."]}
            )
        return attrs


class AnnouncementRowSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(format=LIST_CREATED_AT)
    rules = serializers.CharField(source="sending_rule")

    class Meta:
        model = Announcement
        fields = ["id", "heading", "author", "created_at", "content", "rules"]

    def get_author(self, announcement) -> str:
        return announcement.author.full_name if announcement.author else ""


class LearnerAnnouncementRowSerializer(AnnouncementRowSerializer):
    created_at = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = ["id", "heading", "author", "content", "created_at"]

    def get_created_at(self, announcement) -> str:
        return dateformat.format(timezone.localtime(announcement.created_at), LEARNER_CREATED_AT)


class AnnouncementDetailSerializer(serializers.ModelSerializer):
    sending_rules = serializers.CharField(source="sending_rule")
    expiry = ExpiryField()
    user_ids = serializers.SerializerMethodField()
    course_ids = serializers.SerializerMethodField()
    portal_ids = serializers.SerializerMethodField()
    portalId = serializers.IntegerField(source="portal_id", allow_null=True)

    class Meta:
        model = Announcement
        fields = [
            "id", "heading", "content", "sending_rules", "expiry", "user_ids", "course_ids", "portal_ids",
            "portalId",
        ]  # fmt: skip

    def get_user_ids(self, announcement) -> list[int]:
        return [user.pk for user in announcement.users.all()]

    def get_course_ids(self, announcement) -> list[int]:
        return [course.pk for course in announcement.courses.all()]

    def get_portal_ids(self, announcement) -> list[int]:
        return [portal.pk for portal in announcement.portals.all()]


class LearnerAnnouncementQuerySerializer(serializers.Serializer):
    """The tabular query plus the learner's portal and view type."""

    portalId = LenientIntegerField(required=False, allow_null=True, help_text="The learner's current portal.")
    viewType = serializers.CharField(required=False, default="self", help_text="Only 'self' is documented.")
