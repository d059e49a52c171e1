"""bulk_delete: deletes what may go, keeps what a rule holds (and says why), all or nothing."""

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.categories.models import Category
from lms.locations.models import Location
from tests.factories import CategoryFactory, LocationFactory
from website.api.fields import IdListField
from website.api.views import ApiView
from website.bulk import BulkDeleteOutcome, KeepRule, bulk_delete

pytestmark = pytest.mark.django_db

IN_PARIS = KeepRule("used_in_paris", lambda rows: rows.filter(city="Paris"))
IN_FRANCE = KeepRule("used_in_france", lambda rows: rows.filter(country="France"))


@pytest.fixture
def deleted():
    """A delete function that records the ids and types it was given, then deletes the row."""
    calls = []

    def delete(row):
        calls.append((type(row), row.pk))
        row.delete()

    delete.calls = calls
    return delete


def remaining_names():
    return sorted(Location.objects.values_list("name", flat=True))


def test_deletes_every_requested_row_in_request_order_when_nothing_keeps_them(deleted):
    first, second, untouched = LocationFactory(name="A"), LocationFactory(name="B"), LocationFactory(name="C")
    outcome = bulk_delete(
        queryset=Location.objects.all(), ids=[second.pk, first.pk], keep_rules=[], delete=deleted
    )
    assert outcome.deleted_ids == [second.pk, first.pk]
    assert deleted.calls == [(Location, second.pk), (Location, first.pk)]
    assert outcome.kept == {}
    assert outcome.kept_ids == []
    assert remaining_names() == [untouched.name]


def test_repeated_ids_are_deleted_once(deleted):
    location = LocationFactory()
    outcome = bulk_delete(
        queryset=Location.objects.all(), ids=[location.pk, location.pk], keep_rules=[], delete=deleted
    )
    assert outcome.deleted_ids == [location.pk]
    assert len(deleted.calls) == 1


def test_no_ids_deletes_nothing(deleted):
    LocationFactory()
    outcome = bulk_delete(queryset=Location.objects.all(), ids=[], keep_rules=[IN_PARIS], delete=deleted)
    assert (outcome.deleted, outcome.kept) == ([], {"used_in_paris": []})
    assert Location.objects.count() == 1


def test_rows_a_rule_holds_are_kept_and_named(deleted):
    # Given two locations in Paris and one in Rome,
    paris_b = LocationFactory(name="B", city="Paris")
    paris_a = LocationFactory(name="A", city="Paris")
    rome = LocationFactory(name="C", city="Rome")
    # when all three are deleted while Paris locations are held,
    outcome = bulk_delete(
        queryset=Location.objects.all(),
        ids=[paris_b.pk, rome.pk, paris_a.pk],
        keep_rules=[IN_PARIS],
        delete=deleted,
    )
    # then Rome goes and both Paris locations stay, listed under the rule's reason (by id).
    assert outcome.deleted_ids == [rome.pk]
    assert [row.pk for row in outcome.kept["used_in_paris"]] == sorted([paris_b.pk, paris_a.pk])
    assert outcome.kept_count("used_in_paris") == 2
    assert outcome.kept_ids == sorted([paris_a.pk, paris_b.pk])
    assert remaining_names() == ["A", "B"]


def test_a_row_held_by_two_rules_is_kept_once_under_the_first(deleted):
    paris = LocationFactory(name="Paris site", city="Paris", country="France")
    lyon = LocationFactory(name="Lyon site", city="Lyon", country="France")
    outcome = bulk_delete(
        queryset=Location.objects.all(),
        ids=[paris.pk, lyon.pk],
        keep_rules=[IN_PARIS, IN_FRANCE],
        delete=deleted,
    )
    assert outcome.kept == {"used_in_paris": [paris], "used_in_france": [lyon]}
    assert outcome.kept_ids == sorted([paris.pk, lyon.pk])
    assert (outcome.kept_count("used_in_paris"), outcome.kept_count("used_in_france")) == (1, 1)
    assert outcome.kept_count("no_such_reason") == 0
    assert deleted.calls == []


def test_a_rule_sees_only_the_requested_rows(deleted):
    # Given a held location that was not asked for,
    asked = LocationFactory(city="Rome")
    not_asked = LocationFactory(city="Paris")
    # when a rule that holds everything it is shown runs,
    outcome = bulk_delete(
        queryset=Location.objects.all(),
        ids=[asked.pk],
        keep_rules=[KeepRule("everything", lambda rows: rows)],
        delete=deleted,
    )
    # then only the requested row is reported as kept.
    assert outcome.kept == {"everything": [asked]}
    assert Location.objects.filter(pk=not_asked.pk).exists()


@pytest.mark.parametrize("missing_first", [True, False])
def test_an_unknown_id_fails_the_whole_request_and_deletes_nothing(deleted, missing_first):
    location = LocationFactory()
    ids = [999_999, location.pk] if missing_first else [location.pk, 999_999]
    with pytest.raises(ValidationError) as raised:
        bulk_delete(queryset=Location.objects.all(), ids=ids, keep_rules=[], delete=deleted)
    assert raised.value.detail == {"delete_ids": ["The selected ids are invalid: 999999."]}
    assert deleted.calls == []
    assert Location.objects.filter(pk=location.pk).exists()


def test_a_row_outside_the_callers_queryset_counts_as_unknown(deleted):
    # Given a row that exists but that the caller may not see,
    visible = LocationFactory(city="Rome")
    hidden = LocationFactory(city="Paris")
    other_hidden = LocationFactory(city="Paris")
    # when it is requested with a visible one,
    with pytest.raises(ValidationError) as raised:
        bulk_delete(
            queryset=Location.objects.filter(city="Rome"),
            ids=[hidden.pk, visible.pk, other_hidden.pk],
            keep_rules=[],
            delete=deleted,
            field_name="ids",
        )
    # then every hidden id is named, under the given field, and nothing is deleted.
    assert raised.value.detail == {"ids": [f"The selected ids are invalid: {hidden.pk}, {other_hidden.pk}."]}
    assert Location.objects.count() == 3


def test_soft_deleted_rows_outside_a_live_manager_are_unknown(deleted):
    live = CategoryFactory()
    gone = CategoryFactory()
    Category.all_objects.filter(pk=gone.pk).update(deleted_at="2024-01-01T00:00:00Z")
    with pytest.raises(ValidationError):
        bulk_delete(queryset=Category.objects.all(), ids=[live.pk, gone.pk], keep_rules=[], delete=deleted)
    assert deleted.calls == []


def test_a_failure_part_way_undoes_the_rows_already_deleted():
    # Given three deletable rows and a delete function that fails on the second,
    first, second, third = LocationFactory(), LocationFactory(), LocationFactory()

    def delete(row):
        if row.pk == second.pk:
            raise RuntimeError("audit log unavailable")
        row.delete()

    # when they are bulk deleted, then the error surfaces and the first delete is rolled back.
    with pytest.raises(RuntimeError):
        bulk_delete(
            queryset=Location.objects.all(), ids=[first.pk, second.pk, third.pk], keep_rules=[], delete=delete
        )
    assert Location.objects.filter(pk__in=[first.pk, second.pk, third.pk]).count() == 3


def test_outcome_helpers_on_an_empty_outcome():
    outcome = BulkDeleteOutcome()
    assert (outcome.deleted_ids, outcome.kept_ids, outcome.kept_count("x")) == ([], [], 0)


# Through an endpoint --------------------------------------------------------------------------


class DeleteIds(serializers.Serializer):
    delete_ids = IdListField(allow_empty=False)


class LocationBulkDelete(ApiView):
    permission_required = None
    input_serializer_class = DeleteIds

    def post(self, request):
        outcome = bulk_delete(
            queryset=Location.objects.all(),
            ids=self.parse_body()["delete_ids"],
            keep_rules=[IN_PARIS],
            delete=lambda row: row.delete(),
        )
        return Response({"deleted": outcome.deleted_ids, "kept": outcome.kept_ids})


def post(user, body):
    request = APIRequestFactory().post("/locations/delete/", body, format="json")
    force_authenticate(request, user=user)
    return LocationBulkDelete.as_view()(request)


def test_endpoint_deletes_ids_sent_as_a_string(learner):
    rome, paris = LocationFactory(city="Rome"), LocationFactory(city="Paris")
    response = post(learner, {"delete_ids": f"[{rome.pk},{paris.pk},{rome.pk}]"})
    assert response.status_code == 200
    assert response.data == {"deleted": [rome.pk], "kept": [paris.pk]}


def test_endpoint_answers_422_for_an_unknown_id_and_keeps_everything(learner):
    rome = LocationFactory(city="Rome")
    response = post(learner, {"delete_ids": [rome.pk, 999_999]})
    assert response.status_code == 422
    assert response.data == {
        "message": "The given data was invalid.",
        "errors": {"delete_ids": ["The selected ids are invalid: 999999."]},
    }
    assert Location.objects.filter(pk=rome.pk).exists()
