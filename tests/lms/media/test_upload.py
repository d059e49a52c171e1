"""Upload Media: plain uploads and chunked, resumable uploads (FilePond's protocol), checked by content."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.audit.models import Activity, ActivityAction
from lms.media.models import MediaFile, UploadChunk, UploadSession
from tests.conftest import api_client_for
from tests.factories import StaffFactory, UserFactory
from tests.lms.media.samples import EXE, VTT, pdf_bytes, png_bytes, pptx_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/api/v1/media/upload/"
INVALID = "The given data was invalid."
UPLOADED_KEYS = {
    "id",
    "file_name",
    "file_type",
    "status",
    "mux_url",
    "mime_type",
    "url",
    "size",
    "created_at",
}


def upload(client, data: bytes, name: str, **extra):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data), **extra}, format="multipart")


def start(client, total_size: int, name: str = "big.pdf", **extra):
    return client.post(UPLOAD_URL, {"total_size": total_size, "file_name": name, **extra}, format="json")


def send_chunk(client, session_id, data: bytes, offset: int, **headers):
    return client.generic(
        "PATCH",
        f"{UPLOAD_URL}?patch={session_id}",
        data,
        content_type="application/offset+octet-stream",
        headers={"Upload-Offset": str(offset), **headers},
    )


def split(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


# --- Plain upload --------------------------------------------------------------------------------


def test_a_plain_upload_is_stored_and_answers_in_the_seed_shape(owner_api, owner, stored_files):
    data = png_bytes()

    response = upload(owner_api, data, "default-certificate.png")

    assert response.status_code == 200
    body = response.json()
    assert body["is_success"] is True and body["code"] == 200 and body["errorMessage"] is None
    media = body["uploadedMedia"]
    assert set(media) == UPLOADED_KEYS
    assert media["file_name"] == "default-certificate.png"
    assert (media["file_type"], media["status"], media["mime_type"]) == ("Images", "Completed", "image/png")
    assert media["mux_url"] is None and media["size"] == len(data)
    row = MediaFile.objects.get(pk=media["id"])
    assert row.uploaded_by == owner and row.portal is None
    assert row.file.read() == data
    assert stored_files() == [row.file.name]
    assert row.file.name.startswith("library/") and row.file.name.endswith(".png")
    assert "default-certificate" not in row.file.name  # storage names are random, never the client's
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(row.pk)).exists()


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (pdf_bytes, "handbook.pdf", "PDF"),
        (pptx_bytes, "slides.pptx", "PowerPoint"),
        (lambda: VTT, "en.vtt", "Subtitles"),
    ],
)
def test_documents_slides_and_subtitles_are_recognised(owner_api, make, name, kind):
    response = upload(owner_api, make(), name)

    assert response.status_code == 200
    assert response.json()["uploadedMedia"]["file_type"] == kind


@pytest.mark.parametrize(
    ("data", "name"),
    [(EXE, "holiday.png"), (png_bytes(), "contract.pdf"), (b"", "empty.png"), (b"plain text", "notes.txt")],
    ids=["program-as-picture", "picture-as-pdf", "empty", "unsupported"],
)
def test_an_upload_that_lies_or_is_unsupported_is_refused_and_leaves_nothing(
    owner_api, stored_files, data, name
):
    response = upload(owner_api, data, name)

    assert response.status_code == 422
    assert response.json()["message"] == INVALID and "file" in response.json()["errors"]
    assert MediaFile.objects.count() == 0 and stored_files() == []


def test_an_upload_over_the_size_cap_is_refused(owner_api, settings, stored_files):
    settings.LECTERN_MEDIA_MAX_UPLOAD_BYTES = 50
    response = upload(owner_api, png_bytes(), "big.png")

    assert response.status_code == 422
    assert "larger than the 50 bytes" in response.json()["errors"]["file"][0]
    assert MediaFile.objects.count() == 0 and stored_files() == []


def test_no_file_and_no_length_is_a_422(owner_api):
    response = owner_api.post(UPLOAD_URL, {}, format="json")

    assert response.status_code == 422
    assert UploadSession.objects.count() == 0


def test_anonymous_and_learners_are_refused(anonymous, learner_api, stored_files):
    assert upload(anonymous, png_bytes(), "a.png").status_code == 401
    assert upload(learner_api, png_bytes(), "a.png").status_code == 403
    assert start(learner_api, 100).status_code == 403
    assert MediaFile.objects.count() == 0 and stored_files() == []


def test_a_portal_admin_uploads_into_their_portal_only(portal_admin, portal_tree):
    client = api_client_for(portal_admin)

    assert upload(client, png_bytes(), "a.png").status_code == 422  # which portal?
    assert upload(client, png_bytes(), "a.png", portalId=portal_tree["second"].pk).status_code == 404
    response = upload(client, png_bytes(), "a.png", portalId=portal_tree["child"].pk)

    assert response.status_code == 200
    assert MediaFile.objects.get().portal == portal_tree["child"]


def test_a_staff_member_needs_the_add_permission(staff_api_with):
    assert upload(staff_api_with("media.view_mediafile"), png_bytes(), "a.png").status_code == 403
    assert upload(staff_api_with("media.add_mediafile"), png_bytes(), "a.png").status_code == 200


# --- Chunked upload ------------------------------------------------------------------------------


def test_a_chunked_upload_resumes_and_assembles_the_file(owner_api, owner, stored_files):
    data = pdf_bytes()
    chunks = split(data, 1000)
    assert len(chunks) >= 3

    started = start(owner_api, len(data), "Course handbook.pdf")
    assert started.status_code == 201
    session_id = started.json()["id"]
    assert started.json()["offset"] == 0 and started.json()["next_index"] == 0
    assert uuid.UUID(session_id).version == 4  # random, unguessable

    offset = 0
    for index, chunk in enumerate(chunks[:-1]):
        response = send_chunk(owner_api, session_id, chunk, offset, **{"Upload-Index": str(index)})
        assert response.status_code == 202, response.content
        offset += len(chunk)
        assert response["Upload-Offset"] == str(offset)
    assert UploadChunk.objects.count() == len(chunks) - 1

    # The client lost track: it asks where to resume (FilePond sends HEAD).
    status = owner_api.head(f"{UPLOAD_URL}?patch={session_id}")
    assert status.status_code == 200 and status["Upload-Offset"] == str(offset)
    resume = owner_api.get(UPLOAD_URL, {"patch": session_id}).json()
    assert resume["offset"] == offset and resume["next_index"] == len(chunks) - 1

    response = send_chunk(owner_api, session_id, chunks[-1], offset, **{"Upload-Length": str(len(data))})

    assert response.status_code == 200
    media = response.json()["uploadedMedia"]
    assert (media["file_name"], media["file_type"], media["size"]) == (
        "Course handbook.pdf",
        "PDF",
        len(data),
    )
    row = MediaFile.objects.get(pk=media["id"])
    assert row.file.read() == data and row.uploaded_by == owner
    assert UploadSession.objects.count() == 0 and UploadChunk.objects.count() == 0
    assert stored_files() == [row.file.name]  # the chunks are gone


def test_a_chunk_out_of_order_is_refused_and_not_kept(owner_api, stored_files):
    data = pdf_bytes()
    session_id = start(owner_api, len(data)).json()["id"]
    assert send_chunk(owner_api, session_id, data[:1000], 0).status_code == 202
    before = stored_files()

    skipped = send_chunk(owner_api, session_id, data[2000:3000], 2000)
    repeated = send_chunk(owner_api, session_id, data[:1000], 0)
    wrong_index = send_chunk(owner_api, session_id, data[1000:2000], 1000, **{"Upload-Index": "5"})

    assert [r.status_code for r in (skipped, repeated, wrong_index)] == [422, 422, 422]
    assert "next one starts at 1000" in skipped.json()["errors"]["Upload-Offset"][0]
    assert "next one is number 1" in wrong_index.json()["errors"]["Upload-Index"][0]
    assert stored_files() == before and UploadChunk.objects.count() == 1
    assert UploadSession.objects.get().received_size == 1000


def test_a_chunk_past_the_declared_length_or_of_another_length_is_refused(owner_api, stored_files):
    session_id = start(owner_api, 10, "tiny.vtt").json()["id"]

    too_long = send_chunk(owner_api, session_id, b"x" * 11, 0)
    other_length = send_chunk(owner_api, session_id, b"x" * 5, 0, **{"Upload-Length": "99"})
    no_offset = owner_api.generic(
        "PATCH", f"{UPLOAD_URL}?patch={session_id}", b"x", content_type="application/offset+octet-stream"
    )

    assert [r.status_code for r in (too_long, other_length, no_offset)] == [422, 422, 422]
    assert stored_files() == [] and UploadChunk.objects.count() == 0


def test_a_chunk_over_the_chunk_cap_is_refused(owner_api, settings, stored_files):
    settings.LECTERN_MEDIA_MAX_CHUNK_BYTES = 100
    session_id = start(owner_api, 1000).json()["id"]

    response = send_chunk(owner_api, session_id, b"x" * 101, 0)

    assert response.status_code == 422 and stored_files() == []


def test_forged_and_foreign_upload_ids_are_not_found(owner_api, stored_files):
    other = api_client_for(StaffFactory(permissions=["media.add_mediafile"]))
    session_id = start(owner_api, 2000).json()["id"]

    for client, forged in [
        (owner_api, str(uuid.uuid4())),
        (owner_api, "ut"),
        (owner_api, "../../etc/passwd"),
        (other, session_id),
    ]:
        assert send_chunk(client, forged, b"%PDF-", 0).status_code == 404
        assert client.get(UPLOAD_URL, {"patch": forged}).status_code == 404
        assert client.delete(f"{UPLOAD_URL}?deleteId={forged}").status_code == 404
    assert stored_files() == [] and UploadSession.objects.count() == 1


def test_a_chunked_upload_that_lies_about_its_type_is_refused_and_discarded(owner_api, stored_files):
    data = EXE * 10
    session_id = start(owner_api, len(data), "movie.mp4").json()["id"]
    assert send_chunk(owner_api, session_id, data[:1000], 0).status_code == 202

    response = send_chunk(owner_api, session_id, data[1000:], 1000)

    assert response.status_code == 422 and "file" in response.json()["errors"]
    assert MediaFile.objects.count() == 0 and UploadSession.objects.count() == 0
    assert stored_files() == []


def test_a_chunked_upload_over_the_cap_is_refused_at_the_start(owner_api, settings):
    settings.LECTERN_MEDIA_MAX_UPLOAD_BYTES = 1000

    response = start(owner_api, 1001)

    assert response.status_code == 422 and "total_size" in response.json()["errors"]
    assert UploadSession.objects.count() == 0


def test_a_chunked_upload_starts_from_filepond_headers(owner_api):
    response = owner_api.post(
        UPLOAD_URL, {"filepond": "{}"}, format="multipart", headers={"Upload-Length": "1234"}
    )

    assert response.status_code == 201
    assert UploadSession.objects.get(pk=response.json()["id"]).total_size == 1234


def test_cancelling_a_chunked_upload_discards_its_chunks(owner_api, stored_files):
    data = pdf_bytes()
    session_id = start(owner_api, len(data)).json()["id"]
    send_chunk(owner_api, session_id, data[:1000], 0)
    assert len(stored_files()) == 1

    response = owner_api.delete(f"{UPLOAD_URL}?deleteId={session_id}")

    assert response.status_code == 204
    assert stored_files() == [] and UploadSession.objects.count() == 0


def test_stale_uploads_are_purged_by_the_periodic_task(owner, stored_files):
    from datetime import timedelta

    from lms.media import services
    from lms.media.tasks import purge_stale_uploads

    stale = services.upload_session_start(actor=owner, total_size=100, file_name="x.pdf")
    services.upload_chunk_append(actor=owner, session=stale, offset=0, data=b"%PDF-1.7 partial")
    UploadSession.objects.filter(pk=stale.pk).update(updated_at=stale.updated_at - timedelta(days=2))
    fresh = services.upload_session_start(actor=owner, total_size=100, file_name="y.pdf")
    assert len(stored_files()) == 1

    assert purge_stale_uploads.delay().get() == 1
    assert stored_files() == [] and list(UploadSession.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_learner_cannot_use_someone_elses_session_even_with_the_id(owner_api):
    session_id = start(owner_api, 100).json()["id"]
    learner_api = api_client_for(UserFactory())

    assert send_chunk(learner_api, session_id, b"x", 0).status_code == 403


def test_an_oversized_body_is_refused_before_it_is_read(owner_api, settings, stored_files):
    settings.LECTERN_MEDIA_MAX_UPLOAD_BYTES = 1000
    response = upload(owner_api, b"\x89PNG" + b"x" * 200_000, "huge.png")

    assert (
        response.status_code == 422 and "larger than the 1000 bytes" in response.json()["errors"]["file"][0]
    )
    assert stored_files() == []


def test_other_apps_can_require_kinds(owner, stored_files):
    from django.core.files.base import ContentFile

    from lms.media.services import media_create
    from website.api.errors import Unprocessable

    with pytest.raises(Unprocessable) as refused:
        media_create(
            actor=owner,
            uploaded_file=ContentFile(png_bytes(), name="slides.png"),
            kinds={"pdf", "powerpoint"},
        )

    assert refused.value.detail["file"][0] == "Expected PDF, PowerPoint; this file is Images."
    assert stored_files() == [] and MediaFile.objects.count() == 0
    media = media_create(
        actor=owner, uploaded_file=ContentFile(pptx_bytes(), name="deck.pptx"), kinds={"powerpoint"}
    )
    assert media.kind == "powerpoint" and stored_files() == [media.file.name]


def test_library_files_of_a_rolled_back_upload_are_purged_once_old(owner, media_root, stored_files):
    import os
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile as Upload
    from django.db import transaction

    from lms.media import services
    from lms.media.tasks import purge_orphan_files

    kept = services.media_create(actor=owner, uploaded_file=Upload("kept.pdf", pdf_bytes()))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.media_create(actor=owner, uploaded_file=Upload("lost.pdf", pdf_bytes()))
        raise RuntimeError("the caller's transaction fails after the file was stored")
    assert len(stored_files()) == 2 and MediaFile.objects.count() == 1

    assert purge_orphan_files.delay().get() == 0  # too recent: its row may still be committing
    day_old = time.time() - 2 * 24 * 3600
    for path in media_root.rglob("*.pdf"):
        os.utime(path, (day_old, day_old))
    assert purge_orphan_files.delay().get() == 1
    assert stored_files() == [kept.file.name]
