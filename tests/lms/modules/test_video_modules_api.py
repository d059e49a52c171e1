"""Video modules: YouTube and Vimeo addresses, in-house videos, subtitles, interactions, update."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.media.models import MediaFile
from lms.modules.models import Module, VideoModule, VideoSubtitle
from lms.modules.video import vimeo_video_id, youtube_video_id
from tests.factories.modules import VideoModuleFactory
from tests.lms.modules.conftest import VTT, invalid, listing, module_state

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/video-modules/"
SEED_PAYLOAD = {
    "name": "My-video-lesson",
    "content": "Brief Description",
    "url": "https://vimeo.com/76979871",
    "provider": "vimeo",
    "trackCompletion": True,
    "estimatedCompletion": "00:30:00",
    "estimationCompletedUnit": "minutes",
    "disableForwardSeek": True,
    "categories": [],
    "subtitleType": "upload",
    "interactions": [{"type": "quiz", "time": "00:05:00"}],
    "subtitles": [{"language": "en", "subtitleContent": VTT}],
}


def detail_url(pk):
    return f"/api/v1/video-modules/{pk}/"


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://www.youtube.com/channel/UC1234567890", None),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("ftp://youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://user:pw@youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("", None),
    ],
)
def test_youtube_addresses(url, video_id):
    assert youtube_video_id(url) == video_id


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://vimeo.com/76979871", "76979871"),
        ("https://vimeo.com/76979871/8272103f6e", "76979871"),
        ("https://player.vimeo.com/video/76979871", "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871"),
        ("https://vimeo.com/groups/name/videos/76979871", "76979871"),
        ("https://vimeo.com/about", None),
        ("https://vimeo.com.evil.example/76979871", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
    ],
)
def test_vimeo_addresses(url, video_id):
    assert vimeo_video_id(url) == video_id


def test_create_video_module_with_subtitles_and_interactions(author_api):
    response = author_api.post(LIST_URL, SEED_PAYLOAD, format="json")

    assert response.status_code == 200, response.json()
    module = Module.objects.get()
    assert response.json() == {"id": module.pk, "message": "Module saved successfully"}
    video = VideoModule.objects.get(pk=module.pk)
    assert (video.provider, video.video_id, video.url) == ("vimeo", "76979871", "https://vimeo.com/76979871")
    assert video.disable_forward_seek is True
    assert video.interactions == [{"type": "quiz", "time": "00:05:00"}]
    subtitle = VideoSubtitle.objects.get(video=video)
    assert subtitle.language == "en"
    assert subtitle.media.kind == "subtitle"


def test_video_module_details_in_the_documented_shape(author_api):
    author_api.post(LIST_URL, SEED_PAYLOAD, format="json")
    module = Module.objects.get()

    response = author_api.get(detail_url(module.pk))

    assert response.status_code == 200
    body = response.json()
    subtitle = VideoSubtitle.objects.get()
    assert body == {
        "id": module.pk,
        "name": "My-video-lesson",
        "slug": "my-video-lesson",
        "content": "Brief Description",
        "provider": "vimeo",
        "url": "https://vimeo.com/76979871",
        "videoId": "76979871",
        "embedUrl": "https://player.vimeo.com/video/76979871",
        "mediaId": None,
        "videoUrl": "",
        "coverUrl": "",
        "disableForwardSeek": True,
        "trackCompletion": True,
        "estimatedCompletion": "00:30:00",
        "estimationCompletedUnit": "minutes",
        "subtitleType": "upload",
        "subtitleFilePath": [{"language": "en", "filePath": subtitle.media.file.url}],
        "categories": [],
        "courses": [],
        "subtitleDetails": [{"subtitleContent": VTT, "language": "en"}],
        "interactions": [{"type": "quiz", "time": "00:05:00"}],
    }


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"url": "https://evil.example/76979871"},
            {"url": ["Give a Vimeo video address such as https://vimeo.com/..."]},
        ),
        (
            {"provider": "youtube"},
            {"url": ["Give a YouTube video address such as https://www.youtube.com/watch?v=..."]},
        ),
        ({"provider": "dailymotion"}, {"provider": ['"dailymotion" is not a valid choice.']}),
        ({"provider": "in-house"}, {"mediaId": ["Choose a video from the media library or upload one."]}),
        ({"interactions": [{"type": "popup", "time": "later"}]}, None),
        ({"interactions": "not json"}, {"interactions": ["Give a list of objects."]}),
        ({"subtitles": [{"language": "en", "subtitleContent": "not a subtitle file"}]}, None),
        ({"subtitles": [{"language": "english!", "subtitleContent": VTT}]}, None),
        ({"subtitleType": "nocaption"}, {"subtitleType": ["Subtitles need the subtitle type upload."]}),
        (
            {"coverUrl": "javascript:alert(1)"},
            {"coverUrl": ["Give an http(s) address or a path on this site."]},
        ),
    ],
)
def test_create_video_module_refuses_bad_input_and_leaves_no_file(author_api, stored_files, change, errors):
    before = module_state()

    response = author_api.post(LIST_URL, {**SEED_PAYLOAD, **change}, format="json")

    assert response.status_code == 422
    if errors is not None:
        assert response.json() == invalid(errors)
    assert module_state() == before
    assert stored_files() == []


def test_in_house_video_from_the_media_library(author_api):
    media = MediaFile.objects.create(name="clip.mp4", kind="video", file="library/clip.mp4")

    response = author_api.post(
        LIST_URL,
        {"name": "Clip", "provider": "in-house", "mediaId": media.pk, "subtitleType": "nocaption"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    video = VideoModule.objects.get()
    assert video.media == media and video.video_id == "" and video.url == ""
    assert author_api.get(detail_url(video.pk)).json()["videoUrl"] == media.file.url


def test_in_house_video_refuses_a_library_file_of_another_kind(author_api):
    pdf = MediaFile.objects.create(name="a.pdf", kind="pdf", file="library/a.pdf")

    response = author_api.post(
        LIST_URL, {"name": "Clip", "provider": "in-house", "mediaId": pdf.pk}, format="json"
    )

    assert response.status_code == 422
    assert response.json() == invalid({"mediaId": ["The media file is not a video file."]})


def test_in_house_upload_that_lies_about_its_type_is_refused(author_api, stored_files):
    fake = SimpleUploadedFile("clip.mp4", b"%PDF-1.4 not a video", content_type="video/mp4")

    response = author_api.post(
        LIST_URL, {"name": "Clip", "provider": "in-house", "file": fake}, format="multipart"
    )

    assert response.status_code == 422
    assert "file" in response.json()["errors"]
    assert not Module.objects.exists() and stored_files() == []


def test_update_video_module_switches_provider_and_replaces_subtitles(author_api):
    author_api.post(LIST_URL, SEED_PAYLOAD, format="json")
    module = Module.objects.get()

    response = author_api.put(
        detail_url(module.pk),
        {
            "name": "Renamed",
            "provider": "youtube",
            "url": "https://youtu.be/dQw4w9WgXcQ",
            "subtitleType": "upload",
            "subtitles": [
                {"language": "fr", "subtitleContent": VTT},
                {"language": "de", "subtitleContent": VTT},
            ],
            "disableForwardSeek": False,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"message": "Module updated successfully"}
    video = VideoModule.objects.get(pk=module.pk)
    assert (video.provider, video.video_id) == ("youtube", "dQw4w9WgXcQ")
    assert video.disable_forward_seek is False
    assert video.interactions == [{"type": "quiz", "time": "00:05:00"}]  # left out: kept
    assert sorted(video.subtitles.values_list("language", flat=True)) == ["de", "fr"]
    assert Module.objects.get(pk=module.pk).name == "Renamed"


def test_update_video_module_refuses_a_bad_address(author_api):
    detail = VideoModuleFactory()
    before = module_state()

    response = author_api.put(
        detail_url(detail.pk),
        {"name": "X", "provider": "youtube", "url": "https://youtu.be/x"},
        format="json",
    )

    assert response.status_code == 422
    assert module_state() == before


def test_video_list_shape_and_query_count(author_api, count_queries):
    for _ in range(4):
        VideoModuleFactory()

    response = listing(author_api, LIST_URL, page_size=50)
    _, small = count_queries(lambda: listing(author_api, LIST_URL, page_size=1))
    _, large = count_queries(lambda: listing(author_api, LIST_URL, page_size=50))

    assert response.json()["recordsTotal"] == 4
    assert set(response.json()["records"][0]) == {
        "id",
        "name",
        "slug",
        "type",
        "icon",
        "author",
        "created_at",
        "course_count",
    }
    assert response.json()["records"][0]["type"] == "video"
    assert small == large
