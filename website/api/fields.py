"""Tolerant request field types: accept what the seed's samples send, so views never parse by hand.

Ids come as numbers or numeric strings; lists as JSON arrays or as a JSON array inside a string
(`"delete_ids": "[1,2,3]"`); objects as JSON objects or JSON text in a query string.
DRF's BooleanField already takes true/"true"/1 and IntegerField takes "5".
"""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The largest integer a database column stores (64-bit signed): ids and page offsets past it name no row,
# and a query that carries one fails in the driver (OverflowError on SQLite, DataError on PostgreSQL).
MAX_DB_INTEGER = 2**63 - 1


def db_integer(value) -> int:
    """int(value), refused with ValueError when no database column could hold it."""
    number = int(value)
    if abs(number) > MAX_DB_INTEGER:
        raise ValueError(f"{value!r} is out of range.")
    return number


def _decode_json_text(value, expected_type: type, error):
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return expected_type()
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise error from exc
    if not isinstance(value, expected_type):
        raise error
    return value


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdListField(serializers.ListField):
    """A list of positive integer ids, given as a JSON array or a JSON array in a string ("[1,2]")."""

    default_error_messages = {"not_a_list": "Expected a list of ids such as [1, 2, 3]."}

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField(min_value=1, max_value=MAX_DB_INTEGER))
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        # A form or query string sends one value ("[1,2]" or "1"), not a list.
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            return values[0] if len(values) == 1 else values
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        # One id ("5" or 5) stands for a list of one; JSON text ("[1,2]", "", "{...}") is decoded.
        if isinstance(data, int) or (isinstance(data, str) and data.strip()[:1] not in ("", "[", "{")):
            data = [data]
        data = _decode_json_text(data, list, serializers.ValidationError(self.error_messages["not_a_list"]))
        ids = super().to_internal_value(data)
        return list(dict.fromkeys(ids))  # keep order, drop repeats


def _has_null_character(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_null_character(key) or _has_null_character(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_null_character(item) for item in value)
    return False


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object, given as an object or as JSON text (query strings carry text). Like DRF's
    CharField it refuses NUL characters, which PostgreSQL cannot compare or store."""

    default_error_messages = {
        "invalid": 'Must be a JSON object, e.g. {"key": "value"}.',
        "null_characters": "Null characters are not allowed.",
    }

    def to_internal_value(self, data):
        value = _decode_json_text(data, dict, serializers.ValidationError(self.error_messages["invalid"]))
        if _has_null_character(value):
            self.fail("null_characters")
        return value

    def to_representation(self, value):
        return value


class LenientIntegerField(serializers.IntegerField):
    """An integer that also takes "5" and 5.0, within what the database stores; blank text counts as
    absent (None) when allowed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_DB_INTEGER)
        kwargs.setdefault("min_value", -MAX_DB_INTEGER)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        # Blank becomes None before the validators run: min_value would compare None with an int.
        if isinstance(data, str) and data.strip() == "" and self.allow_null:
            data = None
        return super().validate_empty_values(data)


class LenientCharField(serializers.CharField):
    """Text that also takes numbers (the seed sends "organizationId": 97852067 and "97852067")."""

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        return super().to_internal_value(data)
