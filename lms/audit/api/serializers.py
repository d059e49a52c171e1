import calendar
from datetime import date

from rest_framework import serializers

from lms.audit.models import Activity
from website.api.formats import DayFirstDateTimeField
from website.api.views import PortalIdQuerySerializer, TabularQuerySerializer


class ActivityQuerySerializer(TabularQuerySerializer, PortalIdQuerySerializer):
    context = serializers.CharField(required=False, help_text="Passed by front ends; not used.")
    selectedMonth = serializers.RegexField(
        r"^(0?[1-9]|1[0-2])-\d{4}$", help_text="The month to show, as m-Y (e.g. 03-2024)."
    )

    def validate_selectedMonth(self, value) -> tuple[date, date]:
        month, year = (int(part) for part in value.split("-"))
        if year < 1:  # "01-0000" matches the pattern, but there is no year 0
            raise serializers.ValidationError("The year must be 0001 or later.")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class ActivityRowSerializer(serializers.ModelSerializer):
    performed_by = serializers.SerializerMethodField()
    effect_on = serializers.CharField(source="subject_kind")
    subject = serializers.SerializerMethodField()
    action = serializers.CharField(source="get_action_display")
    created_at = DayFirstDateTimeField()
    details = serializers.JSONField(source="changes")

    class Meta:
        model = Activity
        fields = ["performed_by", "effect_on", "subject", "action", "created_at", "details"]

    def get_performed_by(self, activity) -> str:
        return activity.actor.full_name or activity.actor.email if activity.actor else "System"

    def get_subject(self, activity) -> str:
        return f"{activity.subject_kind}: {activity.subject_label}"


class PerformedOnSerializer(serializers.Serializer):
    performedOnList = serializers.ListField(
        child=serializers.CharField(), help_text="Kinds of objects in the log."
    )
