"""Bulk upload of users: every row validated and imported in its own savepoint; the sample; progress."""

import json

import pytest
from rest_framework.test import APIClient

from lms.accounts.models import User
from lms.portals.models import Portal, PortalMembership
from lms.userfields import services
from lms.userfields.models import CustomUserValue, UploadStatus, UserUpload
from tests.conftest import api_client_for
from tests.factories import PortalMembershipFactory, StaffFactory, UserFactory
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory
from tests.lms.userfields.helpers import NOT_FOUND, UNAUTHENTICATED, UNAUTHORIZED, invalid, state

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/api/v1/users/bulk-upload/"
SAMPLE_URL = "/api/v1/users/bulk-upload/sample/"
PASSWORD = "a-Long-enough-passw0rd"


def status_url(upload_id):
    return f"/api/v1/users/bulk-upload/{upload_id}/"


def upload(client, rows, portal=None, **extra):
    body = {"userList": rows, "selectedCourses": [], "selectedLearningPaths": [], **extra}
    if portal is not None:
        body["portalId"] = portal.pk
    # json.dumps escapes what is not UTF-8 (lone surrogates), as a hostile client's JSON would.
    return client.post(UPLOAD_URL, json.dumps(body), content_type="application/json")


def row(email, **cells):
    return {"email": email, "first_name": "First", "last_name": "Last", "password": PASSWORD, **cells}


def by_row(response):
    return {entry["row"]: (entry["status"], entry["reasons"]) for entry in response.json()["rows"]}


@pytest.fixture
def dept():
    return CustomUserFieldFactory(key="dept", label="Department", type="dropdown", options=["Sales", "IT"])


# --- Who may call what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "message"),
    [
        ("anonymous", 401, UNAUTHENTICATED),
        ("learner", 403, UNAUTHORIZED),
        ("staff_without_permissions", 403, UNAUTHORIZED),
    ],
)
@pytest.mark.parametrize("endpoint", ["upload", "sample", "status"])
def test_refused_callers_change_nothing(request, portal_tree, owner, role, status, message, endpoint):
    client = APIClient() if role == "anonymous" else api_client_for(request.getfixturevalue(role))
    done = services.users_bulk_upload(actor=owner, portal=None, rows=[row("x@example.org")])
    before = state()

    if endpoint == "upload":
        response = upload(client, [row("new@example.org")], portal_tree["first"])
    elif endpoint == "sample":
        response = client.get(SAMPLE_URL)
    else:
        response = client.get(status_url(done.pk))

    assert response.status_code == status
    assert response.json() == message
    assert state() == before


def test_a_portal_admin_cannot_upload_into_another_portal(portal_admin, portal_tree):
    before = state()

    response = upload(api_client_for(portal_admin), [row("new@example.org")], portal_tree["second"])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert state() == before


def test_a_portal_admin_must_name_one_of_their_portals(portal_admin):
    before = state()

    response = upload(api_client_for(portal_admin), [row("new@example.org")])

    assert response.status_code == 422
    assert response.json() == invalid({"portalId": ["Choose the portal the users join."]})
    assert state() == before


def test_a_portal_admin_uploads_into_their_portal(portal_admin, portal_tree):
    response = upload(api_client_for(portal_admin), [row("new@example.org")], portal_tree["child"])

    assert response.status_code == 201
    assert PortalMembership.objects.filter(
        user__email="new@example.org", portal=portal_tree["child"]
    ).exists()


def test_staff_with_add_user_may_upload(staff_api_with):
    response = upload(staff_api_with("accounts.add_user"), [row("new@example.org")])

    assert response.status_code == 201
    assert User.objects.filter(email="new@example.org").exists()


# --- Uploading ---------------------------------------------------------------------------------


class TestUpload:
    def test_the_seed_request_creates_users_with_their_answers(self, owner_api, portal_tree, dept):
        # When the owner uploads two users into the first portal, with the custom column
        response = upload(
            owner_api,
            [row("Ann@Example.org", dept="it"), row("bob@example.org", first_name="Bob", password="")],
            portal_tree["first"],
            membershipId=None,
        )

        # Then the documented answer comes back with the report of each row
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body == {
            "message": "User(s) uploaded successfully",
            "is_success": "true",
            "uploadId": UserUpload.objects.get().pk,
            "status": "completed",
            "totalRows": 2,
            "processedRows": 2,
            "created": 2,
            "updated": 0,
            "rejected": 0,
            "rows": [
                {"row": 1, "email": "ann@example.org", "status": "created", "reasons": []},
                {"row": 2, "email": "bob@example.org", "status": "created", "reasons": []},
            ],
        }
        ann, bob = User.objects.get(email="ann@example.org"), User.objects.get(email="bob@example.org")
        assert ann.check_password(PASSWORD) and not bob.has_usable_password()
        assert bob.first_name == "Bob"
        assert CustomUserValue.objects.get(user=ann).value == "IT"
        assert set(PortalMembership.objects.values_list("user__email", "portal")) == {
            ("ann@example.org", portal_tree["first"].pk),
            ("bob@example.org", portal_tree["first"].pk),
        }
        assert UserUpload.objects.get().rows == []  # nothing (passwords) kept

    def test_hostile_and_broken_rows_are_rejected_with_reasons(self, owner_api, portal_tree, dept):
        # Given a portal that blocks a domain and a required custom field
        Portal.objects.filter(pk=portal_tree["first"].pk).update(blocked_emails="blocked.com")
        CustomUserFieldFactory(key="city", label="City", is_required=True)
        rows = [
            row("good@example.org", city="Paris"),
            row("formula@example.org", city="Paris", first_name='=HYPERLINK("x")'),
            row("plus@example.org", city="+33 1"),
            row("tab@example.org", city="\tParis"),
            row("long@example.org", city="Paris", last_name="x" * 151),
            row("encoding@example.org", city="Par\ufffds"),
            row("surrogate@example.org", city="Par\ud800s"),
            row("nul@example.org", city="Par\x00s"),
            row("dup@example.org", city="Paris"),
            row("DUP@example.org", city="Paris"),
            row("not-an-email", city="Paris"),
            row("someone@blocked.com", city="Paris"),
            row("nocity@example.org"),
            row("badoption@example.org", city="Paris", dept="Legal"),
            row("weak@example.org", city="Paris", password="abc"),
            row("extra@example.org", city="Paris", salary="1"),
            row("nested@example.org", city=["Paris"]),
        ]

        response = upload(owner_api, rows, portal_tree["first"])

        # Then only the good row is imported and every other row says why
        assert response.status_code == 201, response.json()
        report = by_row(response)
        assert report[1] == ("created", [])
        assert report[2] == (
            "rejected",
            ["first_name: must not start with =, +, -, @, a tab or a carriage return."],
        )
        assert report[3] == (
            "rejected",
            ["city: must not start with =, +, -, @, a tab or a carriage return."],
        )
        assert report[4] == (
            "rejected",
            ["city: must not start with =, +, -, @, a tab or a carriage return."],
        )
        assert report[5] == ("rejected", ["last_name: at most 150 characters."])
        assert (
            report[6]
            == report[7]
            == report[8]
            == (
                "rejected",
                ["city: is not valid text (save the file as UTF-8)."],
            )
        )
        assert report[9] == report[10] == ("rejected", ["email: appears more than once in the file."])
        assert report[11] == ("rejected", ["email: is not a valid email address."])
        assert report[12] == ("rejected", ["email: is not allowed to join this portal."])
        assert report[13] == ("rejected", ["City: is required."])
        assert report[14] == ("rejected", ["Department: 'Legal' is not one of Sales, IT."])
        assert report[15][0] == "rejected" and report[15][1]
        assert report[16] == ("rejected", ["Unknown column(s): salary."])
        assert report[17] == ("rejected", ["city: must be text."])
        assert response.json()["rejected"] == 16
        assert list(
            User.objects.filter(email__contains="@")
            .exclude(email="owner@example.org")
            .values_list("email", flat=True)
        ) == ["good@example.org"]

    def test_a_row_failing_late_leaves_no_trace(self, owner_api, portal_tree):
        # Given a portal with one seat
        Portal.objects.filter(pk=portal_tree["second"].pk).update(seat_access="limited", total_seats=1)

        # When two users are uploaded into it
        response = upload(owner_api, [row("one@example.org"), row("two@example.org")], portal_tree["second"])

        # Then the second row is rejected and its user (created before the seat check) is rolled back
        assert response.status_code == 201
        assert by_row(response)[2] == ("rejected", ["The portal has 0 seat(s) left; 1 needed."])
        assert not User.objects.filter(email="two@example.org").exists()
        assert User.objects.filter(email="one@example.org").exists()

    def test_an_existing_learner_is_updated(self, owner_api, portal_tree, dept):
        learner = UserFactory(email="ann@example.org", first_name="Old")
        CustomUserValueFactory(user=learner, field=dept, value="Sales")

        response = upload(
            owner_api,
            [row("ann@example.org", first_name="Ann", last_name="", dept="IT")],
            portal_tree["first"],
        )

        assert response.status_code == 201
        assert by_row(response)[1] == ("updated", ["The password of an existing user is not changed."])
        learner.refresh_from_db()
        assert (learner.first_name, learner.check_password(PASSWORD)) == ("Ann", False)
        assert learner.last_name != ""
        assert CustomUserValue.objects.get(user=learner).value == "IT"
        assert PortalMembership.objects.filter(user=learner, portal=portal_tree["first"]).exists()

    def test_staff_accounts_and_users_out_of_reach_are_not_changed(self, portal_admin, portal_tree):
        StaffFactory(email="staff@example.org")
        PortalMembershipFactory(portal=portal_tree["second"], user__email="other@example.org")
        before = state()

        response = upload(
            api_client_for(portal_admin),
            [row("staff@example.org", password=""), row("other@example.org", password="")],
            portal_tree["first"],
        )

        assert response.status_code == 200
        assert response.json()["message"] == "No user uploaded"
        assert response.json()["is_success"] == "false"
        assert by_row(response) == {
            1: ("rejected", ["Staff accounts are not changed by a bulk upload."]),
            2: ("rejected", ["A user with this email already exists outside your portals."]),
        }
        after = state()
        assert after[:5] == before[:5]  # users, values, memberships untouched (the upload is recorded)

    @pytest.mark.parametrize(
        ("body", "errors"),
        [
            ({}, {"userList": ["This field is required."]}),
            ({"userList": "nope"}, {"userList": ["Expected a list of user objects."]}),
            ({"userList": ["amet"]}, {"userList": ["Expected a list of user objects."]}),
            ({"userList": []}, {"userList": ["Upload at least one user."]}),
            (
                {"userList": [row("a@example.org")], "selectedCourses": ["officia"]},
                {"selectedCourses.0": ["A valid integer is required."]},
            ),
            (
                {"userList": [row("a@example.org")], "selectedCourses": [3]},
                {"selectedCourses": ["No such id: 3."]},
            ),
            (
                {"userList": [row("a@example.org")], "membershipId": 2},
                {"membershipId": ["No such membership."]},
            ),
            (
                {"userList": [row("a@example.org")], "portalId": "x"},
                {"portalId": ["A valid integer is required."]},
            ),
        ],
        ids=["missing", "text", "strings", "empty", "course-text", "course", "membership", "portal"],
    )
    def test_a_bad_request_is_422_and_writes_nothing(self, owner_api, body, errors):
        before = state()

        response = owner_api.post(UPLOAD_URL, body, format="json")

        assert response.status_code == 422
        assert response.json() == invalid(errors)
        assert state() == before

    def test_too_many_rows_is_422(self, owner_api, monkeypatch):
        monkeypatch.setattr(services, "MAX_UPLOAD_ROWS", 2)
        before = state()

        response = upload(owner_api, [row(f"u{n}@example.org") for n in range(3)])

        assert response.status_code == 422
        assert response.json() == invalid({"userList": ["Upload at most 2 users at a time."]})
        assert state() == before


class TestLargeUploads:
    def test_a_large_upload_runs_in_the_background_and_reports_progress(
        self, owner_api, portal_tree, monkeypatch, django_capture_on_commit_callbacks
    ):
        # Given uploads over two rows run in the background
        monkeypatch.setattr(services, "SYNC_UPLOAD_LIMIT", 2)
        monkeypatch.setattr(services, "UPLOAD_CHUNK", 2)
        rows = [row(f"u{n}@example.org") for n in range(4)] + [row("bad")]

        # When three rows are uploaded (the task runs when the request commits)
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(owner_api, rows, portal_tree["first"])

        # Then the upload is queued, and its status shows the finished import
        assert response.status_code == 202
        assert response.json()["message"] == "User(s) upload queued"
        assert response.json()["status"] == "queued"
        progress = owner_api.get(status_url(response.json()["uploadId"]))
        assert progress.status_code == 200
        assert {
            key: progress.json()[key]
            for key in ("status", "totalRows", "processedRows", "created", "rejected")
        } == {
            "status": "completed",
            "totalRows": 5,
            "processedRows": 5,
            "created": 4,
            "rejected": 1,
        }
        assert UserUpload.objects.get().rows == []
        assert User.objects.filter(email__startswith="u").count() == 4

    def test_a_retry_resumes_and_does_not_import_twice(self, owner, portal_tree, monkeypatch):
        monkeypatch.setattr(services, "SYNC_UPLOAD_LIMIT", 1)
        queued = services.users_bulk_upload(
            actor=owner, portal=portal_tree["first"], rows=[row("a@example.org"), row("b@example.org")]
        )
        assert queued.status == UploadStatus.QUEUED

        services.user_upload_process(upload_id=queued.pk)
        services.user_upload_process(upload_id=queued.pk)

        queued.refresh_from_db()
        assert (queued.status, queued.created_count, len(queued.report)) == ("completed", 2, 2)

    def test_a_portal_admin_sees_only_uploads_into_their_portals(self, owner, portal_admin, portal_tree):
        theirs = services.users_bulk_upload(
            actor=owner, portal=portal_tree["second"], rows=[row("a@example.org")]
        )
        ours = services.users_bulk_upload(
            actor=owner, portal=portal_tree["child"], rows=[row("b@example.org")]
        )
        client = api_client_for(portal_admin)

        assert client.get(status_url(theirs.pk)).json() == NOT_FOUND
        assert client.get(status_url(ours.pk)).json()["created"] == 1


class TestSample:
    def test_the_sample_has_the_custom_fields_as_columns(self, owner_api, dept):
        CustomUserFieldFactory(key="custom_field_1", label="Custom Field 1")

        response = owner_api.get(SAMPLE_URL)

        assert response.status_code == 200
        assert response.json() == {
            "headers": ["email", "first_name", "last_name", "password", "dept", "custom_field_1"],
            "records": [
                {
                    "email": "fake.user1@example.com",
                    "first_name": "Fake FName1",
                    "last_name": "Fake LName1",
                    "password": "Qwerty@123",
                    "dept": "Sales",
                    "custom_field_1": "Fake Custom Field 1 Value",
                },
                *[
                    {
                        "email": f"fake.user{n}@example.com",
                        "first_name": f"Fake FName{n}",
                        "last_name": f"Fake LName{n}",
                        "password": "",
                        "dept": "",
                        "custom_field_1": "",
                    }
                    for n in (2, 3)
                ],
            ],
        }

    def test_a_portal_admin_may_download_it(self, portal_admin):
        assert api_client_for(portal_admin).get(SAMPLE_URL).status_code == 200


def test_staff_who_may_only_add_users_do_not_change_existing_ones(staff_api_with):
    UserFactory(email="ann@example.org", first_name="Old")
    client = staff_api_with("accounts.add_user")
    before = state()

    response = upload(client, [row("ann@example.org", first_name="New", password="")])

    assert response.status_code == 200
    assert by_row(response) == {
        1: (
            "rejected",
            ["A user with this email already exists (changing users needs accounts.change_user)."],
        )
    }
    assert state()[:5] == before[:5]
