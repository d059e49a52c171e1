"""Course services: bounded saves, clones, and what the app registers with categories, modules, users."""

import pytest
from django.db.models import Q

from lms.categories.usage import usages_for
from lms.courses import services
from lms.courses.demo import load_demo
from lms.courses.models import Course, CourseModule, CourseStatus, DripRule
from lms.modules.models import Module, PdfModule, VideoModule
from lms.modules.selectors import module_course_links
from lms.modules.services import module_keep_rules
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory, TextModuleFactory

pytestmark = pytest.mark.django_db


def curriculum(modules, **extra):
    return [
        {
            "module_id": module.pk,
            "section": f"Week {index // 20 + 1}",
            "drip_rule": DripRule.IMMEDIATELY,
            **extra,
        }
        for index, module in enumerate(modules)
    ]


def test_saving_a_course_with_200_modules_stays_bounded(owner, django_assert_max_num_queries):
    modules = [TextModuleFactory() for _ in range(200)]
    data = {"name": "Big", "status": CourseStatus.PUBLISHED, "curriculum": curriculum(modules)}
    with django_assert_max_num_queries(25):
        course = services.course_save(actor=owner, data=data)
    assert course.course_modules.count() == 200
    assert CourseModule.history.count() == 200

    reordered = list(reversed(modules[:150])) + [TextModuleFactory() for _ in range(50)]
    data = {
        "curriculum": curriculum(reordered, is_locked=True),
        "selected_modules": [m.pk for m in reordered[:10]],
        "grade_modules": [m.pk for m in reordered[:5]],
    }
    with django_assert_max_num_queries(30):
        services.course_save(actor=owner, course=course, data=data)
    rows = list(course.course_modules.order_by("order"))
    assert [row.module_id for row in rows] == [m.pk for m in reordered]
    assert all(row.is_locked for row in rows)
    assert sum(row.counts_for_completion for row in rows) == 10 and sum(row.is_graded for row in rows) == 5


def test_a_failed_publish_writes_nothing(owner):
    course = CourseFactory(name="Keep")
    module = TextModuleFactory()
    with pytest.raises(services.Unprocessable):
        services.course_save(
            actor=owner,
            course=course,
            data={
                "name": "Changed",
                "status": CourseStatus.PUBLISHED,
                "curriculum": [],
                "categories": ["New"],
            },
        )
    course.refresh_from_db()
    assert course.name == "Keep" and not course.course_modules.exists()
    services.course_save(actor=owner, course=course, data={"curriculum": [{"module_id": module.pk}]})
    assert course.course_modules.get().module == module


def test_a_published_course_offers_only_published_templates(owner):
    draft_template = CertificateTemplateFactory(status="draft")
    module = TextModuleFactory()
    with pytest.raises(services.Unprocessable) as refused:
        services.course_save(
            actor=owner,
            data={
                "name": "C",
                "status": CourseStatus.PUBLISHED,
                "curriculum": [{"module_id": module.pk}],
                "certificate_templates": [draft_template.pk],
            },
        )
    assert "certificateTemplates" in refused.value.detail


def _video_module(name):
    from lms.modules.models import ModuleType

    module = Module.objects.create(name=name, slug=name.lower(), module_type=ModuleType.VIDEO)
    VideoModule.objects.create(module=module, provider="youtube", url="https://youtu.be/abc", video_id="abc")
    return module


def test_a_deep_clone_copies_everything_and_shares_nothing(owner):
    course = CourseFactory(name="Original", status=CourseStatus.PUBLISHED, points=5)
    template = CertificateTemplateFactory()
    course.certificate_templates.add(template)
    text, video = TextModuleFactory(name="Intro"), _video_module("Clip")
    CourseModuleFactory(course=course, module=text, order=1, section="A", is_locked=True, points=3)
    CourseModuleFactory(course=course, module=video, order=2, section="B", is_graded=True)

    copy = services.course_clone(actor=owner, course=course, deep=True)

    assert copy.pk != course.pk and copy.slug != course.slug and copy.name == "Original_copy"
    assert copy.status == CourseStatus.DRAFT and copy.points == 5
    assert list(copy.certificate_templates.all()) == [template]  # templates are offered, not owned
    original_rows = list(course.course_modules.order_by("order"))
    copied_rows = list(copy.course_modules.order_by("order").select_related("module"))
    assert len(copied_rows) == 2
    assert not {row.pk for row in original_rows} & {row.pk for row in copied_rows}
    assert not {row.module_id for row in original_rows} & {row.module_id for row in copied_rows}
    for original, copied in zip(original_rows, copied_rows, strict=True):
        for name in services.CURRICULUM_FIELDS:
            assert getattr(original, name) == getattr(copied, name), name
        assert copied.module.module_type == original.module.module_type
    assert VideoModule.objects.filter(module=copied_rows[1].module).exists()
    # The originals still sit in the original course only.
    assert set(CourseModule.objects.filter(module__in=[text, video]).values_list("course_id", flat=True)) == {
        course.pk
    }


def test_a_shallow_clone_shares_the_modules(owner):
    course = CourseFactory()
    row = CourseModuleFactory(course=course)
    copy = services.course_clone(actor=owner, course=course, deep=False)
    assert copy.course_modules.get().module_id == row.module_id
    assert Module.objects.count() == 1


def test_modules_used_in_courses_are_kept(owner):
    from lms.modules.services import modules_bulk_delete

    used, free = TextModuleFactory(), TextModuleFactory()
    CourseModuleFactory(module=used)
    assert any(rule.reason == "used_in_courses" for rule in module_keep_rules())
    assert any(link.related_name == "course_modules" for link in module_course_links())
    modules_bulk_delete(actor=owner, ids=[used.pk, free.pk])
    assert Module.objects.filter(pk=used.pk).exists()
    assert not Module.objects.filter(pk=free.pk).exists()


def test_course_categories_are_registered():
    assert any(usage.related_name == "courses" for usage in usages_for("course"))


def test_users_who_authored_courses_or_modules_are_kept(owner):
    from lms.accounts import services as accounts_services
    from website.tenancy import portal_scope

    course_author, module_author, nobody = StaffFactory(), StaffFactory(), UserFactory()
    course = CourseFactory(author=course_author, name="Course 1")
    module = TextModuleFactory(author=module_author, name="Module 1")
    result = accounts_services.users_bulk_delete(
        actor=owner, scope=portal_scope(owner), ids=[course_author.pk, module_author.pk, nobody.pk]
    )
    assert [row["id"] for row in result["deletedStudents"]] == [nobody.pk]
    assert {row["id"] for row in result["notDeletedStudents"]} == {course_author.pk, module_author.pk}
    assert list(result["usedAsCourseAuthors"].values()) == [[{"id": course.pk, "name": "Course 1"}]]
    assert list(result["usedAsModuleAuthors"].values()) == [[{"id": module.pk, "name": "Module 1"}]]


def test_publish_and_draft_several(owner):
    ready = CourseFactory()
    CourseModuleFactory(course=ready)
    empty = CourseFactory()
    assert services.courses_set_status(actor=owner, courses=[ready], status=CourseStatus.PUBLISHED) == 1
    with pytest.raises(services.Unprocessable):
        services.courses_set_status(actor=owner, courses=[empty], status=CourseStatus.PUBLISHED)


def test_demo_makes_two_published_courses_once(owner):
    created = load_demo(actor=owner, users={}, portals={})
    assert created == 9  # seven modules, two courses
    courses = Course.objects.filter(status=CourseStatus.PUBLISHED)
    assert courses.count() == 2
    for course in courses:
        assert course.course_modules.count() >= 3
        assert course.categories.exists()
    assert (
        Course.objects.filter(
            Q(slug="workplace-safety-essentials") | Q(slug="customer-service-foundations")
        ).count()
        == 2
    )
    assert load_demo(actor=owner, users={}, portals={}) == 0
    assert not PdfModule.objects.exists()
