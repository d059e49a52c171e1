"""Locations API: the tabular list, create, get, update, bulk delete and the lookup."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.locations import services as location_services
from lms.locations.models import Location
from tests.conftest import api_client_for
from tests.factories import LocationFactory, UserFactory
from website.bulk import KeepRule

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/locations/"
DELETE_URL = "/api/v1/locations/delete/"
LOOKUP_URL = "/api/v1/locations/lookup/"

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."

LOCATION_PERMISSIONS = [
    "locations.add_location",
    "locations.change_location",
    "locations.delete_location",
    "locations.view_location",
]

SEED_PAYLOAD = {
    "location_name": "New York",
    "address": "New York, USA",
    "city": "New York",
    "country": "USA",
    "zipcode": "10001",
}


def detail_url(location_id):
    return f"/api/v1/locations/{location_id}/"


def local(*args):
    """An aware datetime in the current time zone (the one responses are written in)."""
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def stamp(location, created_at):
    Location.objects.filter(pk=location.pk).update(created_at=created_at)


def location_state():
    """Everything a refused or invalid request must leave untouched."""
    return list(Location.objects.order_by("pk").values()), Activity.objects.count()


def listing(client, **params):
    """GET the tabular list; dict params (order_by, search_param) travel as JSON text."""
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return client.get(LIST_URL, query)


def names(response):
    return [row["name"] for row in response.json()["records"]]


def invalid(errors):
    return {"message": INVALID, "errors": errors}


# --- Who may call what -------------------------------------------------------------------------

# (name, method, url with {pk} for an existing location, body, permission, portal admins pass)
ENDPOINTS = [
    ("list", "get", LIST_URL, None, "locations.view_location", False),
    ("create", "post", LIST_URL, SEED_PAYLOAD, "locations.add_location", False),
    ("get", "get", "/api/v1/locations/{pk}/", None, "locations.view_location", False),
    ("update", "put", "/api/v1/locations/{pk}/", SEED_PAYLOAD, "locations.change_location", False),
    ("delete", "post", DELETE_URL, {"delete_ids": "[{pk}]"}, "locations.delete_location", False),
    ("lookup", "get", LOOKUP_URL + "?search_term=", None, "locations.view_location", True),
]

REFUSED_ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_the_other_location_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}

REFUSALS = [
    pytest.param(method, url, body, permission, role, status, message, id=f"{name}-{role}")
    for name, method, url, body, permission, portal_admins_pass in ENDPOINTS
    for role, (status, message) in REFUSED_ROLES.items()
    if not (role == "portal_admin" and portal_admins_pass)
]


def _call(client, method, url, body, pk):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    payload = {key: value.format(pk=pk) for key, value in body.items()}
    return getattr(client, method)(url, payload, format="json")


@pytest.fixture
def client_as(request, staff_api_with):
    def make(role, permission):
        if role == "anonymous":
            return APIClient()
        if role == "staff_with_the_other_location_permissions":
            return staff_api_with(*[p for p in LOCATION_PERMISSIONS if p != permission])
        return api_client_for(request.getfixturevalue(role))

    return make


@pytest.mark.parametrize(("method", "url", "body", "permission", "role", "status", "message"), REFUSALS)
def test_refused_callers_get_the_error_and_change_nothing(
    client_as, method, url, body, permission, role, status, message
):
    # Given a location and a caller who lacks the endpoint's permission
    location = LocationFactory(name="Boston")
    client = client_as(role, permission)
    before = location_state()

    # When the caller calls the endpoint
    response = _call(client, method, url, body, location.pk)

    # Then the request is refused with the documented body, and nothing changed
    assert response.status_code == status
    assert response.json() == message
    assert location_state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"),
    [pytest.param(*endpoint[1:5], id=endpoint[0]) for endpoint in ENDPOINTS],
)
def test_staff_holding_exactly_the_endpoint_permission_is_served(
    staff_api_with, method, url, body, permission
):
    # Given a location and a staff member holding only the endpoint's permission
    location = LocationFactory(name="Boston")

    # When they call the endpoint
    response = _call(staff_api_with(permission), method, url, body, location.pk)

    # Then they are served
    assert response.status_code == 200, response.json()


def test_a_portal_admin_may_use_the_lookup(portal_admin):
    # Given a location and an admin of a portal (no academy permission)
    location = LocationFactory(name="New York")

    # When the portal admin asks the lookup
    response = api_client_for(portal_admin).get(LOOKUP_URL, {"search_term": "york"})

    # Then the dropdown is served
    assert response.status_code == 200
    assert response.json() == [{"value": location.pk, "label": "New York"}]


# --- Tabular list ------------------------------------------------------------------------------


class TestLocationList:
    def test_rows_have_the_documented_shape(self, owner_api):
        # Given a location created at a known moment
        location = LocationFactory(
            name="New York",
            address="New York, USA",
            city="New York",
            country="USA",
            zipcode="10001",
            map_url="https://maps.example.org/ny",
        )
        stamp(location, local(2020, 8, 11, 14, 12))

        # When the owner lists locations as the seed does
        response = listing(
            owner_api,
            page_size=50,
            page_number=1,
            order_by={"colName": "created_at", "direction": "desc"},
            search_param={"locationName": "New York"},
        )

        # Then the envelope and the row are exactly as documented
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 1,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": location.pk,
                    "name": "New York",
                    "address": "New York, USA",
                    "city": "New York",
                    "country": "USA",
                    "zipcode": "10001",
                    "created_at": "Aug 11, 2020 02:12 PM",
                }
            ],
        }

    def test_without_parameters_newest_come_first(self, owner_api):
        # Given two locations created on different days
        older, newer = LocationFactory(name="older"), LocationFactory(name="newer")
        stamp(older, local(2024, 1, 1))
        stamp(newer, local(2024, 1, 2))

        # When the list is asked for without parameters
        response = owner_api.get(LIST_URL)

        # Then the newest comes first
        assert response.status_code == 200
        assert names(response) == ["newer", "older"]

    @pytest.mark.parametrize(
        ("col_name", "direction", "expected"),
        [
            ("name", "asc", ["Austin", "Berlin", "Cairo", "Dakar"]),
            ("name", "desc", ["Dakar", "Cairo", "Berlin", "Austin"]),
            ("city", "asc", ["Berlin", "Dakar", "Austin", "Cairo"]),
            ("country", "desc", ["Berlin", "Austin", "Cairo", "Dakar"]),
            ("zipcode", "asc", ["Cairo", "Austin", "Dakar", "Berlin"]),
            ("created_at", "asc", ["Dakar", "Berlin", "Cairo", "Austin"]),
        ],
    )
    def test_order_by_an_allowed_column(self, owner_api, col_name, direction, expected):
        # Given four locations whose order differs in every sortable column and direction tested
        rows = [
            ("Austin", "c-city", "Chad", "200", local(2024, 3, 4)),
            ("Berlin", "a-city", "Denmark", "400", local(2024, 3, 2)),
            ("Cairo", "d-city", "Bhutan", "100", local(2024, 3, 3)),
            ("Dakar", "b-city", "Angola", "300", local(2024, 3, 1)),
        ]
        for name, city, country, zipcode, created_at in rows:
            stamp(LocationFactory(name=name, city=city, country=country, zipcode=zipcode), created_at)

        # When the list is ordered by the column
        response = listing(owner_api, order_by={"colName": col_name, "direction": direction})

        # Then the rows come in that order
        assert response.status_code == 200
        assert names(response) == expected

    @pytest.mark.parametrize(
        ("order_by", "errors"),
        [
            (
                '{"colName": "address", "direction": "asc"}',
                {
                    "order_by": [
                        "Cannot order by 'address'; sortable columns: city, country, created_at, name, zipcode."
                    ]
                },
            ),
            (
                '{"colName": "name", "direction": "up"}',
                {"order_by": ["The direction must be asc or desc."]},
            ),
            ("colName=name", {"order_by": ['Must be a JSON object, e.g. {"key": "value"}.']}),
        ],
        ids=["unknown-column", "unknown-direction", "bad-json"],
    )
    def test_a_bad_order_by_is_422(self, owner_api, order_by, errors):
        # Given a location
        LocationFactory()

        # When the list is ordered by something not allowed
        response = owner_api.get(LIST_URL, {"order_by": order_by})

        # Then the request is refused with the field's error
        assert response.status_code == 422
        assert response.json() == invalid(errors)

    def test_search_by_location_name(self, owner_api):
        # Given three locations, two with "york" in the name
        for name in ["New York", "York", "Los Angeles"]:
            LocationFactory(name=name)

        # When the list is searched for "YORK"
        response = listing(
            owner_api,
            order_by={"colName": "name", "direction": "asc"},
            search_param={"locationName": "YORK"},
        )

        # Then the matches come back, and the counts say how many the search left
        assert response.status_code == 200
        assert (response.json()["recordsTotal"], response.json()["recordsFiltered"]) == (3, 2)
        assert names(response) == ["New York", "York"]

    @pytest.mark.parametrize(
        ("search_param", "errors"),
        [
            ('{"locationName": ', {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']}),
            ('"New York"', {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']}),
            (
                '{"city": "Boston"}',
                {"search_param": ["Unknown filter(s) city; allowed: locationName."]},
            ),
        ],
        ids=["bad-json", "not-an-object", "unknown-key"],
    )
    def test_a_bad_search_param_is_422(self, owner_api, search_param, errors):
        # Given a location
        LocationFactory()

        # When the list is searched with a bad search_param
        response = owner_api.get(LIST_URL, {"search_param": search_param})

        # Then the request is refused with the field's error
        assert response.status_code == 422
        assert response.json() == invalid(errors)

    def test_paging(self, owner_api):
        # Given five locations
        for index in range(5):
            LocationFactory(name=f"loc-{index}")

        # When pages of two are asked for, in name order
        pages = [
            listing(
                owner_api, page_size=2, page_number=number, order_by={"colName": "name", "direction": "asc"}
            ).json()
            for number in (1, 2, 3, 4)
        ]

        # Then each page holds its slice, and the totals stay those of the whole list
        assert [[row["name"] for row in page["records"]] for page in pages] == [
            ["loc-0", "loc-1"],
            ["loc-2", "loc-3"],
            ["loc-4"],
            [],
        ]
        assert {(page["recordsTotal"], page["recordsFiltered"]) for page in pages} == {(5, 5)}

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"page_size": 0}, "page_size"),
            ({"page_size": 201}, "page_size"),
            ({"page_number": "x"}, "page_number"),
        ],
    )
    def test_bad_paging_is_422(self, owner_api, params, field):
        # When the list is asked for with a page out of bounds
        response = owner_api.get(LIST_URL, params)

        # Then the request is refused naming the field
        assert response.status_code == 422
        assert response.json()["message"] == INVALID
        assert list(response.json()["errors"]) == [field]

    def test_the_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        # Given twenty locations, each created by its own user
        for index in range(20):
            LocationFactory(name=f"loc-{index:02}", created_by=UserFactory(password=None))
        search = {"search_param": {"locationName": "loc"}}
        listing(owner_api, page_size=1)  # warm up (token and content-type caches)

        # When a page of one and a page of fifty are listed
        one, small = count_queries(lambda: listing(owner_api, page_size=1, **search))
        fifty, large = count_queries(lambda: listing(owner_api, page_size=50, **search))

        # Then both pages cost the same number of queries
        assert len(one.json()["records"]) == 1
        assert len(fifty.json()["records"]) == 20
        assert small == large


# --- Create ------------------------------------------------------------------------------------


class TestCreateLocation:
    def test_the_seed_sample_creates_a_location_and_logs_it(self, owner, owner_api):
        # When the owner sends the seed's sample
        response = owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")

        # Then the documented message comes back and the location exists, created by the caller
        assert response.status_code == 200
        assert response.json() == {"message": "Location Created Successfully"}
        location = Location.objects.get()
        assert (
            location.name,
            location.address,
            location.city,
            location.country,
            location.zipcode,
            location.map_url,
            location.created_by,
        ) == ("New York", "New York, USA", "New York", "USA", "10001", "", owner)

        # And the audit log says who created what
        activity = Activity.objects.get()
        assert (activity.action, activity.actor, activity.subject_kind, activity.subject_id) == (
            ActivityAction.CREATED,
            owner,
            "Location",
            str(location.pk),
        )
        assert activity.changes == {
            "attributes": {
                "name": "New York",
                "address": "New York, USA",
                "city": "New York",
                "country": "USA",
                "zipcode": "10001",
                "map_url": "",
            }
        }

    def test_only_the_name_is_required(self, owner_api):
        # When a location is created with a name and a map URL only
        response = owner_api.post(
            LIST_URL, {"location_name": "Depot", "map_url": "https://maps.example.org/depot"}, format="json"
        )

        # Then it exists with blank details
        assert response.status_code == 200
        assert list(Location.objects.values("name", "address", "city", "country", "zipcode", "map_url")) == [
            {
                "name": "Depot",
                "address": "",
                "city": "",
                "country": "",
                "zipcode": "",
                "map_url": "https://maps.example.org/depot",
            }
        ]

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"city": "Boston"}, {"location_name": ["This field is required."]}),
            ({"location_name": "  "}, {"location_name": ["This field may not be blank."]}),
            (
                {"location_name": "x" * 256},
                {"location_name": ["Ensure this field has no more than 255 characters."]},
            ),
            (
                {"location_name": "Boston", "zipcode": "1" * 33},
                {"zipcode": ["Ensure this field has no more than 32 characters."]},
            ),
            ({"location_name": "Boston", "map_url": "not a url"}, {"map_url": ["Enter a valid URL."]}),
        ],
        ids=["no-name", "blank-name", "long-name", "long-zipcode", "bad-map-url"],
    )
    def test_bad_input_is_422_and_writes_nothing(self, owner_api, payload, errors):
        # Given a location
        LocationFactory()
        before = location_state()

        # When a location is created from bad input
        response = owner_api.post(LIST_URL, payload, format="json")

        # Then the request is refused naming the field, and nothing was written
        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert location_state() == before


# --- Get ---------------------------------------------------------------------------------------


class TestGetLocation:
    def test_the_location_in_the_documented_shape(self, owner, owner_api):
        # Given a location created at a known moment
        location = LocationFactory(
            name="New York",
            address="New York, USA",
            city="New York",
            country="USA",
            zipcode="10001",
            map_url="https://maps.example.org/ny",
            created_by=owner,
        )
        stamp(location, local(2020, 8, 11, 2, 12))

        # When it is fetched
        response = owner_api.get(detail_url(location.pk))

        # Then it comes back as documented, with the map URL the edit form needs beside it
        assert response.status_code == 200
        assert response.json() == {
            "id": location.pk,
            "name": "New York",
            "address": "New York, USA",
            "city": "New York",
            "country": "USA",
            "zipcode": "10001",
            "map_url": "https://maps.example.org/ny",
            "created_by": owner.pk,
            "created_at": "2020-08-11 02:12:00",
        }

    def test_an_unknown_id_is_404(self, owner_api):
        # Given a location
        location = LocationFactory()

        # When another id is fetched
        response = owner_api.get(detail_url(location.pk + 1))

        # Then it is not found
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


# --- Update ------------------------------------------------------------------------------------


class TestUpdateLocation:
    def test_the_seed_sample_updates_the_location_and_logs_it(self, owner, owner_api):
        # Given a location in Boston
        location = LocationFactory(
            name="Boston", address="1 Main St", city="Boston", country="USA", zipcode="02108"
        )

        # When the owner sends the seed's sample
        response = owner_api.put(detail_url(location.pk), SEED_PAYLOAD, format="json")

        # Then the documented message comes back and the location holds the new values
        assert response.status_code == 200
        assert response.json() == {"message": "Location Updated Successfully"}
        location.refresh_from_db()
        assert (location.name, location.address, location.city, location.zipcode) == (
            "New York",
            "New York, USA",
            "New York",
            "10001",
        )

        # And the audit log holds what changed, with the old values
        activity = Activity.objects.get()
        assert (activity.action, activity.actor, activity.subject_id) == (
            ActivityAction.UPDATED,
            owner,
            str(location.pk),
        )
        assert activity.changes == {
            "attributes": {
                "name": "New York",
                "address": "New York, USA",
                "city": "New York",
                "zipcode": "10001",
            },
            "old": {"name": "Boston", "address": "1 Main St", "city": "Boston", "zipcode": "02108"},
        }

    def test_fields_the_client_leaves_out_keep_their_values(self, owner_api):
        # Given a location with a map link (the seed's update sample sends no map_url)
        location = LocationFactory(name="Boston", map_url="https://maps.example.org/boston")

        # When the owner sends the seed's sample
        response = owner_api.put(detail_url(location.pk), SEED_PAYLOAD, format="json")

        # Then the map link is still there
        assert response.status_code == 200
        location.refresh_from_db()
        assert location.map_url == "https://maps.example.org/boston"

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"city": "Boston"}, {"location_name": ["This field is required."]}),
            ({"location_name": ""}, {"location_name": ["This field may not be blank."]}),
            ({"location_name": "Boston", "map_url": "ftp:/x"}, {"map_url": ["Enter a valid URL."]}),
        ],
        ids=["no-name", "blank-name", "bad-map-url"],
    )
    def test_bad_input_is_422_and_changes_nothing(self, owner_api, payload, errors):
        # Given a location
        location = LocationFactory(name="Boston")
        before = location_state()

        # When it is updated from bad input
        response = owner_api.put(detail_url(location.pk), payload, format="json")

        # Then the request is refused naming the field, and nothing changed
        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert location_state() == before

    def test_an_unknown_location_is_404(self, owner_api):
        # Given a location
        location = LocationFactory()
        before = location_state()

        # When another id is updated
        response = owner_api.put(detail_url(location.pk + 1), SEED_PAYLOAD, format="json")

        # Then it is not found, and nothing changed
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
        assert location_state() == before


# --- Delete ------------------------------------------------------------------------------------


class TestDeleteLocations:
    @pytest.mark.parametrize("as_text", [False, True], ids=["ids-array", "ids-text"])
    def test_deletes_the_locations_and_logs_it(self, owner, owner_api, as_text):
        # Given three locations
        first, second, kept = (LocationFactory(name=name) for name in ["New York", "Boston", "Austin"])
        ids = [first.pk, second.pk]

        # When two are deleted, ids sent as [1,2] or as "[1,2]"
        response = owner_api.post(
            DELETE_URL, {"delete_ids": json.dumps(ids) if as_text else ids}, format="json"
        )

        # Then the documented body says how many were deleted, and only the third is left
        assert response.status_code == 200
        assert response.json() == {"message": "2 location(s) deleted", "deletedLocations": 2}
        assert list(Location.objects.values_list("pk", flat=True)) == [kept.pk]

        # And the audit log kept each deleted location's last values
        deleted = Activity.objects.filter(action=ActivityAction.DELETED).order_by("subject_id")
        assert [(a.actor, a.subject_id, a.subject_label) for a in deleted] == sorted(
            [(owner, str(first.pk), "New York"), (owner, str(second.pk), "Boston")],
            key=lambda entry: entry[1],
        )

    def test_locations_held_by_a_keep_rule_are_kept_and_counted(self, owner_api, monkeypatch):
        # Given a keep rule standing in for classes (none exist yet) that holds "Class ..." locations,
        # two held locations and three free ones
        monkeypatch.setattr(
            location_services,
            "LOCATION_KEEP_RULES",
            [KeepRule("used_in_class", lambda rows: rows.filter(name__startswith="Class"))],
        )
        held = [LocationFactory(name=f"Class room {n}") for n in (1, 2)]
        free = [LocationFactory(name=f"Hall {n}") for n in (1, 2, 3)]

        # When all five are deleted
        response = owner_api.post(
            DELETE_URL, {"delete_ids": [location.pk for location in held + free]}, format="json"
        )

        # Then the seed's message counts both, and only the held locations are left
        assert response.status_code == 200
        assert response.json() == {
            "message": "3 location(s) deleted 2 location(s) not deleted as it is used in class(s). "
            "Please remove the location from the class(s) and try again.",
            "deletedLocations": 3,
        }
        assert sorted(Location.objects.values_list("pk", flat=True)) == sorted(
            location.pk for location in held
        )

    def test_deleted_locations_leave_the_list_lookup_and_get(self, owner_api):
        # Given two locations, one of them deleted through the API
        gone = LocationFactory(name="Gone Town")
        stays = LocationFactory(name="Stay Town")
        owner_api.post(DELETE_URL, {"delete_ids": [gone.pk]}, format="json")

        # When the list, the lookup and the location itself are asked for
        listed = owner_api.get(LIST_URL)
        looked_up = owner_api.get(LOOKUP_URL, {"search_term": "town"})
        fetched = owner_api.get(detail_url(gone.pk))

        # Then the deleted location is nowhere
        assert (listed.json()["recordsTotal"], names(listed)) == (1, ["Stay Town"])
        assert looked_up.json() == [{"value": stays.pk, "label": "Stay Town"}]
        assert (fetched.status_code, fetched.json()) == (404, NOT_FOUND)

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({}, {"delete_ids": ["This field is required."]}),
            ({"delete_ids": []}, {"delete_ids": ["This list may not be empty."]}),
            ({"delete_ids": "[1,"}, {"delete_ids": ["Expected a list of ids such as [1, 2, 3]."]}),
            ({"delete_ids": ["x"]}, {"delete_ids.0": ["A valid integer is required."]}),
            ({"delete_ids": "[{pk}, 987654]"}, {"delete_ids": ["The selected ids are invalid: 987654."]}),
        ],
        ids=["no-ids", "empty-ids", "bad-ids", "not-an-id", "unknown-id"],
    )
    def test_bad_input_is_422_and_deletes_nothing(self, owner_api, payload, errors):
        # Given a location
        location = LocationFactory()
        before = location_state()

        # When a delete is sent with bad input
        body = {
            key: value.replace("{pk}", str(location.pk)) if isinstance(value, str) else value
            for key, value in payload.items()
        }
        response = owner_api.post(DELETE_URL, body, format="json")

        # Then the request is refused naming the field, and nothing was deleted
        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert location_state() == before


# --- Lookup ------------------------------------------------------------------------------------


class TestLocationLookup:
    @pytest.mark.parametrize(
        "search_term", ['"New York"', "new york", "  York "], ids=["quoted", "case", "spaces"]
    )
    def test_search_term_matches_part_of_the_name(self, owner_api, search_term):
        # Given three locations, two in New York
        uptown = LocationFactory(name="New York Uptown")
        downtown = LocationFactory(name="New York Downtown")
        LocationFactory(name="Los Angeles")

        # When the lookup is searched as the seed sends it (quotes included) or otherwise
        response = owner_api.get(LOOKUP_URL, {"search_term": search_term})

        # Then the matches come back as {"value", "label"}, by name
        assert response.status_code == 200
        assert response.json() == [
            {"value": downtown.pk, "label": "New York Downtown"},
            {"value": uptown.pk, "label": "New York Uptown"},
        ]

    def test_a_blank_search_term_lists_all_by_name(self, owner_api):
        # Given two locations
        ny = LocationFactory(name="New York")
        la = LocationFactory(name="Los Angeles")

        # When the lookup is searched for nothing
        response = owner_api.get(LOOKUP_URL, {"search_term": ""})

        # Then both come back, by name
        assert response.json() == [
            {"value": la.pk, "label": "Los Angeles"},
            {"value": ny.pk, "label": "New York"},
        ]

    def test_the_search_term_is_required(self, owner_api):
        # Given a location
        LocationFactory()

        # When the lookup is asked without a search term
        response = owner_api.get(LOOKUP_URL)

        # Then the request is refused naming the field
        assert response.status_code == 422
        assert response.json() == invalid({"search_term": ["This field is required."]})
