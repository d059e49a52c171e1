from datetime import date

from rest_framework import serializers

from lms.audit import selectors
from lms.audit.api.serializers import ActivityQuerySerializer, ActivityRowSerializer, PerformedOnSerializer
from lms.audit.models import ActivityAction
from website.api.schema import seed_operation
from website.api.views import ChoicesLookupView, TabularListView, equals


def _date_range(queryset, value):
    """`dates`: [first, last] as YYYY-MM-DD; replaces the selected month."""
    if not isinstance(value, list) or len(value) != 2:
        raise serializers.ValidationError('Give dates as ["YYYY-MM-DD", "YYYY-MM-DD"].')
    first, last = (date.fromisoformat(str(day)) for day in value)
    if first > last:
        raise serializers.ValidationError("The first date must not be after the last.")
    return selectors.between_dates(queryset, first, last)


@seed_operation("audit_get_audit_activities")
class ActivityTable(TabularListView):
    permission_required = "audit.view_activity"
    allow_portal_admins = True
    query_serializer_class = ActivityQuerySerializer
    row_serializer_class = ActivityRowSerializer
    envelope_extra_serializer = PerformedOnSerializer
    order_columns = {"created_at": "created_at", "action": "action", "effect_on": "subject_kind"}
    default_ordering = ("-created_at",)
    search_filters = {
        "user_id": equals("actor_id"),
        "activityName": equals("action", str),
        "performedOn": equals("subject_kind", str),
        "dates": _date_range,
    }

    def get_queryset(self):
        return selectors.activities_visible(self.portal_scope)

    def search(self, queryset, search_param):
        if not search_param.get("dates"):
            queryset = selectors.between_dates(queryset, *self.query["selectedMonth"])
            search_param = {key: value for key, value in search_param.items() if key != "dates"}
        return super().search(queryset, search_param)

    def get_extra_payload(self, visible):
        return {"performedOnList": selectors.performed_on_kinds(visible)}


@seed_operation("audit_audit_activity_lookup")
class ActivityActionLookup(ChoicesLookupView):
    permission_required = "audit.view_activity"
    allow_portal_admins = True
    choices = ActivityAction
