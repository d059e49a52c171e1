"""Dropdown lookups: choices from TextChoices and rows from a queryset, in the documented shapes."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.categories.models import CategoryType
from lms.locations.models import Location
from lms.portals.models import PortalStatus
from tests.factories import LocationFactory, StaffFactory
from website.api.views import LOOKUP_LIMIT, ChoicesLookupView, QueryLookupView, contains

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()


class CategoryTypeLookup(ChoicesLookupView):
    permission_required = None
    choices = CategoryType


class PortalStatusLookup(ChoicesLookupView):
    permission_required = None
    choices = PortalStatus
    value_key, label_key = "value", "label"


class LocationLookup(QueryLookupView):
    permission_required = None

    def get_queryset(self):
        return Location.objects.all()


class SearchQuerySerializer(serializers.Serializer):
    search_term = serializers.CharField(allow_blank=True, default="")


class CityLookup(QueryLookupView):
    """Locations labelled by city, filtered by a search term, for callers who may view locations."""

    permission_required = "locations.view_location"
    query_serializer_class = SearchQuerySerializer
    label_field = "city"
    value_key, label_key = "value", "label"

    def get_queryset(self):
        return contains("city")(Location.objects.all(), self.query["search_term"])


def get(view_class, user, **params):
    request = factory.get("/lookup/", params)
    if user is not None:
        force_authenticate(request, user=user)
    return view_class.as_view()(request)


# Choices --------------------------------------------------------------------------------------


def test_choices_lookup_lists_every_choice_in_declaration_order(learner):
    response = get(CategoryTypeLookup, learner)
    assert response.status_code == 200
    assert response.data == [
        {"db_value": "course", "display_value": "Course"},
        {"db_value": "module", "display_value": "Module"},
        {"db_value": "product", "display_value": "Product"},
        {"db_value": "question", "display_value": "Question"},
        {"db_value": "user", "display_value": "User"},
        {"db_value": "learning_path", "display_value": "Learning Path"},
    ]


def test_choices_lookup_uses_the_declared_keys(learner):
    response = get(PortalStatusLookup, learner)
    assert response.data == [
        {"value": "active", "label": "Active"},
        {"value": "inactive", "label": "Inactive"},
    ]


def test_choices_lookup_documents_its_item_shape():
    item = PortalStatusLookup.get_response_schema().child
    assert list(item.fields) == ["value", "label"]
    assert isinstance(item.fields["value"], serializers.CharField)


# Rows -----------------------------------------------------------------------------------------


def test_query_lookup_lists_id_and_name_ordered_by_name_then_id(learner):
    # Given two locations sharing a name, created out of alphabetical order,
    zeta = LocationFactory(name="Zeta")
    alpha = LocationFactory(name="Alpha")
    later_alpha = LocationFactory(name="Alpha")
    middle = LocationFactory(name="Mu")
    # when looked up, then rows are ordered by name and, within a name, by id.
    response = get(LocationLookup, learner)
    assert response.status_code == 200
    assert response.data == [
        {"id": alpha.pk, "name": "Alpha"},
        {"id": later_alpha.pk, "name": "Alpha"},
        {"id": middle.pk, "name": "Mu"},
        {"id": zeta.pk, "name": "Zeta"},
    ]


def test_query_lookup_is_empty_without_rows(learner):
    assert get(LocationLookup, learner).data == []


def test_query_lookup_stops_at_the_limit(learner):
    Location.objects.bulk_create(Location(name=f"Site {number:03d}") for number in range(LOOKUP_LIMIT + 5))
    response = get(LocationLookup, learner)
    assert LOOKUP_LIMIT == 200
    assert len(response.data) == LOOKUP_LIMIT
    assert response.data[0]["name"] == "Site 000"
    assert response.data[-1]["name"] == f"Site {LOOKUP_LIMIT - 1:03d}"


@pytest.fixture
def viewer():
    return StaffFactory(permissions=["locations.view_location"])


def test_query_lookup_uses_the_declared_fields_keys_and_query(viewer):
    rome = LocationFactory(name="B", city="Rome")
    LocationFactory(name="A", city="Paris")
    romford = LocationFactory(name="C", city="Romford")
    response = get(CityLookup, viewer, search_term="rom")
    assert response.status_code == 200
    assert response.data == [{"value": rome.pk, "label": "Rome"}, {"value": romford.pk, "label": "Romford"}]


def test_query_lookup_validates_its_query(viewer):
    response = get(CityLookup, viewer, search_term="a\x00b")
    assert response.status_code == 422
    assert response.data == {
        "message": "The given data was invalid.",
        "errors": {"search_term": ["Null characters are not allowed."]},
    }


def test_query_lookup_enforces_the_permission(learner):
    LocationFactory(city="Rome")
    assert get(CityLookup, learner).status_code == 403
    assert get(CityLookup, None).status_code == 401


def test_query_lookup_documents_its_item_shape():
    item = CityLookup.get_response_schema().child
    assert list(item.fields) == ["value", "label"]
    assert isinstance(item.fields["value"], serializers.IntegerField)
