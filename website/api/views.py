"""Base views: an endpoint declares its permission, inputs, selector and serializer; these do the rest.

- `ApiView`: permission policy, input parsing (422 on bad input), the caller's portal scope.
- `TabularListView`: the seed's tabular lists (page_size, page_number, order_by, search_param ->
  recordsTotal, recordsFiltered, records).
- `ChoicesLookupView` / `QueryLookupView`: dropdown lookups in the documented shape.
"""

from collections.abc import Callable, Mapping
from functools import cache, cached_property
from typing import Any

from django.db.models import Model, QuerySet, TextChoices
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from website.api.fields import MAX_DB_INTEGER, JSONObjectField, LenientIntegerField, db_integer
from website.permissions import HasRequiredPermission
from website.tenancy import PortalScope, portal_scope

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 200
LOOKUP_LIMIT = 200
MAX_PAGE_NUMBER = MAX_DB_INTEGER // MAX_PAGE_SIZE  # so the row offset fits in the database


class ApiView(APIView):
    """Every Lectern endpoint. Declares, never re-implements, permission and parsing.

    `permission_required`: a Django permission ("app.codename"), or a dict by HTTP method.
    `allow_portal_admins`: portal admins pass too, confined to their portals by `portal_scope`.
    `query_serializer_class` / `input_serializer_class`: what `parse_query` / `parse_body` validate.
    """

    permission_classes = [IsAuthenticated, HasRequiredPermission]
    permission_required: str | dict[str, str] | None = None
    allow_portal_admins = False
    query_serializer_class: type[serializers.Serializer] | None = None
    input_serializer_class: type[serializers.Serializer] | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # `<int:...>` matches any run of digits; an id past what the database stores names no row.
        if any(isinstance(value, int) and abs(value) > MAX_DB_INTEGER for value in kwargs.values()):
            raise NotFound

    def parse_query(self, serializer_class=None) -> dict[str, Any]:
        return self._validate(serializer_class or self.query_serializer_class, self.request.query_params)

    def parse_body(self, serializer_class=None, **context) -> dict[str, Any]:
        return self._validate(serializer_class or self.input_serializer_class, self.request.data, **context)

    def _validate(self, serializer_class, data, **context) -> dict[str, Any]:
        serializer = serializer_class(data=data, context={"request": self.request, "view": self, **context})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @cached_property
    def portal_scope(self) -> PortalScope:
        """The caller's portals, narrowed by `portalId` (query or body); 404 for a hidden portal."""
        raw = self.request.query_params.get("portalId")
        if raw is None and isinstance(self.request.data, Mapping):
            raw = self.request.data.get("portalId")
        try:
            return portal_scope(self.request.user, raw)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"portalId": ["The portal id must be an integer."]}) from exc


class PortalIdQuerySerializer(serializers.Serializer):
    portalId = LenientIntegerField(
        required=False, allow_null=True, help_text="A portal and its sub-portals; -1 or absent: all."
    )


class TabularQuerySerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE)
    page_number = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    order_by = JSONObjectField(
        required=False, help_text='JSON: {"colName": "<column>", "direction": "asc"|"desc"}.'
    )
    search_param = JSONObjectField(required=False, help_text="JSON object of the documented filter keys.")


SearchFilter = Callable[[QuerySet, Any], QuerySet]


class TabularListView(ApiView):
    """A seed tabular list. Subclasses declare:

    `row_serializer_class`; `get_queryset()` (rows the caller may see, from a selector);
    `order_columns` ({colName: ORM field}); `default_ordering`; `search_filters` ({key: filter});
    optionally `envelope_extra_serializer` and `get_extra_payload()` for documented extra keys.
    """

    query_serializer_class = TabularQuerySerializer
    row_serializer_class: type[serializers.Serializer]
    order_columns: Mapping[str, str] = {}
    default_ordering: tuple[str, ...] = ("-pk",)
    search_filters: Mapping[str, SearchFilter] = {}
    include_records_filtered = True
    envelope_extra_serializer: type[serializers.Serializer] | None = None

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError(f"{type(self).__name__} must say which rows the caller may see.")

    def get_extra_payload(self, visible: QuerySet) -> dict[str, Any]:
        return {}

    def get(self, request, *args, **kwargs):
        self.query = self.parse_query()
        ordering = self.ordering(self.query.get("order_by"))
        visible = self.get_queryset()
        matching = self.search(visible, self.query.get("search_param") or {})
        page_size, page_number = self.query["page_size"], self.query["page_number"]
        start = (page_number - 1) * page_size
        rows = matching.order_by(*ordering)[start : start + page_size]
        payload = {"recordsTotal": visible.count()}
        if self.include_records_filtered:
            payload["recordsFiltered"] = (
                matching.count() if matching is not visible else payload["recordsTotal"]
            )
        payload["records"] = self.row_serializer_class(rows, many=True, context={"request": request}).data
        payload.update(self.get_extra_payload(visible))
        return Response(payload)

    def ordering(self, order_by: dict | None) -> list[str]:
        if not order_by:
            return [*self.default_ordering, "-pk"]
        column, direction = order_by.get("colName"), str(order_by.get("direction", "asc")).lower()
        errors = []
        if not isinstance(column, str) or column not in self.order_columns:  # a list or object: 422, not 500
            allowed = ", ".join(sorted(self.order_columns)) or "none"
            errors.append(f"Cannot order by {column!r}; sortable columns: {allowed}.")
        if direction not in ("asc", "desc"):
            errors.append("The direction must be asc or desc.")
        if errors:
            raise ValidationError({"order_by": errors})
        field = self.order_columns[column]
        prefix = "-" if direction == "desc" else ""
        return [f"{prefix}{field}", f"{prefix}pk"]

    def search(self, queryset: QuerySet, search_param: dict) -> QuerySet:
        unknown = sorted(set(search_param) - set(self.search_filters))
        if unknown:
            allowed = ", ".join(sorted(self.search_filters)) or "none"
            raise ValidationError(
                {"search_param": [f"Unknown filter(s) {', '.join(unknown)}; allowed: {allowed}."]}
            )
        errors = {}
        for key, value in search_param.items():
            try:
                queryset = self.search_filters[key](queryset, value)
            except (ValidationError, ValueError, TypeError, OverflowError) as exc:  # int(Infinity) overflows
                detail = exc.detail if isinstance(exc, ValidationError) else [f"Invalid value for {key}."]
                errors[f"search_param.{key}"] = detail if isinstance(detail, list) else [detail]
        if errors:
            raise ValidationError(errors)
        return queryset

    @classmethod
    def get_response_schema(cls):
        return tabular_envelope(
            cls.row_serializer_class, cls.include_records_filtered, cls.envelope_extra_serializer
        )


@cache
def tabular_envelope(row_serializer, include_records_filtered: bool, extra_serializer=None):
    """The tabular list envelope, documented once per row type."""
    fields = {"recordsTotal": serializers.IntegerField(help_text="Rows the caller may see.")}
    if include_records_filtered:
        fields["recordsFiltered"] = serializers.IntegerField(help_text="Rows left after search_param.")
    fields["records"] = row_serializer(many=True)
    bases = (extra_serializer,) if extra_serializer else (serializers.Serializer,)
    name = row_serializer.__name__.removesuffix("Serializer").removesuffix("Row") + "Table"
    if not include_records_filtered:
        name += "Unfiltered"
    return type(name, bases, fields)


# Search filters: small builders so a view's `search_filters` stays declarative.
def contains(field: str) -> SearchFilter:
    """Case-insensitive substring match; blank matches everything."""

    def apply(queryset: QuerySet, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(**{f"{field}__icontains": str(value).strip()})

    return apply


def any_of(field: str) -> SearchFilter:
    """Rows whose `field` is one of the ids (one id or a list of them); blank matches everything."""

    def apply(queryset: QuerySet, value):
        values = value if isinstance(value, list) else [value]
        ids = [db_integer(item) for item in values if item not in (None, "")]
        return queryset.filter(**{f"{field}__in": ids}).distinct() if ids else queryset

    return apply


def equals(field: str, cast: Callable[[Any], Any] = db_integer) -> SearchFilter:
    """Exact match after casting (ids by default); blank or null matches everything."""

    def apply(queryset: QuerySet, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(**{field: cast(value)})

    return apply


@cache
def lookup_item_serializer(value_key: str, label_key: str, value_type: str = "str"):
    """The serializer documenting a lookup item such as {db_value, display_value}, built once per shape."""
    value_field = serializers.IntegerField() if value_type == "int" else serializers.CharField()
    name = "Lookup" + "".join(part.title() for part in f"{value_key} {label_key}".replace("_", " ").split())
    return type(name, (serializers.Serializer,), {value_key: value_field, label_key: serializers.CharField()})


class ChoicesLookupView(ApiView):
    """A lookup of a model's choices: [{"db_value": ..., "display_value": ...}] by default."""

    choices: type[TextChoices]
    value_key = "db_value"
    label_key = "display_value"

    def get(self, request, *args, **kwargs):
        return Response(
            [{self.value_key: value, self.label_key: label} for value, label in self.choices.choices]
        )

    @classmethod
    def get_response_schema(cls):
        return lookup_item_serializer(cls.value_key, cls.label_key)(many=True)


class QueryLookupView(ApiView):
    """A lookup of rows: [{"id": ..., "name": ...}] by default, at most LOOKUP_LIMIT, ordered by label."""

    value_field = "id"
    label_field = "name"
    value_key = "id"
    label_key = "name"

    def get_queryset(self) -> QuerySet[Model]:
        raise NotImplementedError(f"{type(self).__name__} must say which rows the caller may see.")

    def get(self, request, *args, **kwargs):
        self.query = self.parse_query() if self.query_serializer_class else {}
        rows = (
            self.get_queryset()
            .order_by(self.label_field, "pk")
            .values_list(self.value_field, self.label_field)
        )
        return Response(
            [{self.value_key: value, self.label_key: label} for value, label in rows[:LOOKUP_LIMIT]]
        )

    @classmethod
    def get_response_schema(cls):
        return lookup_item_serializer(cls.value_key, cls.label_key, "int")(many=True)
