"""Leaderboard tiers: the tabular list (every tier, lowest first) and create (ranges never overlap)."""

import json

import pytest
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.gamification.models import Tier
from tests.conftest import api_client_for
from tests.factories import StaffFactory, TierFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/leaderboard/tiers/"

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
INVALID = "The given data was invalid."

SEED_PAYLOAD = {"name": "Level 1", "lowerLimit": "1", "upperLimit": "10"}


def tier_state():
    return list(Tier.objects.order_by("pk").values()), Activity.objects.count()


@pytest.fixture
def caller(request):
    """A client for the role named by the test's parameter (a user fixture), or no one."""
    if request.param == "anonymous":
        return APIClient()
    return api_client_for(request.getfixturevalue(request.param))


@pytest.fixture
def viewer():
    """A staff member who may list tiers but not create them."""
    return StaffFactory(permissions=["gamification.view_tier"])


REFUSED_CALLERS = [
    pytest.param("anonymous", 401, UNAUTHENTICATED, id="anonymous"),
    pytest.param("learner", 403, UNAUTHORIZED, id="learner"),
    pytest.param("staff_without_permissions", 403, UNAUTHORIZED, id="staff-without-permission"),
    pytest.param("portal_admin", 403, UNAUTHORIZED, id="portal-admin"),
]


class TestTierList:
    def test_seed_sample_shape_ordered_by_lower_limit(self, owner_api):
        # Given three tiers created out of order
        gold = TierFactory(name="Gold", lower_limit=201, upper_limit=300)
        bronze = TierFactory(name="Bronze", lower_limit=0, upper_limit=100)
        silver = TierFactory(name="Silver", lower_limit=101, upper_limit=200)

        # When the owner lists tiers without any query
        response = owner_api.get(URL)

        # Then every tier comes back, lowest first, with recordsTotal and records only
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 3,
            "records": [
                {"id": bronze.pk, "name": "Bronze", "lowerLimit": 0, "upperLimit": 100},
                {"id": silver.pk, "name": "Silver", "lowerLimit": 101, "upperLimit": 200},
                {"id": gold.pk, "name": "Gold", "lowerLimit": 201, "upperLimit": 300},
            ],
        }

    def test_order_by_name_descending(self, owner_api):
        alpha = TierFactory(name="Alpha")
        beta = TierFactory(name="Beta")

        response = owner_api.get(URL, {"order_by": json.dumps({"colName": "name", "direction": "desc"})})

        assert [row["id"] for row in response.json()["records"]] == [beta.pk, alpha.pk]

    @pytest.mark.parametrize(
        ("params", "errors"),
        [
            pytest.param(
                {"search_param": json.dumps({"name": "Gold"})},
                {"search_param": ["Unknown filter(s) name; allowed: none."]},
                id="the-list-has-no-search",
            ),
            pytest.param(
                {"order_by": json.dumps({"colName": "created_at", "direction": "asc"})},
                {
                    "order_by": [
                        "Cannot order by 'created_at'; sortable columns: lowerLimit, name, upperLimit."
                    ]
                },
                id="unsortable-column",
            ),
            pytest.param(
                {"order_by": json.dumps({"colName": "name", "direction": "up"})},
                {"order_by": ["The direction must be asc or desc."]},
                id="bad-direction",
            ),
        ],
    )
    def test_bad_query_is_422(self, owner_api, params, errors):
        TierFactory()

        response = owner_api.get(URL, params)

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}

    def test_staff_with_view_permission_may_list(self, staff_api_with):
        TierFactory()

        response = staff_api_with("gamification.view_tier").get(URL)

        assert response.status_code == 200
        assert response.json()["recordsTotal"] == 1

    @pytest.mark.parametrize(("caller", "status", "body"), REFUSED_CALLERS, indirect=["caller"])
    def test_refused_callers(self, caller, status, body):
        TierFactory()

        response = caller.get(URL)

        assert (response.status_code, response.json()) == (status, body)

    def test_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        TierFactory.create_batch(20)

        small, small_queries = count_queries(lambda: owner_api.get(URL, {"page_size": 1}))
        large, large_queries = count_queries(lambda: owner_api.get(URL, {"page_size": 50}))

        assert len(small.json()["records"]) == 1
        assert len(large.json()["records"]) == 20
        assert small_queries == large_queries


class TestTierCreate:
    def test_seed_sample_creates_a_tier(self, owner, owner_api):
        # When the owner posts the seed's sample (limits as strings)
        response = owner_api.post(URL, SEED_PAYLOAD, format="json")

        # Then the tier exists, its id is returned with the documented message, and it is logged
        tier = Tier.objects.get()
        assert response.status_code == 200
        assert response.json() == {"id": tier.pk, "message": "Tier created successfully"}
        assert (tier.name, tier.lower_limit, tier.upper_limit) == ("Level 1", 1, 10)
        activity = Activity.objects.get()
        assert (activity.actor, activity.action, activity.subject_kind, activity.changes) == (
            owner,
            ActivityAction.CREATED,
            "Tier",
            {"attributes": {"name": "Level 1", "lower_limit": 1, "upper_limit": 10}},
        )

    def test_form_encoded_body_is_accepted(self, owner_api):
        response = owner_api.post(URL, SEED_PAYLOAD)

        assert response.status_code == 200
        assert Tier.objects.filter(name="Level 1", lower_limit=1, upper_limit=10).exists()

    @pytest.mark.parametrize(
        ("lower", "upper"),
        [
            pytest.param(101, 200, id="just-above"),
            pytest.param(0, 0, id="single-point-below"),
            pytest.param(301, 301, id="single-point-above"),
        ],
    )
    def test_a_range_next_to_another_is_accepted(self, owner_api, lower, upper):
        # Given tiers 1-100 and 201-300
        TierFactory(name="Bronze", lower_limit=1, upper_limit=100)
        TierFactory(name="Gold", lower_limit=201, upper_limit=300)

        # When a tier fills a gap exactly
        response = owner_api.post(
            URL, {"name": "New", "lowerLimit": lower, "upperLimit": upper}, format="json"
        )

        # Then it is created
        assert response.status_code == 200
        assert Tier.objects.filter(name="New", lower_limit=lower, upper_limit=upper).exists()

    @pytest.mark.parametrize(
        ("lower", "upper"),
        [
            pytest.param(50, 150, id="overlaps-the-top"),
            pytest.param(0, 1, id="touches-the-bottom"),
            pytest.param(100, 150, id="shares-the-upper-limit"),
            pytest.param(10, 20, id="inside"),
            pytest.param(0, 500, id="encloses"),
        ],
    )
    def test_an_overlapping_range_is_422_and_writes_nothing(self, owner_api, lower, upper):
        # Given the tier Bronze, 1-100
        TierFactory(name="Bronze", lower_limit=1, upper_limit=100)
        before = tier_state()

        # When a tier overlapping it is posted
        response = owner_api.post(
            URL, {"name": "Clash", "lowerLimit": lower, "upperLimit": upper}, format="json"
        )

        # Then it is refused, naming the tier it overlaps
        assert response.status_code == 422
        assert response.json() == {
            "message": INVALID,
            "errors": {"lowerLimit": ["The range overlaps the tier Bronze (1-100)."]},
        }
        assert tier_state() == before

    def test_lower_above_upper_is_422_and_writes_nothing(self, owner_api):
        response = owner_api.post(
            URL, {"name": "Upside down", "lowerLimit": 20, "upperLimit": 10}, format="json"
        )

        assert response.status_code == 422
        assert response.json() == {
            "message": INVALID,
            "errors": {"upperLimit": ["The upper limit must not be below the lower limit."]},
        }
        assert tier_state() == ([], 0)

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            pytest.param(
                {},
                {
                    "name": ["This field is required."],
                    "lowerLimit": ["This field is required."],
                    "upperLimit": ["This field is required."],
                },
                id="empty",
            ),
            pytest.param(
                {**SEED_PAYLOAD, "lowerLimit": "-1"},
                {"lowerLimit": ["Ensure this value is greater than or equal to 0."]},
                id="negative",
            ),
            pytest.param(
                {**SEED_PAYLOAD, "upperLimit": "ten"},
                {"upperLimit": ["A valid integer is required."]},
                id="not-a-number",
            ),
        ],
    )
    def test_bad_input_is_422_and_writes_nothing(self, owner_api, payload, errors):
        response = owner_api.post(URL, payload, format="json")

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}
        assert tier_state() == ([], 0)

    def test_staff_with_add_permission_may_create(self, staff_api_with):
        response = staff_api_with("gamification.add_tier").post(URL, SEED_PAYLOAD, format="json")

        assert response.status_code == 200
        assert Tier.objects.filter(pk=response.json()["id"]).exists()

    @pytest.mark.parametrize(
        ("caller", "status", "body"),
        [
            *REFUSED_CALLERS,
            pytest.param("viewer", 403, UNAUTHORIZED, id="staff-with-view-permission-only"),
        ],
        indirect=["caller"],
    )
    def test_refused_callers_create_nothing(self, caller, status, body):
        response = caller.post(URL, SEED_PAYLOAD, format="json")

        assert (response.status_code, response.json()) == (status, body)
        assert tier_state() == ([], 0)
