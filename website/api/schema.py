"""OpenAPI plumbing: every operation carries its seed operationId, title and module tag.

The contract's list of operations is kept in `seed_operations.json` beside this file (generated from
the seed by `manage.py sync_seed_operations`), so the project needs nothing outside itself at run time.
"""

import json
from functools import cache
from pathlib import Path

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view

SEED_OPERATIONS_FILE = Path(__file__).with_name("seed_operations.json")
EXTRA_OPERATION_PREFIX = "x_"
PUBLIC_API_PREFIX = "/api/v1/"


@cache
def seed_operations() -> dict[str, dict]:
    """operationId -> {"module", "title", "description"} for the 500 documented operations."""
    entries = json.loads(SEED_OPERATIONS_FILE.read_text())
    return {entry["operationId"]: entry for entry in entries}


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _operation(**schema_kwargs):
    """`extend_schema` that also decorates a single-operation view class (on its one handler)."""
    decorate = extend_schema(**schema_kwargs)

    def apply(target):
        if not isinstance(target, type):
            return decorate(target)
        handlers = [method for method in HTTP_METHODS if hasattr(target, method)]
        if len(handlers) != 1:
            raise TypeError(f"{target.__name__} has {len(handlers)} handlers; name an operation on each.")
        return extend_schema_view(**{handlers[0]: decorate})(target)

    return apply


def seed_operation(operation_id: str, **kwargs):
    """The schema of a documented operation: its operationId, title as summary, module as tag.

    Decorates a handler method or a view class with one handler. An unknown id fails at import time.
    """
    entry = seed_operations()[operation_id]
    kwargs.setdefault("description", entry["description"] or None)
    return _operation(operation_id=operation_id, summary=entry["title"], tags=[entry["module"]], **kwargs)


def seed_operations_view(**operations):
    """Name the seed operation of each HTTP method of a view: `get="...", post=("...", {kwargs})`."""
    decorators = {}
    for method, spec in operations.items():
        operation_id, kwargs = (spec, {}) if isinstance(spec, str) else spec
        decorators[method] = seed_operation(operation_id, **kwargs)
    return extend_schema_view(**decorators)


def extra_operation(operation_id: str, *, tag: str, summary: str, **kwargs):
    """`extend_schema` for an operation the seed does not document (its id starts with `x_`)."""
    if not operation_id.startswith(EXTRA_OPERATION_PREFIX):
        raise ValueError(f"Operations outside the seed must start with {EXTRA_OPERATION_PREFIX!r}.")
    return _operation(operation_id=operation_id, summary=summary, tags=[tag], **kwargs)


class LecternAutoSchema(AutoSchema):
    """Lets a view describe its query parameters and bodies declaratively (see website.api.views).

    A view may define `query_serializer_class` (exploded into query parameters),
    `input_serializer_class` (the request body) and `get_response_schema()` (the 2xx body).
    """

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        query_serializer = getattr(self.view, "query_serializer_class", None)
        if query_serializer is not None and self.method == "GET":
            parameters.insert(0, query_serializer)
        return parameters

    def get_request_serializer(self):
        serializer = getattr(self.view, "input_serializer_class", None)
        if serializer is not None and self.method in ("POST", "PUT", "PATCH"):
            return serializer
        return None

    def get_response_serializers(self):
        response_schema = getattr(self.view, "get_response_schema", None)
        if response_schema is not None and self.method == "GET":
            return response_schema()
        return super().get_response_serializers()


def keep_public_api_paths(endpoints):
    """Only /api/v1/ belongs to the contract (Wagtail's internal admin API stays out of it)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_API_PREFIX)]
