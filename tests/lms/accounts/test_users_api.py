"""Users API: list, search, create, get, update, password, bulk delete, lookups, sources, e-mails."""

import pytest
from django.core import mail

from lms.accounts.models import User, UserSource
from lms.audit.models import Activity, ActivityAction
from lms.notifications.models import OutboxEmail, OutboxStatus
from lms.portals.models import PortalRole
from tests.conftest import api_client_for
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory
from tests.factories.portals import PortalMembershipFactory
from tests.lms.accounts.conftest import (
    INVALID,
    NOT_FOUND,
    UNAUTHENTICATED,
    UNAUTHORIZED,
    USER_PERMISSIONS,
    as_query,
    state,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/users/"
NEW_PASSWORD = "h*{P/tCM8u-long-enough"


def detail_url(pk):
    return f"/api/v1/users/{pk}/"


CREATE_PAYLOAD = {
    "firstName": "John",
    "lastName": "Doe",
    "email": "John.Doe@Example.org",
    "password": NEW_PASSWORD,
}
UPDATE_PAYLOAD = {
    "firstName": "Johnny",
    "lastName": "Doe",
    "email": "johnny@example.org",
    "disabled": "0",
    "internal_note": "This is a note.",
}

# (name, method, url with {pk} for alice, body, permission)
ENDPOINTS = [
    ("list", "get", LIST_URL, None, "accounts.view_user"),
    ("types", "get", "/api/v1/users/user-types/", None, "accounts.view_user"),
    ("by-type", "get", "/api/v1/users/by-type/?userType=learner", None, "accounts.view_user"),
    ("search", "get", "/api/v1/users/search/?search_term=a", None, "accounts.view_user"),
    ("create", "post", LIST_URL, CREATE_PAYLOAD, "accounts.add_user"),
    ("get", "get", "/api/v1/users/{pk}/", None, "accounts.view_user"),
    ("update", "put", "/api/v1/users/{pk}/", UPDATE_PAYLOAD, "accounts.change_user"),
    (
        "password",
        "post",
        "/api/v1/users/password/",
        {"userId": "{pk}", "password": NEW_PASSWORD},
        "accounts.change_user",
    ),
    ("delete", "post", "/api/v1/users/delete/", {"delete_ids": "[{pk}]"}, "accounts.delete_user"),
    (
        "resend",
        "post",
        "/api/v1/users/resend-new-account-email/",
        {"portalId": "-1", "user_id": "{pk}"},
        "accounts.change_user",
    ),
    ("sources", "get", "/api/v1/users/sources/", None, "accounts.view_user"),
    ("activities", "get", "/api/v1/users/activities/?user_id={pk}", None, "accounts.view_user"),
]

REFUSED = {
    "anonymous": (401, UNAUTHENTICATED),
    "learner": (403, UNAUTHORIZED),
    "staff_without_permissions": (403, UNAUTHORIZED),
    "staff_with_the_other_permissions": (403, UNAUTHORIZED),
}


def call(client, method, url, body, pk):
    url = url.replace("{pk}", str(pk))
    if body is None:
        return getattr(client, method)(url)
    payload = {key: value.replace("{pk}", str(pk)) for key, value in body.items()}
    return getattr(client, method)(url, payload, format="json")


@pytest.mark.parametrize(
    ("method", "url", "body", "permission", "role"),
    [
        pytest.param(method, url, body, permission, role, id=f"{name}-{role}")
        for name, method, url, body, permission in ENDPOINTS
        for role in REFUSED
    ],
)
def test_refused_callers_change_nothing(request, people, staff_api_with, method, url, body, permission, role):
    if role == "anonymous":
        client = api_client_for(None)
    elif role == "staff_with_the_other_permissions":
        client = staff_api_with(*[p for p in USER_PERMISSIONS if p != permission])
    else:
        client = api_client_for(request.getfixturevalue(role))
    before = state()
    response = call(client, method, url, body, people["alice"].pk)
    status, message = REFUSED[role]
    assert (response.status_code, response.json()) == (status, message)
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        pytest.param(method, url, body, id=name)
        for name, method, url, body, _permission in ENDPOINTS
        if "{pk}" in url or (body and any("{pk}" in str(v) for v in body.values()))
    ],
)
def test_a_portal_admin_cannot_reach_a_user_of_another_portal(people, portal_admin_api, method, url, body):
    before = state()
    response = call(portal_admin_api, method, url, body, people["carol"].pk)
    if url.endswith("resend-new-account-email/"):
        # The seed: a user that is not found is ignored.
        assert response.status_code == 200
    elif url.endswith("delete/"):
        assert response.status_code == 422
    else:
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert state() == before
    assert mail.outbox == []


# --- Tabular list ---------------------------------------------------------------------------------


def test_the_tabular_list_has_the_seed_shape(owner_api, people, user_category):
    alice = people["alice"]
    alice.categories.add(user_category)
    response = owner_api.get(
        LIST_URL, as_query(page_size=10, page_number=1, search_param={"nameOrEmail": "alice"})
    )
    assert response.status_code == 200
    body = response.json()
    assert body["recordsFiltered"] == 1
    assert body["recordsTotal"] == User.objects.count()
    row = body["records"][0]
    assert set(row) >= {
        "id",
        "first_name",
        "last_name",
        "is_disabled",
        "avatar",
        "display_type",
        "created_at",
        "last_login",
        "source",
        "portals",
        "user_category",
    }
    assert row["id"] == alice.pk
    assert row["display_type"] == "General"
    assert row["is_disabled"] is False
    assert row["last_login"] == "Never"
    assert row["source"] == "default"
    assert row["portals"] == "Acme"
    assert row["user_category"] == "Engineers"
    assert row["avatar"].startswith("<svg") and ">AA</text>" in row["avatar"]


def test_search_by_full_name_and_by_user_category(owner_api, people, user_category):
    people["bob"].categories.add(user_category)
    by_name = owner_api.get(LIST_URL, as_query(search_param={"nameOrEmail": "Alice Archer"}))
    assert [r["id"] for r in by_name.json()["records"]] == [people["alice"].pk]
    by_category = owner_api.get(LIST_URL, as_query(search_param={"userCategoryId": user_category.pk}))
    assert [r["id"] for r in by_category.json()["records"]] == [people["bob"].pk]


def test_a_portal_admin_lists_the_users_of_their_portals_only(portal_admin_api, portal_admin, people):
    response = portal_admin_api.get(
        LIST_URL, as_query(order_by={"colName": "first_name", "direction": "asc"})
    )
    ids = {row["id"] for row in response.json()["records"]}
    assert ids == {people["alice"].pk, people["bob"].pk, portal_admin.pk}
    assert response.json()["recordsTotal"] == 3


def test_staff_narrow_the_list_to_a_portal(owner_api, people, portal_tree):
    response = owner_api.get(LIST_URL, {"portalId": portal_tree["second"].pk})
    assert [row["id"] for row in response.json()["records"]] == [people["carol"].pk]


@pytest.mark.parametrize(
    "query",
    [
        {"order_by": {"colName": "password", "direction": "asc"}},
        {"search_param": {"membershipId": 1}},
        {"search_param": {"userCategoryId": "x"}},
        {"page_size": 0},
    ],
)
def test_bad_list_queries_are_422(owner_api, people, query):
    response = owner_api.get(LIST_URL, as_query(**query))
    assert response.status_code == 422
    assert response.json()["message"] == INVALID


def test_the_list_runs_the_same_queries_at_any_page_size(
    owner_api, count_queries, portal_tree, user_category
):
    for index in range(60):
        user = UserFactory()
        PortalMembershipFactory(portal=portal_tree["first" if index % 2 else "second"], user=user)
        user.categories.add(user_category)
    small, small_count = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 1}))
    large, large_count = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 50}))
    assert len(small.json()["records"]) == 1 and len(large.json()["records"]) == 50
    assert small_count == large_count


# --- Lookups and searches ---------------------------------------------------------------------------


def test_the_user_type_lookup_has_the_seed_shape(portal_admin_api):
    response = portal_admin_api.get("/api/v1/users/user-types/")
    assert response.json() == [
        {"db_value": "admin", "display_name": "Admin"},
        {"db_value": "owner", "display_name": "Owner"},
        {"db_value": "staff", "display_name": "Staff"},
        {"db_value": "general", "display_name": "General"},
    ]


def test_users_by_type_within_a_portal(owner_api, people, portal_tree):
    StaffFactory()
    response = owner_api.get(
        "/api/v1/users/by-type/", {"userType": "learner", "portalId": portal_tree["first"].pk}
    )
    assert [row["id"] for row in response.json()] == [people["alice"].pk, people["bob"].pk]
    assert response.json()[0]["email"] == "alice@example.org"
    assert owner_api.get("/api/v1/users/by-type/", {"userType": "wizard"}).status_code == 422


def test_search_within_a_portal_or_everywhere(portal_admin_api, portal_admin, people, portal_tree):
    child = portal_tree["child"].pk
    local = portal_admin_api.get("/api/v1/users/search/", {"search_term": "example", "portalId": child})
    assert [row["id"] for row in local.json()] == [people["bob"].pk]
    remote = portal_admin_api.get(
        "/api/v1/users/search/",
        {"search_term": "example", "portalId": child, "remote_user_search": "true", "userType": "learner"},
    )
    # "Everywhere" is still every portal the caller may see: carol (another portal) stays hidden.
    assert {row["id"] for row in remote.json()} == {people["alice"].pk, people["bob"].pk, portal_admin.pk}
    hidden = portal_admin_api.get(
        "/api/v1/users/search/", {"search_term": "a", "portalId": portal_tree["second"].pk}
    )
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)
    assert portal_admin_api.get("/api/v1/users/search/").status_code == 422


def test_user_sources(portal_admin_api, portal_tree):
    response = portal_admin_api.get("/api/v1/users/sources/", {"portalId": portal_tree["first"].pk})
    assert response.status_code == 200
    assert response.json()["records"][0] == {
        "id": 1,
        "name": "Default",
        "identifier": "default",
        "description": "Default source of users.",
    }
    assert {r["identifier"] for r in response.json()["records"]} == {s.value for s in UserSource}
    hidden = portal_admin_api.get("/api/v1/users/sources/", {"portalId": portal_tree["second"].pk})
    assert hidden.status_code == 404


# --- Create ---------------------------------------------------------------------------------------


def test_create_a_user_sends_the_new_account_email_after_commit(
    user_admin_api, user_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = user_admin_api.post(
            LIST_URL, {**CREATE_PAYLOAD, "userCategory": f"[{user_category.pk}]"}, format="json"
        )
    assert response.status_code == 200
    user = User.objects.get(email="john.doe@example.org")
    assert response.json() == {"id": user.pk, "message": "User created successfully"}
    assert user.check_password(NEW_PASSWORD)
    assert user.source == UserSource.API
    assert list(user.categories.all()) == [user_category]
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["john.doe@example.org"]
    assert "/accounts/reset/" in mail.outbox[0].body
    email = OutboxEmail.objects.get()
    assert (email.status, email.attempts, email.template) == (OutboxStatus.SENT, 1, "new_account")


def test_a_portal_admin_creates_a_learner_of_their_portal(portal_admin_api, portal_tree):
    first = portal_tree["first"].pk
    refused = portal_admin_api.post(LIST_URL, CREATE_PAYLOAD, format="json")
    assert refused.status_code == 422 and "portalId" in refused.json()["errors"]
    response = portal_admin_api.post(LIST_URL, {**CREATE_PAYLOAD, "portalId": first}, format="json")
    assert response.status_code == 200
    user = User.objects.get(pk=response.json()["id"])
    assert list(user.portal_memberships.values_list("portal_id", "role")) == [(first, PortalRole.LEARNER)]
    hidden = portal_admin_api.post(
        LIST_URL,
        {**CREATE_PAYLOAD, "email": "x@example.org", "portalId": portal_tree["second"].pk},
        format="json",
    )
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "alice@example.org"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"firstName": ""}, "firstName"),
        ({"userCategory": "[999]"}, "userCategory"),
        ({"userCategory": "{bad"}, "userCategory"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(user_admin_api, people, change, field):
    before = state()
    response = user_admin_api.post(LIST_URL, {**CREATE_PAYLOAD, **change}, format="json")
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert state() == before


# --- Get and update ---------------------------------------------------------------------------------


def test_get_a_user_has_the_seed_shape(portal_admin_api, people, user_category):
    alice = people["alice"]
    alice.categories.add(user_category)
    response = portal_admin_api.get(detail_url(alice.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice.pk
    assert (body["firstName"], body["lastName"], body["email"]) == ("Alice", "Archer", "alice@example.org")
    assert body["lastLoggedIn"] == "Never"
    assert body["disabled"] is False
    assert body["userType"] == "general"
    assert body["currentLoggedUserType"] == "general"
    assert body["membership"] is None
    assert body["internal_note"] is None
    assert body["userCategory"] == [{"id": user_category.pk, "name": "Engineers"}]
    assert body["avatar"].startswith('<svg xmlns="http://www.w3.org/2000/svg" width="100"')


def test_update_a_user(user_admin_api, people, user_category):
    alice = people["alice"]
    response = user_admin_api.put(
        detail_url(alice.pk),
        {**UPDATE_PAYLOAD, "disabled": "1", "userCategory": ["Engineers"]},
        format="json",
    )
    assert (response.status_code, response.json()) == (200, {"message": "User updated successfully"})
    alice.refresh_from_db()
    assert (alice.first_name, alice.email, alice.is_active) == ("Johnny", "johnny@example.org", False)
    assert alice.internal_note == "This is a note."
    assert list(alice.categories.all()) == [user_category]
    changes = Activity.objects.filter(action=ActivityAction.UPDATED, subject_id=str(alice.pk))
    assert changes.count() == 2  # the profile, then the categories


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "bob@example.org"}, "email"),
        ({"disabled": "maybe"}, "disabled"),
        ({"lastName": None}, "lastName"),
        ({"userCategory": ["Nobody"]}, "userCategory"),
    ],
)
def test_update_refuses_bad_input_and_writes_nothing(user_admin_api, people, user_category, change, field):
    before = state()
    response = user_admin_api.put(detail_url(people["alice"].pk), {**UPDATE_PAYLOAD, **change}, format="json")
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert state() == before


def test_nobody_disables_themselves_and_only_owners_manage_owners(owner, owner_api, user_admin_api):
    before = state()
    mine = owner_api.put(
        detail_url(owner.pk), {**UPDATE_PAYLOAD, "email": owner.email, "disabled": True}, format="json"
    )
    assert mine.status_code == 422 and "disabled" in mine.json()["errors"]
    theirs = user_admin_api.put(
        detail_url(owner.pk), {**UPDATE_PAYLOAD, "email": "mine@example.org"}, format="json"
    )
    assert (theirs.status_code, theirs.json()) == (403, UNAUTHORIZED)
    assert state() == before


def test_a_portal_admin_cannot_change_a_staff_member_of_their_portal(portal_admin_api, portal_tree):
    staff = StaffFactory()
    PortalMembershipFactory(portal=portal_tree["first"], user=staff)
    before = state()
    response = portal_admin_api.put(
        detail_url(staff.pk), {**UPDATE_PAYLOAD, "email": staff.email}, format="json"
    )
    assert response.status_code == 403
    assert state() == before


# --- Password -------------------------------------------------------------------------------------


def test_update_the_password_tells_the_user(portal_admin_api, people, django_capture_on_commit_callbacks):
    alice = people["alice"]
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_admin_api.post(
            "/api/v1/users/password/",
            {"userId": str(alice.pk), "password": '"MyP@ssw0rd-2026"'},
            format="json",
        )
    assert (response.status_code, response.json()) == (200, {"message": "Password updated successfully"})
    alice.refresh_from_db()
    assert alice.check_password('"MyP@ssw0rd-2026"')
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "password" in mail.outbox[0].subject.lower()
    assert "MyP@ssw0rd" not in mail.outbox[0].body


def test_a_weak_password_is_refused(user_admin_api, people):
    before = state()
    response = user_admin_api.post(
        "/api/v1/users/password/", {"userId": people["alice"].pk, "password": "12345678"}, format="json"
    )
    assert response.status_code == 422 and "password" in response.json()["errors"]
    assert state() == before
    assert people["alice"].__class__.objects.get(pk=people["alice"].pk).check_password(PASSWORD)


# --- Resend new account e-mail ------------------------------------------------------------------------


def test_resend_new_account_email(portal_admin_api, people, portal_tree, django_capture_on_commit_callbacks):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_admin_api.post(
            "/api/v1/users/resend-new-account-email/",
            {"portalId": portal_tree["first"].pk, "user_id": [alice.pk, bob.pk, carol.pk, 99999]},
            format="json",
        )
    assert response.json() == {
        "status": "success",
        "message": "New Password is created and New Account Email Sent.",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    alice.refresh_from_db()
    carol.refresh_from_db()
    assert not alice.has_usable_password()  # the user chooses a new one through the link
    assert carol.check_password(PASSWORD)


def test_resend_needs_user_ids(user_admin_api, people):
    before = state()
    response = user_admin_api.post(
        "/api/v1/users/resend-new-account-email/", {"portalId": -1, "user_id": "[x]"}, format="json"
    )
    assert response.status_code == 422
    assert state() == before


# --- Bulk delete ----------------------------------------------------------------------------------


def test_bulk_delete_reports_who_was_kept_and_why(owner, portal_tree, people):
    admin = UserFactory(first_name="Adam", last_name="Smith")
    PortalMembershipFactory(portal=portal_tree["first"], user=admin, role=PortalRole.ADMIN)
    client = api_client_for(owner)
    ids = [people["alice"].pk, people["bob"].pk, admin.pk, owner.pk]
    response = client.post("/api/v1/users/delete/", {"delete_ids": str(ids)}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["deletedStudents"] == [
        {"id": people["alice"].pk, "name": "Alice Archer"},
        {"id": people["bob"].pk, "name": "Bob Baker"},
    ]
    assert body["notDeletedStudents"] == [
        {"id": pk, "name": name}
        for pk, name in sorted([(owner.pk, owner.full_name), (admin.pk, "Adam Smith")])
    ]
    assert body["usedInPortals"] == {"Adam Smith": [{"id": portal_tree["first"].pk, "name": "Acme"}]}
    assert body["usedInCourses"] == body["usedAsCourseAuthors"] == body["usedAsModuleAuthors"] == {}
    assert body["message"] == (
        "2 user(s) deleted. 1 user(s) not deleted as you cannot delete yourself. "
        "1 user(s) not deleted as they have portal access."
    )
    assert set(User.objects.values_list("pk", flat=True)) >= {owner.pk, admin.pk, people["carol"].pk}
    assert not User.objects.filter(pk__in=[people["alice"].pk, people["bob"].pk]).exists()
    assert Activity.objects.filter(action=ActivityAction.DELETED, subject_kind="User").count() == 2


def test_a_portal_admin_keeps_users_of_other_portals_and_staff(portal_admin_api, portal_tree, people):
    shared = UserFactory(first_name="Sam", last_name="Shared")
    PortalMembershipFactory(portal=portal_tree["first"], user=shared)
    PortalMembershipFactory(portal=portal_tree["second"], user=shared)
    response = portal_admin_api.post(
        "/api/v1/users/delete/", {"delete_ids": [shared.pk, people["alice"].pk]}, format="json"
    )
    body = response.json()
    assert body["deletedStudents"] == [{"id": people["alice"].pk, "name": "Alice Archer"}]
    assert body["notDeletedStudents"] == [{"id": shared.pk, "name": "Sam Shared"}]
    assert "belong to portals you do not manage" in body["message"]


def test_staff_cannot_delete_the_owner(owner, user_admin_api):
    response = user_admin_api.post("/api/v1/users/delete/", {"delete_ids": [owner.pk]}, format="json")
    assert response.json()["notDeletedStudents"] == [{"id": owner.pk, "name": owner.full_name}]
    assert User.objects.filter(pk=owner.pk).exists()


def test_bulk_delete_with_an_unknown_id_deletes_nothing(user_admin_api, people):
    before = state()
    response = user_admin_api.post(
        "/api/v1/users/delete/", {"delete_ids": [people["alice"].pk, 99999]}, format="json"
    )
    assert response.status_code == 422
    assert state() == before
