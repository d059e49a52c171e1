"""The tolerant request field types: what the seed's samples send is accepted, anything else is a clear error."""

import pytest
from django.http import QueryDict
from rest_framework import serializers

from website.api.fields import IdListField, JSONObjectField, LenientCharField, LenientIntegerField


class IdsSerializer(serializers.Serializer):
    ids = IdListField()


class NonEmptyIdsSerializer(serializers.Serializer):
    ids = IdListField(allow_empty=False)


class ObjectSerializer(serializers.Serializer):
    order_by = JSONObjectField(required=False)


class IntegerSerializer(serializers.Serializer):
    portalId = LenientIntegerField(required=False, allow_null=True)
    count = LenientIntegerField(required=False)


class TextSerializer(serializers.Serializer):
    organizationId = LenientCharField()


def validated(serializer_class, data):
    serializer = serializer_class(data=data)
    assert serializer.is_valid(), serializer.errors
    return serializer.validated_data


def errors_of(serializer_class, data):
    serializer = serializer_class(data=data)
    assert not serializer.is_valid()
    return serializer.errors


# IdListField ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "ids"),
    [
        pytest.param([3, 1, 2], [3, 1, 2], id="json-array-keeps-order"),
        pytest.param(["4", "5"], [4, 5], id="array-of-numeric-strings"),
        pytest.param("[1,2,3]", [1, 2, 3], id="array-in-a-string"),
        pytest.param("  [7, 8] ", [7, 8], id="array-in-a-string-with-spaces"),
        pytest.param('["9", 10]', [9, 10], id="string-array-of-mixed-ids"),
        pytest.param(5, [5], id="single-number"),
        pytest.param("5", [5], id="single-numeric-string"),
        pytest.param([], [], id="empty-array"),
        pytest.param("[]", [], id="empty-array-in-a-string"),
        pytest.param("", [], id="blank-string-is-no-ids"),
    ],
)
def test_id_list_accepts_what_the_seed_sends(sent, ids):
    # Given ids in any of the seed's shapes, when validated, then a list of ints comes out.
    assert validated(IdsSerializer, {"ids": sent}) == {"ids": ids}


@pytest.mark.parametrize(
    ("sent", "ids"),
    [([2, 1, 2, 1], [2, 1]), ("[4,4,4]", [4]), (["3", 3], [3])],
)
def test_id_list_drops_repeats_keeping_first_order(sent, ids):
    assert validated(IdsSerializer, {"ids": sent}) == {"ids": ids}


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param("[1,2", id="broken-json"),
        pytest.param('{"a": 1}', id="object-in-a-string"),
        pytest.param({"a": 1}, id="object"),
        pytest.param(1.5, id="float"),
    ],
)
def test_id_list_rejects_what_is_not_a_list(sent):
    assert errors_of(IdsSerializer, {"ids": sent}) == {"ids": ["Expected a list of ids such as [1, 2, 3]."]}


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ("abc", {0: ["A valid integer is required."]}),
        ([1, "x"], {1: ["A valid integer is required."]}),
        ([1, 0], {1: ["Ensure this value is greater than or equal to 1."]}),
        ("[-3]", {0: ["Ensure this value is greater than or equal to 1."]}),
        ([None], {0: ["This field may not be null."]}),
        ([True], {0: ["A valid integer is required."]}),
    ],
)
def test_id_list_rejects_bad_ids_by_position(sent, errors):
    assert errors_of(IdsSerializer, {"ids": sent}) == {"ids": errors}


def test_id_list_is_required_unless_declared_otherwise():
    assert errors_of(IdsSerializer, {}) == {"ids": ["This field is required."]}


@pytest.mark.parametrize("sent", ["", "[]", []])
def test_id_list_that_may_not_be_empty_says_so_for_blank_input(sent):
    assert errors_of(NonEmptyIdsSerializer, {"ids": sent}) == {"ids": ["This list may not be empty."]}


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        pytest.param("ids=%5B1%2C2%5D", [1, 2], id="json-array-in-the-query"),
        pytest.param("ids=7", [7], id="one-id"),
        pytest.param("ids=1&ids=2&ids=1", [1, 2], id="repeated-key"),
    ],
)
def test_id_list_reads_query_strings_and_forms(query, ids):
    # Given a query string (or form) carrying the ids, when validated, then the same ids come out.
    assert validated(IdsSerializer, QueryDict(query)) == {"ids": ids}


def test_id_list_missing_from_a_query_string_is_required():
    assert errors_of(IdsSerializer, QueryDict("other=1")) == {"ids": ["This field is required."]}


# JSONObjectField ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "value"),
    [
        ({"colName": "name", "direction": "asc"}, {"colName": "name", "direction": "asc"}),
        ('{"colName": "name"}', {"colName": "name"}),
        (' {"a": {"b": [1]}} ', {"a": {"b": [1]}}),
        ("", {}),
        ("   ", {}),
        ({}, {}),
    ],
)
def test_json_object_accepts_objects_and_json_text(sent, value):
    assert validated(ObjectSerializer, {"order_by": sent}) == {"order_by": value}


@pytest.mark.parametrize("sent", ["{bad", "[1, 2]", '"text"', "5", [1], 5, True])
def test_json_object_rejects_anything_but_an_object(sent):
    assert errors_of(ObjectSerializer, {"order_by": sent}) == {
        "order_by": ['Must be a JSON object, e.g. {"key": "value"}.']
    }


def test_json_object_reads_a_query_string():
    query = QueryDict("order_by=%7B%22colName%22%3A%22city%22%7D")
    assert validated(ObjectSerializer, query) == {"order_by": {"colName": "city"}}


def test_json_object_is_represented_as_is():
    assert JSONObjectField().to_representation({"a": [1, 2]}) == {"a": [1, 2]}


# LenientIntegerField --------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "value"), [(5, 5), ("5", 5), (" 12 ", 12), ("5.0", 5), (5.0, 5), (-1, -1)])
def test_lenient_integer_takes_numbers_and_numeric_text(sent, value):
    assert validated(IntegerSerializer, {"count": sent}) == {"count": value}


@pytest.mark.parametrize("sent", ["", "  ", None])
def test_lenient_integer_reads_blank_as_absent_when_null_is_allowed(sent):
    assert validated(IntegerSerializer, {"portalId": sent}) == {"portalId": None}


def test_lenient_integer_reads_a_blank_query_value_as_absent():
    assert validated(IntegerSerializer, QueryDict("portalId=")) == {"portalId": None}


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("", "A valid integer is required."),
        ("abc", "A valid integer is required."),
        ("5.5", "A valid integer is required."),
        (None, "This field may not be null."),
    ],
)
def test_lenient_integer_rejects_non_integers_and_blank_when_null_is_not_allowed(sent, message):
    assert errors_of(IntegerSerializer, {"count": sent}) == {"count": [message]}


# LenientCharField -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "value"),
    [(97852067, "97852067"), ("97852067", "97852067"), (1.5, "1.5"), ("  acme ", "acme")],
)
def test_lenient_char_takes_numbers_as_text(sent, value):
    assert validated(TextSerializer, {"organizationId": sent}) == {"organizationId": value}


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (True, "Not a valid string."),
        ({"a": 1}, "Not a valid string."),
        (None, "This field may not be null."),
        ("", "This field may not be blank."),
    ],
)
def test_lenient_char_rejects_booleans_objects_null_and_blank(sent, message):
    assert errors_of(TextSerializer, {"organizationId": sent}) == {"organizationId": [message]}


def test_lenient_integer_refuses_what_no_database_column_holds():
    assert errors_of(IntegerSerializer, {"count": 2**63}) == {
        "count": [f"Ensure this value is less than or equal to {2**63 - 1}."]
    }


def test_lenient_integer_with_bounds_reads_blank_as_absent_without_comparing_it():
    class Bounded(serializers.Serializer):
        userId = LenientIntegerField(min_value=1, required=False, allow_null=True)

    assert validated(Bounded, {"userId": " "}) == {"userId": None}


def test_id_lists_refuse_ids_past_64_bits():
    assert errors_of(IdsSerializer, {"ids": [1, 10**30]}) == {
        "ids": {1: [f"Ensure this value is less than or equal to {2**63 - 1}."]}
    }


def test_json_objects_refuse_null_characters_anywhere():
    assert errors_of(ObjectSerializer, {"order_by": '{"colName": "name\\u0000"}'}) == {
        "order_by": ["Null characters are not allowed."]
    }
    assert errors_of(ObjectSerializer, {"order_by": {"a": [{"b": "x\x00"}]}}) == {
        "order_by": ["Null characters are not allowed."]
    }
