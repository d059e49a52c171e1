"""Tabular List and Delete Media: scoped to portals, paginated without N+1, refusing what is in use."""

import json
from urllib.parse import urlencode

import pytest
from werkzeug import Response as WerkzeugResponse

from lms.audit.models import Activity, ActivityAction
from lms.media import usage
from lms.media.models import MediaFile
from lms.media.usage import MediaUsage, register_media_usage
from tests.conftest import api_client_for
from tests.factories.media import BunnyVideoFactory, MediaFileFactory, MuxVideoFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/media/"
ROW_KEYS = {"id", "file_name", "file_type", "status", "mux_url", "mime_type", "url", "size", "created_at"}


def listing(client, **params):
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return client.get(LIST_URL, query)


def delete(client, ids):
    raw = ids if isinstance(ids, str) else json.dumps(ids)
    return client.delete(LIST_URL + "?" + urlencode({"delete_ids": raw}))


@pytest.fixture
def no_usages(monkeypatch):
    """The registry as if no other app had registered (they do in their AppConfig.ready)."""
    monkeypatch.setattr(usage, "_usages", [])


# --- Tabular List --------------------------------------------------------------------------------


def test_the_list_answers_in_the_seed_shape(owner_api):
    picture = MediaFileFactory(name="default-certificate.png")
    video = MuxVideoFactory(name="lecture.mp4", playback_id="abc")

    response = listing(
        owner_api, page_size=10, page_number=1, order_by={"colName": "created_at", "direction": "desc"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["recordsTotal"], body["recordsFiltered"]) == (2, 2)
    rows = {row["id"]: row for row in body["records"]}
    assert set(rows[picture.pk]) == ROW_KEYS
    assert rows[picture.pk]["file_name"] == "default-certificate.png"
    assert rows[picture.pk]["file_type"] == "Images" and rows[picture.pk]["status"] == "Completed"
    assert rows[picture.pk]["url"].startswith("http://testserver/media/")
    assert rows[video.pk]["mux_url"] == "https://stream.mux.com/abc.m3u8" and rows[video.pk]["url"] is None


def test_the_list_searches_by_name_and_file_type(owner_api):
    MediaFileFactory(name="banner.png")
    MuxVideoFactory(name="banner video.mp4")
    MediaFileFactory(name="logo.png")

    by_name = listing(owner_api, search_param={"name": "banner"}).json()
    by_type = listing(owner_api, search_param={"name": "banner", "file_type": "Videos"}).json()
    by_value = listing(owner_api, search_param={"file_type": "image"}).json()

    assert (by_name["recordsTotal"], by_name["recordsFiltered"]) == (3, 2)
    assert [row["file_name"] for row in by_type["records"]] == ["banner video.mp4"]
    assert by_value["recordsFiltered"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"search_param": {"file_type": "Spreadsheets"}},
        {"search_param": {"owner": "x"}},
        {"order_by": {"colName": "password", "direction": "asc"}},
        {"page_size": 0},
    ],
)
def test_bad_list_parameters_are_a_422(owner_api, params):
    assert listing(owner_api, **params).status_code == 422


def test_the_list_refuses_anonymous_and_learners(anonymous, learner_api):
    assert listing(anonymous).status_code == 401
    assert listing(learner_api).status_code == 403


def test_a_portal_admin_sees_only_their_portals_files(portal_admin, portal_tree):
    mine = MediaFileFactory(portal=portal_tree["child"])
    MediaFileFactory(portal=portal_tree["second"])
    MediaFileFactory(portal=None)
    client = api_client_for(portal_admin)

    body = listing(client).json()

    assert [row["id"] for row in body["records"]] == [mine.pk]
    assert listing(client, portalId=portal_tree["second"].pk).status_code == 404


def test_the_list_runs_the_same_queries_for_1_and_50_rows(owner_api, count_queries):
    MediaFileFactory.create_batch(50)
    _, one = count_queries(lambda: listing(owner_api, page_size=1))
    response, fifty = count_queries(lambda: listing(owner_api, page_size=50))

    assert len(response.json()["records"]) == 50
    assert one == fifty


# --- Delete Media --------------------------------------------------------------------------------


def test_deleting_removes_rows_and_stored_files(
    owner_api, stored_files, django_capture_on_commit_callbacks, no_usages
):
    first, second = MediaFileFactory(), MediaFileFactory()
    keep = MediaFileFactory()
    assert len(stored_files()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(owner_api, [first.pk, second.pk])

    assert response.status_code == 200
    assert response.json() == {"message": "2 media(s) deleted", "errorMessage": None, "fileNotDeleted": 0}
    assert list(MediaFile.objects.values_list("pk", flat=True)) == [keep.pk]
    assert stored_files() == [keep.file.name]
    assert Activity.objects.filter(action=ActivityAction.DELETED).count() == 2


def test_a_file_in_use_is_kept_and_reported(
    owner_api, stored_files, no_usages, django_capture_on_commit_callbacks
):
    # A stand-in holder: "the uploader holds it" (any lookup from MediaFile works in the registry).
    register_media_usage(MediaUsage(related_name="uploaded_by", noun="course"))
    from tests.factories import UserFactory

    held = MediaFileFactory(uploaded_by=UserFactory())
    free = MediaFileFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(owner_api, f"[{held.pk},{free.pk}]")

    assert response.json() == {
        "message": "1 media(s) deleted",
        "errorMessage": "1 media(s) not deleted as they are used in course(s).",
        "fileNotDeleted": 1,
    }
    assert list(MediaFile.objects.values_list("pk", flat=True)) == [held.pk]
    assert stored_files() == [held.file.name]


def test_deleting_an_unknown_or_hidden_id_deletes_nothing(portal_admin, portal_tree, no_usages):
    mine = MediaFileFactory(portal=portal_tree["first"])
    theirs = MediaFileFactory(portal=portal_tree["second"])
    client = api_client_for(portal_admin)

    response = delete(client, [mine.pk, theirs.pk])

    assert response.status_code == 422 and "delete_ids" in response.json()["errors"]
    assert MediaFile.objects.count() == 2
    assert delete(client, "not a list").status_code == 422


def test_deleting_is_refused_to_anonymous_learners_and_staff_without_permission(
    anonymous, learner_api, staff_api_with
):
    media = MediaFileFactory()
    assert delete(anonymous, [media.pk]).status_code == 401
    assert delete(learner_api, [media.pk]).status_code == 403
    assert delete(staff_api_with("media.view_mediafile"), [media.pk]).status_code == 403
    assert MediaFile.objects.count() == 1


def test_deleting_a_mux_video_deletes_the_asset_at_mux(owner_api, providers, no_usages):
    video = MuxVideoFactory(provider_id="asset-1")
    providers.expect_oneshot_request("/mux/video/v1/assets/asset-1", method="DELETE").respond_with_data(
        "", status=204
    )

    response = delete(owner_api, [video.pk])

    assert response.json()["message"] == "1 media(s) deleted"
    providers.check_assertions()
    request, _ = providers.log[0]
    assert request.authorization.username == "mux-id"
    assert MediaFile.objects.count() == 0


def test_a_video_already_gone_at_bunny_is_deleted_here_too(owner_api, providers, no_usages):
    video = BunnyVideoFactory()
    providers.expect_oneshot_request(
        f"/bunny-stream/library/4242/videos/{video.provider_id}", method="DELETE"
    ).respond_with_response(WerkzeugResponse(status=404))

    assert delete(owner_api, [video.pk]).json()["fileNotDeleted"] == 0
    assert MediaFile.objects.count() == 0


def test_a_provider_failure_keeps_the_video(owner_api, providers, no_usages):
    video, picture = MuxVideoFactory(provider_id="asset-2"), MediaFileFactory()
    providers.expect_request("/mux/video/v1/assets/asset-2", method="DELETE").respond_with_data(
        "boom", status=500
    )

    response = delete(owner_api, [video.pk, picture.pk])

    assert response.json() == {
        "message": "1 media(s) deleted",
        "errorMessage": "1 media(s) not deleted, Something went wrong! try again",
        "fileNotDeleted": 1,
    }
    assert list(MediaFile.objects.values_list("pk", flat=True)) == [video.pk]


def test_every_usage_other_apps_registered_is_a_valid_lookup():
    """The apps holding media (certificates, modules...) register in ready(); their lookups resolve."""
    from lms.media.usage import media_in_use, media_usages

    held = MediaFileFactory()

    assert media_in_use(MediaFile.objects.all()) == {}
    assert all(usage.noun for usage in media_usages())
    assert held.pk
