"""Tolerant request field types: accept what the seed's samples send, so views never parse by hand.

Ids come as numbers or numeric strings; lists as JSON arrays or as a JSON array inside a string
(`"delete_ids": "[1,2,3]"`); objects as JSON objects or JSON text in a query string.
DRF's BooleanField already takes true/"true"/1 and IntegerField takes "5".
"""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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
        kwargs.setdefault("child", serializers.IntegerField(min_value=1))
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


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object, given as an object or as JSON text (query strings carry text)."""

    default_error_messages = {"invalid": 'Must be a JSON object, e.g. {"key": "value"}.'}

    def to_internal_value(self, data):
        return _decode_json_text(data, dict, serializers.ValidationError(self.error_messages["invalid"]))

    def to_representation(self, value):
        return value


class LenientIntegerField(serializers.IntegerField):
    """An integer that also takes "5" and 5.0; blank text counts as absent (None) when allowed."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip() == "" and self.allow_null:
            return None
        return super().to_internal_value(data)


class LenientCharField(serializers.CharField):
    """Text that also takes numbers (the seed sends "organizationId": 97852067 and "97852067")."""

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        return super().to_internal_value(data)
