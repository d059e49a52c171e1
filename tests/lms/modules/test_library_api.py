"""The module library: mixed list, blank create, lookups, quick edit, bulk delete, clone, refusals."""

import pytest
from django.db.models import Exists, OuterRef

from lms.audit.models import Activity, ActivityAction
from lms.modules import services
from lms.modules.models import Module, ModuleType, TextModule, VideoModule
from tests.factories import CategoryFactory, StaffFactory, UserFactory
from tests.factories.modules import (
    ModuleFactory,
    PdfModuleFactory,
    PowerPointModuleFactory,
    TextModuleFactory,
    VideoModuleFactory,
)
from tests.lms.modules.conftest import (
    UNAUTHENTICATED,
    UNAUTHORIZED,
    invalid,
    listing,
    module_state,
)
from website.bulk import KeepRule

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/modules/"


# --- Who may call what -------------------------------------------------------------------------

ENDPOINTS = [
    ("list", "get", LIST_URL, None, "modules.view_module"),
    ("create_blank", "post", LIST_URL, {"name": "Intro", "type": "text"}, "modules.add_module"),
    ("lookup", "get", "/api/v1/modules/lookup/?search_term=", None, "modules.view_module"),
    ("types", "get", "/api/v1/modules/types/", None, "modules.view_module"),
    ("form_field_types", "get", "/api/v1/modules/form-field-types/", None, "modules.view_module"),
    ("quiz_lookup", "get", "/api/v1/modules/quizzes/lookup/?search_term=", None, "modules.view_module"),
    (
        "quick_edit",
        "post",
        "/api/v1/modules/quick-edit/",
        {"module_ids": "[{pk}]", "type": "text", "author_id": "{author}"},
        "modules.change_module",
    ),
    (
        "delete",
        "post",
        "/api/v1/modules/delete/",
        {"delete_ids": "[{pk}]", "type": "text"},
        "modules.delete_module",
    ),
    (
        "clone",
        "post",
        "/api/v1/modules/clone/",
        {"moduleId": "{pk}", "isDeepCopy": "false"},
        "modules.add_module",
    ),
    ("text_list", "get", "/api/v1/text-modules/", None, "modules.view_module"),
    (
        "text_create",
        "post",
        "/api/v1/text-modules/",
        {"name": "A", "content": "<p>x</p>", "trackCompletion": "true"},
        "modules.add_module",
    ),
    ("text_get", "get", "/api/v1/text-modules/{pk}/", None, "modules.view_module"),
    (
        "text_update",
        "put",
        "/api/v1/text-modules/{pk}/",
        {"name": "A", "content": "<p>x</p>", "trackCompletion": "true"},
        "modules.change_module",
    ),
    ("video_list", "get", "/api/v1/video-modules/", None, "modules.view_module"),
    ("pdf_list", "get", "/api/v1/pdf-modules/", None, "modules.view_module"),
    ("powerpoint_list", "get", "/api/v1/powerpoint-modules/", None, "modules.view_module"),
]

REFUSED_ROLES = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_the_other_module_permissions": (403, UNAUTHORIZED),
    "portal_admin": (403, UNAUTHORIZED),
}

REFUSALS = [
    pytest.param(method, url, body, permission, role, status, message, id=f"{name}-{role}")
    for name, method, url, body, permission in ENDPOINTS
    for role, (status, message) in REFUSED_ROLES.items()
]


def _call(client, method, url, body, pk, author_pk):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    payload = {key: value.format(pk=pk, author=author_pk) for key, value in body.items()}
    return getattr(client, method)(url, payload, format="json")


@pytest.mark.parametrize(("method", "url", "body", "permission", "role", "status", "message"), REFUSALS)
def test_refused_callers_get_the_error_and_change_nothing(
    client_as, method, url, body, permission, role, status, message
):
    detail = TextModuleFactory(module__name="Boston")
    client = client_as(role, permission)
    before = module_state()

    response = _call(client, method, url, body, detail.module.pk, detail.module.author_id)

    assert response.status_code == status
    assert response.json() == message
    assert module_state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"), [pytest.param(*e[1:5], id=e[0]) for e in ENDPOINTS]
)
def test_staff_holding_exactly_the_endpoint_permission_is_served(
    staff_api_with, method, url, body, permission
):
    detail = TextModuleFactory(module__name="Boston")

    response = _call(staff_api_with(permission), method, url, body, detail.module.pk, detail.module.author_id)

    assert response.status_code in (200, 201), response.json()


def test_an_author_edits_their_own_module_through_object_permissions(api_client_for_user):
    # Given a staff author with no Django permission on modules, granted their own module only
    author = StaffFactory()
    own = TextModuleFactory(module__author=author).module
    other = TextModuleFactory().module
    services._grant_author(own, author)
    client = api_client_for_user(author)
    payload = {"name": "Mine", "content": "<p>x</p>", "trackCompletion": True}

    # Then they read and update their module, and not another
    assert client.get(f"/api/v1/text-modules/{own.pk}/").status_code == 200
    assert client.put(f"/api/v1/text-modules/{own.pk}/", payload, format="json").status_code == 200
    assert client.get(f"/api/v1/text-modules/{other.pk}/").status_code == 403
    assert client.put(f"/api/v1/text-modules/{other.pk}/", payload, format="json").status_code == 403
    assert Module.objects.get(pk=own.pk).name == "Mine"
    assert Module.objects.get(pk=other.pk).name != "Mine"


@pytest.fixture
def api_client_for_user():
    from tests.conftest import api_client_for

    return api_client_for


# --- Mixed list --------------------------------------------------------------------------------


def test_module_list_mixes_types_in_the_seed_shape(author_api):
    text = TextModuleFactory(module__name="Home Page", module__slug="home-page").module
    VideoModuleFactory(module__name="Video")
    PdfModuleFactory(module__name="PDF")
    PowerPointModuleFactory(module__name="Slides")

    response = listing(
        author_api, LIST_URL, page_size=10, page_number=1, order_by={"colName": "name", "direction": "asc"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["recordsTotal"] == 4 and body["recordsFiltered"] == 4
    assert [row["type"] for row in body["records"]] == ["text", "pdf", "powerpoint", "video"]
    row = body["records"][0]
    assert row == {
        "id": text.pk,
        "name": "Home Page",
        "slug": "home-page",
        "type": "text",
        "icon": '<i class="el-icon-document"></i>',
        "author": text.author.full_name,
        "created_at": row["created_at"],
    }
    assert len(row["created_at"]) == 19  # "2021-01-01 12:00:00"
    assert body["records"][2]["icon"] == '<i class="el-icon-presentation"></i>'


def test_module_list_query_count_is_the_same_for_1_and_50_rows_of_mixed_types(author_api, count_queries):
    for factory in (TextModuleFactory, VideoModuleFactory, PdfModuleFactory, PowerPointModuleFactory) * 3:
        factory()

    _, small = count_queries(lambda: listing(author_api, LIST_URL, page_size=1))
    _, large = count_queries(lambda: listing(author_api, LIST_URL, page_size=50))

    assert small == large


def test_module_list_refuses_an_unknown_order_column(author_api):
    response = listing(author_api, LIST_URL, order_by={"colName": "password", "direction": "asc"})

    assert response.status_code == 422


# --- Create blank ------------------------------------------------------------------------------


def test_create_blank_module(author_api):
    response = author_api.post(LIST_URL, {"name": "Introduction", "type": "text"}, format="json")

    assert response.status_code == 201
    module = Module.objects.get()
    assert response.json() == {"id": module.pk, "icon": '<i class="el-icon-document"></i>'}
    assert module.module_type == "text" and TextModule.objects.filter(module=module).exists()


def test_create_blank_video_module_has_its_detail(author_api):
    response = author_api.post(LIST_URL, {"name": "Clip", "type": "video"}, format="json")

    assert response.status_code == 201
    assert VideoModule.objects.filter(module_id=response.json()["id"]).exists()
    assert response.json()["icon"] == '<i class="el-icon-video-camera"></i>'


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"name": "Intro", "type": "nonsense"}, {"type": ['"nonsense" is not a valid choice.']}),
        ({"name": "Intro", "type": "quiz"}, {"type": ["Quiz modules are not available yet."]}),
        ({"type": "text"}, {"name": ["This field is required."]}),
    ],
)
def test_create_blank_module_refuses_bad_input(author_api, payload, errors):
    before = module_state()

    response = author_api.post(LIST_URL, payload, format="json")

    assert response.status_code == 422
    assert response.json() == invalid(errors)
    assert module_state() == before


def test_blank_modules_get_distinct_slugs(author_api):
    for _ in range(3):
        author_api.post(LIST_URL, {"name": "Introduction", "type": "text"}, format="json")

    assert sorted(Module.objects.values_list("slug", flat=True)) == [
        "introduction",
        "introduction-2",
        "introduction-3",
    ]


# --- Lookups -----------------------------------------------------------------------------------


def test_modules_lookup(author_api):
    intro = TextModuleFactory(module__name="Introduction").module
    TextModuleFactory(module__name="Summary")

    response = author_api.get("/api/v1/modules/lookup/", {"search_term": "Intro"})

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": intro.pk,
            "name": "Introduction",
            "type": "text",
            "icon": '<i class="el-icon-document"></i>',
            "value": intro.pk,
            "label": "Introduction",
        }
    ]


def test_module_types_lookup_comes_from_the_model_choices(author_api):
    response = author_api.get("/api/v1/modules/types/")

    assert response.status_code == 200
    assert response.json()[:4] == [
        {"db_value": "text", "display_value": "Text"},
        {"db_value": "video", "display_value": "Video"},
        {"db_value": "pdf", "display_value": "PDF"},
        {"db_value": "powerpoint", "display_value": "Powerpoint"},
    ]
    assert {"db_value": "scorm", "display_value": "SCORM/xAPI"} in response.json()
    assert len(response.json()) == len(ModuleType.choices)


def test_form_field_types_lookup(author_api):
    response = author_api.get("/api/v1/modules/form-field-types/")

    assert response.json() == [
        {"db_value": "text", "display_value": "Survey Text"},
        {"db_value": "textarea", "display_value": "Text Area"},
        {"db_value": "rating", "display_value": "Rating"},
        {"db_value": "radio", "display_value": "Single Select"},
        {"db_value": "checkbox", "display_value": "Multiple Select"},
        {"db_value": "dropdown", "display_value": "Drop Down"},
    ]


def test_quiz_lookup_lists_quiz_modules_only(author_api):
    quiz = ModuleFactory(name="First-quiz", module_type="quiz")
    TextModuleFactory(module__name="First-text")

    response = author_api.get("/api/v1/modules/quizzes/lookup/", {"search_term": "First"})

    assert response.status_code == 200
    assert response.json() == [{"value": quiz.pk, "label": "First-quiz"}]


# --- Quick edit --------------------------------------------------------------------------------


def test_quick_edit_changes_the_author_of_the_selected_modules(author_api):
    first, second = TextModuleFactory().module, TextModuleFactory().module
    untouched = TextModuleFactory().module
    new_author = StaffFactory()

    response = author_api.post(
        "/api/v1/modules/quick-edit/",
        {"module_ids": [first.pk, second.pk], "type": "text", "author_id": new_author.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"message": "Modules updated Successfully"}
    assert set(Module.objects.filter(author=new_author).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Module.objects.get(pk=untouched.pk).author != new_author
    assert new_author.has_perm("modules.change_module", Module.objects.get(pk=first.pk))


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"type": "text", "noOfRetakesAllowed": 3},
            {"noOfRetakesAllowed": ["Does not apply to Text modules."]},
        ),
        ({"type": "video", "author_id": 1}, None),
        ({"type": "text", "author_id": 999999}, {"author_id": ["Unknown or inactive user."]}),
    ],
)
def test_quick_edit_refuses_bad_input(author_api, body, errors):
    module = TextModuleFactory().module
    before = module_state()

    response = author_api.post(
        "/api/v1/modules/quick-edit/", {"module_ids": [module.pk], **body}, format="json"
    )

    assert response.status_code == 422
    if errors is not None:
        assert response.json() == invalid(errors)
    else:
        assert response.json()["errors"] == {"module_ids": [f"Not video modules: {module.pk}."]}
    assert module_state() == before


# --- Delete ------------------------------------------------------------------------------------


def test_delete_modules(author_api):
    first, second = TextModuleFactory().module, TextModuleFactory().module

    response = author_api.post(
        "/api/v1/modules/delete/", {"delete_ids": [first.pk], "type": "text"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"message": "1 module(s) deleted.", "deletedModules": 1}
    assert list(Module.objects.values_list("pk", flat=True)) == [second.pk]
    assert not TextModule.objects.filter(pk=first.pk).exists()
    assert Activity.objects.filter(action=ActivityAction.DELETED, subject_id=str(first.pk)).exists()


def test_delete_keeps_modules_a_registered_rule_holds(author_api, monkeypatch):
    # Given a keep rule (as the courses app registers) holding the first module
    kept, gone = TextModuleFactory().module, TextModuleFactory().module
    held = Module.objects.filter(pk=kept.pk)
    monkeypatch.setattr(
        services,
        "_keep_rules",
        [KeepRule("used_in_courses", lambda qs: qs.filter(Exists(held.filter(pk=OuterRef("pk")))))],
    )

    response = author_api.post(
        "/api/v1/modules/delete/", {"delete_ids": f"[{kept.pk},{gone.pk}]"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "message": "1 module(s) deleted. 1 module(s) not deleted as they are used in course(s).",
        "deletedModules": 1,
    }
    assert list(Module.objects.values_list("pk", flat=True)) == [kept.pk]


def test_delete_refuses_unknown_ids_and_the_wrong_type(author_api):
    module = TextModuleFactory().module
    before = module_state()

    unknown = author_api.post("/api/v1/modules/delete/", {"delete_ids": [module.pk, 999999]}, format="json")
    wrong = author_api.post(
        "/api/v1/modules/delete/", {"delete_ids": [module.pk], "type": "pdf"}, format="json"
    )

    assert unknown.status_code == 422 and wrong.status_code == 422
    assert module_state() == before


# --- Clone -------------------------------------------------------------------------------------


def test_clone_a_module(author_api, author):
    source = VideoModuleFactory(
        module__name="Intro", disable_forward_seek=True, interactions=[{"type": "note", "time": "00:01"}]
    )
    category = CategoryFactory(type="module")
    source.module.categories.add(category)

    response = author_api.post(
        "/api/v1/modules/clone/", {"moduleId": source.module.pk, "isDeepCopy": False}, format="json"
    )

    assert response.status_code == 200
    copy = Module.objects.exclude(pk=source.module.pk).get()
    assert response.json() == {"message": "Module Cloned Successfully", "id": copy.pk}
    assert copy.name == "Intro (Copy)" and copy.slug != source.module.slug
    assert copy.author == author
    assert list(copy.categories.all()) == [category]
    assert copy.video.pk != source.pk
    assert copy.video.disable_forward_seek is True
    assert copy.video.video_id == source.video_id
    assert copy.video.interactions == source.interactions


def test_clone_refuses_an_unknown_module(author_api):
    before = module_state()

    response = author_api.post(
        "/api/v1/modules/clone/", {"moduleId": 999999, "isDeepCopy": False}, format="json"
    )

    assert response.status_code == 422
    assert response.json() == invalid({"moduleId": ["Unknown module."]})
    assert module_state() == before


def test_quick_edit_refuses_an_inactive_author(author_api):
    module = TextModuleFactory().module
    inactive = UserFactory(is_active=False)

    response = author_api.post(
        "/api/v1/modules/quick-edit/",
        {"module_ids": [module.pk], "type": "text", "author_id": inactive.pk},
        format="json",
    )

    assert response.status_code == 422
    assert Module.objects.get(pk=module.pk).author_id == module.author_id
