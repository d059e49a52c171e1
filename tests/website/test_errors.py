"""One exception handler, one error shape: 401, 403, 404 and 422 bodies are exactly the documented ones."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.locations.models import Location
from website.api.errors import Unprocessable, exception_handler
from website.api.fields import IdListField
from website.api.views import ApiView

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()

INVALID = "The given data was invalid."


class Raises(ApiView):
    """GET raises `error`; POST reads the body through `parse_body`."""

    permission_required = None
    error: Exception | None = None

    def get(self, request):
        raise self.error

    def post(self, request):
        return Response(self.parse_body(), status=201)


class AddressSerializer(serializers.Serializer):
    city = serializers.CharField()
    zipcode = serializers.CharField(max_length=5)


class LineSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        if attrs["quantity"] > 10:
            raise serializers.ValidationError("At most 10 per line.")
        return attrs


class OrderSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = AddressSerializer()
    lines = LineSerializer(many=True)
    ids = IdListField()
    limits = serializers.DictField(child=serializers.IntegerField())

    def validate(self, attrs):
        if attrs["name"] == "forbidden":
            raise serializers.ValidationError("This order is forbidden.")
        return attrs


class Orders(Raises):
    input_serializer_class = OrderSerializer


class ManyOrderLines(Raises):
    def post(self, request):
        serializer = LineSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


class Protected(Raises):
    permission_required = "locations.add_location"

    def get(self, request):
        return Response({"ok": True})


def call(view, method="get", user=None, data=None, **extra):
    request = getattr(factory, method)("/test/", data, **extra)
    if user is not None:
        force_authenticate(request, user=user)
    return view(request)


def raising(error, user):
    return call(Raises.as_view(error=error), user=user)


# 401 ------------------------------------------------------------------------------------------


def test_anonymous_caller_is_told_unauthenticated_with_the_token_challenge():
    response = call(Protected.as_view())
    assert response.status_code == 401
    assert response.data == {"message": "Unauthenticated."}
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_unauthenticated_without_the_reason():
    response = call(Protected.as_view(), HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response.data == {"message": "Unauthenticated."}


# 403 ------------------------------------------------------------------------------------------


def test_caller_without_the_permission_is_unauthorized(learner):
    response = call(Protected.as_view(), user=learner)
    assert response.status_code == 403
    assert response.data == {"message": "This action is unauthorized."}


@pytest.mark.parametrize(
    "error",
    [exceptions.PermissionDenied("You may not touch portal 7."), DjangoPermissionDenied("nope")],
    ids=["drf", "django"],
)
def test_any_permission_denial_is_the_same_unauthorized_body(error, learner):
    response = raising(error, learner)
    assert response.status_code == 403
    assert response.data == {"message": "This action is unauthorized."}


# 404 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [Http404("No Location matches the given query."), exceptions.NotFound("Location 5 is in portal 2.")],
    ids=["django", "drf"],
)
def test_not_found_says_nothing_about_what_was_looked_for(error, learner):
    response = raising(error, learner)
    assert response.status_code == 404
    assert response.data == {"message": "Not found."}


def test_get_object_or_404_answers_not_found(learner):
    class LocationDetail(ApiView):
        permission_required = None

        def get(self, request):
            return Response({"name": get_object_or_404(Location, pk=999_999).name})

    response = call(LocationDetail.as_view(), user=learner)
    assert response.status_code == 404
    assert response.data == {"message": "Not found."}


# 422 ------------------------------------------------------------------------------------------


def test_nested_serializer_errors_are_flattened_with_dotted_keys(learner):
    # Given an order with errors at every depth,
    body = {
        "address": {"zipcode": "1234567"},
        "lines": [{"quantity": 1}, {"quantity": "x"}, {"quantity": 11}],
        "ids": [1, "y"],
        "limits": {"daily": "lots"},
    }
    # when it is posted,
    response = call(Orders.as_view(), "post", learner, body, format="json")
    # then every error is listed under its dotted path.
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {
            "name": ["This field is required."],
            "address.city": ["This field is required."],
            "address.zipcode": ["Ensure this field has no more than 5 characters."],
            "lines.1.quantity": ["A valid integer is required."],
            "lines.2": ["At most 10 per line."],
            "ids.1": ["A valid integer is required."],
            "limits.daily": ["A valid integer is required."],
        },
    }


def test_an_object_level_error_is_a_non_field_error(learner):
    body = {
        "name": "forbidden",
        "address": {"city": "Paris", "zipcode": "75001"},
        "lines": [{"quantity": 1}],
        "ids": "[1]",
        "limits": {},
    }
    response = call(Orders.as_view(), "post", learner, body, format="json")
    assert response.status_code == 422
    assert response.data == {"message": INVALID, "errors": {"non_field_errors": ["This order is forbidden."]}}


def test_a_valid_body_passes(learner):
    body = {
        "name": "ok",
        "address": {"city": "Paris", "zipcode": "75001"},
        "lines": [{"quantity": "2"}],
        "ids": "[3,3,1]",
        "limits": {"daily": "4"},
    }
    response = call(Orders.as_view(), "post", learner, body, format="json")
    assert response.status_code == 201
    assert response.data["ids"] == [3, 1]


def test_errors_of_a_list_body_are_keyed_by_position(learner):
    response = call(
        ManyOrderLines.as_view(), "post", learner, [{"quantity": 1}, {}, {"quantity": 20}], format="json"
    )
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {"1.quantity": ["This field is required."], "2": ["At most 10 per line."]},
    }


@pytest.mark.parametrize(
    ("error", "errors"),
    [
        (
            Unprocessable("The tier overlaps another tier."),
            {"non_field_errors": ["The tier overlaps another tier."]},
        ),
        (Unprocessable({"lower_limit": ["Overlaps Gold."]}), {"lower_limit": ["Overlaps Gold."]}),
        (exceptions.ValidationError(["First.", "Second."]), {"non_field_errors": ["First.", "Second."]}),
        (DjangoValidationError("Bad thing."), {"non_field_errors": ["Bad thing."]}),
        (
            DjangoValidationError("Value %(value)s is too big.", params={"value": 7}),
            {"non_field_errors": ["Value 7 is too big."]},
        ),
        (
            DjangoValidationError({"name": ["Taken."], "__all__": ["The pair is taken."]}),
            {"name": ["Taken."], "non_field_errors": ["The pair is taken."]},
        ),
    ],
    ids=["service-message", "service-field", "drf-list", "django-message", "django-params", "django-dict"],
)
def test_validation_failures_from_services_are_422(error, errors, learner):
    response = raising(error, learner)
    assert response.status_code == 422
    assert response.data == {"message": INVALID, "errors": errors}


def test_model_validation_from_full_clean_is_422(learner):
    class CleanLocation(ApiView):
        permission_required = None

        def post(self, request):
            Location(name="", map_url="not a url").full_clean()
            return Response(status=201)

    response = call(CleanLocation.as_view(), "post", learner, {}, format="json")
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {"name": ["This field cannot be blank."], "map_url": ["Enter a valid URL."]},
    }


def test_malformed_json_body_is_422_under_body(learner):
    response = call(Orders.as_view(), "post", learner, '{"name": "x", ', content_type="application/json")
    assert response.status_code == 422
    assert response.data == {
        "message": INVALID,
        "errors": {
            "body": [
                "JSON parse error - Expecting property name enclosed in double quotes: "
                "line 1 column 15 (char 14)"
            ]
        },
    }


def test_malformed_json_read_for_the_portal_scope_is_422(learner):
    class Scoped(ApiView):
        permission_required = None

        def post(self, request):
            return Response({"unrestricted": self.portal_scope.is_unrestricted})

    response = call(Scoped.as_view(), "post", learner, "[1,", content_type="application/json")
    assert response.status_code == 422
    assert list(response.data["errors"]) == ["body"]
    assert response.data["errors"]["body"][0].startswith("JSON parse error - ")


# Other API errors keep their status with the one-key body --------------------------------------


def test_method_not_allowed_keeps_its_status_and_message(learner):
    response = call(Raises.as_view(), "delete", learner)
    assert response.status_code == 405
    assert response.data == {"message": 'Method "DELETE" not allowed.'}


def test_throttled_keeps_the_retry_after_header(learner):
    response = raising(exceptions.Throttled(wait=30), learner)
    assert response.status_code == 429
    assert response.data == {"message": "Request was throttled. Expected available in 30 seconds."}
    assert response["Retry-After"] == "30"


def test_an_unexpected_error_is_not_turned_into_a_4xx(learner):
    # A 500 is always a bug: the handler leaves it to Django.
    with pytest.raises(ZeroDivisionError):
        raising(ZeroDivisionError("boom"), learner)
    assert exception_handler(KeyError("x"), {}) is None


@pytest.mark.django_db
def test_a_path_id_past_64_bits_is_not_found_after_the_caller_is_checked(owner_api):
    from rest_framework.test import APIClient

    assert owner_api.get(f"/api/v1/courses/{10**30}/").json() == {"message": "Not found."}
    assert APIClient().get(f"/api/v1/courses/{10**30}/").status_code == 401
