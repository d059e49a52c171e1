"""Staff: the tabular list, the report, create, retrieve, update and permission sets.

Staff belong to the academy, not to a portal: only the owner and staff holding the Django
permissions below may call these; portal admins and learners get 403.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lms.staff import selectors, services
from lms.staff.api import serializers as s
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.views import ApiView, TabularListView, contains

STAFF_ORDER_COLUMNS = {
    "id": "id",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "user_type": "user_type",
    "created_at": "date_joined",
    "last_login": "last_login",
}


def membership_filter(queryset, value):
    """Memberships (the commerce module) do not exist yet: no staff member holds one."""
    if value in (None, ""):
        return queryset
    int(value)
    return queryset.none()


@seed_operations_view(
    get="staff_tabular_list",
    post=("staff_creates_a_new_staff_member", {"responses": IdMessageSerializer}),
)
class StaffCollection(TabularListView):
    permission_required = {"GET": "accounts.view_user", "POST": "accounts.add_user"}
    row_serializer_class = s.StaffRowSerializer
    input_serializer_class = s.StaffCreateSerializer
    order_columns = STAFF_ORDER_COLUMNS
    default_ordering = ("-date_joined",)
    search_filters = {"nameOrEmail": selectors.staff_search, "membershipId": membership_filter}

    def get_queryset(self):
        return selectors.staff_members()

    def post(self, request):
        staff = services.staff_create(actor=request.user, **self.parse_body())
        return message_response("Staff created successfully", id=staff.pk)


def _day(value, key):
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({f"registered_between.{key}": ["Use a date such as 2020-08-31."]}) from exc


def _bounds(day: date, *, end: bool) -> datetime:
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment, timezone.get_current_timezone())


@seed_operation("staff_retrieves_detailed_report_for_all_staffs")
class StaffReport(TabularListView):
    """Staff with their registration and last sign-in dates.

    The totals count the staff's course enrolments by progress; courses are not built yet, so no
    enrolment exists and they are 0 until the courses module reports them.
    """

    permission_required = "accounts.view_user"
    query_serializer_class = s.StaffReportQuerySerializer
    row_serializer_class = s.StaffReportRowSerializer
    envelope_extra_serializer = s.StaffReportTotalsSerializer
    order_columns = STAFF_ORDER_COLUMNS
    default_ordering = ("-date_joined",)
    registered_between_keys = ("start_date", "end_date", "first_name", "last_name")

    def get_queryset(self):
        return selectors.staff_members()

    def search(self, queryset, search_param):
        queryset = super().search(queryset, search_param)
        between = self.query.get("registered_between") or {}
        unknown = sorted(set(between) - set(self.registered_between_keys))
        if unknown:
            raise ValidationError(
                {
                    "registered_between": [
                        f"Unknown key(s) {', '.join(unknown)}; allowed: "
                        f"{', '.join(self.registered_between_keys)}."
                    ]
                }
            )
        if between.get("start_date"):
            queryset = queryset.filter(
                date_joined__gte=_bounds(_day(between["start_date"], "start_date"), end=False)
            )
        if between.get("end_date"):
            queryset = queryset.filter(
                date_joined__lt=_bounds(_day(between["end_date"], "end_date"), end=True)
            )
        for key in ("first_name", "last_name"):
            queryset = contains(key)(queryset, between.get(key))
        return queryset

    def get_extra_payload(self, visible):
        return {"totalNotStarted": 0, "totalInProgress": 0, "totalCompleted": 0}


class StaffDetail(ApiView):
    permission_required = {"GET": "accounts.view_user", "PUT": "accounts.change_user"}
    input_serializer_class = s.StaffUpdateSerializer

    @seed_operation("staff_retrieve_staff_by_id", responses=s.StaffDetailSerializer)
    def get(self, request, pk):
        staff = selectors.staff_get(pk)
        staff.staff_membership = None  # memberships (commerce) do not exist yet
        staff.custom_user_metas = selectors.custom_user_metas(staff)
        return Response(s.StaffDetailSerializer(staff, context={"request": request}).data)

    @seed_operation("staff_update_staff_owner_details", responses=MessageSerializer)
    def put(self, request, pk):
        staff = selectors.staff_get(pk)
        data = self.parse_body(staff_id=staff.pk)
        data.pop("id", None)
        data["is_active"] = not data.pop("disabled")
        if "internal_note" in data:
            data["internal_note"] = data["internal_note"] or ""
        services.staff_update(actor=request.user, staff=staff, **data)
        return message_response("Owner/Staff updated successfully")


@seed_operation("staff_update_staff_permissions", responses=MessageSerializer)
class StaffPermissions(ApiView):
    permission_required = "auth.change_group"
    input_serializer_class = s.StaffPermissionsSerializer

    def put(self, request, pk):
        staff = selectors.staff_get(pk)
        services.staff_permissions_update(
            actor=request.user, staff=staff, permission_ids=self.parse_body()["permissions"]
        )
        return message_response("Permissions updated successfully")
