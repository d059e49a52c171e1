"""The course admin: object permissions for instructors, saves through the service, actions."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from lms.courses.models import Course, CourseStatus
from tests.factories.accounts import StaffFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory, TextModuleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:courses_course_changelist"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def course_form(name, *, status="draft", rows=(), existing=0):
    data = {
        "name": name,
        "status": status,
        "grading_rule": "no_grading",
        "duration_rule": "unlimited",
        "completion_criteria": "all_modules",
        "reward_type": "",
        "points": "0",
        "course_modules-TOTAL_FORMS": str(len(rows)),
        "course_modules-INITIAL_FORMS": str(existing),
        "course_modules-MIN_NUM_FORMS": "0",
        "course_modules-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        prefix = f"course_modules-{index}-"
        data.update(
            {
                prefix + "module": str(row["module"].pk),
                prefix + "order": str(row["order"]),
                prefix + "section": row.get("section", ""),
                prefix + "drip_rule": "immediately",
                prefix + "drip_interval_unit": "day",
                prefix + "drip_reference": "registration_date",
                prefix + "reward_type": "",
                prefix + "points": "0",
                prefix + "min_time_minutes": "0",
            }
        )
        if "id" in row:
            data[prefix + "id"] = str(row["id"])
            data[prefix + "course"] = str(row["course"])
    return data


def test_an_instructor_sees_and_edits_only_the_courses_granted(client):
    instructor = StaffFactory()
    granted, other = CourseFactory(name="Granted course"), CourseFactory(name="Other course")
    assign_perm("courses.change_course", instructor, granted)
    client.force_login(instructor)

    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert b"Granted course" in page.content and b"Other course" not in page.content
    assert client.get(reverse("admin:courses_course_change", args=[granted.pk])).status_code == 200
    refused = client.get(reverse("admin:courses_course_change", args=[other.pk]))
    assert refused.status_code == 302  # Django's "does not exist" redirect: the course is hidden

    response = client.post(
        reverse("admin:courses_course_change", args=[granted.pk]), course_form("Renamed by instructor")
    )
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.name == "Renamed by instructor"
    assert client.get(reverse("admin:courses_course_add")).status_code == 403


def test_staff_without_grants_see_no_courses(client):
    client.force_login(StaffFactory())
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_the_admin_saves_the_curriculum_in_order_through_the_service(owner_client):
    first, second = TextModuleFactory(), TextModuleFactory()
    response = owner_client.post(
        reverse("admin:courses_course_add"),
        course_form(
            "Admin course",
            status="published",
            rows=[{"module": first, "order": 2, "section": "B"}, {"module": second, "order": 1}],
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    course = Course.objects.get(name="Admin course")
    assert course.status == CourseStatus.PUBLISHED and course.slug == "admin-course"
    assert [(row.module_id, row.order, row.section) for row in course.course_modules.order_by("order")] == [
        (second.pk, 1, ""),
        (first.pk, 2, "B"),
    ]
    page = owner_client.get(reverse("admin:courses_course_change", args=[course.pk]))
    assert b"courses/curriculum-order.js" in page.content


def test_the_admin_refuses_publishing_an_empty_course(owner_client):
    response = owner_client.post(
        reverse("admin:courses_course_add"), course_form("Empty", status="published")
    )
    assert response.status_code == 200
    assert b"at least one module" in response.content
    assert not Course.objects.exists()


def test_admin_actions_call_the_services(owner_client):
    ready = CourseFactory(name="Ready")
    CourseModuleFactory(course=ready)
    url = reverse(CHANGELIST)
    owner_client.post(url, {"action": "publish_courses", "_selected_action": [ready.pk]})
    ready.refresh_from_db()
    assert ready.status == CourseStatus.PUBLISHED
    owner_client.post(url, {"action": "deep_clone_courses", "_selected_action": [ready.pk]})
    copy = Course.objects.get(name="Ready_copy")
    assert copy.course_modules.get().module_id != ready.course_modules.get().module_id
    owner_client.post(url, {"action": "delete_selected", "_selected_action": [copy.pk], "post": "yes"})
    assert not Course.objects.filter(pk=copy.pk).exists()


def test_filters_search_and_export(owner_client):
    CourseFactory(name="Findable")
    assert owner_client.get(reverse(CHANGELIST), {"q": "Find", "status__exact": "draft"}).status_code == 200
    response = owner_client.post(reverse("admin:courses_course_export"), {"format": "0", "export_items": []})
    assert response.status_code == 200


def test_every_course_admin_page_renders_on_the_demo(owner_client, owner):
    from lms.courses.demo import load_demo

    load_demo(actor=owner, users={}, portals={})
    course = Course.objects.filter(status=CourseStatus.PUBLISHED).first()
    for name, args in (
        ("changelist", []),
        ("change", [course.pk]),
        ("history", [course.pk]),
        ("export", []),
        ("permissions", [course.pk]),
        ("add", []),
        ("import", []),
    ):
        response = owner_client.get(reverse(f"admin:courses_course_{name}", args=args))
        assert response.status_code == 200, name
