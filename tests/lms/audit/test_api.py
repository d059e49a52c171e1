"""The activity log's API: Get Audit Activities (a month at a time, scoped to portals) and its lookup."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.audit.services import activity_record
from lms.portals.models import PortalRole
from tests.conftest import api_client_for
from tests.factories import (
    BadgeFactory,
    PortalMembershipFactory,
    TierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/activities/"
LOOKUP_URL = "/api/v1/audit/activities/lookup/"
APRIL = "04-2025"

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."


def local(*args):
    """An aware datetime in the current time zone (the one the API reads and writes dates in)."""
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


IN_APRIL = local(2025, 4, 13, 14, 45)
IN_MARCH = local(2025, 3, 10, 9, 0)


def log(*, at=IN_APRIL, subject=None, action=ActivityAction.CREATED, actor=None, portal=None, changes=None):
    """An activity written by the service, then moved to `at` (created_at is set on insert)."""
    activity = activity_record(
        actor=actor, action=action, subject=subject or BadgeFactory(), portal=portal, changes=changes
    )
    Activity.objects.filter(pk=activity.pk).update(created_at=at)
    activity.refresh_from_db()
    return activity


def fetch(client, month=APRIL, **params):
    """GET the table; dict values (order_by, search_param) are sent as JSON text, as front ends do."""
    query = {"selectedMonth": month} if month is not None else {}
    for key, value in params.items():
        query[key] = json.dumps(value) if isinstance(value, dict) else value
    return client.get(URL, query)


def subjects(response):
    return [row["subject"] for row in response.json()["records"]]


@pytest.fixture
def caller(request):
    """A client for the role named by the test's parameter (a user fixture), or no one."""
    if request.param == "anonymous":
        return APIClient()
    return api_client_for(request.getfixturevalue(request.param))


@pytest.fixture
def former_portal_admin(portal_tree):
    """Someone whose portal admin membership has been switched off."""
    membership = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.ADMIN, is_active=False)
    return membership.user


@pytest.fixture
def portal_learner(portal_tree):
    """A learner member (not an admin) of the first portal."""
    return PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.LEARNER).user


REFUSED_CALLERS = [
    pytest.param("anonymous", 401, UNAUTHENTICATED, id="anonymous"),
    pytest.param("learner", 403, UNAUTHORIZED, id="learner"),
    pytest.param("portal_learner", 403, UNAUTHORIZED, id="portal-learner"),
    pytest.param("former_portal_admin", 403, UNAUTHORIZED, id="inactive-portal-admin"),
    pytest.param("staff_without_permissions", 403, UNAUTHORIZED, id="staff-without-permission"),
]


@pytest.fixture
def portal_rows(portal_tree):
    """One April entry in each portal of the tree, and one academy-wide entry (no portal)."""
    return {
        "first": log(subject=BadgeFactory(title="in first"), portal=portal_tree["first"]),
        "child": log(subject=TierFactory(name="in child"), portal=portal_tree["child"]),
        "second": log(subject=BadgeFactory(title="in second"), portal=portal_tree["second"]),
        "academy": log(subject=BadgeFactory(title="academy-wide")),
    }


# --- Get Audit Activities ----------------------------------------------------------------------


class TestActivityTable:
    def test_seed_sample_shape(self, owner_api):
        # Given an April entry by Jane Doe and a March entry
        jane = UserFactory(first_name="Jane", last_name="Doe")
        log(
            actor=jane,
            subject=BadgeFactory(title="Laravel Basics"),
            changes={"attributes": {"title": "Laravel Basics", "points": 5}},
            at=local(2025, 4, 13, 14, 45, 30),
        )
        log(subject=TierFactory(name="Bronze"), at=IN_MARCH)

        # When the owner reads April
        response = fetch(owner_api, context="admin")

        # Then the April row comes back in the seed's shape; totals count every visible entry
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 2,
            "recordsFiltered": 1,
            "records": [
                {
                    "performed_by": "Jane Doe",
                    "effect_on": "Badge",
                    "subject": "Badge: Laravel Basics",
                    "action": "CREATED",
                    "created_at": "13 Apr 2025 02:45 PM",
                    "details": {"attributes": {"title": "Laravel Basics", "points": 5}},
                }
            ],
            "performedOnList": ["Badge", "Tier"],
        }

    def test_performed_by_falls_back_to_email_then_system(self, owner_api):
        # Given an entry by a user without a name, and one without an actor
        nameless = UserFactory(first_name="", last_name="", email="nameless@example.org")
        log(actor=nameless, at=local(2025, 4, 2))
        log(actor=None, at=local(2025, 4, 1))

        response = fetch(owner_api)

        assert [row["performed_by"] for row in response.json()["records"]] == [
            "nameless@example.org",
            "System",
        ]

    def test_entry_survives_its_subject(self, owner_api):
        # Given an entry about a badge that has since been deleted
        badge = BadgeFactory(title="Gone")
        log(subject=badge, action=ActivityAction.DELETED)
        badge.delete()

        response = fetch(owner_api)

        row = response.json()["records"][0]
        assert (row["subject"], row["effect_on"], row["action"]) == ("Badge: Gone", "Badge", "DELETED")

    @pytest.mark.parametrize("month", [APRIL, "4-2025"])
    def test_the_month_runs_from_its_first_to_its_last_moment(self, owner_api, month):
        # Given entries just either side of April's edges
        log(subject=BadgeFactory(title="before"), at=local(2025, 3, 31, 23, 59, 59))
        log(subject=BadgeFactory(title="first moment"), at=local(2025, 4, 1, 0, 0))
        log(subject=BadgeFactory(title="last moment"), at=local(2025, 4, 30, 23, 59, 59))
        log(subject=BadgeFactory(title="after"), at=local(2025, 5, 1, 0, 0))

        # When April is asked for (with or without a leading zero)
        response = fetch(owner_api, month=month)

        # Then exactly April's entries come back, newest first
        assert subjects(response) == ["Badge: last moment", "Badge: first moment"]
        assert (response.json()["recordsTotal"], response.json()["recordsFiltered"]) == (4, 2)

    def test_order_by_created_at_ascending_and_paging(self, owner_api):
        log(subject=BadgeFactory(title="1st"), at=local(2025, 4, 1))
        log(subject=BadgeFactory(title="2nd"), at=local(2025, 4, 2))
        log(subject=BadgeFactory(title="3rd"), at=local(2025, 4, 3))
        ascending = {"colName": "created_at", "direction": "asc"}

        page_two = fetch(owner_api, order_by=ascending, page_size=2, page_number=2)

        assert subjects(page_two) == ["Badge: 3rd"]
        assert subjects(fetch(owner_api, order_by=ascending, page_size=2)) == ["Badge: 1st", "Badge: 2nd"]

    def test_filter_by_user(self, owner_api):
        jane, john = UserFactory(first_name="Jane"), UserFactory(first_name="John")
        log(actor=jane, subject=BadgeFactory(title="by jane"))
        log(actor=john, subject=BadgeFactory(title="by john"))

        as_number = fetch(owner_api, search_param={"user_id": jane.pk})
        as_text = fetch(owner_api, search_param={"user_id": str(jane.pk)})

        assert subjects(as_number) == subjects(as_text) == ["Badge: by jane"]
        assert (as_number.json()["recordsTotal"], as_number.json()["recordsFiltered"]) == (2, 1)

    def test_filter_by_activity_name_and_performed_on_together(self, owner_api):
        log(subject=BadgeFactory(title="badge deleted"), action=ActivityAction.DELETED)
        log(subject=BadgeFactory(title="badge created"), action=ActivityAction.CREATED)
        log(subject=TierFactory(name="tier deleted"), action=ActivityAction.DELETED)

        response = fetch(owner_api, search_param={"activityName": "deleted", "performedOn": "Badge"})

        assert subjects(response) == ["Badge: badge deleted"]

    def test_the_dates_filter_replaces_the_month(self, owner_api):
        # Given entries in March and April
        log(subject=BadgeFactory(title="march"), at=IN_MARCH)
        log(subject=BadgeFactory(title="april"), at=IN_APRIL)

        # When April is selected but the dates cover March
        response = fetch(owner_api, search_param={"dates": ["2025-03-01", "2025-03-31"]})

        # Then March's entry comes back, not April's
        assert subjects(response) == ["Badge: march"]

    def test_the_dates_filter_may_span_months_and_includes_its_last_day(self, owner_api):
        log(subject=BadgeFactory(title="march 10"), at=IN_MARCH)
        log(subject=BadgeFactory(title="april 13"), at=local(2025, 4, 13, 23, 59))
        log(subject=BadgeFactory(title="april 14"), at=local(2025, 4, 14, 0, 0))

        response = fetch(owner_api, search_param={"dates": ["2025-03-01", "2025-04-13"]})

        assert subjects(response) == ["Badge: april 13", "Badge: march 10"]

    @pytest.mark.parametrize("blank", [[], ""])
    def test_blank_dates_leave_the_month(self, owner_api, blank):
        log(subject=BadgeFactory(title="march"), at=IN_MARCH)
        log(subject=BadgeFactory(title="april"), at=IN_APRIL)

        response = fetch(owner_api, search_param={"dates": blank})

        assert subjects(response) == ["Badge: april"]

    def test_performed_on_list_names_every_visible_kind_once(self, owner_api):
        # Given entries about badges, tiers and users across two months
        log(subject=TierFactory(), at=IN_MARCH)
        log(subject=BadgeFactory())
        log(subject=BadgeFactory())
        log(subject=UserFactory(), action=ActivityAction.LOGIN)

        # When April is read, filtered down to badges
        response = fetch(owner_api, search_param={"performedOn": "Badge"})

        # Then the list still names every kind the caller could filter by, sorted, once each
        assert response.json()["performedOnList"] == ["Badge", "Tier", "User"]

    def test_an_empty_log(self, owner_api):
        response = fetch(owner_api)

        assert response.json() == {
            "recordsTotal": 0,
            "recordsFiltered": 0,
            "records": [],
            "performedOnList": [],
        }

    @pytest.mark.parametrize(
        ("month", "search_param"),
        [
            pytest.param("12-9999", None, id="the-last-month-there-is"),
            pytest.param("01-0001", None, id="the-first-month-there-is"),
            pytest.param(APRIL, {"dates": ["9999-12-30", "9999-12-31"]}, id="dates-at-the-calendar-end"),
            pytest.param(APRIL, {"dates": ["0001-01-01", "0001-01-02"]}, id="dates-at-the-calendar-start"),
        ],
    )
    def test_the_edges_of_the_calendar_are_empty_not_errors(self, owner_api, month, search_param):
        log()

        response = fetch(owner_api, month=month, **({"search_param": search_param} if search_param else {}))

        assert response.status_code == 200
        assert (response.json()["recordsFiltered"], response.json()["records"]) == (0, [])

    # --- portals

    def test_portal_admin_sees_only_their_portal_subtree(self, portal_admin, portal_rows):
        # When the admin of the first portal reads April
        response = fetch(api_client_for(portal_admin))

        # Then the first portal's and its sub-portal's entries come back, not the other portal's
        # nor the academy-wide ones
        body = response.json()
        assert response.status_code == 200
        assert sorted(subjects(response)) == ["Badge: in first", "Tier: in child"]
        assert (body["recordsTotal"], body["recordsFiltered"]) == (2, 2)
        assert body["performedOnList"] == ["Badge", "Tier"]

    def test_portal_admin_performed_on_list_omits_other_portals_kinds(self, portal_admin, portal_tree):
        log(subject=BadgeFactory(), portal=portal_tree["first"])
        log(subject=TierFactory(), portal=portal_tree["second"])
        log(subject=UserFactory())

        response = fetch(api_client_for(portal_admin))

        assert response.json()["performedOnList"] == ["Badge"]

    def test_portal_id_narrows_to_a_sub_portal(self, portal_admin, portal_tree, portal_rows):
        response = fetch(api_client_for(portal_admin), portalId=portal_tree["child"].pk)

        assert subjects(response) == ["Tier: in child"]
        assert response.json()["recordsTotal"] == 1

    @pytest.mark.parametrize("all_portals", [-1, "-1"])
    def test_portal_id_minus_one_means_every_portal_of_the_caller(
        self, portal_admin, portal_rows, all_portals
    ):
        response = fetch(api_client_for(portal_admin), portalId=all_portals)

        assert sorted(subjects(response)) == ["Badge: in first", "Tier: in child"]

    def test_portal_id_of_another_portal_is_404(self, portal_admin, portal_tree, portal_rows):
        response = fetch(api_client_for(portal_admin), portalId=portal_tree["second"].pk)

        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_sub_portal_admin_cannot_reach_the_parent(self, portal_tree, portal_rows):
        # Given an admin of the sub-portal only
        child_admin = PortalMembershipFactory(portal=portal_tree["child"], role=PortalRole.ADMIN).user
        client = api_client_for(child_admin)

        # Then the parent portal is hidden, and the default view is the sub-portal alone
        parent = fetch(client, portalId=portal_tree["first"].pk)
        assert (parent.status_code, parent.json()) == (404, NOT_FOUND)
        assert subjects(fetch(client)) == ["Tier: in child"]

    def test_owner_sees_everything_including_academy_wide_entries(self, owner_api, portal_rows):
        response = fetch(owner_api)

        assert sorted(subjects(response)) == [
            "Badge: academy-wide",
            "Badge: in first",
            "Badge: in second",
            "Tier: in child",
        ]

    def test_owner_narrows_to_a_portal_and_its_sub_portals(self, owner_api, portal_tree, portal_rows):
        response = fetch(owner_api, portalId=portal_tree["first"].pk)

        assert sorted(subjects(response)) == ["Badge: in first", "Tier: in child"]
        assert response.json()["recordsTotal"] == 2

    def test_unknown_portal_is_404_for_the_owner(self, owner_api, portal_rows):
        response = fetch(owner_api, portalId=999999)

        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_staff_with_the_permission_sees_everything(self, staff_api_with, portal_rows):
        response = fetch(staff_api_with("audit.view_activity"))

        assert response.status_code == 200
        assert response.json()["recordsTotal"] == 4

    # --- bad input

    def test_missing_month_is_422(self, owner_api):
        log()

        response = fetch(owner_api, month=None)

        assert response.status_code == 422
        assert response.json() == {
            "message": INVALID,
            "errors": {"selectedMonth": ["This field is required."]},
        }

    @pytest.mark.parametrize("month", ["2025-04", "13-2025", "00-2025", "April 2025", "4/2025", "04-25", ""])
    def test_malformed_month_is_422(self, owner_api, month):
        response = fetch(owner_api, month=month)

        assert response.status_code == 422
        body = response.json()
        assert body["message"] == INVALID
        assert list(body["errors"]) == ["selectedMonth"]

    def test_year_zero_is_422(self, owner_api):
        response = fetch(owner_api, month="01-0000")

        assert response.status_code == 422
        assert response.json()["errors"] == {"selectedMonth": ["The year must be 0001 or later."]}

    @pytest.mark.parametrize(
        ("search_param", "errors"),
        [
            pytest.param(
                {"dates": ["2025-04-01"]},
                {"search_param.dates": ['Give dates as ["YYYY-MM-DD", "YYYY-MM-DD"].']},
                id="one-date",
            ),
            pytest.param(
                {"dates": "2025-04-01"},
                {"search_param.dates": ['Give dates as ["YYYY-MM-DD", "YYYY-MM-DD"].']},
                id="dates-not-a-list",
            ),
            pytest.param(
                {"dates": ["2025-04-01", "2025-04-31"]},
                {"search_param.dates": ["Invalid value for dates."]},
                id="no-such-day",
            ),
            pytest.param(
                {"dates": ["2025-04-30", "2025-04-01"]},
                {"search_param.dates": ["The first date must not be after the last."]},
                id="dates-reversed",
            ),
            pytest.param(
                {"user_id": "jane"},
                {"search_param.user_id": ["Invalid value for user_id."]},
                id="user-id-not-a-number",
            ),
            pytest.param(
                {"actor": 3},
                {
                    "search_param": [
                        "Unknown filter(s) actor; allowed: activityName, dates, performedOn, user_id."
                    ]
                },
                id="unknown-filter",
            ),
        ],
    )
    def test_bad_search_param_is_422(self, owner_api, search_param, errors):
        log()

        response = fetch(owner_api, search_param=search_param)

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}

    def test_bad_order_by_is_422(self, owner_api):
        response = fetch(owner_api, order_by={"colName": "details", "direction": "asc"})

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "order_by": ["Cannot order by 'details'; sortable columns: action, created_at, effect_on."]
        }

    def test_portal_id_not_a_number_is_422(self, owner_api):
        response = fetch(owner_api, portalId="first")

        assert response.status_code == 422
        assert response.json()["errors"] == {"portalId": ["A valid integer is required."]}

    # --- refused callers and cost

    @pytest.mark.parametrize(("caller", "status", "body"), REFUSED_CALLERS, indirect=["caller"])
    def test_refused_callers(self, caller, status, body, portal_rows):
        response = fetch(caller)

        assert (response.status_code, response.json()) == (status, body)

    @pytest.mark.parametrize("as_portal_admin", [False, True], ids=["owner", "portal-admin"])
    def test_query_count_does_not_grow_with_the_page(
        self, owner_api, portal_admin, portal_tree, count_queries, as_portal_admin
    ):
        # Given 20 April entries about 20 badges in the first portal, by two people in turn
        # (a missing select_related would cost a query per row, whoever the actor)
        actors = UserFactory.create_batch(2)
        for index in range(20):
            log(actor=actors[index % 2], portal=portal_tree["first"])
        client = api_client_for(portal_admin) if as_portal_admin else owner_api

        # When a page of 1 and a page of 50 are read
        small, small_queries = count_queries(lambda: fetch(client, page_size=1))
        large, large_queries = count_queries(lambda: fetch(client, page_size=50))

        # Then both cost the same number of queries
        assert len(small.json()["records"]) == 1
        assert len(large.json()["records"]) == 20
        assert small_queries == large_queries


# --- Audit Activity Lookup ---------------------------------------------------------------------


class TestActivityLookup:
    SEED_SAMPLE = [
        {"db_value": "login", "display_value": "LOGIN"},
        {"db_value": "created", "display_value": "CREATED"},
        {"db_value": "updated", "display_value": "UPDATED"},
        {"db_value": "deleted", "display_value": "DELETED"},
    ]

    def test_seed_sample(self, owner_api):
        response = owner_api.get(LOOKUP_URL)

        assert response.status_code == 200
        assert response.json() == self.SEED_SAMPLE

    def test_portal_admin_and_permitted_staff_may_look_up(self, portal_admin, staff_api_with):
        assert api_client_for(portal_admin).get(LOOKUP_URL).json() == self.SEED_SAMPLE
        assert staff_api_with("audit.view_activity").get(LOOKUP_URL).json() == self.SEED_SAMPLE

    @pytest.mark.parametrize(("caller", "status", "body"), REFUSED_CALLERS, indirect=["caller"])
    def test_refused_callers(self, caller, status, body):
        response = caller.get(LOOKUP_URL)

        assert (response.status_code, response.json()) == (status, body)
