"""PDF and PowerPoint modules: a file from the media library, an upload (checked by content) or an
address; download switch, zoom and viewer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.media.models import MediaFile
from lms.modules.demo_files import pptx_bytes
from lms.modules.models import Module, PdfModule, PowerPointModule
from tests.factories.modules import PdfModuleFactory, PowerPointModuleFactory
from tests.lms.modules.conftest import MINIMAL_PDF, invalid, listing, module_state

pytestmark = pytest.mark.django_db

PDF_URL = "/api/v1/pdf-modules/"
PPT_URL = "/api/v1/powerpoint-modules/"
PDF_PAYLOAD = {
    "name": "Getting Started",
    "content": "<p>This is the updated short content here</p>",
    "trackCompletion": True,
    "allowDownload": True,
    "defaultZoom": "75%",
    "showSidebar": True,
    "categories": [],
    "estimatedCompletion": "00:30:00",
    "estimationCompletedUnit": "minutes",
}
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def pdf_upload(name="handbook.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- PDF ---------------------------------------------------------------------------------------


def test_create_pdf_module_with_an_upload(author_api, stored_files):
    payload = {**PDF_PAYLOAD, "categories": "[]", "file": pdf_upload()}

    response = author_api.post(PDF_URL, payload, format="multipart")

    assert response.status_code == 200, response.json()
    module = Module.objects.get()
    assert response.json() == {"id": module.pk, "message": "Module saved successfully"}
    pdf = PdfModule.objects.get(pk=module.pk)
    assert pdf.media.kind == "pdf" and pdf.media.name == "handbook.pdf"
    assert (pdf.allow_download, pdf.default_zoom, pdf.show_sidebar) == (True, "75%", True)
    assert len(stored_files()) == 1


def test_create_pdf_module_from_the_library_and_get_it(author_api):
    media = MediaFile.objects.create(name="guide.pdf", kind="pdf", file="library/guide.pdf")

    created = author_api.post(PDF_URL, {**PDF_PAYLOAD, "mediaId": media.pk}, format="json")
    module = Module.objects.get()
    response = author_api.get(f"{PDF_URL}{module.pk}/")

    assert created.status_code == 200
    assert response.status_code == 200
    assert response.json() == {
        "id": module.pk,
        "name": "Getting Started",
        "slug": "getting-started",
        "content": "<p>This is the updated short content here</p>",
        "url": media.file.url,
        "mediaId": media.pk,
        "fileName": "guide.pdf",
        "allowDownload": True,
        "trackCompletion": True,
        "estimatedCompletion": "00:30:00",
        "estimationCompletedUnit": "minutes",
        "defaultZoom": "75%",
        "showSidebar": True,
        "categories": [],
        "courses": [],
    }


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({}, {"url": ["Choose a PDF from the media library, upload one or give its address."]}),
        ({"url": "javascript:alert(1)"}, {"url": ["Give an http(s) address or a path on this site."]}),
        ({"url": "https://example.org/a.pdf", "defaultZoom": "9000%"}, None),
        ({"mediaId": 999999}, {"mediaId": ["Unknown media file."]}),
    ],
)
def test_create_pdf_module_refuses_bad_input(author_api, change, errors):
    before = module_state()

    response = author_api.post(PDF_URL, {**PDF_PAYLOAD, **change}, format="json")

    assert response.status_code == 422
    if errors is not None:
        assert response.json() == invalid(errors)
    assert module_state() == before


def test_an_upload_that_lies_about_being_a_pdf_is_refused_and_leaves_no_file(author_api, stored_files):
    liar = SimpleUploadedFile("handbook.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    before = module_state()

    response = author_api.post(PDF_URL, {**PDF_PAYLOAD, "categories": "[]", "file": liar}, format="multipart")

    assert response.status_code == 422
    assert "file" in response.json()["errors"]
    assert module_state() == before and stored_files() == []


def test_a_failed_save_removes_the_file_it_uploaded(author_api, stored_files):
    # The upload is fine but a category id is unknown: the whole save fails and the file goes
    response = author_api.post(
        PDF_URL, {**PDF_PAYLOAD, "categories": "[999999]", "file": pdf_upload()}, format="multipart"
    )

    assert response.status_code == 422
    assert not Module.objects.exists() and not MediaFile.objects.exists()
    assert stored_files() == []


def test_update_pdf_module_keeps_the_file_when_none_is_given(author_api):
    detail = PdfModuleFactory(module__name="Guide")

    response = author_api.put(
        f"{PDF_URL}{detail.pk}/",
        {"name": "Guide v2", "defaultZoom": "page_fit", "allowDownload": False},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"message": "Module updated successfully"}
    pdf = PdfModule.objects.get(pk=detail.pk)
    assert (pdf.url, pdf.default_zoom, pdf.allow_download) == (
        "https://example.org/handbook.pdf",
        "page_fit",
        False,
    )
    assert pdf.module.name == "Guide v2"


def test_update_pdf_module_refuses_a_bad_zoom(author_api):
    detail = PdfModuleFactory()
    before = module_state()

    response = author_api.put(f"{PDF_URL}{detail.pk}/", {"name": "X", "defaultZoom": "huge"}, format="json")

    assert response.status_code == 422
    assert module_state() == before


def test_pdf_list_and_query_count(author_api, count_queries):
    for _ in range(3):
        PdfModuleFactory()

    response = listing(
        author_api, PDF_URL, search_param={"moduleTypes": ["pdf"], "associatedCourse": "", "moduleName": ""}
    )
    _, small = count_queries(lambda: listing(author_api, PDF_URL, page_size=1))
    _, large = count_queries(lambda: listing(author_api, PDF_URL, page_size=50))

    assert response.status_code == 200
    assert response.json()["recordsTotal"] == 3
    assert {row["type"] for row in response.json()["records"]} == {"pdf"}
    assert small == large


# --- PowerPoint --------------------------------------------------------------------------------


def test_create_powerpoint_module_from_query_parameters_as_the_seed_sends(author_api):
    response = author_api.post(
        PPT_URL
        + "?name=Getting&viewer=microsoft_office&content=%3Cp%3EHi%3C%2Fp%3E"
        + "&url=https://drive.google.com/file/d/0B5c/view&estimatedCompletion=30&estimationCompletedUnit=hour"
        + "&categories=Category%201"
    )

    assert response.status_code == 200, response.json()
    module = Module.objects.get()
    assert response.json() == {"id": module.pk, "message": "Module saved successfully"}
    ppt = PowerPointModule.objects.get(pk=module.pk)
    assert ppt.viewer == "microsoft_office" and ppt.url.startswith("https://drive.google.com/")
    assert (module.estimated_completion, module.estimation_completed_unit) == ("30", "hours")
    assert list(module.categories.values_list("name", flat=True)) == ["Category 1"]


def test_create_powerpoint_module_with_an_uploaded_pptx(author_api, stored_files):
    upload = SimpleUploadedFile("slides.pptx", pptx_bytes([("Hello", "World")]), content_type=PPTX)

    response = author_api.post(
        PPT_URL,
        {"name": "Slides", "viewer": "google_docs", "allowDownload": "true", "file": upload},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    ppt = PowerPointModule.objects.get()
    assert ppt.media.kind == "powerpoint" and ppt.viewer == "google_docs" and ppt.allow_download is True
    assert len(stored_files()) == 1


def test_a_pdf_is_not_a_presentation(author_api, stored_files):
    response = author_api.post(
        PPT_URL, {"name": "Slides", "file": pdf_upload("slides.pdf")}, format="multipart"
    )

    assert response.status_code == 422
    assert not Module.objects.exists() and stored_files() == []


def test_retrieve_and_update_a_powerpoint_module(author_api):
    detail = PowerPointModuleFactory(module__name="Getting Started", module__slug="getting-started")

    response = author_api.put(
        f"{PPT_URL}{detail.pk}/",
        {
            "id": str(detail.pk),
            "viewer": '<iframe src="https://view.officeapps.live.com/op/embed.aspx?src=https://example.com/p.pptx"></iframe>',
            "name": "My-powerpoint-lesson",
            "content": "<p>This is the content for the module</p>",
            "url": "https://example.com/powerpoint.pptx",
            "estimatedCompletion": 30,
            "estimationCompletedUnit": "hour",
            "categories": [],
        },
        format="json",
    )
    body = author_api.get(f"{PPT_URL}{detail.pk}/").json()

    assert response.status_code == 200, response.json()
    assert response.json() == {"message": "Module updated successfully"}
    assert body["name"] == "My-powerpoint-lesson" and body["slug"] == "getting-started"
    assert body["viewer"] == "microsoft_office" and body["url"] == "https://example.com/powerpoint.pptx"
    assert body["estimatedCompletion"] == "30" and body["estimationCompletedUnit"] == "hours"
    assert body["courses"] == [] and body["categories"] == []


def test_update_powerpoint_module_refuses_an_unknown_viewer(author_api):
    detail = PowerPointModuleFactory()
    before = module_state()

    response = author_api.put(f"{PPT_URL}{detail.pk}/", {"name": "X", "viewer": "keynote"}, format="json")

    assert response.status_code == 422
    assert response.json() == invalid({"viewer": ["The viewer must be microsoft_office or google_docs."]})
    assert module_state() == before


def test_powerpoint_list_shape(author_api, count_queries):
    for _ in range(3):
        PowerPointModuleFactory()

    response = listing(
        author_api, PPT_URL, search_param={"moduleCategoryIds": [], "associatedCourse": "", "moduleName": ""}
    )
    _, small = count_queries(lambda: listing(author_api, PPT_URL, page_size=1))
    _, large = count_queries(lambda: listing(author_api, PPT_URL, page_size=50))

    row = response.json()["records"][0]
    assert set(row) == {
        "id",
        "name",
        "slug",
        "type",
        "icon",
        "author",
        "showMappedCourses",
        "created_at",
        "course_count",
    }
    assert row["icon"] == '<i class="el-icon-presentation"></i>' and row["showMappedCourses"] is False
    assert small == large
