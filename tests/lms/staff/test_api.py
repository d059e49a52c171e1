"""Staff API: the tabular list, the report, create, retrieve, update and permission sets."""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from lms.accounts.models import User
from lms.audit.models import Activity
from lms.staff.permission_sets import PERMISSION_SETS_BY_ID
from lms.staff.selectors import staff_permission_sets
from lms.userfields.models import CustomUserField, CustomUserValue
from tests.conftest import api_client_for
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/staff/"
REPORT_URL = "/api/v1/staff/report/"
UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."
PASSWORD = "Nv10=80l^xQ"

CREATE_PAYLOAD = {
    "firstName": "John",
    "lastName": "Doe",
    "email": "john.doe@example.org",
    "password": PASSWORD,
    "staffPermissions": "[1,2,3]",
    "userType": "staff",
}
UPDATE_PAYLOAD = {
    "firstName": "Johnny",
    "lastName": "Doer",
    "disabled": "0",
    "internal_note": "This is a note.",
    "userType": "staff",
}


def detail_url(pk):
    return f"/api/v1/staff/{pk}/"


def permissions_url(pk):
    return f"/api/v1/staff/{pk}/permissions/"


def local(*args):
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def state():
    """Everything a refused or invalid request must leave untouched."""
    users = list(User.objects.order_by("pk").values())
    groups = sorted(User.groups.through.objects.values_list("user_id", "group_id"))
    return users, groups, Activity.objects.count(), CustomUserValue.objects.count()


def listing(client, url=LIST_URL, **params):
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return client.get(url, query)


def set_ids(user):
    return [permission_set.id for permission_set in staff_permission_sets(user)]


# --- Who may call what -------------------------------------------------------------------------

ENDPOINTS = [
    ("list", "get", LIST_URL, None, "accounts.view_user"),
    ("report", "get", REPORT_URL, None, "accounts.view_user"),
    ("create", "post", LIST_URL, CREATE_PAYLOAD, "accounts.add_user"),
    ("retrieve", "get", "/api/v1/staff/{pk}/", None, "accounts.view_user"),
    ("update", "put", "/api/v1/staff/{pk}/", UPDATE_PAYLOAD, "accounts.change_user"),
    ("permissions", "put", "/api/v1/staff/{pk}/permissions/", {"permissions": []}, "auth.change_group"),
]

REFUSED_ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_other_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}


@pytest.fixture
def client_as(request, staff_api_with):
    def make(role, permission):
        if role == "anonymous":
            return APIClient()
        if role == "staff_with_other_permissions":
            others = {endpoint[4] for endpoint in ENDPOINTS} - {permission}
            return staff_api_with(*sorted(others))
        return api_client_for(request.getfixturevalue(role))

    return make


def _call(client, method, url, body, pk):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(
    ("method", "url", "body", "permission", "role", "status", "message"),
    [
        pytest.param(method, url, body, permission, role, status, message, id=f"{name}-{role}")
        for name, method, url, body, permission in ENDPOINTS
        for role, (status, message) in REFUSED_ROLES.items()
    ],
)
def test_refused_callers_get_the_error_and_change_nothing(
    client_as, method, url, body, permission, role, status, message
):
    # Given a staff member and a caller who lacks the endpoint's permission
    staff = StaffFactory(first_name="Ann")
    client = client_as(role, permission)
    before = state()

    # When the caller calls the endpoint
    response = _call(client, method, url, body, staff.pk)

    # Then the request is refused with the documented body, and nothing changed
    assert response.status_code == status
    assert response.json() == message
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"),
    [pytest.param(*endpoint[1:5], id=endpoint[0]) for endpoint in ENDPOINTS],
)
def test_staff_holding_exactly_the_endpoint_permission_is_served(
    staff_api_with, method, url, body, permission
):
    staff = StaffFactory(first_name="Ann")
    body = dict(body, staffPermissions="[]") if body and "staffPermissions" in body else body

    response = _call(staff_api_with(permission), method, url, body, staff.pk)

    assert response.status_code == 200, response.json()


# --- Tabular list ------------------------------------------------------------------------------


class TestStaffList:
    def test_rows_have_the_documented_shape(self, owner_api, owner):
        # Given a staff member registered and last signed in at known moments, and a learner
        staff = StaffFactory(first_name="John", last_name="Doe")
        User.objects.filter(pk=staff.pk).update(
            date_joined=local(2020, 8, 6, 7, 20), last_login=timezone.now() - timedelta(days=2, hours=1)
        )
        UserFactory(first_name="John", last_name="Learner")

        # When the owner lists staff as the seed does
        response = listing(
            owner_api,
            page_size=10,
            page_number=1,
            order_by={"colName": "created_at", "direction": "desc"},
            search_param={"nameOrEmail": "John Doe"},
        )

        # Then only staff are listed, in the documented shape
        assert response.status_code == 200
        body = response.json()
        assert body["recordsTotal"] == 2  # the owner and John Doe; never the learner
        assert body["recordsFiltered"] == 1
        [row] = body["records"]
        avatar = row.pop("avatar")
        assert row == {
            "id": staff.pk,
            "first_name": "John",
            "last_name": "Doe",
            "user_type": "staff",
            "display_user_type": "Staff",
            "created_at": "Aug 06, 2020 07:20 AM",
            "last_login": "2 days ago",
        }
        assert avatar.startswith("<svg") and ">JD</text></svg>" in avatar

    def test_never_signed_in_reads_never_and_initials_are_escaped(self, owner_api):
        StaffFactory(first_name="<b>", last_name="&")

        row = listing(owner_api, search_param={"nameOrEmail": "<b>"}).json()["records"][0]

        assert row["last_login"] == "Never"
        assert "&lt;&amp;</text>" in row["avatar"]

    def test_membership_filter_matches_nobody_while_memberships_do_not_exist(self, owner_api):
        StaffFactory()

        body = listing(owner_api, search_param={"nameOrEmail": "", "membershipId": 1}).json()

        assert body["recordsFiltered"] == 0
        assert body["records"] == []

    @pytest.mark.parametrize(
        "params",
        [
            {"order_by": {"colName": "password", "direction": "asc"}},
            {"search_param": {"unknown": 1}},
            {"search_param": {"membershipId": "abc"}},
            {"page_size": 0},
            {"order_by": "{not json"},
        ],
    )
    def test_bad_query_is_a_422(self, owner_api, params):
        response = listing(owner_api, **params)

        assert response.status_code == 422
        assert response.json()["message"] == INVALID

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        StaffFactory.create_batch(6)

        _, small = count_queries(lambda: listing(owner_api, page_size=1))
        response, large = count_queries(lambda: listing(owner_api, page_size=50))

        assert len(response.json()["records"]) == 7
        assert small == large


# --- Report ------------------------------------------------------------------------------------


class TestStaffReport:
    def test_rows_and_totals_have_the_documented_shape(self, owner_api, owner):
        staff = StaffFactory(first_name="John", last_name="Doe")
        User.objects.filter(pk=staff.pk).update(
            date_joined=local(2020, 8, 9, 10, 0), last_login=local(2020, 10, 9, 10, 0)
        )
        User.objects.filter(pk=owner.pk).update(date_joined=local(2021, 1, 1, 10, 0))

        response = listing(
            owner_api,
            REPORT_URL,
            page_size=10,
            page_number=1,
            registered_between={"first_name": "John", "last_name": "Doe"},
        )

        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 2,
            "recordsFiltered": 1,
            "records": [
                {
                    "first_name": "John",
                    "last_name": "Doe",
                    "user_type": "Staff",
                    "created_at": "Aug 09, 2020",
                    "last_login": "Oct 09, 2020",
                }
            ],
            # No course enrolment exists yet (the courses module is not built).
            "totalNotStarted": 0,
            "totalInProgress": 0,
            "totalCompleted": 0,
        }

    def test_registration_dates_bound_the_rows(self, owner_api, owner):
        early, late = StaffFactory(first_name="Early"), StaffFactory(first_name="Late")
        User.objects.filter(pk=early.pk).update(date_joined=local(2020, 8, 1, 23, 0))
        User.objects.filter(pk=late.pk).update(date_joined=local(2020, 9, 1, 0, 30))
        User.objects.filter(pk=owner.pk).update(date_joined=local(2019, 1, 1))

        body = listing(
            owner_api, REPORT_URL, registered_between={"start_date": "2020-08-01", "end_date": "2020-08-31"}
        ).json()

        assert [row["first_name"] for row in body["records"]] == ["Early"]

    @pytest.mark.parametrize("between", [{"start_date": "yesterday"}, {"colour": "red"}, "[1, 2]"])
    def test_bad_registered_between_is_a_422(self, owner_api, between):
        value = between if isinstance(between, str) else json.dumps(between)

        response = owner_api.get(REPORT_URL, {"registered_between": value})

        assert response.status_code == 422
        assert response.json()["message"] == INVALID

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        StaffFactory.create_batch(6)

        _, small = count_queries(lambda: listing(owner_api, REPORT_URL, page_size=1))
        response, large = count_queries(lambda: listing(owner_api, REPORT_URL, page_size=50))

        assert len(response.json()["records"]) == 7
        assert small == large


# --- Create ------------------------------------------------------------------------------------


class TestStaffCreate:
    def test_the_seed_request_creates_a_staff_member_with_the_permission_sets(self, owner_api, owner):
        response = owner_api.post(LIST_URL, CREATE_PAYLOAD, format="json")

        assert response.status_code == 200
        staff = User.objects.get(email="john.doe@example.org")
        assert response.json() == {"id": staff.pk, "message": "Staff created successfully"}
        assert (staff.first_name, staff.last_name, staff.user_type, staff.is_staff) == (
            "John",
            "Doe",
            "staff",
            True,
        )
        assert staff.check_password(PASSWORD)
        assert set_ids(staff) == [1, 2, 3]
        assert staff.has_perm("portals.add_portal") and staff.has_perm("locations.change_location")
        assert not staff.has_perm("gamification.add_badge")
        assert Activity.objects.filter(actor=owner, subject_id=str(staff.pk)).count() == 2  # created + sets

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"email": "not-an-email"}, "email"),
            ({"password": "short"}, "password"),
            ({"userType": "general"}, "userType"),
            ({"staffPermissions": "[1, 99]"}, "staffPermissions"),
            ({"staffPermissions": "{oops"}, "staffPermissions"),
            ({"firstName": ""}, "firstName"),
        ],
    )
    def test_bad_input_is_a_422_and_creates_nothing(self, owner_api, change, field):
        before = state()

        response = owner_api.post(LIST_URL, {**CREATE_PAYLOAD, **change}, format="json")

        assert response.status_code == 422
        assert response.json()["message"] == INVALID
        assert field in response.json()["errors"]
        assert state() == before

    def test_a_taken_email_is_a_422(self, owner_api):
        StaffFactory(email="john.doe@example.org")
        before = state()

        response = owner_api.post(LIST_URL, CREATE_PAYLOAD, format="json")

        assert response.status_code == 422
        assert response.json()["errors"] == {"email": ["The email has already been taken."]}
        assert state() == before

    def test_staff_cannot_create_owners_or_admins(self, staff_api_with):
        client = staff_api_with("accounts.add_user")
        before = state()

        for user_type in ("owner", "admin"):
            payload = {**CREATE_PAYLOAD, "userType": user_type, "staffPermissions": "[]"}
            response = client.post(LIST_URL, payload, format="json")
            assert response.status_code == 403
        assert state() == before

    def test_staff_cannot_grant_permissions_they_do_not_hold(self, staff_api_with):
        client = staff_api_with("accounts.add_user")
        before = state()

        response = client.post(LIST_URL, {**CREATE_PAYLOAD, "staffPermissions": [2]}, format="json")

        assert response.status_code == 422
        assert "staffPermissions" in response.json()["errors"]
        assert state() == before


# --- Retrieve ----------------------------------------------------------------------------------


class TestStaffRetrieve:
    def test_the_documented_shape(self, owner_api):
        staff = StaffFactory(first_name="John", last_name="Doe", internal_note="")
        User.objects.filter(pk=staff.pk).update(last_login=timezone.now() - timedelta(hours=2, minutes=5))
        field = CustomUserField.objects.create(key="full_name", label="Full Name", type="text")
        CustomUserValue.objects.create(user=staff, field=field, value="John Doe")
        CustomUserField.objects.create(
            key="user_type", label="User Type", type="dropdown", options=["Staff", "Owner"]
        )

        response = owner_api.get(detail_url(staff.pk))

        assert response.status_code == 200
        body = response.json()
        assert body.pop("avatar").startswith('<svg xmlns="http://www.w3.org/2000/svg" width="100"')
        assert body == {
            "id": staff.pk,
            "firstName": "John",
            "lastName": "Doe",
            "lastLoggedIn": "2 hours ago",
            "disabled": False,
            "userType": "staff",
            "currentLoggedUserType": "owner",
            "membership": None,  # memberships do not exist yet
            "customUserMetas": {
                "full_name": {
                    "type": "text",
                    "label": "Full Name",
                    "submitted_value": "John Doe",
                    "placeholder_value": "",
                },
                "user_type": {
                    "type": "dropdown",
                    "label": "User Type",
                    "submitted_value": "",
                    "placeholder_value": "",
                    "option_label": ["Staff", "Owner"],
                    "option_value": ["Staff", "Owner"],
                },
            },
            "internal_note": None,
        }

    def test_a_learner_or_a_missing_id_is_not_a_staff_member(self, owner_api):
        learner = UserFactory()

        assert owner_api.get(detail_url(learner.pk)).json() == NOT_FOUND
        assert owner_api.get(detail_url(learner.pk + 1000)).status_code == 404


# --- Update ------------------------------------------------------------------------------------


class TestStaffUpdate:
    def test_the_seed_request_updates_the_staff_member(self, owner_api, owner):
        staff = StaffFactory(first_name="John", last_name="Doe")
        field = CustomUserField.objects.create(key="meta_key1", label="Meta", type="text")
        payload = {
            "id": str(staff.pk),
            **UPDATE_PAYLOAD,
            "customUserMetas": json.dumps({"meta_key1": {"type": "text", "submitted_value": "value1"}}),
        }

        response = owner_api.put(detail_url(staff.pk), payload, format="json")

        assert response.status_code == 200
        assert response.json() == {"message": "Owner/Staff updated successfully"}
        staff.refresh_from_db()
        assert (staff.first_name, staff.last_name, staff.internal_note, staff.is_active) == (
            "Johnny",
            "Doer",
            "This is a note.",
            True,
        )
        assert CustomUserValue.objects.get(user=staff, field=field).value == "value1"
        assert Activity.objects.filter(actor=owner, subject_id=str(staff.pk)).exists()

    def test_disabled_true_disables_and_email_changes(self, owner_api):
        staff = StaffFactory()

        response = owner_api.put(
            detail_url(staff.pk),
            {**UPDATE_PAYLOAD, "disabled": True, "email": "New@Example.org"},
            format="json",
        )

        assert response.status_code == 200
        staff.refresh_from_db()
        assert staff.is_active is False
        assert staff.email == "new@example.org"

    @pytest.mark.parametrize(
        "change",
        [
            {"disabled": "maybe"},
            {"userType": "general"},
            {"email": "nope"},
            {"id": 999999},
            {"customUserMetas": {"no_such_field": {"submitted_value": "x"}}},
            {"customUserMetas": "{broken"},
            {"firstName": None},
        ],
    )
    def test_bad_input_is_a_422_and_changes_nothing(self, owner_api, change):
        staff = StaffFactory()
        before = state()

        response = owner_api.put(detail_url(staff.pk), {**UPDATE_PAYLOAD, **change}, format="json")

        assert response.status_code == 422, response.json()
        assert response.json()["message"] == INVALID
        assert state() == before

    def test_a_bad_custom_value_leaves_the_names_unchanged(self, owner_api):
        staff = StaffFactory(first_name="Ann")
        CustomUserField.objects.create(key="colour", label="Colour", type="dropdown", options=["Red"])
        before = state()

        response = owner_api.put(
            detail_url(staff.pk),
            {**UPDATE_PAYLOAD, "customUserMetas": {"colour": {"submitted_value": "Blue"}}},
            format="json",
        )

        assert response.status_code == 422
        assert "customUserMetas.colour" in response.json()["errors"]
        assert state() == before

    def test_a_taken_email_is_a_422(self, owner_api):
        StaffFactory(email="taken@example.org")
        staff = StaffFactory()
        before = state()

        response = owner_api.put(
            detail_url(staff.pk), {**UPDATE_PAYLOAD, "email": "taken@example.org"}, format="json"
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {"email": ["The email has already been taken."]}
        assert state() == before

    def test_nobody_disables_themselves_or_changes_their_own_type(self, owner_api, owner):
        before = state()

        disabled = owner_api.put(
            detail_url(owner.pk), {**UPDATE_PAYLOAD, "userType": "owner", "disabled": 1}, format="json"
        )
        demoted = owner_api.put(detail_url(owner.pk), UPDATE_PAYLOAD, format="json")

        assert disabled.status_code == 422 and "disabled" in disabled.json()["errors"]
        assert demoted.status_code == 422 and "userType" in demoted.json()["errors"]
        assert state() == before

    def test_staff_cannot_edit_an_owner_or_promote_anyone(self, staff_api_with, owner):
        client = staff_api_with("accounts.change_user")
        staff = StaffFactory()
        before = state()

        on_owner = client.put(detail_url(owner.pk), {**UPDATE_PAYLOAD, "userType": "owner"}, format="json")
        promotion = client.put(detail_url(staff.pk), {**UPDATE_PAYLOAD, "userType": "admin"}, format="json")

        assert on_owner.status_code == 403
        assert promotion.status_code == 403
        assert state() == before

    def test_the_owner_demoting_another_owner_removes_the_superuser_flag(self, owner_api):
        other = UserFactory(user_type="owner")
        assert other.is_superuser

        response = owner_api.put(detail_url(other.pk), {**UPDATE_PAYLOAD, "userType": "admin"}, format="json")

        assert response.status_code == 200
        other.refresh_from_db()
        assert (other.user_type, other.is_superuser, other.is_staff) == ("admin", False, True)


# --- Permissions -------------------------------------------------------------------------------


class TestStaffPermissions:
    def test_the_seed_request_replaces_the_permission_sets(self, owner_api, owner):
        staff = StaffFactory()
        unrelated = Group.objects.create(name="Not a staff permission set")
        staff.groups.add(unrelated)
        owner_api.put(permissions_url(staff.pk), {"permissions": [4, 5]}, format="json")

        response = owner_api.put(permissions_url(staff.pk), {"permissions": [1, 2, 3]}, format="json")

        assert response.status_code == 200
        assert response.json() == {"message": "Permissions updated successfully"}
        assert set_ids(staff) == [1, 2, 3]
        assert unrelated in staff.groups.all()  # groups outside the catalogue are kept
        staff = User.objects.get(pk=staff.pk)  # fresh permission cache
        assert staff.has_perm("accounts.change_user")
        assert not staff.has_perm("gamification.add_badge")

    def test_the_groups_match_the_catalogue(self):
        group = Group.objects.get(name=PERMISSION_SETS_BY_ID[6].group_name)  # created after migrate

        assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
            ("accounts", "view_user"),
            ("audit", "view_activity"),
        ]

    @pytest.mark.parametrize("permissions", [[1, 42], "oops", [0], None])
    def test_bad_input_is_a_422_and_changes_nothing(self, owner_api, permissions):
        staff = StaffFactory()
        owner_api.put(permissions_url(staff.pk), {"permissions": [1]}, format="json")
        before = state()

        response = owner_api.put(permissions_url(staff.pk), {"permissions": permissions}, format="json")

        assert response.status_code == 422
        assert response.json()["message"] == INVALID
        assert state() == before

    def test_the_owner_has_no_permission_sets_to_edit(self, owner_api, owner):
        response = owner_api.put(permissions_url(owner.pk), {"permissions": [1]}, format="json")

        assert response.status_code == 422

    def test_staff_grant_only_what_they_hold(self, staff_api_with):
        client = staff_api_with("auth.change_group", "audit.view_activity", "accounts.view_user")
        staff = StaffFactory()
        before = state()

        refused = client.put(permissions_url(staff.pk), {"permissions": [1]}, format="json")
        assert refused.status_code == 422
        assert state() == before

        granted = client.put(permissions_url(staff.pk), {"permissions": [6]}, format="json")
        assert granted.status_code == 200
        assert set_ids(staff) == [6]

    def test_a_learner_is_not_a_staff_member(self, owner_api):
        learner = UserFactory()

        response = owner_api.put(permissions_url(learner.pk), {"permissions": [1]}, format="json")

        assert response.json() == NOT_FOUND
