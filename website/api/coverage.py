"""Which seed operations the API implements, read from the generated OpenAPI schema."""

from drf_spectacular.generators import SchemaGenerator

from website.api.schema import EXTRA_OPERATION_PREFIX, seed_operations


def schema_operation_ids() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        operation["operationId"]
        for path_item in schema["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]


def unknown_operation_ids(operation_ids) -> list[str]:
    """Ids that are neither a seed operation nor an x_-prefixed extra."""
    known = seed_operations()
    return sorted(i for i in operation_ids if i not in known and not i.startswith(EXTRA_OPERATION_PREFIX))
