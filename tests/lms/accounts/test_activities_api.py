"""A user's activities: what they did, from the activity log, as a tabular list."""

import pytest

from lms.audit.models import Activity
from lms.locations.services import location_create
from tests.conftest import api_client_for
from tests.lms.accounts.conftest import NOT_FOUND, as_query

pytestmark = pytest.mark.django_db

URL = "/api/v1/users/activities/"


def test_the_activities_of_a_user_in_the_seed_shape(owner_api, people):
    alice = people["alice"]
    location_create(actor=alice, name="Paris")
    Activity.objects.create(
        actor=people["bob"], action="created", subject_kind="Location", subject_label="Rome"
    )
    response = owner_api.get(
        URL, {"user_id": alice.pk, "page_size": 10, "page_number": 1, "context": '"admin"'}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["recordsTotal"], body["recordsFiltered"]) == (1, 1)
    row = body["records"][0]
    assert set(row) == {"id", "verb", "created_at", "message", "course"}
    assert row["verb"] == "CREATED"
    assert row["message"] == "Alice Archer created location Paris"
    assert row["course"] is None


def test_without_user_id_the_caller_sees_their_own(owner, owner_api, people):
    Activity.objects.create(actor=owner, action="login", subject_kind="User", subject_label="me")
    response = owner_api.get(URL)
    assert [row["message"] for row in response.json()["records"]] == [f"{owner.full_name} logged in"]


def test_a_portal_admin_sees_activities_within_their_portals(portal_admin_api, people, portal_tree):
    alice = people["alice"]
    Activity.objects.create(
        actor=alice, action="updated", subject_kind="User", subject_label="x", portal=portal_tree["first"]
    )
    Activity.objects.create(
        actor=alice, action="updated", subject_kind="User", subject_label="y", portal=portal_tree["second"]
    )
    Activity.objects.create(actor=alice, action="updated", subject_kind="User", subject_label="z")
    response = portal_admin_api.get(URL, {"user_id": alice.pk})
    assert [row["message"] for row in response.json()["records"]] == ["Alice Archer updated user x"]
    hidden = portal_admin_api.get(URL, {"user_id": people["carol"].pk})
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    "query",
    [
        {"user_id": "x"},
        {"order_by": {"colName": "message", "direction": "asc"}},
        {"search_param": {"courseName": "course-1"}},
    ],
)
def test_bad_queries_are_422(owner_api, query):
    assert owner_api.get(URL, as_query(**query)).status_code == 422


def test_the_same_queries_at_any_page_size(owner_api, people, count_queries):
    for index in range(60):
        Activity.objects.create(
            actor=people["alice"], action="created", subject_kind="Location", subject_label=f"L{index}"
        )
    query = {"user_id": people["alice"].pk}
    small, small_count = count_queries(lambda: owner_api.get(URL, {**query, "page_size": 1}))
    large, large_count = count_queries(lambda: owner_api.get(URL, {**query, "page_size": 50}))
    assert len(large.json()["records"]) == 50
    assert small_count == large_count


def test_a_learner_is_refused(learner):
    assert api_client_for(learner).get(URL).status_code == 403
