"""Announcements API: staff create, list, retrieve, update and delete; learners read what is meant for them."""

import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.announcements.models import Announcement, SendingRule
from lms.audit.models import Activity
from lms.portals.models import PortalRole
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.announcements import AnnouncementFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.portals import PortalMembershipFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/announcements/"
DELETE_URL = "/api/v1/announcements/delete/"
LEARNER_URL = "/api/v1/announcements/learner/"
INVALID = "The given data was invalid."


def detail_url(pk):
    return f"/api/v1/announcements/{pk}/"


def local(*args):
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def stamp(announcement, created_at):
    Announcement.objects.filter(pk=announcement.pk).update(created_at=created_at)


def state():
    rows = list(Announcement.objects.order_by("pk").values())
    links = [list(a.users.values_list("pk", flat=True)) for a in Announcement.objects.order_by("pk")]
    return rows, links, Activity.objects.count()


def query(**params):
    return {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}


def payload(**overrides):
    body = {
        "expiry": "2025-12-31 23:59:59",
        "heading": "System Maintenance",
        "content": "The system will be down for maintenance tonight.",
        "sending_rules": "all",
    }
    body.update(overrides)
    return body


# --- Create --------------------------------------------------------------------------------------


class TestCreate:
    def test_the_seed_request_creates_an_announcement_for_the_named_users(self, owner_api, owner):
        # Given two learners
        first, second = UserFactory(), UserFactory()

        # When the owner creates an announcement for them as the seed does
        response = owner_api.post(
            LIST_URL,
            payload(
                sending_rules="specific_users",
                user_ids=[first.pk, second.pk],
                course_ids=[101, 102],  # ignored: the rule reads user_ids
                content='<p onclick="steal()">Hello</p><script>alert(1)</script>',
                portalId=-1,
            ),
            format="json",
        )

        # Then it is created, sanitised, with the named users only, and audited
        assert response.status_code == 201, response.json()
        announcement = Announcement.objects.get()
        assert response.json() == {"message": "Announcement Created Successfully", "id": announcement.pk}
        assert announcement.content == "<p>Hello</p>"
        assert announcement.sending_rule == SendingRule.SPECIFIC_USERS
        assert set(announcement.users.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert not announcement.courses.exists()
        assert announcement.author == owner
        assert timezone.localtime(announcement.expiry).strftime("%Y-%m-%d %H:%M:%S") == "2025-12-31 23:59:59"
        assert Activity.objects.filter(subject_id=str(announcement.pk)).exists()

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            (payload(sending_rules="specific_users"), "user_ids"),
            (payload(sending_rules="specific_course_users", course_ids=[]), "course_ids"),
            (payload(sending_rules="specific_portals"), "portal_ids"),
            (payload(sending_rules="nobody"), "sending_rules"),
            (payload(heading=""), "heading"),
            (payload(expiry="tomorrow"), "expiry"),
            (payload(sending_rules="specific_users", user_ids=[999999]), "user_ids"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_written(self, owner_api, body, field):
        before = state()
        response = owner_api.post(LIST_URL, body, format="json")
        assert response.status_code == 422
        assert response.json()["message"] == INVALID
        assert field in response.json()["errors"]
        assert state() == before

    def test_a_portal_admin_creates_for_their_portal_and_only_targets_their_courses(
        self, portal_tree, portal_admin
    ):
        client = api_client_for(portal_admin)
        own = CourseFactory(portal=portal_tree["child"])
        other = CourseFactory(portal=portal_tree["second"])

        refused = client.post(
            LIST_URL,
            payload(
                sending_rules="specific_course_users", course_ids=[other.pk], portalId=portal_tree["first"].pk
            ),
            format="json",
        )
        assert refused.status_code == 422
        assert "course_ids" in refused.json()["errors"]

        created = client.post(
            LIST_URL,
            payload(
                sending_rules="specific_course_users", course_ids=[own.pk], portalId=portal_tree["first"].pk
            ),
            format="json",
        )
        assert created.status_code == 201
        assert Announcement.objects.get().portal == portal_tree["first"]

    def test_a_portal_admin_names_one_of_their_portals(self, portal_tree, portal_admin):
        client = api_client_for(portal_admin)
        assert client.post(LIST_URL, payload(), format="json").status_code == 422
        hidden = client.post(LIST_URL, payload(portalId=portal_tree["second"].pk), format="json")
        assert hidden.status_code == 404
        assert not Announcement.objects.exists()


# --- Who may call what ---------------------------------------------------------------------------

ENDPOINTS = [
    ("list", "get", LIST_URL, None, "announcements.view_announcement"),
    ("create", "post", LIST_URL, payload(), "announcements.add_announcement"),
    ("retrieve", "get", "/api/v1/announcements/{pk}/", None, "announcements.view_announcement"),
    ("update", "put", "/api/v1/announcements/{pk}/", payload(), "announcements.change_announcement"),
    ("delete", "post", DELETE_URL, {"delete_ids": "[{pk}]"}, "announcements.delete_announcement"),
]


def _call(client, method, url, body, pk):
    url = url.format(pk=pk)
    if body is None:
        return getattr(client, method)(url)
    body = {key: value.format(pk=pk) if isinstance(value, str) else value for key, value in body.items()}
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"), [pytest.param(*e[1:], id=e[0]) for e in ENDPOINTS]
)
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("learner", 403), ("staff_without_permissions", 403)]
)
def test_refused_callers_change_nothing(request, method, url, body, permission, role, status):
    announcement = AnnouncementFactory()
    client = APIClient() if role == "anonymous" else api_client_for(request.getfixturevalue(role))
    before = state()
    response = _call(client, method, url, body, announcement.pk)
    assert response.status_code == status
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body", "permission"), [pytest.param(*e[1:], id=e[0]) for e in ENDPOINTS]
)
def test_staff_with_exactly_the_permission_is_served(staff_api_with, method, url, body, permission):
    announcement = AnnouncementFactory()
    response = _call(staff_api_with(permission), method, url, body, announcement.pk)
    assert response.status_code in (200, 201), response.json()


def test_a_portal_admin_cannot_reach_another_portals_announcement(portal_tree, portal_admin):
    foreign = AnnouncementFactory(portal=portal_tree["second"])
    client = api_client_for(portal_admin)
    before = state()
    assert client.get(detail_url(foreign.pk)).status_code == 404
    assert client.put(detail_url(foreign.pk), payload(), format="json").status_code == 404
    assert client.post(DELETE_URL, {"delete_ids": [foreign.pk]}, format="json").status_code == 422
    assert state() == before


# --- Tabular list --------------------------------------------------------------------------------


class TestList:
    def test_rows_have_the_documented_shape(self, owner_api):
        announcement = AnnouncementFactory(heading="Test Announcement", content="This is a test announcement")
        stamp(announcement, local(2020, 8, 26, 9, 8))
        AnnouncementFactory(heading="Other")

        response = owner_api.get(
            LIST_URL,
            query(
                portalId=-1,
                page_size=50,
                page_number=1,
                order_by={"colName": "created_at", "direction": "desc"},
                search_param={"heading": "test"},
            ),
        )

        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 2,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": announcement.pk,
                    "heading": "Test Announcement",
                    "author": "John Doe",
                    "created_at": "2020-08-26 09:08",
                    "content": "This is a test announcement",
                    "rules": "all",
                }
            ],
        }

    def test_a_portal_admin_sees_their_portals_announcements(self, portal_tree, portal_admin):
        own = AnnouncementFactory(portal=portal_tree["child"])
        AnnouncementFactory(portal=portal_tree["second"])
        AnnouncementFactory(portal=None)
        response = api_client_for(portal_admin).get(LIST_URL, {"page_size": 50, "page_number": 1})
        assert [row["id"] for row in response.json()["records"]] == [own.pk]

    def test_bad_ordering_is_a_422(self, owner_api):
        response = owner_api.get(LIST_URL, query(order_by={"colName": "password", "direction": "asc"}))
        assert response.status_code == 422

    def test_the_same_queries_at_page_sizes_1_and_50(self, owner_api, count_queries):
        for _ in range(5):
            AnnouncementFactory()
        _, small = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 1, "page_number": 1}))
        _, large = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 50, "page_number": 1}))
        assert small == large


# --- Retrieve, update, delete --------------------------------------------------------------------


def test_retrieve_has_the_documented_shape(owner_api):
    learner = UserFactory()
    announcement = AnnouncementFactory(
        heading="New Announcement",
        content="This is for test purpose",
        sending_rule=SendingRule.SPECIFIC_USERS,
        expiry=local(2020, 8, 5, 23, 59, 59),
        users=[learner],
    )
    response = owner_api.get(detail_url(announcement.pk))
    assert response.status_code == 200
    assert response.json() == {
        "id": announcement.pk,
        "heading": "New Announcement",
        "content": "This is for test purpose",
        "sending_rules": "specific_users",
        "expiry": "2020-08-05",
        "user_ids": [learner.pk],
        "course_ids": [],
        "portal_ids": [],
        "portalId": None,
    }


def test_retrieve_of_an_unknown_announcement_is_a_404(owner_api):
    assert owner_api.get(detail_url(999999)).status_code == 404


class TestUpdate:
    def test_the_seed_request_updates_content_rule_and_recipients(self, owner_api):
        old_target, first, second = UserFactory(), UserFactory(), UserFactory()
        announcement = AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_USERS, users=[old_target])

        response = owner_api.put(
            detail_url(announcement.pk),
            {
                "id": announcement.pk,
                "expiry": "2020-08-05",
                "heading": "New Announcement",
                "content": "The system will be down for maintenance tonight.",
                "sending_rules": "specific_users",
                "user_ids": [first.pk, second.pk],
                "portalId": -1,
            },
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json() == {"message": "Announcement Updated Successfully", "id": announcement.pk}
        announcement.refresh_from_db()
        assert announcement.heading == "New Announcement"
        assert set(announcement.users.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert timezone.localtime(announcement.expiry).strftime("%Y-%m-%d %H:%M") == "2020-08-05 23:59"

    def test_changing_the_rule_drops_the_old_recipients(self, owner_api):
        announcement = AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_USERS, users=[UserFactory()])
        response = owner_api.put(detail_url(announcement.pk), payload(sending_rules="all"), format="json")
        assert response.status_code == 201
        assert not announcement.users.exists()

    def test_a_mismatched_id_is_refused(self, owner_api):
        announcement = AnnouncementFactory()
        before = state()
        response = owner_api.put(detail_url(announcement.pk), payload(id=announcement.pk + 1), format="json")
        assert response.status_code == 422
        assert state() == before


class TestDelete:
    def test_the_seed_request_deletes_and_counts(self, owner_api):
        rows = [AnnouncementFactory() for _ in range(3)]
        response = owner_api.post(DELETE_URL, {"delete_ids": [row.pk for row in rows]}, format="json")
        assert response.status_code == 200
        assert response.json() == {"message": "3 announcement(s) deleted "}
        assert not Announcement.objects.exists()

    def test_an_unknown_id_deletes_nothing(self, owner_api):
        row = AnnouncementFactory()
        response = owner_api.post(DELETE_URL, {"delete_ids": [row.pk, 999999]}, format="json")
        assert response.status_code == 422
        assert Announcement.objects.filter(pk=row.pk).exists()


# --- The learner's list --------------------------------------------------------------------------


class TestLearnerList:
    def test_a_learner_sees_exactly_what_is_meant_for_them(self, learner, learner_api, portal_tree):
        course, other_course = CourseFactory(), CourseFactory()
        EnrollmentFactory(user=learner, course=course)
        PortalMembershipFactory(user=learner, portal=portal_tree["child"], role=PortalRole.LEARNER)
        expected = [
            AnnouncementFactory(heading="everyone"),
            AnnouncementFactory(heading="me", sending_rule=SendingRule.SPECIFIC_USERS, users=[learner]),
            AnnouncementFactory(
                heading="my course", sending_rule=SendingRule.SPECIFIC_COURSE_USERS, courses=[course]
            ),
            AnnouncementFactory(
                heading="my portal", sending_rule=SendingRule.SPECIFIC_PORTALS, portals=[portal_tree["child"]]
            ),
            AnnouncementFactory(heading="my portal's own", portal=portal_tree["child"]),
        ]
        # Not meant for them:
        AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_USERS, users=[UserFactory()])
        AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_COURSE_USERS, courses=[other_course])
        AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_PORTALS, portals=[portal_tree["second"]])
        AnnouncementFactory(portal=portal_tree["second"])
        AnnouncementFactory(expiry=timezone.now() - timedelta(days=1))

        response = learner_api.get(LEARNER_URL, {"page_size": 50, "page_number": 1, "viewType": "self"})

        assert response.status_code == 200
        assert response.json()["recordsTotal"] == len(expected)
        assert {row["heading"] for row in response.json()["records"]} == {a.heading for a in expected}

    def test_rows_have_the_documented_shape(self, learner_api):
        announcement = AnnouncementFactory(heading="Announcement 1", content="<p>This is an example</p>")
        stamp(announcement, local(2020, 1, 21, 12, 0))
        response = learner_api.get(
            LEARNER_URL,
            query(
                portalId=1,
                page_size=5,
                page_number=1,
                order_by={"colName": "created_at", "direction": "desc"},
                search_param={"heading": "announcement"},
                viewType="self",
            ),
        )
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 1,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": announcement.pk,
                    "heading": "Announcement 1",
                    "author": "John Doe",
                    "content": "<p>This is an example</p>",
                    "created_at": "21st Jan, 2020 12:00 PM",
                }
            ],
        }

    def test_an_anonymous_caller_is_refused(self):
        assert APIClient().get(LEARNER_URL).status_code == 401

    def test_a_bad_search_key_is_a_422(self, learner_api):
        response = learner_api.get(LEARNER_URL, query(search_param={"content": "x"}))
        assert response.status_code == 422

    def test_the_same_queries_at_page_sizes_1_and_50(self, learner, learner_api, count_queries):
        course = CourseFactory()
        EnrollmentFactory(user=learner, course=course)
        for _ in range(3):
            AnnouncementFactory()
            AnnouncementFactory(sending_rule=SendingRule.SPECIFIC_COURSE_USERS, courses=[course])
        _, small = count_queries(lambda: learner_api.get(LEARNER_URL, {"page_size": 1, "page_number": 1}))
        _, large = count_queries(lambda: learner_api.get(LEARNER_URL, {"page_size": 50, "page_number": 1}))
        assert small == large
        assert len(learner_api.get(LEARNER_URL, {"page_size": 50}).json()["records"]) == 6
