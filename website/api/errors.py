"""One exception handler, one error shape for the whole API.

401 {"message": "Unauthenticated."}; 403 {"message": "This action is unauthorized."};
404 {"message": "Not found."}; 422 {"message": "The given data was invalid.", "errors": {...}}.
A 500 is always a bug: nothing here turns one into a 4xx.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

INVALID_DATA_MESSAGE = "The given data was invalid."
UNAUTHENTICATED_MESSAGE = "Unauthenticated."
UNAUTHORIZED_MESSAGE = "This action is unauthorized."
NOT_FOUND_MESSAGE = "Not found."


class Unprocessable(exceptions.ValidationError):
    """A validation failure raised by a service (not a serializer), e.g. a business rule."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def _field_errors(detail) -> dict[str, list[str]]:
    """Flatten DRF's nested error detail into {"field": ["message", ...]} (dotted paths for nesting).

    A nested object's own (non-field) errors sit under its path: {"lines": {2: {"non_field_errors":
    [...]}}} (DRF's many=True errors are keyed by position) becomes {"lines.2": [...]}.
    """
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for field, value in detail.items():
            # Django's model validation names non-field errors "__all__"; DRF says "non_field_errors".
            key = "non_field_errors" if field in ("non_field_errors", NON_FIELD_ERRORS) else str(field)
            if isinstance(value, dict):
                for sub, messages in _field_errors(value).items():
                    flat[f"{key}.{sub}" if sub != "non_field_errors" else key] = messages
            elif isinstance(value, list) and value and isinstance(value[0], dict | list):
                for index, item in enumerate(value):
                    for sub, messages in _field_errors(item).items():
                        flat[f"{key}.{index}.{sub}" if sub != "non_field_errors" else f"{key}.{index}"] = (
                            messages
                        )
            else:
                flat[key] = [str(message) for message in (value if isinstance(value, list) else [value])]
        return flat
    if isinstance(detail, list):
        return {"non_field_errors": [str(message) for message in detail]}
    return {"non_field_errors": [str(detail)]}


def validation_error_response(errors: dict[str, list[str]]) -> Response:
    return Response(
        {"message": INVALID_DATA_MESSAGE, "errors": errors},
        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if not isinstance(exc, exceptions.APIException):
        return None

    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        response = validation_error_response(_field_errors(exc.detail))
    elif isinstance(exc, exceptions.ParseError):
        response = validation_error_response({"body": [str(exc.detail)]})
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = Response({"message": UNAUTHENTICATED_MESSAGE}, status=status.HTTP_401_UNAUTHORIZED)
    elif isinstance(exc, exceptions.PermissionDenied):
        response = Response({"message": UNAUTHORIZED_MESSAGE}, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, exceptions.NotFound):
        response = Response({"message": NOT_FOUND_MESSAGE}, status=status.HTTP_404_NOT_FOUND)
    else:
        response = Response({"message": str(exc.detail)}, status=exc.status_code)
    for name, value in headers.items():
        response[name] = value
    return response
