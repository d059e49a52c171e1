"""TabularListView: paging, the ordering allow-list, search filters and the envelope, over real locations."""

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.locations.models import Location
from tests.factories import LocationFactory
from website.api.views import (
    MAX_PAGE_NUMBER,
    MAX_PAGE_SIZE,
    TabularListView,
    contains,
    equals,
    tabular_envelope,
)

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()
INVALID = "The given data was invalid."


class LocationRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "city"]


def only_capitals(queryset, value):
    if value not in ("yes", "no"):
        raise ValidationError("Say yes or no.")
    capitals = ["Paris", "Berlin"]
    return queryset.filter(city__in=capitals) if value == "yes" else queryset.exclude(city__in=capitals)


class LocationTable(TabularListView):
    permission_required = None
    row_serializer_class = LocationRowSerializer
    order_columns = {"locationName": "name", "city": "city"}
    default_ordering = ("name",)
    search_filters = {
        "locationName": contains("name"),
        "city": contains("city"),
        "id": equals("id"),
        "capital": only_capitals,
    }

    def get_queryset(self):
        return Location.objects.all()


class EuropeanLocationTable(LocationTable):
    """Rows the caller may see are a subset: recordsTotal counts only those."""

    def get_queryset(self):
        return Location.objects.filter(country="France")


class UnfilteredLocationTable(LocationTable):
    include_records_filtered = False


class LocationTableWithCities(LocationTable):
    def get_extra_payload(self, visible):
        return {"cities": sorted(set(visible.values_list("city", flat=True)))}


def get(view_class, user, **params):
    request = factory.get("/locations/", params)
    force_authenticate(request, user=user)
    return view_class.as_view()(request)


def names(response):
    return [row["name"] for row in response.data["records"]]


@pytest.fixture
def user(staff_without_permissions):
    return staff_without_permissions


@pytest.fixture
def twelve_locations():
    """Locations A..L; A-C in Paris, D-E in Berlin, the rest in Rome."""
    cities = ["Paris"] * 3 + ["Berlin"] * 2 + ["Rome"] * 7
    return [
        LocationFactory(name=f"Site {letter}", city=city, country="France" if city == "Paris" else "Other")
        for letter, city in zip("LKJIHGFEDCBA", reversed(cities), strict=True)
    ]


LETTERS = [f"Site {letter}" for letter in "ABCDEFGHIJKL"]


# Paging ---------------------------------------------------------------------------------------


def test_first_page_has_ten_rows_in_default_order(user, twelve_locations):
    response = get(LocationTable, user)
    assert response.status_code == 200
    assert list(response.data) == ["recordsTotal", "recordsFiltered", "records"]
    assert response.data["recordsTotal"] == 12
    assert response.data["recordsFiltered"] == 12
    assert names(response) == LETTERS[:10]
    assert response.data["records"][0] == {
        "id": Location.objects.get(name="Site A").pk,
        "name": "Site A",
        "city": "Paris",
    }


@pytest.mark.parametrize(
    ("page_size", "page_number", "expected"),
    [
        (5, 1, LETTERS[0:5]),
        (5, 2, LETTERS[5:10]),
        (5, 3, LETTERS[10:12]),
        (5, 4, []),
        ("4", "3", LETTERS[8:12]),
        (MAX_PAGE_SIZE, 1, LETTERS),
    ],
)
def test_paging_slices_the_ordered_rows(user, twelve_locations, page_size, page_number, expected):
    response = get(LocationTable, user, page_size=page_size, page_number=page_number)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.data["recordsTotal"] == 12


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"page_size": MAX_PAGE_SIZE + 1},
            {"page_size": ["Ensure this value is less than or equal to 200."]},
        ),
        ({"page_size": 0}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_number": 0}, {"page_number": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_number": "two"}, {"page_number": ["A valid integer is required."]}),
        (
            {"page_number": 10**30},
            {"page_number": [f"Ensure this value is less than or equal to {MAX_PAGE_NUMBER}."]},
        ),
    ],
)
def test_bad_paging_is_422(user, params, errors):
    response = get(LocationTable, user, **params)
    assert response.status_code == 422
    assert response.data == {"message": INVALID, "errors": errors}


# Ordering -------------------------------------------------------------------------------------


def test_orders_by_an_allowed_column_descending_with_pk_breaking_ties(user, twelve_locations):
    # Given several locations per city, when ordered by city descending,
    response = get(LocationTable, user, order_by='{"colName": "city", "direction": "desc"}')
    # then cities run Z..A and, within a city, the newest row (highest pk) comes first.
    expected = sorted(Location.objects.all(), key=lambda location: (location.city, location.pk), reverse=True)
    assert [row["id"] for row in response.data["records"]] == [location.pk for location in expected[:10]]


def test_direction_defaults_to_ascending_and_ignores_case(user, twelve_locations):
    ascending = get(LocationTable, user, order_by='{"colName": "locationName"}', page_size=3)
    upper = get(LocationTable, user, order_by='{"colName": "locationName", "direction": "DESC"}', page_size=3)
    assert names(ascending) == ["Site A", "Site B", "Site C"]
    assert names(upper) == ["Site L", "Site K", "Site J"]


def test_blank_order_by_uses_the_default_ordering(user, twelve_locations):
    response = get(LocationTable, user, order_by="", page_size=2)
    assert response.status_code == 200
    assert names(response) == ["Site A", "Site B"]


@pytest.mark.parametrize(
    "col_name",
    [
        pytest.param("name", id="orm-field-not-on-the-allow-list"),
        pytest.param("created_by__password", id="a-join"),
        pytest.param("name; DROP TABLE locations_location", id="sql"),
    ],
)
def test_ordering_outside_the_allow_list_is_422(user, twelve_locations, col_name):
    response = get(LocationTable, user, order_by=f'{{"colName": "{col_name}", "direction": "asc"}}')
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {"order_by": [f"Cannot order by {col_name!r}; sortable columns: city, locationName."]},
    }


@pytest.mark.parametrize(
    ("order_by", "shown"),
    [('{"colName": ["city"]}', "['city']"), ('{"colName": {"a": 1}}', "{'a': 1}"), ('{"colName": 5}', "5")],
    ids=["list", "object", "number"],
)
def test_a_column_that_is_not_a_name_is_422(user, order_by, shown):
    response = get(LocationTable, user, order_by=order_by)
    assert response.status_code == 422
    assert response.data["errors"] == {
        "order_by": [f"Cannot order by {shown}; sortable columns: city, locationName."]
    }


def test_an_empty_order_by_object_uses_the_default_ordering(user, twelve_locations):
    response = get(LocationTable, user, order_by="{}", page_size=2)
    assert names(response) == ["Site A", "Site B"]


@pytest.mark.parametrize("direction", ["sideways", "", None])
def test_a_direction_other_than_asc_or_desc_is_422(user, direction):
    order_by = '{"colName": "city", "direction": %s}' % ("null" if direction is None else f'"{direction}"')
    response = get(LocationTable, user, order_by=order_by)
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {"order_by": ["The direction must be asc or desc."]},
    }


def test_unknown_column_and_bad_direction_are_reported_together(user):
    response = get(LocationTable, user, order_by='{"colName": "zip", "direction": "up"}')
    assert response.data["errors"] == {
        "order_by": [
            "Cannot order by 'zip'; sortable columns: city, locationName.",
            "The direction must be asc or desc.",
        ]
    }


def test_order_by_that_is_not_json_is_422(user):
    response = get(LocationTable, user, order_by="city desc")
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {"order_by": ['Must be a JSON object, e.g. {"key": "value"}.']},
    }


# Searching ------------------------------------------------------------------------------------


def test_search_narrows_records_filtered_but_not_records_total(user, twelve_locations):
    response = get(LocationTable, user, search_param='{"city": " pAris "}')
    assert response.status_code == 200
    assert response.data["recordsTotal"] == 12
    assert response.data["recordsFiltered"] == 3
    assert names(response) == ["Site A", "Site B", "Site C"]


def test_search_filters_combine(user, twelve_locations):
    response = get(LocationTable, user, search_param='{"capital": "yes", "locationName": "site d"}')
    assert (response.data["recordsFiltered"], names(response)) == (1, ["Site D"])


def test_equals_filter_casts_the_id(user, twelve_locations):
    target = Location.objects.get(name="Site G")
    response = get(LocationTable, user, search_param=f'{{"id": "{target.pk}"}}')
    assert (response.data["recordsFiltered"], names(response)) == (1, ["Site G"])


@pytest.mark.parametrize("blank", ['""', "null"])
def test_blank_search_values_match_everything_without_a_second_count(
    user, twelve_locations, count_queries, blank
):
    # Given only blank filter values, when listing, then recordsFiltered equals recordsTotal
    # and is not counted again (one count, one page of rows).
    response, queries = count_queries(
        lambda: get(LocationTable, user, search_param=f'{{"locationName": {blank}, "id": {blank}}}')
    )
    assert (response.data["recordsTotal"], response.data["recordsFiltered"]) == (12, 12)
    assert queries == 2


def test_a_real_filter_counts_the_matching_rows_once_more(user, twelve_locations, count_queries):
    response, queries = count_queries(lambda: get(LocationTable, user, search_param='{"city": "Rome"}'))
    assert (response.data["recordsTotal"], response.data["recordsFiltered"]) == (12, 7)
    assert queries == 3


def test_unknown_search_keys_are_422_naming_the_allowed_ones(user):
    response = get(LocationTable, user, search_param='{"zipcode": "1", "password": "x", "city": "Rome"}')
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {
            "search_param": ["Unknown filter(s) password, zipcode; allowed: capital, city, id, locationName."]
        },
    }


@pytest.mark.parametrize(
    ("search_param", "errors"),
    [
        ('{"id": "abc"}', {"search_param.id": ["Invalid value for id."]}),
        ('{"id": [1]}', {"search_param.id": ["Invalid value for id."]}),
        ('{"id": Infinity}', {"search_param.id": ["Invalid value for id."]}),
        ('{"capital": "maybe"}', {"search_param.capital": ["Say yes or no."]}),
        (
            '{"capital": "maybe", "id": "x"}',
            {"search_param.capital": ["Say yes or no."], "search_param.id": ["Invalid value for id."]},
        ),
    ],
)
def test_bad_filter_values_are_422_under_the_filter_key(user, search_param, errors):
    response = get(LocationTable, user, search_param=search_param)
    assert response.status_code == 422
    assert response.data == {"message": INVALID, "errors": errors}


@pytest.mark.parametrize("search_param", ["[1]", "city=Rome"])
def test_search_param_that_is_not_a_json_object_is_422(user, search_param):
    response = get(LocationTable, user, search_param=search_param)
    assert response.status_code == 422
    assert response.data["errors"] == {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']}


# The envelope ---------------------------------------------------------------------------------


def test_records_total_counts_only_the_rows_the_caller_may_see(user, twelve_locations):
    response = get(EuropeanLocationTable, user, search_param='{"locationName": "Site A"}')
    assert (response.data["recordsTotal"], response.data["recordsFiltered"]) == (3, 1)


def test_records_filtered_is_left_out_unless_declared(user, twelve_locations):
    response = get(UnfilteredLocationTable, user, search_param='{"city": "Rome"}', page_size=2)
    assert response.status_code == 200
    assert list(response.data) == ["recordsTotal", "records"]
    assert response.data["recordsTotal"] == 12
    assert names(response) == ["Site F", "Site G"]


def test_extra_payload_is_added_from_the_visible_rows(user, twelve_locations):
    response = get(LocationTableWithCities, user, search_param='{"city": "Rome"}')
    assert list(response.data) == ["recordsTotal", "recordsFiltered", "records", "cities"]
    assert response.data["cities"] == ["Berlin", "Paris", "Rome"]


def test_the_documented_envelope_matches_the_declaration():
    schema = LocationTable.get_response_schema()
    unfiltered = UnfilteredLocationTable.get_response_schema()
    assert schema.__name__ == "LocationTable"
    assert list(schema().fields) == ["recordsTotal", "recordsFiltered", "records"]
    assert unfiltered.__name__ == "LocationTableUnfiltered"
    assert list(unfiltered().fields) == ["recordsTotal", "records"]
    assert tabular_envelope(LocationRowSerializer, True, None) is schema


def test_anonymous_caller_gets_401(twelve_locations):
    response = LocationTable.as_view()(factory.get("/locations/"))
    assert response.status_code == 401
