"""Badges: the tabular list, create, update and bulk delete (a badge a user holds is kept)."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity, ActivityAction
from lms.gamification.models import Badge, UserBadge
from tests.conftest import api_client_for
from tests.factories import BadgeFactory, StaffFactory, UserBadgeFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/badges/"
DELETE_URL = "/api/v1/badges/delete/"

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
INVALID = "The given data was invalid."

SEED_PAYLOAD = {
    "title": "Gold",
    "points": "1",
    "badgeIconUrl": "/images/badges/Badge_1.png",
    "defaultIconUrl": "/images/default-badge.png",
    "organizationId": "97852067",
}


def detail_url(badge_id):
    return f"/api/v1/badges/{badge_id}/"


def local(*args):
    """An aware datetime in the current time zone (the one responses are written in)."""
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def badge_state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(Badge.objects.order_by("pk").values()),
        list(UserBadge.objects.order_by("pk").values_list("pk", flat=True)),
        Activity.objects.count(),
    )


@pytest.fixture
def caller(request):
    """A client for the role named by the test's parameter (a user fixture), or no one."""
    if request.param == "anonymous":
        return APIClient()
    return api_client_for(request.getfixturevalue(request.param))


@pytest.fixture
def viewer():
    """A staff member who may list badges but not change them."""
    return StaffFactory(permissions=["gamification.view_badge"])


REFUSED_CALLERS = [
    pytest.param("anonymous", 401, UNAUTHENTICATED, id="anonymous"),
    pytest.param("learner", 403, UNAUTHORIZED, id="learner"),
    pytest.param("staff_without_permissions", 403, UNAUTHORIZED, id="staff-without-permission"),
    pytest.param("portal_admin", 403, UNAUTHORIZED, id="portal-admin"),
]


# --- Tabular list ------------------------------------------------------------------------------


class TestBadgeList:
    def test_a_row_has_the_documented_shape(self, owner_api):
        # Given a badge held by two users, created at a known moment
        badge = BadgeFactory(
            title="Gold",
            points=50,
            badge_icon_url="/images/badges/Badge_1.png",
            default_icon_url="/images/default-badge.png",
            organization_id="97852067",
        )
        UserBadgeFactory.create_batch(2, badge=badge)
        Badge.objects.filter(pk=badge.pk).update(created_at=local(2020, 8, 10, 12, 43, 12))

        # When the owner lists badges
        response = owner_api.get(LIST_URL)

        # Then the envelope and the row are exactly as documented
        assert response.status_code == 200
        assert response.json() == {
            "recordsTotal": 1,
            "recordsFiltered": 1,
            "records": [
                {
                    "id": badge.pk,
                    "title": "Gold",
                    "points": 50,
                    "badgeIconUrl": "/images/badges/Badge_1.png",
                    "defaultIconUrl": "/images/default-badge.png",
                    "organizationId": "97852067",
                    "usersCount": 2,
                    "created_at": "Aug 10, 2020 12:43 PM",
                }
            ],
        }

    def test_newest_first_by_default_and_paged(self, owner_api):
        # Given three badges created on three days
        oldest, middle, newest = BadgeFactory.create_batch(3)
        for day, badge in enumerate([oldest, middle, newest], start=1):
            Badge.objects.filter(pk=badge.pk).update(created_at=local(2024, 1, day))

        # When the second page of two rows is asked for
        first_page = owner_api.get(LIST_URL, {"page_size": 2, "page_number": 1}).json()
        second_page = owner_api.get(LIST_URL, {"page_size": 2, "page_number": 2}).json()

        # Then rows come newest first, split across pages
        assert [row["id"] for row in first_page["records"]] == [newest.pk, middle.pk]
        assert [row["id"] for row in second_page["records"]] == [oldest.pk]
        assert second_page["recordsTotal"] == 3

    def test_search_by_title_narrows_records_filtered_only(self, owner_api):
        # Given badges with different titles
        gold = BadgeFactory(title="Gold Star")
        BadgeFactory(title="Silver")
        rose = BadgeFactory(title="Rose gold")

        # When searching for "gold" (case-insensitive)
        response = owner_api.get(
            LIST_URL,
            {
                "search_param": json.dumps({"title": "GOLD"}),
                "order_by": json.dumps({"colName": "title", "direction": "asc"}),
            },
        )

        # Then only matching rows come back; recordsTotal still counts every badge
        body = response.json()
        assert response.status_code == 200
        assert body["recordsTotal"] == 3
        assert body["recordsFiltered"] == 2
        assert [row["id"] for row in body["records"]] == [gold.pk, rose.pk]

    def test_order_by_users_count(self, owner_api):
        # Given badges held by 0, 2 and 1 users
        none = BadgeFactory()
        two = BadgeFactory()
        one = BadgeFactory()
        UserBadgeFactory.create_batch(2, badge=two)
        UserBadgeFactory(badge=one)

        # When ordering by usersCount, most held first
        response = owner_api.get(
            LIST_URL, {"order_by": json.dumps({"colName": "usersCount", "direction": "desc"})}
        )

        # Then the rows follow the holder counts
        assert [(row["id"], row["usersCount"]) for row in response.json()["records"]] == [
            (two.pk, 2),
            (one.pk, 1),
            (none.pk, 0),
        ]

    @pytest.mark.parametrize(
        ("params", "errors"),
        [
            pytest.param(
                {"order_by": json.dumps({"colName": "badge_icon_url", "direction": "asc"})},
                {
                    "order_by": [
                        "Cannot order by 'badge_icon_url'; sortable columns: "
                        "created_at, points, title, usersCount."
                    ]
                },
                id="unsortable-column",
            ),
            pytest.param(
                {"search_param": json.dumps({"points": 10})},
                {"search_param": ["Unknown filter(s) points; allowed: title."]},
                id="unknown-filter",
            ),
            pytest.param(
                {"search_param": "{not json"},
                {"search_param": ['Must be a JSON object, e.g. {"key": "value"}.']},
                id="malformed-search-param",
            ),
            pytest.param(
                {"page_size": 0},
                {"page_size": ["Ensure this value is greater than or equal to 1."]},
                id="page-size-zero",
            ),
        ],
    )
    def test_bad_query_is_422(self, owner_api, params, errors):
        # Given a badge
        BadgeFactory()

        # When the list is asked for with a bad query
        response = owner_api.get(LIST_URL, params)

        # Then the query is refused with the documented error shape
        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}

    def test_staff_with_view_permission_may_list(self, staff_api_with):
        BadgeFactory()

        response = staff_api_with("gamification.view_badge").get(LIST_URL)

        assert response.status_code == 200
        assert response.json()["recordsTotal"] == 1

    @pytest.mark.parametrize(("caller", "status", "body"), REFUSED_CALLERS, indirect=["caller"])
    def test_refused_callers(self, caller, status, body):
        BadgeFactory()

        response = caller.get(LIST_URL)

        assert (response.status_code, response.json()) == (status, body)

    def test_query_count_does_not_grow_with_the_page(self, owner_api, count_queries):
        # Given 20 badges, each held by a user
        for badge in BadgeFactory.create_batch(20):
            UserBadgeFactory(badge=badge)

        # When a page of 1 and a page of 50 are read
        small, small_queries = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 1}))
        large, large_queries = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 50}))

        # Then both pages cost the same number of queries
        assert len(small.json()["records"]) == 1
        assert len(large.json()["records"]) == 20
        assert small_queries == large_queries


# --- Create ------------------------------------------------------------------------------------


class TestBadgeCreate:
    def test_seed_sample_creates_a_badge(self, owner, owner_api):
        # When the owner posts the seed's sample (points as the string "1")
        response = owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")

        # Then the badge is created and its id returned with the documented message
        badge = Badge.objects.get()
        assert response.status_code == 200
        assert response.json() == {"id": badge.pk, "message": "Badge created successfully"}
        assert (
            badge.title,
            badge.points,
            badge.badge_icon_url,
            badge.default_icon_url,
            badge.organization_id,
            badge.created_by,
        ) == ("Gold", 1, "/images/badges/Badge_1.png", "/images/default-badge.png", "97852067", owner)

    def test_creation_is_logged(self, owner, owner_api):
        response = owner_api.post(LIST_URL, SEED_PAYLOAD, format="json")

        activity = Activity.objects.get()
        assert (
            activity.actor,
            activity.action,
            activity.subject_kind,
            activity.subject_id,
            activity.changes,
        ) == (
            owner,
            ActivityAction.CREATED,
            "Badge",
            str(response.json()["id"]),
            {
                "attributes": {
                    "title": "Gold",
                    "points": 1,
                    "badge_icon_url": "/images/badges/Badge_1.png",
                    "default_icon_url": "/images/default-badge.png",
                    "organization_id": "97852067",
                }
            },
        )

    def test_organization_id_as_a_number_and_nulls_are_accepted(self, owner_api):
        # When organizationId comes as a number and defaultIconUrl as null
        payload = {**SEED_PAYLOAD, "points": 5, "organizationId": 97852067, "defaultIconUrl": None}
        response = owner_api.post(LIST_URL, payload, format="json")

        # Then they are stored as text (null as blank)
        assert response.status_code == 200
        badge = Badge.objects.get(pk=response.json()["id"])
        assert (badge.points, badge.organization_id, badge.default_icon_url) == (5, "97852067", "")

    def test_optional_fields_may_be_left_out(self, owner_api):
        payload = {"title": "Bronze", "points": 0, "badgeIconUrl": "/b.png"}

        response = owner_api.post(LIST_URL, payload, format="json")

        assert response.status_code == 200
        badge = Badge.objects.get(pk=response.json()["id"])
        assert (badge.title, badge.points, badge.default_icon_url, badge.organization_id) == (
            "Bronze",
            0,
            "",
            "",
        )

    @pytest.mark.parametrize(
        ("change", "errors"),
        [
            pytest.param(
                {"points": "many"}, {"points": ["A valid integer is required."]}, id="points-not-a-number"
            ),
            pytest.param(
                {"points": -1},
                {"points": ["Ensure this value is greater than or equal to 0."]},
                id="negative-points",
            ),
            pytest.param({"title": ""}, {"title": ["This field may not be blank."]}, id="blank-title"),
            pytest.param(
                {"badgeIconUrl": None}, {"badgeIconUrl": ["This field may not be null."]}, id="no-icon"
            ),
        ],
    )
    def test_bad_input_is_422_and_writes_nothing(self, owner_api, change, errors):
        response = owner_api.post(LIST_URL, {**SEED_PAYLOAD, **change}, format="json")

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}
        assert not Badge.objects.exists()
        assert not Activity.objects.exists()

    def test_missing_required_fields_are_named(self, owner_api):
        response = owner_api.post(LIST_URL, {}, format="json")

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "title": ["This field is required."],
            "points": ["This field is required."],
            "badgeIconUrl": ["This field is required."],
        }
        assert not Badge.objects.exists()

    def test_staff_with_add_permission_may_create(self, staff_api_with):
        response = staff_api_with("gamification.add_badge").post(LIST_URL, SEED_PAYLOAD, format="json")

        assert response.status_code == 200
        assert Badge.objects.filter(pk=response.json()["id"], title="Gold").exists()

    @pytest.mark.parametrize(
        ("caller", "status", "body"),
        [
            *REFUSED_CALLERS,
            pytest.param("viewer", 403, UNAUTHORIZED, id="staff-with-view-permission-only"),
        ],
        indirect=["caller"],
    )
    def test_refused_callers_create_nothing(self, caller, status, body):
        response = caller.post(LIST_URL, SEED_PAYLOAD, format="json")

        assert (response.status_code, response.json()) == (status, body)
        assert not Badge.objects.exists()
        assert not Activity.objects.exists()


# --- Update ------------------------------------------------------------------------------------


class TestBadgeUpdate:
    def test_seed_sample_updates_the_badge(self, owner, owner_api):
        # Given a badge
        badge = BadgeFactory(title="Old", points=10, badge_icon_url="/old.png")

        # When the owner puts the seed's sample
        response = owner_api.put(detail_url(badge.pk), SEED_PAYLOAD, format="json")

        # Then the badge takes the new values and the change is logged
        assert response.status_code == 200
        assert response.json() == {"id": badge.pk, "message": "Badge updated successfully"}
        badge.refresh_from_db()
        assert (
            badge.title,
            badge.points,
            badge.badge_icon_url,
            badge.default_icon_url,
            badge.organization_id,
        ) == ("Gold", 1, "/images/badges/Badge_1.png", "/images/default-badge.png", "97852067")
        activity = Activity.objects.get()
        assert (activity.actor, activity.action, activity.subject_id) == (
            owner,
            ActivityAction.UPDATED,
            str(badge.pk),
        )
        assert activity.changes["old"] == {
            "title": "Old",
            "points": 10,
            "badge_icon_url": "/old.png",
            "default_icon_url": "",
            "organization_id": "",
        }

    def test_null_points_keep_the_badge_points(self, owner_api):
        badge = BadgeFactory(points=40)

        response = owner_api.put(detail_url(badge.pk), {**SEED_PAYLOAD, "points": None}, format="json")

        assert response.status_code == 200
        badge.refresh_from_db()
        assert (badge.title, badge.points) == ("Gold", 40)

    def test_bad_input_is_422_and_changes_nothing(self, owner_api):
        badge = BadgeFactory(title="Keep", points=40)
        before = badge_state()

        response = owner_api.put(detail_url(badge.pk), {**SEED_PAYLOAD, "title": ""}, format="json")

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": {"title": ["This field may not be blank."]}}
        assert badge_state() == before

    def test_unknown_badge_is_404(self, owner_api):
        response = owner_api.put(detail_url(999999), SEED_PAYLOAD, format="json")

        assert (response.status_code, response.json()) == (404, {"message": "Not found."})

    def test_staff_with_change_permission_may_update(self, staff_api_with):
        badge = BadgeFactory()

        response = staff_api_with("gamification.change_badge").put(
            detail_url(badge.pk), SEED_PAYLOAD, format="json"
        )

        assert response.status_code == 200
        badge.refresh_from_db()
        assert badge.title == "Gold"

    @pytest.mark.parametrize(
        ("caller", "status", "body"),
        [
            *REFUSED_CALLERS,
            pytest.param("viewer", 403, UNAUTHORIZED, id="staff-with-view-permission-only"),
        ],
        indirect=["caller"],
    )
    def test_refused_callers_change_nothing(self, caller, status, body):
        badge = BadgeFactory(title="Keep")
        before = badge_state()

        response = caller.put(detail_url(badge.pk), SEED_PAYLOAD, format="json")

        assert (response.status_code, response.json()) == (status, body)
        assert badge_state() == before


# --- Delete ------------------------------------------------------------------------------------


class TestBadgeDelete:
    def test_deletes_a_free_badge_and_keeps_a_held_one(self, owner, owner_api):
        # Given a badge nobody holds and a badge a user holds
        free = BadgeFactory()
        held = BadgeFactory()
        UserBadgeFactory(badge=held)

        # When both are deleted
        response = owner_api.post(DELETE_URL, {"delete_ids": [free.pk, held.pk]}, format="json")

        # Then the free one goes, the held one stays, and the message says so
        assert response.status_code == 200
        assert response.json() == {
            "message": "1 badge(s) deleted. 1 badge(s) not deleted as they are assigned to users."
        }
        assert list(Badge.objects.values_list("pk", flat=True)) == [held.pk]
        deletion = Activity.objects.get()
        assert (deletion.actor, deletion.action, deletion.subject_id) == (
            owner,
            ActivityAction.DELETED,
            str(free.pk),
        )

    def test_seed_message_when_nothing_is_kept(self, owner_api):
        badge = BadgeFactory()

        response = owner_api.post(DELETE_URL, {"delete_ids": [badge.pk]}, format="json")

        assert response.json() == {
            "message": "1 badge(s) deleted. 0 badge(s) not deleted as they are assigned to users."
        }
        assert not Badge.objects.exists()

    @pytest.mark.parametrize(
        "as_sent",
        [
            pytest.param(lambda ids: ids, id="array"),
            pytest.param(lambda ids: json.dumps(ids), id="array-in-a-string"),
            pytest.param(lambda ids: [str(pk) for pk in ids], id="array-of-strings"),
        ],
    )
    def test_ids_in_every_documented_form(self, owner_api, as_sent):
        first, second = BadgeFactory.create_batch(2)
        kept = BadgeFactory()

        response = owner_api.post(DELETE_URL, {"delete_ids": as_sent([first.pk, second.pk])}, format="json")

        assert response.status_code == 200
        assert response.json()["message"].startswith("2 badge(s) deleted.")
        assert list(Badge.objects.values_list("pk", flat=True)) == [kept.pk]

    def test_an_unknown_id_is_422_and_deletes_nothing(self, owner_api):
        # Given a deletable badge
        badge = BadgeFactory()
        before = badge_state()

        # When it is deleted together with an id that does not exist
        response = owner_api.post(DELETE_URL, {"delete_ids": [badge.pk, 999999]}, format="json")

        # Then the whole request is refused and nothing is deleted
        assert response.status_code == 422
        assert response.json() == {
            "message": INVALID,
            "errors": {"delete_ids": ["The selected ids are invalid: 999999."]},
        }
        assert badge_state() == before

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            pytest.param({}, {"delete_ids": ["This field is required."]}, id="missing"),
            pytest.param({"delete_ids": []}, {"delete_ids": ["This list may not be empty."]}, id="empty"),
            pytest.param(
                {"delete_ids": "[1,"},
                {"delete_ids": ["Expected a list of ids such as [1, 2, 3]."]},
                id="broken-json",
            ),
        ],
    )
    def test_bad_ids_are_422(self, owner_api, payload, errors):
        BadgeFactory()
        before = badge_state()

        response = owner_api.post(DELETE_URL, payload, format="json")

        assert response.status_code == 422
        assert response.json() == {"message": INVALID, "errors": errors}
        assert badge_state() == before

    def test_staff_with_delete_permission_may_delete(self, staff_api_with):
        badge = BadgeFactory()

        response = staff_api_with("gamification.delete_badge").post(
            DELETE_URL, {"delete_ids": [badge.pk]}, format="json"
        )

        assert response.status_code == 200
        assert not Badge.objects.exists()

    @pytest.mark.parametrize(
        ("caller", "status", "body"),
        [
            *REFUSED_CALLERS,
            pytest.param("viewer", 403, UNAUTHORIZED, id="staff-with-view-permission-only"),
        ],
        indirect=["caller"],
    )
    def test_refused_callers_delete_nothing(self, caller, status, body):
        badge = BadgeFactory()
        before = badge_state()

        response = caller.post(DELETE_URL, {"delete_ids": [badge.pk]}, format="json")

        assert (response.status_code, response.json()) == (status, body)
        assert badge_state() == before
