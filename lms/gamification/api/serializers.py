from rest_framework import serializers

from lms.gamification.models import Badge, Tier
from website.api.fields import LenientCharField
from website.api.formats import MonthFirstDateTimeField


class BadgeInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    points = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    badgeIconUrl = serializers.CharField(max_length=500, source="badge_icon_url")
    defaultIconUrl = serializers.CharField(
        max_length=500, source="default_icon_url", required=False, allow_null=True, allow_blank=True
    )
    organizationId = LenientCharField(
        max_length=64, source="organization_id", required=False, allow_null=True, allow_blank=True
    )

    def validate(self, attrs):
        # Nullable text is stored blank: one empty value, not two.
        return {name: ("" if value is None else value) for name, value in attrs.items()}


class BadgeUpdateSerializer(BadgeInputSerializer):
    points = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False, allow_null=True)

    def validate(self, attrs):
        if attrs.get("points", 0) is None:
            attrs.pop("points")  # null: keep the badge's points
        return super().validate(attrs)


class BadgeRowSerializer(serializers.ModelSerializer):
    # Declared, not derived: a PositiveIntegerField's documented maximum depends on the database.
    points = serializers.IntegerField(min_value=0)
    badgeIconUrl = serializers.CharField(source="badge_icon_url")
    defaultIconUrl = serializers.CharField(source="default_icon_url")
    organizationId = serializers.CharField(source="organization_id")
    usersCount = serializers.IntegerField(source="holder_count", help_text="Users holding the badge.")
    created_at = MonthFirstDateTimeField()

    class Meta:
        model = Badge
        fields = [
            "id",
            "title",
            "points",
            "badgeIconUrl",
            "defaultIconUrl",
            "organizationId",
            "usersCount",
            "created_at",
        ]


class TierInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    lowerLimit = serializers.IntegerField(min_value=0, max_value=2_147_483_647, source="lower_limit")
    upperLimit = serializers.IntegerField(min_value=0, max_value=2_147_483_647, source="upper_limit")


class TierRowSerializer(serializers.ModelSerializer):
    lowerLimit = serializers.IntegerField(source="lower_limit")
    upperLimit = serializers.IntegerField(source="upper_limit")

    class Meta:
        model = Tier
        fields = ["id", "name", "lowerLimit", "upperLimit"]
