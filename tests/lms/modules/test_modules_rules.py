"""The rules behind the API: sanitiser, type registry, details without N+1, clone, course usage."""

import pytest
from django.core.files.base import ContentFile

from lms.courses.models import Course, CourseModule
from lms.media.models import MediaFile
from lms.modules import selectors, services
from lms.modules.models import Module, ModuleType, VideoSubtitle
from lms.modules.types import icon_for, module_type_spec, registered_types
from tests.factories import StaffFactory
from tests.factories.modules import (
    PdfModuleFactory,
    PowerPointModuleFactory,
    TextModuleFactory,
    VideoModuleFactory,
)
from tests.lms.modules.conftest import MINIMAL_PDF, VTT, listing
from website.html import sanitise_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("html", "safe"),
    [
        ("<p>Hello</p>", "<p>Hello</p>"),
        ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.org">x</a>',
            '<a href="https://example.org" rel="noopener noreferrer">x</a>',
        ),
        ("<iframe src='https://evil.example'></iframe>", ""),
        ("<style>body{display:none}</style><b>b</b>", "<b>b</b>"),
        (None, ""),
    ],
)
def test_sanitise_html(html, safe):
    assert sanitise_html(html) == safe


def test_the_four_types_are_registered_with_their_icons():
    assert {spec.type for spec in registered_types()} >= {"text", "video", "pdf", "powerpoint"}
    assert module_type_spec("video").related_name == "video"
    assert module_type_spec("quiz") is None
    assert icon_for("powerpoint") == '<i class="el-icon-presentation"></i>'
    assert icon_for("quiz").startswith("<i ")


def test_modules_with_details_reads_a_mixed_list_in_one_query(django_assert_num_queries):
    for factory in (TextModuleFactory, VideoModuleFactory, PdfModuleFactory, PowerPointModuleFactory):
        factory()

    with django_assert_num_queries(1):
        rows = list(selectors.modules_with_details(Module.objects.order_by("pk")))
        details = [module_type_spec(row.module_type).detail_of(row) for row in rows]

    assert [type(detail).__name__ for detail in details] == [
        "TextModule",
        "VideoModule",
        "PdfModule",
        "PowerPointModule",
    ]


def test_a_deep_clone_copies_the_files_and_shares_nothing(media_root):
    # Given a video module with a subtitle file and a PDF module with an uploaded file
    actor = StaffFactory()
    subtitle_media = MediaFile(name="en.vtt", kind="subtitle")
    subtitle_media.file.save("en.vtt", ContentFile(VTT.encode()))
    video = VideoModuleFactory()
    VideoSubtitle.objects.create(video=video, language="en", media=subtitle_media)
    pdf_media = MediaFile(name="a.pdf", kind="pdf")
    pdf_media.file.save("a.pdf", ContentFile(MINIMAL_PDF))
    pdf = PdfModuleFactory(media=pdf_media, url="")

    # When both are cloned deeply
    video_copy = services.module_clone(actor=actor, module=video.module, deep=True)
    pdf_copy = services.module_clone(actor=actor, module=pdf.module, deep=True)

    # Then the copies point at new media rows with their own stored files, with the same content
    copied_subtitle = video_copy.video.subtitles.get()
    assert copied_subtitle.media_id != subtitle_media.pk
    assert copied_subtitle.media.file.name != subtitle_media.file.name
    assert copied_subtitle.media.file.read() == VTT.encode()
    assert pdf_copy.pdf.media_id != pdf_media.pk
    assert pdf_copy.pdf.media.file.read() == MINIMAL_PDF
    # and a shallow clone shares the files
    shallow = services.module_clone(actor=actor, module=pdf.module, deep=False)
    assert shallow.pdf.media_id == pdf_media.pk


def test_course_usage_counts_filters_and_keeps(author_api):
    # Given a module used in a course and one not used
    used, free = TextModuleFactory(module__name="Used").module, TextModuleFactory(module__name="Free").module
    course = Course.objects.create(name="My Course", slug="my-course")
    CourseModule.objects.create(course=course, module=used, order=1)

    # Then the list counts its courses, the filter finds it, the detail names the course
    rows = listing(
        author_api, "/api/v1/text-modules/", order_by={"colName": "name", "direction": "desc"}
    ).json()["records"]
    assert [(row["name"], row["course_count"]) for row in rows] == [("Used", 1), ("Free", 0)]
    by_course = listing(
        author_api, "/api/v1/modules/", search_param={"associatedCourse": str(course.pk)}
    ).json()
    assert [row["id"] for row in by_course["records"]] == [used.pk]
    detail = author_api.get(f"/api/v1/text-modules/{used.pk}/").json()
    assert detail["courses"] == [{"course_id": course.pk, "course_name": "My Course"}]

    # And deleting both keeps the used one, with the reason
    response = author_api.post("/api/v1/modules/delete/", {"delete_ids": [used.pk, free.pk]}, format="json")
    assert response.json() == {
        "message": "1 module(s) deleted. 1 module(s) not deleted as they are used in course(s).",
        "deletedModules": 1,
    }
    assert list(Module.objects.values_list("pk", flat=True)) == [used.pk]


def test_module_categories_are_counted_by_the_category_list():
    from lms.categories.usage import usages_for

    assert any(usage.related_name == "modules" for usage in usages_for("module"))


def test_media_files_used_by_modules_are_reported_in_use():
    from lms.media.usage import media_in_use

    media = MediaFile.objects.create(name="a.pdf", kind="pdf", file="library/a.pdf")
    PdfModuleFactory(media=media)

    assert media_in_use(MediaFile.objects.all()) == {media.pk: ["PDF module"]}


def test_blank_creation_of_every_registered_type():
    actor = StaffFactory()
    for spec in registered_types():
        module = services.module_create_blank(actor=actor, name=f"Blank {spec.type}", module_type=spec.type)
        assert spec.detail_of(Module.objects.get(pk=module.pk)) is not None
    assert Module.objects.count() == len(registered_types())
    assert set(Module.objects.values_list("module_type", flat=True)) <= set(ModuleType.values)


def test_changing_only_the_unit_keeps_the_estimate():
    actor = StaffFactory()
    module = services.text_module_save(
        actor=actor,
        name="Lesson",
        content="<p>x</p>",
        estimated_completion="30",
        estimation_completed_unit="min",
    )

    services.module_update(actor=actor, module=module, estimation_completed_unit="hour")

    module.refresh_from_db()
    assert (module.estimated_completion, module.estimation_completed_unit) == ("30", "hours")


def test_an_id_in_a_create_body_is_not_the_new_modules_id(author_api):
    response = author_api.post(
        "/api/v1/powerpoint-modules/",
        {"id": 4242, "name": "Slides", "url": "https://example.org/s.pptx"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["id"] != 4242
    assert not Module.objects.filter(pk=4242).exists()


def test_a_module_row_without_its_detail_is_not_found(author_api):
    from tests.factories.modules import ModuleFactory

    bare = ModuleFactory(module_type="pdf")

    response = author_api.get(f"/api/v1/pdf-modules/{bare.pk}/")

    assert response.status_code == 404
