"""The media admin (upload, edit, delete through the services) and the demo files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.audit.models import Activity, ActivityAction
from lms.media import usage
from lms.media.demo import load_demo
from lms.media.models import MediaFile
from tests.factories.media import MediaFileFactory, MuxVideoFactory
from tests.lms.media.samples import EXE, png_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:media_mediafile_changelist"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_the_changelist_filters_searches_and_links_a_preview(owner_client):
    picture = MediaFileFactory(name="banner.png")
    MuxVideoFactory(name="lecture.mp4", playback_id="pb1")

    page = owner_client.get(reverse(CHANGELIST), {"q": "banner", "kind__exact": "image"}).content.decode()

    assert "banner.png" in page and "lecture.mp4" not in page
    assert picture.file.url in page
    videos = owner_client.get(reverse(CHANGELIST), {"provider__exact": "mux"}).content.decode()
    assert "https://stream.mux.com/pb1.m3u8" in videos


def test_uploading_in_the_admin_goes_through_the_service(owner_client, stored_files):
    response = owner_client.post(
        reverse("admin:media_mediafile_add"),
        {"file": SimpleUploadedFile("logo.png", png_bytes()), "portal": ""},
    )

    assert response.status_code == 302
    media = MediaFile.objects.get()
    assert (media.name, media.kind, media.content_type) == ("logo.png", "image", "image/png")
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(media.pk)).exists()
    assert stored_files() == [media.file.name]


def test_the_admin_refuses_a_file_that_lies(owner_client, stored_files):
    response = owner_client.post(
        reverse("admin:media_mediafile_add"), {"file": SimpleUploadedFile("logo.png", EXE), "portal": ""}
    )

    assert response.status_code == 200
    assert "not supported" in response.content.decode()
    assert MediaFile.objects.count() == 0 and stored_files() == []


def test_renaming_in_the_admin_is_logged(owner_client):
    media = MediaFileFactory(name="old.png")

    page = owner_client.get(reverse("admin:media_mediafile_change", args=[media.pk]))
    response = owner_client.post(
        reverse("admin:media_mediafile_change", args=[media.pk]), {"name": "new.png", "portal": ""}
    )

    assert page.status_code == 200 and response.status_code == 302
    media.refresh_from_db()
    assert media.name == "new.png"
    assert Activity.objects.filter(action=ActivityAction.UPDATED, subject_id=str(media.pk)).exists()


def test_deleting_in_the_admin_keeps_files_in_use(
    owner_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(usage, "_usages", [usage.MediaUsage(related_name="uploaded_by", noun="course")])
    from tests.factories import UserFactory

    held, free = MediaFileFactory(uploaded_by=UserFactory()), MediaFileFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse(CHANGELIST),
            {"action": "delete_selected", "_selected_action": [held.pk, free.pk], "post": "yes"},
            follow=True,
        )

    assert response.status_code == 200
    assert list(MediaFile.objects.values_list("pk", flat=True)) == [held.pk]
    assert (
        "1 media(s) deleted 1 media(s) not deleted as they are used in course(s)."
        in response.content.decode()
    )


def test_the_demo_uploads_real_files_once(owner, stored_files):
    assert load_demo(actor=owner, users={}, portals={}) == 3
    assert load_demo(actor=owner, users={}, portals={}) == 0

    kinds = dict(MediaFile.objects.values_list("name", "kind"))
    assert kinds == {
        "Course handbook.pdf": "pdf",
        "Course banner.png": "image",
        "Welcome video (English).vtt": "subtitle",
    }
    assert len(stored_files()) == 3


def test_every_media_admin_page_renders_on_the_demo_files(owner_client, owner):
    load_demo(actor=owner, users={}, portals={})
    media = MediaFile.objects.get(name="Course handbook.pdf")

    for name, args in [
        ("changelist", []),
        ("add", []),
        ("change", [media.pk]),
        ("history", [media.pk]),
        ("export", []),
        ("permissions", [media.pk]),
    ]:
        assert owner_client.get(reverse(f"admin:media_mediafile_{name}", args=args)).status_code == 200, name
