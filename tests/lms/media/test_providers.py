"""Mux and Bunny, against a fake server on 127.0.0.1: download a Mux video, save a Bunny video,
the Bunny library details, and creating a Bunny library."""

import pytest

from lms.audit.models import Activity, ActivityAction
from lms.media.models import BunnyVideoLibrary, MediaFile
from tests.conftest import api_client_for
from tests.factories.media import MuxVideoFactory

pytestmark = pytest.mark.django_db

MUX_URL = "/api/v1/media/mux/download/"
SAVE_URL = "/api/v1/media/bunny/videos/"
DETAILS_URL = "/api/v1/media/bunny/details/"
LIBRARY_URL = "/api/v1/media/bunny/libraries/"
GUID = "d2c0faa3-9d15-49c4-ae11-9b2c9a5c0a7c"


def asset(master_access="none", master=None):
    data = {"id": "asset-1", "status": "ready", "master_access": master_access}
    if master is not None:
        data["master"] = master
    return {"data": data}


# --- Download Mux Video --------------------------------------------------------------------------


def test_download_enables_temporary_master_access_first(owner_api, providers):
    MuxVideoFactory(provider_id="asset-1")
    providers.expect_ordered_request("/mux/video/v1/assets/asset-1", method="GET").respond_with_json(asset())
    providers.expect_ordered_request(
        "/mux/video/v1/assets/asset-1/master-access", method="PUT", json={"master_access": "temporary"}
    ).respond_with_json(asset("temporary", {"status": "preparing"}))

    response = owner_api.get(MUX_URL, {"mux_id": "asset-1"})

    assert response.status_code == 200
    assert response.json() == {"status": "preparing", "url": None}
    providers.check_assertions()


def test_download_answers_the_url_once_ready(owner_api, providers):
    MuxVideoFactory(provider_id="asset-1")
    ready = {"status": "ready", "url": "https://master.mux.com/asset-1.mp4"}
    providers.expect_oneshot_request("/mux/video/v1/assets/asset-1").respond_with_json(
        asset("temporary", ready)
    )

    response = owner_api.get(MUX_URL, {"mux_id": "asset-1"})

    assert response.json() == {"status": "ready", "url": "https://master.mux.com/asset-1.mp4"}
    assert len(providers.log) == 1  # nothing enabled twice


def test_download_of_an_unknown_or_hidden_video_is_not_found(owner_api, portal_admin, portal_tree, providers):
    MuxVideoFactory(provider_id="theirs", portal=portal_tree["second"])

    assert owner_api.get(MUX_URL, {"mux_id": "nobody"}).status_code == 404
    assert api_client_for(portal_admin).get(MUX_URL, {"mux_id": "theirs"}).status_code == 404
    assert owner_api.get(MUX_URL).status_code == 422
    assert providers.log == []  # Mux is never asked about ids we do not hold


def test_download_when_mux_fails_is_a_502(owner_api, providers, anonymous, learner_api):
    MuxVideoFactory(provider_id="asset-1")
    providers.expect_request("/mux/video/v1/assets/asset-1").respond_with_data("down", status=503)

    assert owner_api.get(MUX_URL, {"mux_id": "asset-1"}).status_code == 502
    assert anonymous.get(MUX_URL, {"mux_id": "asset-1"}).status_code == 401
    assert learner_api.get(MUX_URL, {"mux_id": "asset-1"}).status_code == 403


# --- Save Video (Bunny) --------------------------------------------------------------------------


def save(client, **params):
    query = {"videoGuid": GUID, "fileName": "test.mp4", "mimeType": "video/mp4", **params}
    return client.post(SAVE_URL + "?" + "&".join(f"{key}={value}" for key, value in query.items()))


def test_saving_a_bunny_video_records_it(owner_api, owner, providers):
    providers.expect_oneshot_request(f"/bunny-stream/library/4242/videos/{GUID}").respond_with_json(
        {"guid": GUID, "title": "test.mp4", "status": 3, "storageSize": 123456}
    )

    response = save(owner_api)

    assert response.status_code == 200
    body = response.json()
    assert (body["is_success"], body["code"]) == (True, 200)
    media = body["uploadedMedia"]
    assert set(media) == {
        "id",
        "file_name",
        "mime_type",
        "bunny_video_id",
        "file_type",
        "status",
        "created_at",
        "updated_at",
    }
    assert (media["file_name"], media["mime_type"], media["bunny_video_id"]) == (
        "test.mp4",
        "video/mp4",
        GUID,
    )
    assert (media["file_type"], media["status"]) == ("Videos", "Processing")
    assert media["created_at"].endswith("Z") and len(media["created_at"]) == len(
        "2021-08-05T06:44:12.000000Z"
    )
    request, _ = providers.log[0]
    assert request.headers["AccessKey"] == "library-key"
    row = MediaFile.objects.get()
    assert (row.provider, row.size, row.uploaded_by, row.file.name) == ("bunny", 123456, owner, "")
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(row.pk)).exists()


def test_saving_a_video_bunny_does_not_have_is_refused(owner_api, providers):
    providers.expect_request(f"/bunny-stream/library/4242/videos/{GUID}").respond_with_json({}, status=404)

    response = save(owner_api)

    assert response.status_code == 422 and "videoGuid" in response.json()["errors"]
    assert MediaFile.objects.count() == 0


def test_saving_something_else_than_a_video_or_twice_is_refused(owner_api, providers):
    providers.expect_request(f"/bunny-stream/library/4242/videos/{GUID}").respond_with_json(
        {"guid": GUID, "status": 4}
    )
    assert save(owner_api, mimeType="application/pdf").status_code == 422
    assert save(owner_api, fileName="").status_code == 422
    assert save(owner_api).status_code == 200
    assert MediaFile.objects.get().status == "completed"
    assert save(owner_api).status_code == 422
    assert MediaFile.objects.count() == 1


def test_saving_a_video_is_refused_to_learners(anonymous, learner_api, providers):
    assert save(anonymous).status_code == 401
    assert save(learner_api).status_code == 403
    assert providers.log == []


# --- Get BunnyCDN Details ------------------------------------------------------------------------


def test_details_come_from_the_settings_then_from_a_created_library(owner_api, providers):
    assert owner_api.get(DETAILS_URL).json() == {"libraryId": "4242", "apiKey": "library-key"}

    BunnyVideoLibrary.objects.create(name="Academy", library_id="777", api_key="new-key")

    assert owner_api.get(DETAILS_URL).json() == {"libraryId": "777", "apiKey": "new-key"}


def test_details_are_refused_to_learners_and_portal_admins(anonymous, learner_api, portal_admin):
    assert anonymous.get(DETAILS_URL).status_code == 401
    assert learner_api.get(DETAILS_URL).status_code == 403
    assert api_client_for(portal_admin).get(DETAILS_URL).status_code == 403


# --- Create Bunny Video Library ------------------------------------------------------------------


def test_creating_a_library_remembers_its_id_key_and_pull_zone(owner_api, providers, settings):
    settings.WAGTAIL_SITE_NAME = "Lectern Academy"
    providers.expect_ordered_request(
        "/bunny-api/videolibrary",
        method="POST",
        json={"Name": "Lectern Academy", "ReplicationRegions": ["UK", "NY"]},
        headers={"AccessKey": "account-key"},
    ).respond_with_json(
        {"Id": 123456, "Name": "Lectern Academy", "ApiKey": "lib-key", "PullZoneId": 99}, status=201
    )
    providers.expect_ordered_request("/bunny-api/pullzone/99", method="GET").respond_with_json(
        {"Name": "vz-abc"}
    )

    response = owner_api.post(LIBRARY_URL)

    assert response.status_code == 201
    assert response.json() == {"is_success": True, "bunny_library_id": "123456", "bunny_api_key": "lib-key"}
    library = BunnyVideoLibrary.objects.get()
    assert (library.library_id, library.pull_zone_id, library.pull_zone_name) == ("123456", "99", "vz-abc")
    activity = Activity.objects.get(action=ActivityAction.CREATED, subject_id=str(library.pk))
    assert "lib-key" not in str(activity.changes)
    assert owner_api.get(DETAILS_URL).json() == {"libraryId": "123456", "apiKey": "lib-key"}


def test_a_library_bunny_refuses_is_a_502_and_writes_nothing(owner_api, providers):
    providers.expect_request("/bunny-api/videolibrary", method="POST").respond_with_json({}, status=401)

    assert owner_api.post(LIBRARY_URL).status_code == 502
    assert BunnyVideoLibrary.objects.count() == 0


def test_without_an_account_key_a_library_is_a_422(owner_api, providers, settings):
    settings.BUNNY_API_KEY = ""

    assert owner_api.post(LIBRARY_URL).status_code == 422
    assert providers.log == []


def test_creating_a_library_needs_its_permission(staff_api_with, learner_api, providers):
    assert learner_api.post(LIBRARY_URL).status_code == 403
    assert staff_api_with("media.add_mediafile").post(LIBRARY_URL).status_code == 403
    assert providers.log == []


# --- Save a Mux video (x_media_save_mux_video) ---------------------------------------------------

MUX_SAVE_URL = "/api/v1/media/mux/videos/"


def test_saving_a_mux_video_keeps_its_public_playback_id(owner_api, providers):
    providers.expect_oneshot_request("/mux/video/v1/assets/asset-9").respond_with_json(
        {
            "data": {
                "id": "asset-9",
                "status": "ready",
                "playback_ids": [
                    {"id": "signed-1", "policy": "signed"},
                    {"id": "public-1", "policy": "public"},
                ],
            }
        }
    )

    response = owner_api.post(MUX_SAVE_URL, {"mux_id": "asset-9", "fileName": "intro.mp4"}, format="json")

    assert response.status_code == 200
    media = response.json()["uploadedMedia"]
    assert media["mux_url"] == "https://stream.mux.com/public-1.m3u8"
    assert (media["file_type"], media["status"]) == ("Videos", "Completed")
    assert MediaFile.objects.get().provider_id == "asset-9"


def test_saving_a_mux_video_mux_does_not_have_is_refused(owner_api, providers, learner_api):
    providers.expect_request("/mux/video/v1/assets/nope").respond_with_json({}, status=404)

    assert (
        owner_api.post(MUX_SAVE_URL, {"mux_id": "nope", "fileName": "a.mp4"}, format="json").status_code
        == 422
    )
    assert owner_api.post(MUX_SAVE_URL, {"fileName": "a.mp4"}, format="json").status_code == 422
    assert (
        learner_api.post(MUX_SAVE_URL, {"mux_id": "nope", "fileName": "a.mp4"}, format="json").status_code
        == 403
    )
    assert MediaFile.objects.count() == 0
