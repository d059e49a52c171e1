"""The courses API: each seed operation's documented shape, a bad input, a refused caller, query bounds."""

import json

import pytest

from lms.audit.models import Activity
from lms.categories.models import Category, CategoryType
from lms.courses.models import Course, CourseModule, CourseStatus
from tests.conftest import api_client_for
from tests.factories.accounts import StaffFactory
from tests.factories.catalogue import BadgeFactory, CategoryFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory, TextModuleFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/courses/"


def full_payload(modules, *, template=None, badge=None, **overrides):
    payload = {
        "name": "Professional Development and Training",
        "status": "published",
        "featuredImageUrl": "https://example.com/image.jpg",
        "instructions": "Complete all modules.",
        "credits": 3,
        "estimatedCompletion": 10,
        "estimationCompletedUnit": "hours",
        "minPassingPercentage": "70",
        "gradingRule": [{"type": "avg_specific_modules", "weight": 50}],
        "gradeModules": [modules[1].pk],
        "durationRule": "x_days_after_enrollment",
        "durationDays": 30,
        "points": 100,
        "certificateTemplates": template.pk if template else [],
        "certificateExpiresAfter": 365,
        "certificateExpiresAfterGracePeriod": 30,
        "completionRedirectionUrl": "https://example.com/congrats",
        "enableCourseRating": True,
        "completionCriteria": "all_modules",
        "selectedModules": [modules[0].pk, -999],
        "shopifyProducts": [101, 102],
        "accredibleGroupId": 55,
        "isBadgeSelected": "badge" if badge else "points",
        "selectedBadgeId": badge.pk if badge else None,
        "categories": ["Leadership"],
        "modules": [
            {"module_id": modules[0].pk, "drip_rules": "immediately", "modulePoints": 10, "minSpentHour": 1},
            {
                "section_name": "Section 1",
                "modules": [
                    {
                        "module_id": modules[1].pk,
                        "is_locked": True,
                        "drip_rules": "specific_interval",
                        "drip_interval": 3,
                        "drip_interval_unit": "week",
                        "drip_calculation_reference": "started_date",
                        "isModuleBadgeSelected": "badge",
                        "selectedModuleBadgeId": badge.pk if badge else None,
                        "minSpentMinutes": 15,
                    },
                    {"module_id": modules[2].pk, "drip_rules": "fixed_date", "drip_fixed_date": "2030-01-15"},
                ],
            },
        ],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def modules():
    return [TextModuleFactory(name=f"Lesson {n}") for n in range(3)]


# --- Save Course / Update Course Details / Retrieve Course Details ---------------------------------


def test_save_course_creates_a_published_course_with_everything(owner_api, owner, modules):
    template, badge = CertificateTemplateFactory(), BadgeFactory()
    response = owner_api.post(
        BASE + "save/", full_payload(modules, template=template, badge=badge), format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["message"] == "Course saved successfully"
    course = Course.objects.get(pk=body["id"])
    assert course.status == CourseStatus.PUBLISHED
    assert course.author == owner
    assert course.slug == "professional-development-and-training"
    assert [c.name for c in course.categories.all()] == ["Leadership"]
    assert Category.objects.get(name="Leadership").type == CategoryType.COURSE
    rows = list(course.course_modules.order_by("order"))
    assert [(row.module_id, row.order, row.section) for row in rows] == [
        (modules[0].pk, 1, ""),
        (modules[1].pk, 2, "Section 1"),
        (modules[2].pk, 3, "Section 1"),
    ]
    assert rows[0].min_time_minutes == 60 and rows[0].points == 10 and rows[0].counts_for_completion
    assert rows[1].is_locked and rows[1].drip_interval == 3 and rows[1].badge == badge and rows[1].is_graded
    assert rows[2].drip_fixed_date.isoformat() == "2030-01-15"
    assert Activity.objects.filter(subject_id=str(course.pk), action="created").exists()

    detail = owner_api.get(f"{BASE}{course.pk}/").json()
    assert detail["certificateTemplates"] == [template.pk]
    assert detail["gradingRule"] == "avg_specific_modules"
    assert detail["minPassingPercentage"] == 70.0
    assert detail["accredibleGroupId"] == [55]
    assert detail["shopifyProducts"] == [101, 102]
    assert detail["gradeModules"] == [modules[1].pk]
    assert detail["selectedModules"] == [modules[0].pk]
    assert detail["selectedBadgeId"] == badge.pk and detail["isBadgeSelected"] == "badge"
    first, second = detail["modules"][0], detail["modules"][1]
    assert set(first) >= {
        "module_id",
        "display_order",
        "name",
        "type",
        "icon",
        "is_locked",
        "drip_rules",
        "drip_fixed_date",
        "drip_interval",
        "drip_interval_unit",
        "drip_calculation_reference",
        "selectedModuleBadgeId",
        "modulePoints",
        "isModuleBadgeSelected",
        "minSpentHour",
        "minSpentMinutes",
    }
    assert first["icon"].startswith("<i class=") and first["type"] == "text"
    assert (first["minSpentHour"], first["minSpentMinutes"]) == (1, 0)
    assert (second["minSpentHour"], second["minSpentMinutes"]) == (0, 15)
    assert (
        second["drip_rules"] == "specific_interval" and second["drip_calculation_reference"] == "started_date"
    )
    for key in ("learningPaths", "learningResources", "webinarList", "selectedWebinars", "associatedProduct"):
        assert detail[key] == []


def test_a_draft_needs_only_a_name(owner_api):
    response = owner_api.post(BASE + "save/", {"name": "Draft course", "status": "DRAFT"}, format="json")
    assert response.status_code == 200
    assert Course.objects.get().status == CourseStatus.DRAFT


def test_publishing_validates_the_whole_course_and_writes_nothing(owner_api, modules):
    payload = {
        "name": "Incomplete",
        "status": "published",
        "gradingRule": "avg_specific_modules",
        "isBadgeSelected": "badge",
        "durationRule": "on_specific_date",
        "completionCriteria": "selected_modules",
        "categories": ["Should not be created"],
    }
    response = owner_api.post(BASE + "save/", payload, format="json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    for key in (
        "modules",
        "selectedModules",
        "selectedBadgeId",
        "minPassingPercentage",
        "gradeModules",
        "durationSpecificDate",
    ):
        assert key in errors, key
    assert not Course.objects.exists()
    assert not Category.objects.filter(name="Should not be created").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"status": "archived"}, "status"),
        ({"minPassingPercentage": 120}, "minPassingPercentage"),
        ({"modules": [{"module_id": 999999}]}, "modules"),
        ({"modules": [{"drip_rules": "immediately"}]}, "modules.0.module_id"),
        ({"certificateTemplates": [999999]}, "certificateTemplates"),
        ({"selectedBadgeId": 999999, "isBadgeSelected": "badge"}, "selectedBadgeId"),
        ({"categories": [999999]}, "categories"),
    ],
)
def test_save_course_refuses_bad_input(owner_api, overrides, field):
    response = owner_api.post(BASE + "save/", {"name": "X", "status": "draft", **overrides}, format="json")
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Course.objects.exists()


def test_a_module_twice_in_the_curriculum_is_refused(owner_api, modules):
    item = {"module_id": modules[0].pk}
    response = owner_api.post(BASE + "save/", {"name": "X", "modules": [item, item]}, format="json")
    assert response.status_code == 422 and "modules" in response.json()["errors"]


def test_save_course_with_an_id_updates_the_curriculum(owner_api, modules):
    course = CourseFactory()
    kept = CourseModuleFactory(course=course, module=modules[0], order=1)
    CourseModuleFactory(course=course, module=modules[1], order=2)
    response = owner_api.post(
        BASE + "save/",
        {
            "id": course.pk,
            "modules": [{"module_id": modules[2].pk}, {"module_id": modules[0].pk, "is_locked": True}],
        },
        format="json",
    )
    assert response.status_code == 200
    rows = list(course.course_modules.order_by("order"))
    assert [row.module_id for row in rows] == [modules[2].pk, modules[0].pk]
    assert rows[1].pk == kept.pk and rows[1].is_locked
    assert course.history.exists()


def test_update_course_details_changes_only_what_is_given(owner_api, modules):
    course = CourseFactory(name="Old", instructions="Keep me")
    CourseModuleFactory(course=course, module=modules[0])
    response = owner_api.put(f"{BASE}{course.pk}/", {"name": "New", "credits": 4}, format="json")
    assert response.status_code == 200
    assert response.json() == {"message": "Course updated successfully"}
    course.refresh_from_db()
    assert (course.name, course.credits, course.instructions) == ("New", 4, "Keep me")
    assert course.course_modules.count() == 1
    activity = Activity.objects.filter(subject_id=str(course.pk), action="updated").get()
    assert activity.changes["attributes"] == {"name": "New", "credits": 4}


def test_update_refuses_publishing_an_empty_course(owner_api):
    course = CourseFactory()
    response = owner_api.put(f"{BASE}{course.pk}/", {"status": "published"}, format="json")
    assert response.status_code == 422
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_courses_belong_to_portals(portal_tree, portal_admin, owner_api):
    mine = CourseFactory(portal=portal_tree["child"])
    theirs = CourseFactory(portal=portal_tree["second"])
    academy = CourseFactory()
    client = api_client_for(portal_admin)
    assert client.get(f"{BASE}{mine.pk}/").status_code == 200
    assert client.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client.get(f"{BASE}{academy.pk}/").status_code == 404
    rows = client.get(BASE).json()["records"]
    assert [row["id"] for row in rows] == [mine.pk]
    # A portal admin reads but does not write.
    assert client.put(f"{BASE}{mine.pk}/", {"name": "x"}, format="json").status_code == 403
    # Staff create courses in a portal.
    response = owner_api.post(
        BASE + "save/", {"name": "Portal course", "portalId": portal_tree["first"].pk}, format="json"
    )
    assert Course.objects.get(pk=response.json()["id"]).portal == portal_tree["first"]


def test_refused_callers(anonymous, learner_api, staff_without_permissions):
    course = CourseFactory()
    staff = api_client_for(staff_without_permissions)
    for client, status in ((anonymous, 401), (learner_api, 403), (staff, 403)):
        assert client.get(f"{BASE}{course.pk}/").status_code == status
        assert client.put(f"{BASE}{course.pk}/", {"name": "x"}, format="json").status_code == status
        assert client.post(BASE + "save/", {"name": "x"}, format="json").status_code == status
        assert client.get(BASE).status_code == status
        assert client.post(BASE + "delete/", {"delete_ids": [course.pk]}, format="json").status_code == status
        assert (
            client.post(
                BASE + "clone/", {"course_id": course.pk, "isDeepCopy": False}, format="json"
            ).status_code
            == status
        )
        assert (
            client.post(BASE + "quick-edit/", {"course_ids": [course.pk]}, format="json").status_code
            == status
        )
    course.refresh_from_db()
    assert course.name != "x"


def test_save_with_an_id_needs_the_change_permission(staff_api_with):
    course = CourseFactory(name="Before")
    client = staff_api_with("courses.add_course")
    response = client.post(BASE + "save/", {"id": course.pk, "name": "After"}, format="json")
    assert response.status_code == 403
    course.refresh_from_db()
    assert course.name == "Before"


def test_retrieve_an_unknown_course_is_404(owner_api):
    assert owner_api.get(f"{BASE}999999/").status_code == 404


# --- Lists and lookups -----------------------------------------------------------------------------


def test_tabular_list_shape_and_filters(owner_api, owner):
    category = CategoryFactory(name="Category 1")
    template = CertificateTemplateFactory()
    course = CourseFactory(name="Test Course", author=owner, accredible_group_ids=[])
    course.categories.add(category)
    course.certificate_templates.add(template)
    CourseFactory(name="Other", status=CourseStatus.PUBLISHED)
    search = json.dumps({"courseCategoryIds": [category.pk], "courseName": "test", "status": "DRAFT"})
    body = owner_api.get(BASE, {"search_param": search}).json()
    assert body["recordsTotal"] == 2 and body["recordsFiltered"] == 1
    row = body["records"][0]
    assert set(row) == {
        "id",
        "name",
        "slug",
        "status",
        "display_status",
        "categories",
        "author",
        "created_at",
        "certificate_template_id",
        "accredible_group_id",
    }
    assert row["status"] == "DRAFT" and row["display_status"] == "Draft"
    assert row["categories"] == "Category 1"
    assert row["certificate_template_id"] == template.pk
    assert row["author"] == owner.full_name


def test_tabular_list_refuses_unknown_filters(owner_api):
    response = owner_api.get(BASE, {"search_param": json.dumps({"nope": 1})})
    assert response.status_code == 422


def test_tabular_list_query_count_does_not_grow(owner_api, owner, count_queries):
    for _ in range(6):
        course = CourseFactory(author=owner)
        course.categories.add(CategoryFactory())
        course.certificate_templates.add(CertificateTemplateFactory())
    _, small = count_queries(lambda: owner_api.get(BASE, {"page_size": 1}))
    _, large = count_queries(lambda: owner_api.get(BASE, {"page_size": 50}))
    assert small == large


def test_dropdown_list_and_portal_filter(owner_api, portal_tree):
    first = CourseFactory(name="Course 1", portal=portal_tree["child"])
    CourseFactory(name="Course 2", portal=portal_tree["second"])
    assert owner_api.get(BASE + "dropdown/").json() == [
        {"id": first.pk, "name": "Course 1"},
        {"id": first.pk + 1, "name": "Course 2"},
    ]
    assert owner_api.get(BASE + "dropdown/", {"portalId": portal_tree["first"].pk}).json() == [
        {"id": first.pk, "name": "Course 1"}
    ]
    assert owner_api.get(BASE + "dropdown/", {"portalId": "abc"}).status_code == 422


def test_course_lookup(owner_api, portal_admin, portal_tree, learner_api):
    course = CourseFactory(name="course 1", portal=portal_tree["first"])
    CourseFactory(name="course 2", portal=portal_tree["second"])
    CourseFactory(name="other")
    response = owner_api.get(BASE + "lookup/", {"search_term": "course", "portalId": -1})
    assert [item["label"] for item in response.json()] == ["course 1", "course 2"]
    mine = api_client_for(portal_admin).get(BASE + "lookup/", {"search_term": "course", "portalId": -1})
    assert mine.json() == [{"value": course.pk, "label": "course 1"}]
    assert owner_api.get(BASE + "lookup/", {"portalId": -1}).status_code == 422
    assert learner_api.get(BASE + "lookup/", {"search_term": ""}).status_code == 403


def test_curriculum_details(owner_api):
    course = CourseFactory(name="Course 1")
    CourseModuleFactory(course=course, module__name="Test Module 1", order=1)
    CourseModuleFactory(course=course, module__name="Test Module 2", order=2, section="Section 1")
    CourseModuleFactory(course=course, module__name="Test Module 3", order=3, section="Section 1")
    response = owner_api.get(BASE + "curriculum/", {"courseIds": f"[{course.pk}]"})
    assert response.status_code == 200
    [entry] = response.json()
    assert entry["name"] == "Course 1"
    first, section = entry["modules"]
    assert first["name"] == "Test Module 1" and first["type"] == "text" and first["display_type"] == "Text"
    assert first["icon"].startswith("el-icon-")
    assert section["section_name"] == "Section 1"
    assert [m["name"] for m in section["modules"]] == ["Test Module 2", "Test Module 3"]


def test_curriculum_details_refuses_unknown_and_hidden_courses(owner_api, portal_admin, portal_tree):
    hidden = CourseFactory(portal=portal_tree["second"])
    assert owner_api.get(BASE + "curriculum/", {"courseIds": "[999999]"}).status_code == 422
    assert owner_api.get(BASE + "curriculum/").status_code == 422
    client = api_client_for(portal_admin)
    assert client.get(BASE + "curriculum/", {"courseIds": f"[{hidden.pk}]"}).status_code == 422


def test_curriculum_query_count_does_not_grow(owner_api, count_queries):
    one = CourseFactory()
    CourseModuleFactory(course=one)
    many = CourseFactory()
    for _ in range(8):
        CourseModuleFactory(course=many)
    _, small = count_queries(lambda: owner_api.get(BASE + "curriculum/", {"courseIds": f"[{one.pk}]"}))
    _, large = count_queries(
        lambda: owner_api.get(BASE + "curriculum/", {"courseIds": f"[{one.pk},{many.pk}]"})
    )
    assert small == large


@pytest.mark.parametrize(
    "path, first",
    [
        ("statuses/", {"db_value": "Not Started", "display_value": "Not Started"}),
        ("grading-rules/", {"db_value": "no_grading", "display_value": "No Grading"}),
        ("duration-rules/", {"db_value": "unlimited", "display_value": "Unlimited"}),
    ],
)
def test_choice_lookups(owner_api, learner_api, path, first):
    response = owner_api.get(BASE + path)
    assert response.status_code == 200
    assert response.json()[0] == first
    assert learner_api.get(BASE + path).status_code == 403


def test_drip_option_lookup(owner_api, anonymous):
    [body] = owner_api.get(BASE + "drip-options/").json()
    assert [o["db_value"] for o in body["options"]] == ["immediately", "fixed_date", "specific_interval"]
    assert [o["display_value"] for o in body["intervals"]] == ["Day(s)", "Week(s)", "Month(s)"]
    assert body["calculation_ref"][0] == {"db_value": "registration_date", "display_value": "Enrollment Date"}
    assert anonymous.get(BASE + "drip-options/").status_code == 401


# --- Delete, quick edit, clone ------------------------------------------------------------------------


def test_delete_courses(owner_api, modules):
    course = CourseFactory()
    CourseModuleFactory(course=course, module=modules[0])
    other = CourseFactory()
    response = owner_api.post(BASE + "delete/", {"delete_ids": [course.pk, other.pk]}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "2 course(s) deleted."
    assert body["deletedCourses"] == [course.pk, other.pk]
    assert body["notDeletedCourses"] == [] and body["enrolledCourses"] == []
    assert not Course.objects.exists() and not CourseModule.objects.exists()
    modules[0].refresh_from_db()  # the module stays in the library


def test_delete_refuses_unknown_and_hidden_ids(owner_api, portal_tree, staff_api_with):
    course = CourseFactory()
    response = owner_api.post(BASE + "delete/", {"delete_ids": [course.pk, 999999]}, format="json")
    assert response.status_code == 422
    assert Course.objects.filter(pk=course.pk).exists()
    assert owner_api.post(BASE + "delete/", {"delete_ids": []}, format="json").status_code == 422


def test_quick_edit(owner_api):
    author = StaffFactory()
    courses = [CourseFactory(), CourseFactory()]
    categories = [CategoryFactory(), CategoryFactory()]
    payload = {
        "course_ids": [c.pk for c in courses],
        "author_id": author.pk,
        "categories_id": [c.pk for c in categories],
    }
    response = owner_api.post(BASE + "quick-edit/", payload, format="json")
    assert response.status_code == 200
    assert response.json() == {"message": "Courses updated Successfully"}
    for course in courses:
        course.refresh_from_db()
        assert course.author == author
        assert set(course.categories.all()) == set(categories)


def test_quick_edit_refuses_a_learner_as_author_and_unknown_ids(owner_api, learner):
    course = CourseFactory()
    response = owner_api.post(
        BASE + "quick-edit/", {"course_ids": [course.pk], "author_id": learner.pk}, format="json"
    )
    assert response.status_code == 422 and "author_id" in response.json()["errors"]
    response = owner_api.post(BASE + "quick-edit/", {"course_ids": [course.pk, 999999]}, format="json")
    assert response.status_code == 422 and "course_ids" in response.json()["errors"]
    course.refresh_from_db()
    assert course.author is None


def test_clone_shallow(owner_api, owner, modules):
    course = CourseFactory(name="Test", status=CourseStatus.PUBLISHED, credits=3)
    course.categories.add(CategoryFactory())
    for index, module in enumerate(modules):
        CourseModuleFactory(course=course, module=module, order=index + 1, section="S")
    response = owner_api.post(BASE + "clone/", {"course_id": course.pk, "isDeepCopy": False}, format="json")
    assert response.status_code == 200
    assert response.json() == {"message": "Course Cloned Successfully"}
    copy = Course.objects.exclude(pk=course.pk).get()
    assert copy.name == "Test_copy" and copy.status == CourseStatus.DRAFT and copy.author == owner
    assert copy.credits == 3 and list(copy.categories.all()) == list(course.categories.all())
    assert [row.module_id for row in copy.course_modules.order_by("order")] == [m.pk for m in modules]


def test_clone_refuses_an_unknown_course(owner_api):
    response = owner_api.post(BASE + "clone/", {"course_id": 999999, "isDeepCopy": True}, format="json")
    assert response.status_code == 422
    response = owner_api.post(BASE + "clone/", {"course_id": 1}, format="json")
    assert response.status_code == 422
    assert not Course.objects.exists()
