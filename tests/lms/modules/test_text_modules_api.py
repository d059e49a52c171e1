"""Text modules: tabular list, create, get, update (sanitised HTML, categories by id or name)."""

import pytest

from lms.audit.models import Activity, ActivityAction
from lms.categories.models import Category
from lms.modules.models import Module, ModuleType, TextModule
from tests.factories import CategoryFactory, PortalFactory
from tests.factories.modules import TextModuleFactory, VideoModuleFactory
from tests.lms.modules.conftest import invalid, listing, module_state

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/text-modules/"
SEED_PAYLOAD = {
    "name": "Getting Started",
    "content": "<p>This is the updated short content here</p>",
    "trackCompletion": True,
    "estimatedCompletion": "00:30:00",
    "estimationCompletedUnit": "minutes",
    "categories": [],
}


def detail_url(pk):
    return f"/api/v1/text-modules/{pk}/"


def test_create_text_module_answers_as_documented_and_sanitises(author_api, author):
    # Given two module categories and content with a script and an event handler
    first, second = CategoryFactory(type="module"), CategoryFactory(type="module")
    payload = {
        **SEED_PAYLOAD,
        "content": '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">link</a></p>',
        "categories": [first.pk, str(second.pk), "Brand new"],
    }

    # When an author creates the text module
    response = author_api.post(LIST_URL, payload, format="json")

    # Then the seed's answer comes back and the module is stored with safe HTML
    assert response.status_code == 200
    module = Module.objects.get()
    assert response.json() == {"id": module.pk, "message": "Module saved successfully"}
    assert module.module_type == ModuleType.TEXT
    assert TextModule.objects.filter(module=module).exists()
    assert module.slug == "getting-started"
    assert (
        "script" not in module.content
        and "onclick" not in module.content
        and "javascript" not in module.content
    )
    assert module.content.startswith("<p>Hello")
    assert module.author == author
    assert module.estimated_completion == "00:30:00" and module.estimation_completed_unit == "minutes"
    new = Category.objects.get(name="Brand new")
    assert new.type == "module"
    assert set(module.categories.values_list("pk", flat=True)) == {first.pk, second.pk, new.pk}
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(module.pk)).exists()
    # and the author may edit it through an object permission
    assert author.has_perm("modules.change_module", module)


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"content": ""}, {"content": ["This field may not be blank."]}),
        (
            {"estimatedCompletion": "soon"},
            {"estimatedCompletion": ['Give a duration such as "00:30:00" or a number such as 30.']},
        ),
        (
            {"estimationCompletedUnit": "weeks"},
            {"estimationCompletedUnit": ["The unit must be minutes, hours or days."]},
        ),
        ({"categories": [999999]}, {"categories": ["Unknown module category: 999999."]}),
    ],
)
def test_create_text_module_refuses_bad_input_and_writes_nothing(author_api, change, errors):
    before = module_state()

    response = author_api.post(LIST_URL, {**SEED_PAYLOAD, **change}, format="json")

    assert response.status_code == 422
    assert response.json() == invalid(errors)
    assert module_state() == before


def test_a_category_of_another_type_is_unknown(author_api):
    course_category = CategoryFactory(type="course")

    response = author_api.post(LIST_URL, {**SEED_PAYLOAD, "categories": [course_category.pk]}, format="json")

    assert response.status_code == 422
    assert not Module.objects.exists()


def test_get_text_module_in_the_documented_shape(author_api):
    # Given a text module with a category
    detail = TextModuleFactory(module__name="Getting Started", module__slug="getting-started")
    category = CategoryFactory(type="module")
    detail.module.categories.add(category)

    response = author_api.get(detail_url(detail.module.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": detail.module.pk,
        "name": "Getting Started",
        "slug": "getting-started",
        "content": "<p>Lesson content</p>",
        "trackCompletion": True,
        "estimatedCompletion": None,
        "estimationCompletedUnit": None,
        "categories": [category.pk],
        "courses": [],
    }


def test_get_a_module_of_another_type_is_not_found(author_api):
    video = VideoModuleFactory()

    response = author_api.get(detail_url(video.module.pk))

    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_update_text_module(author_api):
    detail = TextModuleFactory(module__name="Old", module__slug="old")
    category = CategoryFactory(type="module")

    response = author_api.put(
        detail_url(detail.module.pk),
        {
            "name": "My-text-lesson",
            "content": "<p>This is the updated short content here</p><img src=x onerror=alert(1)>",
            "trackCompletion": True,
            "estimatedCompletion": "00:30:00",
            "estimationCompletedUnit": "hour",
            "categories": [category.pk],
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"message": "Module updated successfully"}
    module = Module.objects.get(pk=detail.module.pk)
    assert module.name == "My-text-lesson"
    assert module.slug == "old"  # the address stays
    assert module.content == '<p>This is the updated short content here</p><img src="x">'
    assert module.track_completion is True
    assert module.estimation_completed_unit == "hours"
    assert list(module.categories.all()) == [category]
    assert Activity.objects.filter(action=ActivityAction.UPDATED, subject_id=str(module.pk)).exists()


def test_update_text_module_refuses_bad_input(author_api):
    detail = TextModuleFactory()
    before = module_state()

    response = author_api.put(detail_url(detail.module.pk), {**SEED_PAYLOAD, "name": "   "}, format="json")

    assert response.status_code == 422
    assert module_state() == before


def test_text_module_list_in_the_seed_shape(author_api):
    # Given a text module and a video module
    detail = TextModuleFactory(module__name="Home Page", module__slug="home-page")
    VideoModuleFactory(module__name="A video")

    response = listing(author_api, LIST_URL, page_size=50, page_number=1)

    assert response.status_code == 200
    body = response.json()
    assert body["recordsTotal"] == 1 and body["recordsFiltered"] == 1
    (row,) = body["records"]
    author = detail.module.author
    assert row == {
        "id": detail.module.pk,
        "name": "Home Page",
        "slug": "home-page",
        "type": "text",
        "icon": '<i class="el-icon-document"></i>',
        "author": f"{author.first_name} {author.last_name}",
        "created_at": row["created_at"],
        "course_count": 0,
    }
    assert len(row["created_at"].split()) == 5  # "Aug 03, 2020 09:56 AM"


def test_text_module_list_filters_by_name_and_category(author_api):
    first = TextModuleFactory(module__name="Intro to Python")
    TextModuleFactory(module__name="Advanced Rust")
    category = CategoryFactory(type="module")
    first.module.categories.add(category)

    by_name = listing(author_api, LIST_URL, search_param={"moduleName": "python"})
    by_category = listing(author_api, LIST_URL, search_param={"moduleCategoryIds": [category.pk]})
    by_type = listing(author_api, LIST_URL, search_param={"moduleTypes": ["video"]})

    assert [row["name"] for row in by_name.json()["records"]] == ["Intro to Python"]
    assert [row["name"] for row in by_category.json()["records"]] == ["Intro to Python"]
    assert by_type.json()["records"] == []


def test_text_module_list_refuses_unknown_filters(author_api):
    response = listing(author_api, LIST_URL, search_param={"password": "x"})

    assert response.status_code == 422


def test_a_portal_selected_shows_only_its_modules(author_api):
    portal = PortalFactory(name="Acme")
    inside = TextModuleFactory(module__name="Inside", module__portal=portal)
    TextModuleFactory(module__name="Academy-wide")

    response = listing(author_api, LIST_URL, portalId=portal.pk)

    assert [row["id"] for row in response.json()["records"]] == [inside.module.pk]


def test_text_module_list_query_count_does_not_grow_with_the_page(author_api, count_queries):
    for _ in range(6):
        TextModuleFactory()

    _, small = count_queries(lambda: listing(author_api, LIST_URL, page_size=1))
    _, large = count_queries(lambda: listing(author_api, LIST_URL, page_size=50))

    assert small == large
