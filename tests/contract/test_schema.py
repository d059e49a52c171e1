"""The API's contract: seed operationIds only (or x_ extras), a valid schema, and a committed snapshot."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

from website.api.coverage import schema_operation_ids, unknown_operation_ids
from website.api.schema import seed_operations

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"

FOUNDATION_OPERATIONS = {
    "audit_get_audit_activities",
    "audit_audit_activity_lookup",
    "badges_get_a_tabular_list_of_badges_with_pagination_and_search",
    "badges_create_a_new_badge",
    "badges_update_an_existing_badge_by_its_id",
    "badges_delete_specified_badges",
    "categories_course_category_lookup",
    "categories_question_category_lookup",
    "categories_user_category_lookup",
    "categories_learning_path_category_lookup",
    "categories_course_category_tabular_list",
    "categories_module_category_tabular_list",
    "categories_product_category_tabular_list",
    "categories_question_category_tabular_list",
    "categories_create_category",
    "categories_update_category",
    "categories_get_category",
    "categories_delete_categories_of_given_type",
    "categories_learning_path_category_tabular_list",
    "leaderboard_leaderboard_tier_tabular_list",
    "leaderboard_create_a_new_tier",
    "locations_create_a_new_location",
    "locations_location_tabular_list",
    "locations_get_location",
    "locations_update_location",
    "locations_delete_location",
    "locations_location_lookup",
}


def generated_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_is_a_seed_operation_or_an_x_extra():
    assert unknown_operation_ids(schema_operation_ids()) == []


def test_operation_ids_are_unique():
    ids = schema_operation_ids()
    assert len(ids) == len(set(ids))


def test_the_foundation_operations_are_implemented():
    assert set(schema_operation_ids()) >= FOUNDATION_OPERATIONS


def test_seed_operations_carry_their_title_and_module():
    seed = seed_operations()
    for path_item in generated_schema()["paths"].values():
        for operation in path_item.values():
            entry = seed.get(operation["operationId"])
            if entry:
                assert operation["summary"] == entry["title"]
                assert operation["tags"] == [entry["module"]]


def test_the_schema_is_valid_openapi():
    validate_schema(generated_schema())


def test_the_committed_schema_matches_the_code():
    """Regenerate with `make schema` when an API change is intended; the diff shows it in review."""
    rendered = OpenApiYamlRenderer().render(generated_schema(), renderer_context={})
    assert SNAPSHOT.exists(), "docs/api/openapi.yaml is missing: run `make schema`"
    assert yaml.safe_load(rendered) == yaml.safe_load(SNAPSHOT.read_text()), (
        "schema changed: run `make schema`"
    )


def test_seed_coverage_command_reports_the_count(capsys):
    call_command("seed_coverage")
    implemented = len(set(schema_operation_ids()) & set(seed_operations()))
    assert capsys.readouterr().out.strip().endswith(f"implemented {implemented} of 500 seed operations")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, content_type",
    [("?format=json", "application/vnd.oai.openapi+json"), ("", "application/vnd.oai.openapi")],
)
def test_schema_is_served_as_json_and_yaml(client, query, content_type):
    response = client.get(f"/api/schema/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_nothing_from_a_cdn(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html
