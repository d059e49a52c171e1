"""Categories API: five tabular lists, four lookups, create, get, update and bulk (soft) delete.

Items that use categories (courses, quizzes...) do not exist yet; `usage_items` plays their part so the
usage registry's effects (counts, kept rows, usedInPlaces, frozen type) go through the real queries.
"""

import json
from datetime import datetime

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.categories import usage as usage_registry
from lms.categories.models import Category, CategoryType
from lms.categories.usage import CategoryUsage, register_category_usage
from tests.conftest import api_client_for
from tests.factories import CategoryFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/api/v1/categories/"
DELETE_URL = "/api/v1/categories/delete/"
TABLE_URLS = {
    CategoryType.COURSE: "/api/v1/categories/course/",
    CategoryType.MODULE: "/api/v1/categories/module/",
    CategoryType.PRODUCT: "/api/v1/categories/product/",
    CategoryType.QUESTION: "/api/v1/categories/question/",
    CategoryType.LEARNING_PATH: "/api/v1/categories/learning-path/",
}
LOOKUP_URLS = {
    CategoryType.COURSE: "/api/v1/categories/course/lookup/",
    CategoryType.QUESTION: "/api/v1/categories/question/lookup/",
    CategoryType.USER: "/api/v1/categories/user/lookup/",
    CategoryType.LEARNING_PATH: "/api/v1/categories/learning-path/lookup/",
}
TABLE_TYPES = list(TABLE_URLS)

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."
DUPLICATE_NAME = {"category_name": ["A category with this name already exists for this type."]}

CATEGORY_PERMISSIONS = [
    "categories.add_category",
    "categories.change_category",
    "categories.delete_category",
    "categories.view_category",
]


def detail_url(category_id):
    return f"/api/v1/categories/{category_id}/"


def local(*args):
    """An aware datetime in the current time zone (the one responses are written in)."""
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def stamp(category, created_at, updated_at=None):
    """Pin a category's timestamps (auto_now fields cannot be set through the factory)."""
    Category.all_objects.filter(pk=category.pk).update(
        created_at=created_at, updated_at=updated_at or created_at
    )


def soft_deleted(**fields):
    category = CategoryFactory(**fields)
    Category.all_objects.filter(pk=category.pk).update(deleted_at=timezone.now())
    return category


def category_state():
    """Everything a refused or invalid request must leave untouched."""
    return list(Category.all_objects.order_by("pk").values()), Activity.objects.count()


def table(client, category_type, **params):
    """GET a tabular list; dict params (order_by, search_param) travel as JSON text, as the seed sends."""
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return client.get(TABLE_URLS[category_type], query)


def names(response):
    return [row["name"] for row in response.json()["records"]]


def invalid(errors):
    return {"message": INVALID, "errors": errors}


# --- Items that use categories -----------------------------------------------------------------


@pytest.fixture(scope="module")
def usage_items(django_db_setup, django_db_blocker):
    """A throwaway model with two category foreign keys (related names `usage_items`, `usage_extras`).

    Its table is created outside the tests' transactions (SQLite cannot change schema inside one)
    and dropped, and the model unregistered, when the module is done.
    """
    meta = type("Meta", (), {"app_label": "categories", "ordering": ["pk"]})
    model = type(
        "UsageTestItem",
        (models.Model,),
        {
            "__module__": __name__,
            "Meta": meta,
            "name": models.CharField(max_length=100),
            "category": models.ForeignKey(Category, on_delete=models.CASCADE, related_name="usage_items"),
            "extra_category": models.ForeignKey(
                Category, null=True, on_delete=models.CASCADE, related_name="usage_extras"
            ),
            "__str__": lambda self: self.name,
        },
    )
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(model)
    yield model
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(model)
    del apps.all_models["categories"][model._meta.model_name]
    delattr(Category, "usage_items")
    delattr(Category, "usage_extras")
    apps.clear_cache()


@pytest.fixture
def use_categories(usage_items, monkeypatch):
    """`use_categories(type, related_name, noun, blocks_delete)` registers a usage for this test only."""
    monkeypatch.setattr(usage_registry, "_usages", [])

    def register(category_type, related_name="usage_items", noun="dynamic quiz", blocks_delete=True):
        register_category_usage(CategoryUsage(category_type, related_name, noun, blocks_delete))
        return usage_items

    return register


# --- Who may call what -------------------------------------------------------------------------

# (name, method, url with {pk} for an existing course category, body, permission, portal admins pass)
ENDPOINTS = [
    *[
        (f"{kind}-table", "get", url, None, "categories.view_category", False)
        for kind, url in TABLE_URLS.items()
    ],
    *[
        (f"{kind}-lookup", "get", url, None, "categories.view_category", True)
        for kind, url in LOOKUP_URLS.items()
    ],
    (
        "create",
        "post",
        CREATE_URL,
        {"category_name": "category-new", "categoryType": "course"},
        "categories.add_category",
        False,
    ),
    ("get", "get", "/api/v1/categories/{pk}/", None, "categories.view_category", False),
    (
        "update",
        "put",
        "/api/v1/categories/{pk}/",
        {"category_name": "renamed", "categoryType": "course"},
        "categories.change_category",
        False,
    ),
    (
        "delete",
        "post",
        DELETE_URL,
        {"type": "course", "delete_ids": "[{pk}]"},
        "categories.delete_category",
        False,
    ),
]

REFUSED_ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_the_other_category_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}


def _refusals():
    for name, method, url, body, permission, portal_admins_pass in ENDPOINTS:
        for role, (status, message) in REFUSED_ROLES.items():
            if role == "portal_admin" and portal_admins_pass:
                continue
            yield pytest.param(method, url, body, permission, role, status, message, id=f"{name}-{role}")


def _call(client, method, url, body, pk):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    payload = {key: value.format(pk=pk) if isinstance(value, str) else value for key, value in body.items()}
    return getattr(client, method)(url, payload, format="json")


@pytest.fixture
def client_as(request, staff_api_with):
    def make(role, permission):
        if role == "anonymous":
            return APIClient()
        if role == "staff_with_the_other_category_permissions":
            return staff_api_with(*[p for p in CATEGORY_PERMISSIONS if p != permission])
        return api_client_for(request.getfixturevalue(role))

    return make


@pytest.mark.parametrize(
    ("method", "url", "body", "permission", "role", "status", "message"), list(_refusals())
)
def test_refused_callers_get_the_error_and_change_nothing(
    client_as, method, url, body, permission, role, status, message
):
    # Given a course category and a caller who lacks the endpoint's permission
    category = CategoryFactory(name="Category-1", type=CategoryType.COURSE)
    client = client_as(role, permission)
    before = category_state()

    # When the caller calls the endpoint
    response = _call(client, method, url, body, category.pk)

    # Then the request is refused with the documented body, and no category or audit row changed
    assert response.status_code == status
    assert response.json() == message
    assert category_state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"),
    [pytest.param(*endpoint[1:5], id=endpoint[0]) for endpoint in ENDPOINTS],
)
def test_staff_holding_exactly_the_endpoint_permission_is_served(
    staff_api_with, method, url, body, permission
):
    # Given a course category and a staff member holding only the endpoint's permission
    category = CategoryFactory(name="Category-1", type=CategoryType.COURSE)

    # When they call the endpoint
    response = _call(staff_api_with(permission), method, url, body, category.pk)

    # Then they are served
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("category_type", list(LOOKUP_URLS))
def test_a_portal_admin_may_use_the_lookups(portal_admin, category_type):
    # Given a category of the lookup's type and an admin of a portal (no academy permission)
    category = CategoryFactory(name="Picked", type=category_type)

    # When the portal admin asks the lookup
    response = api_client_for(portal_admin).get(LOOKUP_URLS[category_type])

    # Then the dropdown is served
    assert response.status_code == 200
    assert response.json() == [{"id": category.pk, "name": "Picked"}]


# --- Tabular lists -----------------------------------------------------------------------------


@pytest.mark.parametrize("category_type", TABLE_TYPES)
class TestCategoryTable:
    def test_rows_have_the_documented_shape_newest_first(self, owner_api, category_type):
        # Given three live categories of the type by two authors, one without an author,
        # plus one of another type and one soft-deleted
        client_admin = UserFactory(first_name="Client", last_name="Admin")
        aom_staff = StaffFactory(first_name="Aom", last_name="Staff")
        first = CategoryFactory(name="Category-1", type=category_type, created_by=aom_staff)
        second = CategoryFactory(name="category-new", type=category_type, created_by=aom_staff)
        third = CategoryFactory(name="superman_postman", type=category_type, created_by=client_admin)
        anonymous_author = CategoryFactory(name="imported", type=category_type, created_by=None)
        stamp(first, local(2020, 8, 9, 18, 20))
        stamp(second, local(2020, 8, 10, 12, 37))
        stamp(third, local(2020, 8, 10, 12, 43))
        stamp(anonymous_author, local(2019, 1, 2, 0, 5))
        CategoryFactory(type=CategoryType.USER)
        soft_deleted(name="gone", type=category_type)

        # When the owner lists the type's categories as the seed does
        response = table(
            owner_api,
            category_type,
            page_size=9,
            page_number=1,
            order_by={"colName": "created_at", "direction": "desc"},
            search_param={"categoryName": ""},
        )

        # Then the envelope and rows are exactly as documented
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 4,
            "recordsFiltered": 4,
            "records": [
                {
                    "id": third.pk,
                    "name": "superman_postman",
                    "author": "Client Admin",
                    "count": 0,
                    "created_at": "Aug 10, 2020 12:43 PM",
                },
                {
                    "id": second.pk,
                    "name": "category-new",
                    "author": "Aom Staff",
                    "count": 0,
                    "created_at": "Aug 10, 2020 12:37 PM",
                },
                {
                    "id": first.pk,
                    "name": "Category-1",
                    "author": "Aom Staff",
                    "count": 0,
                    "created_at": "Aug 09, 2020 06:20 PM",
                },
                {
                    "id": anonymous_author.pk,
                    "name": "imported",
                    "author": "",
                    "count": 0,
                    "created_at": "Jan 02, 2019 12:05 AM",
                },
            ],
        }

    def test_without_parameters_newest_come_first(self, owner_api, category_type):
        # Given two categories created on different days
        older = CategoryFactory(name="older", type=category_type)
        newer = CategoryFactory(name="newer", type=category_type)
        stamp(older, local(2024, 1, 1))
        stamp(newer, local(2024, 1, 2))

        # When the list is asked for without parameters
        response = owner_api.get(TABLE_URLS[category_type])

        # Then the newest comes first
        assert response.status_code == 200
        assert names(response) == ["newer", "older"]

    @pytest.mark.parametrize(
        ("col_name", "direction", "expected"),
        [
            ("name", "asc", ["alpha", "beta", "gamma"]),
            ("name", "desc", ["gamma", "beta", "alpha"]),
            ("author", "asc", ["gamma", "alpha", "beta"]),
            ("created_at", "asc", ["beta", "gamma", "alpha"]),
            ("created_at", "DESC", ["alpha", "gamma", "beta"]),
        ],
    )
    def test_order_by_an_allowed_column(self, owner_api, category_type, col_name, direction, expected):
        # Given three categories with distinct names, authors and creation times
        rows = {
            "alpha": ("Bob", local(2024, 3, 3)),
            "beta": ("Carol", local(2024, 3, 1)),
            "gamma": ("Alice", local(2024, 3, 2)),
        }
        for name, (author, created_at) in rows.items():
            category = CategoryFactory(
                name=name, type=category_type, created_by=StaffFactory(first_name=author)
            )
            stamp(category, created_at)

        # When the list is ordered by the column
        response = table(owner_api, category_type, order_by={"colName": col_name, "direction": direction})

        # Then the rows come in that order
        assert response.status_code == 200
        assert names(response) == expected

    def test_order_by_count(self, owner_api, use_categories, category_type):
        # Given categories used by 0, 2 and 1 items
        items = use_categories(category_type)
        unused = CategoryFactory(name="unused", type=category_type)
        busy = CategoryFactory(name="busy", type=category_type)
        quiet = CategoryFactory(name="quiet", type=category_type)
        items.objects.create(name="a", category=busy)
        items.objects.create(name="b", category=busy)
        items.objects.create(name="c", category=quiet)

        # When the list is ordered by count, both ways
        ascending = table(owner_api, category_type, order_by={"colName": "count", "direction": "asc"})
        descending = table(owner_api, category_type, order_by={"colName": "count", "direction": "desc"})

        # Then the counts are right and order the rows
        assert [(r["name"], r["count"]) for r in ascending.json()["records"]] == [
            ("unused", 0),
            ("quiet", 1),
            ("busy", 2),
        ]
        assert names(descending) == ["busy", "quiet", "unused"]
        assert unused.pk == ascending.json()["records"][0]["id"]

    @pytest.mark.parametrize(
        ("order_by", "errors"),
        [
            (
                '{"colName": "password", "direction": "asc"}',
                {
                    "order_by": [
                        "Cannot order by 'password'; sortable columns: author, count, created_at, name."
                    ]
                },
            ),
            (
                '{"colName": "name", "direction": "sideways"}',
                {"order_by": ["The direction must be asc or desc."]},
            ),
            ('{"colName": "name"', {"order_by": ['Must be a JSON object, e.g. {"key": "value"}.']}),
        ],
        ids=["unknown-column", "unknown-direction", "bad-json"],
    )
    def test_a_bad_order_by_is_422(self, owner_api, category_type, order_by, errors):
        # Given a category
        CategoryFactory(type=category_type)

        # When the list is ordered by something not allowed
        response = owner_api.get(TABLE_URLS[category_type], {"order_by": order_by})

        # Then the request is refused with the field's error
        assert response.status_code == 422
        assert response.json() == invalid(errors)

    def test_search_by_category_name(self, owner_api, category_type):
        # Given four categories of the type, two of them with "post" in the name, and one of another type
        for name in ["superman_postman", "Postcards", "category-new", "Category-1"]:
            CategoryFactory(name=name, type=category_type)
        other = CategoryType.USER if category_type != CategoryType.USER else CategoryType.COURSE
        CategoryFactory(name="post elsewhere", type=other)

        # When the list is searched for "POST"
        response = table(
            owner_api,
            category_type,
            order_by={"colName": "name", "direction": "asc"},
            search_param={"categoryName": " POST "},
        )

        # Then the matching rows come back, and the counts say how many the search left
        assert response.status_code == 200
        assert response.json()["recordsTotal"] == 4
        assert response.json()["recordsFiltered"] == 2
        assert names(response) == ["Postcards", "superman_postman"]

    @pytest.mark.parametrize(
        ("search_param", "errors"),
        [
            ("{categoryName: x}", {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']}),
            ('["categoryName"]', {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']}),
            (
                '{"courseId": "1", "categoryName": ""}',
                {"search_param": ["Unknown filter(s) courseId; allowed: categoryName."]},
            ),
        ],
        ids=["bad-json", "not-an-object", "unknown-key"],
    )
    def test_a_bad_search_param_is_422(self, owner_api, category_type, search_param, errors):
        # Given a category
        CategoryFactory(type=category_type)

        # When the list is searched with a bad search_param
        response = owner_api.get(TABLE_URLS[category_type], {"search_param": search_param})

        # Then the request is refused with the field's error
        assert response.status_code == 422
        assert response.json() == invalid(errors)

    def test_paging(self, owner_api, category_type):
        # Given five categories
        for index in range(5):
            CategoryFactory(name=f"cat-{index}", type=category_type)

        # When pages of two are asked for, in name order
        pages = [
            table(
                owner_api,
                category_type,
                page_size=2,
                page_number=number,
                order_by={"colName": "name", "direction": "asc"},
            ).json()
            for number in (1, 2, 3, 4)
        ]

        # Then each page holds its slice, and the totals stay those of the whole list
        assert [[row["name"] for row in page["records"]] for page in pages] == [
            ["cat-0", "cat-1"],
            ["cat-2", "cat-3"],
            ["cat-4"],
            [],
        ]
        assert {(page["recordsTotal"], page["recordsFiltered"]) for page in pages} == {(5, 5)}

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"page_size": 0}, "page_size"),
            ({"page_size": 201}, "page_size"),
            ({"page_size": "many"}, "page_size"),
            ({"page_number": 0}, "page_number"),
        ],
    )
    def test_bad_paging_is_422(self, owner_api, category_type, params, field):
        # When the list is asked for with a page out of bounds
        response = owner_api.get(TABLE_URLS[category_type], params)

        # Then the request is refused naming the field
        assert response.status_code == 422
        assert response.json()["message"] == INVALID
        assert list(response.json()["errors"]) == [field]

    def test_the_query_count_does_not_grow_with_the_page(
        self, owner_api, count_queries, use_categories, category_type
    ):
        # Given twenty categories, each by its own author and used by an item
        items = use_categories(category_type)
        for index in range(20):
            category = CategoryFactory(name=f"cat-{index:02}", type=category_type, created_by=StaffFactory())
            items.objects.create(name=f"item-{index}", category=category)
        search = {"search_param": {"categoryName": "cat"}}
        table(owner_api, category_type, page_size=1)  # warm up (token and content-type caches)

        # When a page of one and a page of fifty are listed
        one, small = count_queries(lambda: table(owner_api, category_type, page_size=1, **search))
        fifty, large = count_queries(lambda: table(owner_api, category_type, page_size=50, **search))

        # Then both pages cost the same number of queries
        assert len(one.json()["records"]) == 1
        assert len(fifty.json()["records"]) == 20
        assert {row["count"] for row in fifty.json()["records"]} == {1}
        assert small == large


def test_the_count_adds_every_registered_usage_of_the_type(owner_api, use_categories):
    # Given a course category used by two items through one relation and one through another,
    # and a usage registered for another type only
    items = use_categories(CategoryType.COURSE, "usage_items")
    use_categories(CategoryType.COURSE, "usage_extras", noun="bundle", blocks_delete=False)
    course = CategoryFactory(name="Category-1", type=CategoryType.COURSE)
    items.objects.create(name="one", category=course)
    items.objects.create(name="two", category=course, extra_category=course)

    # When the course categories are listed
    response = owner_api.get(TABLE_URLS[CategoryType.COURSE])

    # Then the count adds the distinct items of both relations
    assert response.json()["records"][0]["count"] == 3


def test_the_count_ignores_usages_registered_for_other_types(owner_api, use_categories):
    # Given a course category held through a relation registered for question categories only
    items = use_categories(CategoryType.QUESTION)
    course = CategoryFactory(name="Category-1", type=CategoryType.COURSE)
    items.objects.create(name="one", category=course)

    # When the course categories are listed
    response = owner_api.get(TABLE_URLS[CategoryType.COURSE])

    # Then nothing counts for it
    assert response.json()["records"][0]["count"] == 0


# --- Lookups -----------------------------------------------------------------------------------


@pytest.mark.parametrize("category_type", list(LOOKUP_URLS))
def test_a_lookup_lists_live_categories_of_its_type_by_name(owner_api, category_type):
    # Given two categories of the type, one of another type and one soft-deleted
    beta = CategoryFactory(name="beta", type=category_type)
    alpha = CategoryFactory(name="Alpha", type=category_type)
    other = CategoryType.PRODUCT
    CategoryFactory(name="another type", type=other)
    soft_deleted(name="gone", type=category_type)

    # When the lookup is asked
    response = owner_api.get(LOOKUP_URLS[category_type])

    # Then it answers [{"id", "name"}] for the live ones of the type, by name
    assert response.status_code == 200
    assert response.json() == [{"id": alpha.pk, "name": "Alpha"}, {"id": beta.pk, "name": "beta"}]


class TestCourseCategoryLookup:
    @pytest.mark.parametrize("as_text", [True, False], ids=["array-text", "array-repeated"])
    def test_array_keeps_only_those_ids(self, owner_api, as_text):
        # Given three course categories
        first, second, third = (CategoryFactory(name=n, type=CategoryType.COURSE) for n in "abc")

        # When the lookup is asked for two of them, as array=[1,2] or array=1&array=2
        ids = [first.pk, third.pk]
        params = {"array": json.dumps(ids)} if as_text else {"array": ids}
        response = owner_api.get(LOOKUP_URLS[CategoryType.COURSE], params)

        # Then only those come back
        assert response.status_code == 200
        assert response.json() == [{"id": first.pk, "name": "a"}, {"id": third.pk, "name": "c"}]

    def test_a_single_id(self, owner_api):
        # Given two course categories
        first, _second = CategoryFactory.create_batch(2, type=CategoryType.COURSE)

        # When the lookup is asked for one id, as array=<id>
        response = owner_api.get(LOOKUP_URLS[CategoryType.COURSE], {"array": str(first.pk)})

        # Then only that one comes back
        assert response.json() == [{"id": first.pk, "name": first.name}]

    def test_array_ignores_ids_of_other_types(self, owner_api):
        # Given a course category and a question category
        course = CategoryFactory(name="course", type=CategoryType.COURSE)
        question = CategoryFactory(name="question", type=CategoryType.QUESTION)

        # When the course lookup is asked for both ids
        response = owner_api.get(
            LOOKUP_URLS[CategoryType.COURSE], {"array": json.dumps([course.pk, question.pk])}
        )

        # Then only the course category comes back
        assert response.json() == [{"id": course.pk, "name": "course"}]

    @pytest.mark.parametrize(
        ("array", "errors"),
        [
            ("[1,", {"array": ["Expected a list of ids such as [1, 2, 3]."]}),
            ('{"id": 1}', {"array": ["Expected a list of ids such as [1, 2, 3]."]}),
            ('["x"]', {"array.0": ["A valid integer is required."]}),
            ("[0]", {"array.0": ["Ensure this value is greater than or equal to 1."]}),
        ],
        ids=["bad-json", "object", "not-an-id", "zero"],
    )
    def test_a_bad_array_is_422(self, owner_api, array, errors):
        # When the lookup is asked with a malformed array
        response = owner_api.get(LOOKUP_URLS[CategoryType.COURSE], {"array": array})

        # Then the request is refused naming the field
        assert response.status_code == 422
        assert response.json() == invalid(errors)


@pytest.mark.parametrize("category_type", [CategoryType.USER, CategoryType.LEARNING_PATH])
class TestSearchableLookup:
    def test_search_term_matches_part_of_the_name(self, owner_api, category_type):
        # Given three categories of the type
        CategoryFactory(name="Learning Path Category 1", type=category_type)
        CategoryFactory(name="User Category 1", type=category_type)
        numquam = CategoryFactory(name="Numquam", type=category_type)

        # When the lookup is searched, case aside
        response = owner_api.get(LOOKUP_URLS[category_type], {"search_term": "NUMQ"})

        # Then only the match comes back
        assert response.status_code == 200
        assert response.json() == [{"id": numquam.pk, "name": "Numquam"}]

    def test_a_blank_search_term_lists_all(self, owner_api, category_type):
        # Given two categories of the type
        CategoryFactory.create_batch(2, type=category_type)

        # When the lookup is searched for nothing
        response = owner_api.get(LOOKUP_URLS[category_type], {"search_term": ""})

        # Then both come back
        assert len(response.json()) == 2


def test_a_lookup_answers_at_most_200_rows(owner_api):
    # Given 201 question categories
    Category.objects.bulk_create(
        Category(name=f"q-{index:03}", type=CategoryType.QUESTION) for index in range(201)
    )

    # When the question lookup is asked
    response = owner_api.get(LOOKUP_URLS[CategoryType.QUESTION])

    # Then the first 200 by name come back
    assert len(response.json()) == 200
    assert response.json()[-1]["name"] == "q-199"


# --- Create ------------------------------------------------------------------------------------


class TestCreateCategory:
    def test_the_seed_sample_creates_a_category_and_logs_it(self, owner, owner_api):
        # When the owner sends the seed's sample
        response = owner_api.post(
            CREATE_URL, {"category_name": "category-new", "categoryType": "course"}, format="json"
        )

        # Then the documented message comes back, the category exists, authored by the caller
        assert response.status_code == 200
        assert response.json() == {"message": "Category Created Successfully"}
        category = Category.objects.get()
        assert (category.name, category.type, category.created_by) == ("category-new", "course", owner)
        assert (category.updated_by, category.deleted_at, category.deleted_by) == (None, None, None)

        # And the audit log says who created what
        activity = Activity.objects.get()
        assert activity.action == ActivityAction.CREATED
        assert activity.actor == owner
        assert (activity.subject_kind, activity.subject_id, activity.subject_label) == (
            "Category",
            str(category.pk),
            "category-new",
        )
        assert activity.changes == {"attributes": {"name": "category-new", "type": "course"}}

    @pytest.mark.parametrize(
        ("sent", "stored"),
        [
            ("question", CategoryType.QUESTION),
            ("learning-path", CategoryType.LEARNING_PATH),
            ("Learning Path", CategoryType.LEARNING_PATH),
            ("learningPath", CategoryType.LEARNING_PATH),
            ("learning_path", CategoryType.LEARNING_PATH),
            (" PRODUCT ", CategoryType.PRODUCT),
        ],
    )
    def test_the_type_is_taken_as_front_ends_spell_it(self, owner_api, sent, stored):
        # When a category is created with the type spelt some way
        response = owner_api.post(CREATE_URL, {"category_name": "spelt", "categoryType": sent}, format="json")

        # Then it is stored with the canonical type
        assert response.status_code == 200
        assert Category.objects.get().type == stored

    def test_the_name_is_trimmed(self, owner_api):
        # When a category is created with spaces around its name
        owner_api.post(CREATE_URL, {"category_name": "  padded  ", "categoryType": "course"}, format="json")

        # Then the name is stored without them
        assert Category.objects.get().name == "padded"

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"categoryType": "course"}, {"category_name": ["This field is required."]}),
            (
                {"category_name": "   ", "categoryType": "course"},
                {"category_name": ["This field may not be blank."]},
            ),
            (
                {"category_name": "x" * 256, "categoryType": "course"},
                {"category_name": ["Ensure this field has no more than 255 characters."]},
            ),
            ({"category_name": "new"}, {"categoryType": ["This field is required."]}),
            (
                {"category_name": "new", "categoryType": "badge"},
                {"categoryType": ['"badge" is not a valid choice.']},
            ),
        ],
        ids=["no-name", "blank-name", "long-name", "no-type", "unknown-type"],
    )
    def test_bad_input_is_422_and_writes_nothing(self, owner_api, payload, errors):
        # Given an existing category
        CategoryFactory(name="existing")
        before = category_state()

        # When a category is created from bad input
        response = owner_api.post(CREATE_URL, payload, format="json")

        # Then the request is refused naming the field, and nothing was written
        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert category_state() == before

    def test_a_name_taken_in_the_type_is_422_whatever_its_case(self, owner_api):
        # Given a course category "Category-1"
        CategoryFactory(name="Category-1", type=CategoryType.COURSE)
        before = category_state()

        # When another course category " CATEGORY-1 " is created
        response = owner_api.post(
            CREATE_URL, {"category_name": " CATEGORY-1 ", "categoryType": "course"}, format="json"
        )

        # Then it is refused, and nothing was written
        assert response.status_code == 422
        assert response.json() == invalid(DUPLICATE_NAME)
        assert category_state() == before

    def test_the_same_name_in_another_type_is_fine(self, owner_api):
        # Given a course category "Category-1"
        CategoryFactory(name="Category-1", type=CategoryType.COURSE)

        # When a question category "Category-1" is created
        response = owner_api.post(
            CREATE_URL, {"category_name": "Category-1", "categoryType": "question"}, format="json"
        )

        # Then both exist
        assert response.status_code == 200
        assert sorted(Category.objects.values_list("type", flat=True)) == ["course", "question"]

    def test_the_name_of_a_deleted_category_is_free_again(self, owner_api):
        # Given a soft-deleted course category "Category-1"
        gone = soft_deleted(name="Category-1", type=CategoryType.COURSE)

        # When a course category "Category-1" is created
        response = owner_api.post(
            CREATE_URL, {"category_name": "Category-1", "categoryType": "course"}, format="json"
        )

        # Then a new live category exists beside the deleted one
        assert response.status_code == 200
        assert Category.objects.get().pk != gone.pk
        assert Category.all_objects.count() == 2


# --- Get ---------------------------------------------------------------------------------------


class TestGetCategory:
    def test_the_category_in_the_documented_shape(self, owner_api):
        # Given a course category created and updated at known moments
        author = StaffFactory()
        category = CategoryFactory(name="superman_postman", type=CategoryType.COURSE, created_by=author)
        stamp(category, local(2020, 8, 10, 12, 43, 12), local(2020, 8, 10, 12, 56, 37))

        # When it is fetched
        response = owner_api.get(detail_url(category.pk))

        # Then it comes back exactly as documented
        assert response.status_code == 200
        assert response.json() == {
            "id": category.pk,
            "name": "superman_postman",
            "type": "course",
            "created_by": author.pk,
            "updated_by": None,
            "deleted_by": None,
            "created_at": "2020-08-10 12:43:12",
            "updated_at": "2020-08-10 12:56:37",
            "deleted_at": None,
        }

    def test_an_unknown_id_is_404(self, owner_api):
        # Given a category
        category = CategoryFactory()

        # When another id is fetched
        response = owner_api.get(detail_url(category.pk + 1))

        # Then it is not found
        assert response.status_code == 404
        assert response.json() == NOT_FOUND

    def test_a_deleted_category_is_404(self, owner_api):
        # Given a soft-deleted category
        category = soft_deleted()

        # When it is fetched
        response = owner_api.get(detail_url(category.pk))

        # Then it is not found
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


# --- Update ------------------------------------------------------------------------------------


class TestUpdateCategory:
    def test_the_seed_sample_renames_the_category_and_logs_it(self, owner, owner_api):
        # Given a course category "superman_postman"
        category = CategoryFactory(name="superman_postman", type=CategoryType.COURSE)

        # When the owner sends the seed's sample
        response = owner_api.put(
            detail_url(category.pk),
            {"category_name": "category-new", "categoryType": "course"},
            format="json",
        )

        # Then the documented message comes back and the category is renamed by the caller
        assert response.status_code == 200
        assert response.json() == {"message": "Category Updated Successfully"}
        category.refresh_from_db()
        assert (category.name, category.type, category.updated_by) == ("category-new", "course", owner)

        # And the audit log holds the change with its old value
        activity = Activity.objects.get()
        assert (activity.action, activity.actor, activity.subject_id) == (
            ActivityAction.UPDATED,
            owner,
            str(category.pk),
        )
        assert activity.changes == {
            "attributes": {"name": "category-new"},
            "old": {"name": "superman_postman"},
        }

    def test_an_unused_category_may_change_type(self, owner_api):
        # Given a course category
        category = CategoryFactory(name="Category-1", type=CategoryType.COURSE)

        # When it is moved to the module type
        response = owner_api.put(
            detail_url(category.pk), {"category_name": "Category-1", "categoryType": "module"}, format="json"
        )

        # Then it is a module category now
        assert response.status_code == 200
        category.refresh_from_db()
        assert category.type == CategoryType.MODULE

    def test_renaming_to_its_own_name_in_another_case_is_fine(self, owner_api):
        # Given a course category "category-1"
        category = CategoryFactory(name="category-1", type=CategoryType.COURSE)

        # When it is renamed "Category-1"
        response = owner_api.put(
            detail_url(category.pk), {"category_name": "Category-1", "categoryType": "course"}, format="json"
        )

        # Then it is renamed
        assert response.status_code == 200
        category.refresh_from_db()
        assert category.name == "Category-1"

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"categoryType": "course"}, {"category_name": ["This field is required."]}),
            (
                {"category_name": "", "categoryType": "course"},
                {"category_name": ["This field may not be blank."]},
            ),
            (
                {"category_name": "new", "categoryType": "badge"},
                {"categoryType": ['"badge" is not a valid choice.']},
            ),
            ({"category_name": "taken", "categoryType": "course"}, DUPLICATE_NAME),
            ({"category_name": "TAKEN", "categoryType": "course"}, DUPLICATE_NAME),
            ({"category_name": "in question", "categoryType": "question"}, DUPLICATE_NAME),
        ],
        ids=[
            "no-name",
            "blank-name",
            "unknown-type",
            "taken-name",
            "taken-name-other-case",
            "taken-in-new-type",
        ],
    )
    def test_bad_input_is_422_and_changes_nothing(self, owner_api, payload, errors):
        # Given a course category, another one named "taken" and a question category "In Question"
        category = CategoryFactory(name="Category-1", type=CategoryType.COURSE)
        CategoryFactory(name="taken", type=CategoryType.COURSE)
        CategoryFactory(name="In Question", type=CategoryType.QUESTION)
        before = category_state()

        # When the category is updated from bad input
        response = owner_api.put(detail_url(category.pk), payload, format="json")

        # Then the request is refused naming the field, and nothing changed
        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert category_state() == before

    def test_a_category_in_use_keeps_its_type(self, owner_api, use_categories):
        # Given a question category used by a quiz
        items = use_categories(CategoryType.QUESTION)
        category = CategoryFactory(name="Question Category-1", type=CategoryType.QUESTION)
        items.objects.create(name="Quiz Name 1", category=category)
        before = category_state()

        # When it is moved to the course type
        response = owner_api.put(
            detail_url(category.pk),
            {"category_name": "Question Category-1", "categoryType": "course"},
            format="json",
        )

        # Then the request is refused, and nothing changed
        assert response.status_code == 422
        assert response.json() == invalid({"categoryType": ["The type of a category in use cannot change."]})
        assert category_state() == before

    def test_a_category_in_use_may_be_renamed(self, owner_api, use_categories):
        # Given a question category used by a quiz
        items = use_categories(CategoryType.QUESTION)
        category = CategoryFactory(name="Question Category-1", type=CategoryType.QUESTION)
        items.objects.create(name="Quiz Name 1", category=category)

        # When it is renamed within its type
        response = owner_api.put(
            detail_url(category.pk), {"category_name": "Renamed", "categoryType": "question"}, format="json"
        )

        # Then it is renamed
        assert response.status_code == 200
        category.refresh_from_db()
        assert category.name == "Renamed"

    @pytest.mark.parametrize("deleted", [False, True], ids=["unknown", "soft-deleted"])
    def test_an_unknown_or_deleted_category_is_404(self, owner_api, deleted):
        # Given a soft-deleted category, or an id no category has
        pk = soft_deleted(name="gone").pk if deleted else 987654
        before = category_state()

        # When it is updated
        response = owner_api.put(
            detail_url(pk), {"category_name": "back", "categoryType": "course"}, format="json"
        )

        # Then it is not found, and nothing changed
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
        assert category_state() == before


# --- Delete ------------------------------------------------------------------------------------


class TestDeleteCategories:
    @pytest.mark.parametrize("as_text", [False, True], ids=["ids-array", "ids-text"])
    def test_deletes_softly_and_logs_it(self, owner, owner_api, as_text):
        # Given three question categories
        first, second, kept = (
            CategoryFactory(name=name, type=CategoryType.QUESTION)
            for name in ["Question Category-1", "Question Category-2", "Question Category-3"]
        )
        ids = [first.pk, second.pk]

        # When two are deleted, ids sent as [1,2] or as "[1,2]", with the seed's categoryName
        response = owner_api.post(
            DELETE_URL,
            {
                "type": "question",
                "delete_ids": json.dumps(ids) if as_text else ids,
                "categoryName": "Question Category-1",
            },
            format="json",
        )

        # Then the documented body says what was deleted
        assert response.status_code == 200
        assert response.json() == {
            "message": "2 category(s) deleted.",
            "deletedCategories": ids,
            "notDeletedCategories": [],
            "usedInPlaces": [],
        }

        # And the rows stay, marked deleted by the caller
        for category in (first, second):
            category.refresh_from_db()
            assert category.deleted_at is not None
            assert category.deleted_by == owner
        kept.refresh_from_db()
        assert (kept.deleted_at, kept.deleted_by) == (None, None)

        # And the audit log has one entry per deleted category
        assert sorted(
            Activity.objects.filter(action=ActivityAction.DELETED).values_list("subject_id", flat=True)
        ) == sorted(str(pk) for pk in ids)

    def test_deleted_categories_leave_lists_lookups_and_get(self, owner_api):
        # Given two question categories, one of them deleted through the API
        gone = CategoryFactory(name="gone", type=CategoryType.QUESTION)
        stays = CategoryFactory(name="stays", type=CategoryType.QUESTION)
        owner_api.post(DELETE_URL, {"type": "question", "delete_ids": [gone.pk]}, format="json")

        # When the list, the lookup and the category itself are asked for
        listed = owner_api.get(TABLE_URLS[CategoryType.QUESTION]).json()
        looked_up = owner_api.get(LOOKUP_URLS[CategoryType.QUESTION]).json()
        fetched = owner_api.get(detail_url(gone.pk))

        # Then the deleted category is nowhere
        assert (listed["recordsTotal"], names_of(listed)) == (1, ["stays"])
        assert looked_up == [{"id": stays.pk, "name": "stays"}]
        assert fetched.status_code == 404
        assert fetched.json() == NOT_FOUND

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"type": "question"}, {"delete_ids": ["This field is required."]}),
            ({"type": "question", "delete_ids": []}, {"delete_ids": ["This list may not be empty."]}),
            (
                {"type": "question", "delete_ids": "[1,"},
                {"delete_ids": ["Expected a list of ids such as [1, 2, 3]."]},
            ),
            ({"delete_ids": "[{pk}]"}, {"type": ["This field is required."]}),
            ({"type": "badge", "delete_ids": "[{pk}]"}, {"type": ['"badge" is not a valid choice.']}),
            (
                {"type": "question", "delete_ids": "[{pk}, 987654]"},
                {"delete_ids": ["The selected ids are invalid: 987654."]},
            ),
            (
                {"type": "course", "delete_ids": "[{pk}]"},
                {"delete_ids": ["The selected ids are invalid: {pk}."]},
            ),
        ],
        ids=["no-ids", "empty-ids", "bad-ids", "no-type", "unknown-type", "unknown-id", "id-of-other-type"],
    )
    def test_bad_input_is_422_and_deletes_nothing(self, owner_api, payload, errors):
        # Given a question category
        category = CategoryFactory(name="Question Category-1", type=CategoryType.QUESTION)
        before = category_state()

        # When a delete is sent with bad input
        pk = str(category.pk)
        body = {key: value.replace("{pk}", pk) for key, value in payload.items() if isinstance(value, str)}
        body.update({key: value for key, value in payload.items() if not isinstance(value, str)})
        response = owner_api.post(DELETE_URL, body, format="json")

        # Then the request is refused naming the field, and nothing was deleted
        assert response.status_code == 422
        assert response.json() == invalid(
            {
                field: [message.replace("{pk}", pk) for message in messages]
                for field, messages in errors.items()
            }
        )
        assert category_state() == before

    def test_an_already_deleted_id_is_422(self, owner_api):
        # Given a live and a soft-deleted question category
        live = CategoryFactory(type=CategoryType.QUESTION)
        gone = soft_deleted(type=CategoryType.QUESTION)
        before = category_state()

        # When both are deleted
        response = owner_api.post(
            DELETE_URL, {"type": "question", "delete_ids": [live.pk, gone.pk]}, format="json"
        )

        # Then the request is refused, and the live one stays live
        assert response.status_code == 422
        assert response.json() == invalid({"delete_ids": [f"The selected ids are invalid: {gone.pk}."]})
        assert category_state() == before

    def test_categories_in_use_are_kept_and_their_holders_named(self, owner_api, use_categories):
        # Given three question categories, two of them used by quizzes
        items = use_categories(CategoryType.QUESTION)
        one, two, free = (
            CategoryFactory(name=name, type=CategoryType.QUESTION)
            for name in ["Question Category-1", "Question Category-2", "Question Category-3"]
        )
        quiz_1 = items.objects.create(name="Quiz Name 1", category=one)
        quiz_2 = items.objects.create(name="Quiz Name 2", category=one)
        quiz_3 = items.objects.create(name="Quiz Name 3", category=two)

        # When all three are deleted, as the seed's sample does
        response = owner_api.post(
            DELETE_URL,
            {
                "type": "question",
                "delete_ids": f"[{one.pk},{two.pk},{free.pk}]",
                "categoryName": "Question Category-1",
            },
            format="json",
        )

        # Then the free one is deleted, the used ones kept, and the body names where they are used
        assert response.status_code == 200
        assert response.json() == {
            "message": "1 category(s) deleted. 2 category(s) not deleted as it is used in dynamic quiz(s). "
            "Please remove the category from the dynamic quiz and try again.",
            "deletedCategories": [free.pk],
            "notDeletedCategories": [one.pk, two.pk],
            "usedInPlaces": [
                {
                    "Question Category-1": [
                        {"id": quiz_1.pk, "name": "Quiz Name 1"},
                        {"id": quiz_2.pk, "name": "Quiz Name 2"},
                    ]
                },
                {"Question Category-2": [{"id": quiz_3.pk, "name": "Quiz Name 3"}]},
            ],
        }
        assert list(Category.objects.values_list("pk", flat=True).order_by("pk")) == [one.pk, two.pk]

    def test_a_usage_that_does_not_block_lets_the_category_go(self, owner_api, use_categories):
        # Given a course category held through a usage that does not block deletion
        items = use_categories(CategoryType.COURSE, blocks_delete=False)
        category = CategoryFactory(type=CategoryType.COURSE)
        items.objects.create(name="holder", category=category)

        # When it is deleted
        response = owner_api.post(DELETE_URL, {"type": "course", "delete_ids": [category.pk]}, format="json")

        # Then it is deleted
        assert response.json()["deletedCategories"] == [category.pk]
        assert not Category.objects.exists()


def names_of(payload):
    return [row["name"] for row in payload["records"]]
