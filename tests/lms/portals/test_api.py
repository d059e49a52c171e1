"""Portals API: who may call what, the documented happy paths, bad input, and list query counts."""

import json
import re

import pytest
from rest_framework.test import APIClient
from wagtail.models import Site

from lms.audit.models import Activity
from lms.portals.models import Portal, PortalMembership, PortalRole, PortalSettings
from tests.conftest import api_client_for
from tests.factories import PortalFactory, PortalMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."

LIST_URL = "/api/v1/portals/"
LOOKUP_URL = "/api/v1/portals/lookup/"
CLONE_URL = "/api/v1/portals/clone/"
STATUS_URL = "/api/v1/portals/status/"
SETTINGS_URL = "/api/v1/portals/settings/"
DOMAINS_URL = "/api/v1/portals/settings/custom-domains/"
ADMINS_URL = "/api/v1/portals/admins/"
PROMOTE_URL = "/api/v1/portals/admins/promote/"
LEARNERS_URL = "/api/v1/portals/learners/"
REMOVE_URL = "/api/v1/portals/users/remove/"
USER_STATUS_URL = "/api/v1/portals/users/status/"
USER_PORTALS_URL = "/api/v1/users/portals/"
EMAIL_RULES_URL = "/api/v1/users/blocked-emails/"

# The seed's create sample, less the fields about modules Lectern does not have yet.
CREATE_PAYLOAD = {
    "portalName": "EduPortal",
    "portalSlug": "eduportal",
    "totalSeat": 100,
    "expiryDate": "2023-12-31",
    "expiryMessage": "This portal has expired.",
    "accessPermission": "all",
    "seatAccess": "limited",
    "logoImageUrl": "https://example.com/logo.png",
    "miniLogoImageUrl": "https://example.com/mini-logo.png",
    "brandColor": "#3498db",
    "bodyBackgroundColor": "#ffffff",
    "bodyTextColor": "#333333",
    "headerBackgroundColor": "#2c3e50",
    "selectedPrimaryLanguage": "en",
    "isActive": True,
    "isPortalAdminLearner": False,
    "learnerDashboard": "10",
    "customStyle": ".portal-header { background-color: #333; }",
    "customFont": "Arial, sans-serif",
    "customCode": "<script>console.log('Hello World');</script>",
}
UPDATE_PAYLOAD = {
    "portalName": "Acme Corp",
    "portalSlug": "acme-corp",
    "totalSeatAccess": 20,
    "expiryDate": "2030-01-31",
    "expiryMessage": "Renew your plan.",
    "accessPermission": "invite_only",
    "seatAccess": "limited",
    "brandColor": "#123456",
    "isActive": True,
    "allowedEmails": "acme.com, partner@globex.com",
}
BRANDING_PAYLOAD = {
    "brandColor": "#2e1e55",
    "bodyBackgroundColor": "#f8f8f8",
    "bodyTextColor": "#1b1e24",
    "headerBackgroundColor": "#2e1e55",
    "selectedPrimaryLanguage": "en",
    "customStyle": "CSS code",
    "customCode": "JavaScript code",
    "customFont": "font family name",
    "learnerDashboard": '{"type": "page", "id": 1}',
}


def invalid(errors):
    return {"message": INVALID, "errors": errors}


def state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(Portal.objects.order_by("pk").values()),
        list(PortalMembership.objects.order_by("pk").values()),
        list(Site.objects.order_by("pk").values()),
        list(PortalSettings.objects.values()),
        Activity.objects.count(),
    )


def detail_url(pk):
    return f"/api/v1/portals/{pk}/"


# --- Who may call what -------------------------------------------------------------------------
# (name, method, url, body, portal admins of the first portal are served on it)
# {first}, {child}, {second}, {user}: ids filled in per test; {target}: the portal the call acts on.


def endpoints():
    return [
        ("list", "get", LIST_URL, None, True),
        ("create", "post", LIST_URL, CREATE_PAYLOAD, False),
        ("lookup", "get", LOOKUP_URL, None, True),
        ("detail", "get", "/api/v1/portals/{target}/", None, True),
        ("update", "put", "/api/v1/portals/{target}/", UPDATE_PAYLOAD, True),
        ("branding", "put", "/api/v1/portals/{target}/branding/", BRANDING_PAYLOAD, True),
        (
            "sub-portals",
            "post",
            "/api/v1/portals/{target}/sub-portals/",
            {"subPortal": [{"name": "X"}]},
            True,
        ),
        ("clone", "post", CLONE_URL, {"portalId": "{target}", "portalName": "Copy"}, True),
        ("status", "post", STATUS_URL, {"ids": ["{target}"], "status": "InActive"}, True),
        ("settings", "get", SETTINGS_URL + "?domain={domain}", None, True),
        ("custom-domains", "put", DOMAINS_URL, {"isEnabled": True}, False),
        (
            "add-admins",
            "post",
            ADMINS_URL,
            {
                "portalId": "{target}",
                "portalAdminType": "existingPortalAdmin",
                "selectedExUsers": ["{user}"],
                "portalAdminPermissions": ["can_manage_courses"],
            },
            True,
        ),
        (
            "admin-permissions",
            "put",
            "/api/v1/portals/{target}/admins/{admin}/permissions/",
            {"portalAdminPermissions": ["can_edit_settings"]},
            True,
        ),
        (
            "promote",
            "post",
            PROMOTE_URL,
            {"userId": "{user}", "portalId": "{target}", "portalAdminPermissions": ["x"]},
            True,
        ),
        ("learners", "post", LEARNERS_URL, {"userIds": ["{user}"], "portalId": "{target}"}, True),
        (
            "remove",
            "post",
            REMOVE_URL,
            {"userIds": ["{member}"], "portalId": "{target}", "type": "learner"},
            True,
        ),
        (
            "user-status",
            "post",
            USER_STATUS_URL,
            {"userIds": ["{member}"], "status": "inactive", "portalId": "{target}"},
            True,
        ),
        ("user-portals-of-another", "get", USER_PORTALS_URL + "?userId={member}", None, True),
        (
            "create-user-portals",
            "post",
            USER_PORTALS_URL,
            {
                "userId": "{user}",
                "portals": [{"name": "P", "userType": "learner", "parentPortalId": "{target}"}],
                "clonePortalAdmins": False,
                "cloneBrandingNotifications": False,
            },
            True,
        ),
        ("email-rules", "get", EMAIL_RULES_URL + "?portalId={target}", None, True),
    ]


@pytest.fixture
def world(portal_tree):
    """The portal tree, a portal admin of the first portal, a learner in each portal, a bystander."""
    first, second = portal_tree["first"], portal_tree["second"]
    Portal.objects.filter(pk=first.pk).update(custom_domain="learn.acme.test")
    Portal.objects.filter(pk=second.pk).update(custom_domain="learn.globex.test")
    admin_membership = PortalMembershipFactory(portal=first, role=PortalRole.ADMIN)
    second_admin = PortalMembershipFactory(portal=second, role=PortalRole.ADMIN)
    member_first = PortalMembershipFactory(portal=first).user
    member_second = PortalMembershipFactory(portal=second).user
    return {
        **portal_tree,
        "portal_admin": admin_membership.user,
        "second_admin": second_admin.user,
        "member_first": member_first,
        "member_second": member_second,
        "user": UserFactory(),
    }


def _fill(value, ids):
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole and whole[1] in ids:
            return ids[whole[1]]
        return re.sub(r"\{(target|user|admin|member|domain)\}", lambda m: str(ids[m[1]]), value)
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


def call(client, method, url, body, ids):
    url = _fill(url, ids)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, _fill(body, ids), format="json")


def ids_for(world, target):
    target_admin = world["second_admin"] if target == "second" else world["portal_admin"]
    member = world["member_second"] if target == "second" else world["member_first"]
    return {
        "target": world[target].pk,
        "user": world["user"].pk,
        "admin": target_admin.pk,
        "member": member.pk,
        "domain": "learn.globex.test" if target == "second" else "learn.acme.test",
    }


@pytest.mark.parametrize("role", ["anonymous", "learner", "staff_without_permissions"])
@pytest.mark.parametrize(("method", "url", "body"), [pytest.param(*e[1:4], id=e[0]) for e in endpoints()])
def test_refused_callers_get_the_error_and_change_nothing(request, world, role, method, url, body):
    # Given a caller who is anonymous, a learner, or staff without portal permissions
    client = APIClient() if role == "anonymous" else api_client_for(request.getfixturevalue(role))
    before = state()

    # When they call the endpoint on the second portal
    response = call(client, method, url, body, ids_for(world, "second"))

    # Then they are refused with the documented body, and nothing changed
    expected = (401, UNAUTHENTICATED) if role == "anonymous" else (403, UNAUTHORIZED)
    assert (response.status_code, response.json()) == expected
    assert state() == before


PORTAL_ADMIN_ON_OTHER_PORTAL = [
    pytest.param(*e[1:4], id=e[0])
    for e in endpoints()
    if e[4] and e[0] not in ("list", "lookup")  # lists just leave it out (tested below)
]


@pytest.mark.parametrize(("method", "url", "body"), PORTAL_ADMIN_ON_OTHER_PORTAL)
def test_a_portal_admin_acting_on_another_portal_gets_404_and_changes_nothing(world, method, url, body):
    # Given the admin of the first portal
    client = api_client_for(world["portal_admin"])
    before = state()

    # When they act on the second portal (or its users)
    response = call(client, method, url, body, ids_for(world, "second"))

    # Then it does not exist for them, and nothing changed
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [pytest.param(*e[1:4], id=e[0]) for e in endpoints() if not e[4]],
)
def test_academy_only_endpoints_refuse_portal_admins(world, method, url, body):
    client = api_client_for(world["portal_admin"])
    before = state()

    response = call(client, method, url, body, ids_for(world, "first"))

    assert (response.status_code, response.json()) == (403, UNAUTHORIZED)
    assert state() == before


@pytest.mark.parametrize(
    ("name", "method", "url", "body"),
    [pytest.param(e[0], *e[1:4], id=e[0]) for e in endpoints() if e[4]],
)
def test_a_portal_admin_is_served_on_their_own_portals(world, name, method, url, body):
    client = api_client_for(world["portal_admin"])

    response = call(client, method, url, body, ids_for(world, "child" if name == "clone" else "first"))

    assert response.status_code in (200, 201), response.json()


# --- Tabular list --------------------------------------------------------------------------------


def listing(client, **params):
    query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    return client.get(LIST_URL, query)


def test_the_tabular_list_has_the_seed_shape(owner_api, world, owner):
    # Given a limited portal with a learner, an admin and a sub-portal
    Portal.objects.filter(pk=world["first"].pk).update(
        seat_access="limited", total_seats=50, slug="acme", referral_code="ABC123", created_by=owner
    )

    # When the owner lists portals, ordered by name
    response = listing(owner_api, page_size=50, order_by={"colName": "name", "direction": "asc"})

    # Then each row carries the documented keys and values
    assert response.status_code == 200
    body = response.json()
    assert body["recordsTotal"] == body["recordsFiltered"] == 3
    assert [row["name"] for row in body["records"]] == ["Acme", "Acme Sales", "Globex"]
    acme = body["records"][0]
    assert set(acme) == {
        "id", "name", "parentPortalId", "referralCode", "totalSeat", "usedSeat", "seatAccess", "status",
        "slug", "portalAdmins", "portalAdminsCount", "created_by", "created_at", "totalLearner",
    }  # fmt: skip
    assert acme["parentPortalId"] is None
    assert body["records"][1]["parentPortalId"] == world["first"].pk
    assert (acme["totalSeat"], acme["usedSeat"], acme["seatAccess"]) == (50, 1, "limited")
    assert (acme["slug"], acme["referralCode"], acme["status"]) == ("acme", "ABC123", "active")
    assert acme["portalAdmins"] == str(world["portal_admin"])
    assert acme["portalAdminsCount"] == 1
    assert acme["totalLearner"] == 1
    assert acme["created_by"] == str(owner)


def test_the_list_filters_by_name_and_status(owner_api, world):
    Portal.objects.filter(pk=world["second"].pk).update(status="inactive")

    by_name = listing(owner_api, search_param={"portalName": "sales"})
    by_status = listing(owner_api, search_param={"status": "inactive"})

    assert [r["name"] for r in by_name.json()["records"]] == ["Acme Sales"]
    assert by_name.json()["recordsFiltered"] == 1
    assert [r["name"] for r in by_status.json()["records"]] == ["Globex"]


def test_a_portal_admin_lists_only_their_subtree(world):
    response = listing(api_client_for(world["portal_admin"]), page_size=50)

    assert sorted(r["name"] for r in response.json()["records"]) == ["Acme", "Acme Sales"]
    assert response.json()["recordsTotal"] == 2


def test_portal_id_narrows_the_list_to_a_subtree_and_hides_other_portals(world):
    client = api_client_for(world["portal_admin"])

    mine = listing(client, portalId=world["child"].pk)
    other = listing(client, portalId=world["second"].pk)

    assert [r["name"] for r in mine.json()["records"]] == ["Acme Sales"]
    assert (other.status_code, other.json()) == (404, NOT_FOUND)


def test_a_bad_order_column_is_a_422(owner_api, world):
    response = listing(owner_api, order_by={"colName": "password", "direction": "asc"})

    assert response.status_code == 422
    assert "order_by" in response.json()["errors"]


def test_the_list_runs_the_same_queries_at_any_page_size(owner_api, count_queries):
    for n in range(6):
        parent = PortalFactory(name=f"Root {n}")
        PortalFactory(name=f"Sub {n}", parent=parent)
        PortalMembershipFactory(portal=parent, role=PortalRole.ADMIN)
        PortalMembershipFactory(portal=parent)

    small, small_count = count_queries(lambda: listing(owner_api, page_size=1))
    large, large_count = count_queries(lambda: listing(owner_api, page_size=50))

    assert len(small.json()["records"]) == 1
    assert len(large.json()["records"]) == 12
    assert small_count == large_count


# --- Lookup ----------------------------------------------------------------------------------------


def test_the_lookup_lists_portals_with_their_seats(owner_api, world):
    Portal.objects.filter(pk=world["first"].pk).update(seat_access="limited", total_seats=100)

    response = owner_api.get(LOOKUP_URL, {"search_term": "acme"})

    assert response.status_code == 200
    assert response.json() == [
        {"id": world["first"].pk, "name": "Acme", "totalSeats": 100, "usedSeat": 1, "availableSeats": 99},
        {
            "id": world["child"].pk,
            "name": "Acme Sales",
            "totalSeats": None,
            "usedSeat": 0,
            "availableSeats": None,
        },
    ]


def test_the_sub_portal_lookup_lists_only_the_portals_below(world):
    client = api_client_for(world["portal_admin"])

    response = client.get(LOOKUP_URL, {"type": "subPortals", "portalId": world["first"].pk})

    assert [item["name"] for item in response.json()] == ["Acme Sales"]


def test_the_lookup_runs_the_same_queries_for_one_or_many_portals(owner_api, count_queries):
    PortalFactory(name="Only")
    _, one = count_queries(lambda: owner_api.get(LOOKUP_URL))
    for n in range(5):
        PortalMembershipFactory(portal=PortalFactory(name=f"More {n}"))
    _, many = count_queries(lambda: owner_api.get(LOOKUP_URL))
    assert one == many


# --- Create, detail, update, branding -----------------------------------------------------------------


def test_the_owner_creates_a_portal_from_the_seed_sample(owner_api, owner):
    # When the owner posts the seed's sample (its course and membership fields aside)
    response = owner_api.post(LIST_URL, CREATE_PAYLOAD, format="json")

    # Then the portal exists with the sample's values, a referral code, and a log entry
    assert (response.status_code, response.json()) == (200, {"message": "Portal created successfully"})
    portal = Portal.objects.get(slug="eduportal")
    assert portal.name == "EduPortal"
    assert (portal.seat_access, portal.total_seats) == ("limited", 100)
    assert str(portal.expiry_date) == "2023-12-31"
    assert portal.brand_color == "#3498db"
    assert portal.learner_dashboard == "10"
    assert portal.referral_code
    assert portal.created_by == owner
    assert portal.is_root()
    assert Activity.objects.filter(subject_kind="Portal", subject_id=str(portal.pk)).exists()


def test_creating_with_existing_users_makes_admins_and_learners(owner_api):
    admin, learner = UserFactory(), UserFactory()
    payload = {**CREATE_PAYLOAD, "addExistingUser": [admin.pk], "selectedUsers": f"[{learner.pk}]"}

    response = owner_api.post(LIST_URL, payload, format="json")

    assert response.status_code == 200
    portal = Portal.objects.get(slug="eduportal")
    roles = dict(portal.memberships.values_list("user_id", "role"))
    assert roles == {admin.pk: "admin", learner.pk: "learner"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"portalSlug": "not a slug"}, "portalSlug"),
        ({"brandColor": "blue"}, "brandColor"),
        ({"totalSeat": -1}, "totalSeat"),
        ({"seatAccess": "limited", "totalSeat": None}, "totalSeat"),
        ({"seatAccess": "first-come"}, "seatAccess"),
        ({"expiryDate": "31/12/2023"}, "expiryDate"),
        ({"selectedCourses": [1, 2, 3]}, "selectedCourses"),
        ({"addExistingUser": [999999]}, "addExistingUser"),
    ],
)
def test_bad_create_input_is_a_422_and_writes_nothing(owner_api, world, change, field):
    before = state()

    response = owner_api.post(LIST_URL, {**CREATE_PAYLOAD, **change}, format="json")

    assert response.status_code == 422
    assert response.json()["message"] == INVALID
    assert field in response.json()["errors"]
    assert state() == before


def test_a_taken_slug_is_a_422(owner_api):
    PortalFactory(name="Old", slug="eduportal")
    before = state()

    response = owner_api.post(LIST_URL, CREATE_PAYLOAD, format="json")

    assert response.json() == invalid({"portalSlug": ["The slug has already been taken."]})
    assert state() == before


def test_the_detail_has_the_seed_shape(owner_api, world):
    Portal.objects.filter(pk=world["child"].pk).update(
        slug="acme-sales", seat_access="limited", total_seats=10, expiry_date="2025-12-30"
    )
    PortalMembershipFactory(portal=world["child"])

    response = owner_api.get(detail_url(world["child"].pk))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world["child"].pk
    assert (body["portalName"], body["portalSlug"]) == ("Acme Sales", "acme-sales")
    assert (body["parentPortalId"], body["parentPortalName"]) == (world["first"].pk, "Acme")
    assert (body["totalSeats"], body["totalSeatAccess"], body["usedSeats"], body["availableSeats"]) == (
        10,
        10,
        1,
        9,
    )
    assert body["expiryDate"] == "30-Dec-2025"
    assert body["isActive"] is True
    assert body["subPortalCount"] == 0
    assert body["selectedContent"]["publicCourseIds"] == []
    assert body["portalCustomDomainEnabled"] is False


def test_the_detail_counts_sub_portals_and_admins(owner_api, world):
    body = owner_api.get(detail_url(world["first"].pk)).json()

    assert (body["subPortalCount"], body["totalPortalAdmins"], body["totalLearner"]) == (1, 1, 1)


def test_the_detail_of_a_missing_portal_is_a_404(owner_api):
    assert owner_api.get(detail_url(999999)).status_code == 404


def test_a_portal_admin_updates_their_portal(world):
    client = api_client_for(world["portal_admin"])

    response = client.put(detail_url(world["first"].pk), UPDATE_PAYLOAD, format="json")

    assert (response.status_code, response.json()) == (201, {"message": "Portal updated successfully"})
    portal = Portal.objects.get(pk=world["first"].pk)
    assert (portal.name, portal.slug, portal.total_seats, portal.access_permission) == (
        "Acme Corp",
        "acme-corp",
        20,
        "invite_only",
    )
    assert portal.allowed_emails == "acme.com, partner@globex.com"


def test_seats_cannot_drop_below_the_learners_holding_them(owner_api, world):
    PortalMembershipFactory(portal=world["first"])  # two learners now
    before = state()

    response = owner_api.put(
        detail_url(world["first"].pk), {**UPDATE_PAYLOAD, "totalSeatAccess": 1}, format="json"
    )

    assert response.status_code == 422
    assert "totalSeat" in response.json()["errors"]
    assert state() == before


def test_an_update_with_courses_is_refused_as_not_available(owner_api, world):
    before = state()

    response = owner_api.put(
        detail_url(world["first"].pk), {**UPDATE_PAYLOAD, "publicSelectedCourses": [1]}, format="json"
    )

    assert response.status_code == 422
    assert "publicSelectedCourses" in response.json()["errors"]
    assert state() == before


def test_branding_is_updated_from_the_seed_sample(owner_api, world):
    response = owner_api.put(
        f"/api/v1/portals/{world['first'].pk}/branding/", BRANDING_PAYLOAD, format="json"
    )

    assert (response.status_code, response.json()) == (
        200,
        {"message": "Portal branding updated successfully"},
    )
    portal = Portal.objects.get(pk=world["first"].pk)
    assert (portal.brand_color, portal.custom_font) == ("#2e1e55", "font family name")
    assert portal.learner_dashboard == '{"type": "page", "id": 1}'


def test_bad_branding_is_a_422(owner_api, world):
    before = state()

    response = owner_api.put(
        f"/api/v1/portals/{world['first'].pk}/branding/",
        {**BRANDING_PAYLOAD, "brandColor": "red"},
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


# --- Sub-portals, clone, status --------------------------------------------------------------------


def test_sub_portals_are_added_from_the_seed_sample(owner_api, world):
    payload = {
        "subPortal": '[{"name": "Sub Portal 1", "referralCode": "sp1"}, {"name": "Sub Portal 2", "referralCode": "sp2"}]'
    }

    response = owner_api.post(f"/api/v1/portals/{world['second'].pk}/sub-portals/", payload, format="json")

    assert (response.status_code, response.json()) == (200, {"message": "Sub Portal added successfully"})
    children = Portal.objects.get(pk=world["second"].pk).get_children()
    assert [(c.name, c.referral_code) for c in children] == [("Sub Portal 1", "sp1"), ("Sub Portal 2", "sp2")]


def test_a_taken_referral_code_refuses_all_sub_portals(owner_api, world):
    PortalFactory(name="Old", referral_code="SP2")
    before = state()

    response = owner_api.post(
        f"/api/v1/portals/{world['second'].pk}/sub-portals/",
        {"subPortal": [{"name": "One", "referralCode": "sp1"}, {"name": "Two", "referralCode": "sp2"}]},
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


def test_a_portal_is_cloned_with_its_sub_portals(owner_api, world):
    Portal.objects.filter(pk=world["first"].pk).update(brand_color="#111111", referral_code="ACME")

    response = owner_api.post(
        CLONE_URL,
        {"portalId": world["first"].pk, "portalName": "My Cloned Portal", "subPortals": True},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, {"message": "Portal Cloned Successfully"})
    clone = Portal.objects.get(name="My Cloned Portal")
    assert clone.is_root()
    assert clone.brand_color == "#111111"
    assert clone.referral_code not in (None, "ACME")
    assert [c.name for c in clone.get_children()] == ["Acme Sales"]
    assert clone.get_children()[0].referral_code != world["child"].referral_code
    assert not clone.memberships.exists()


def test_a_clone_without_sub_portals_has_none(owner_api, world):
    owner_api.post(CLONE_URL, {"portalId": world["first"].pk, "portalName": "Lone"}, format="json")

    assert Portal.objects.get(name="Lone").get_children_count() == 0


def test_a_portal_admin_cannot_clone_their_top_portal(world):
    before = state()

    response = api_client_for(world["portal_admin"]).post(
        CLONE_URL, {"portalId": world["first"].pk, "portalName": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert state() == before


def test_portal_status_is_updated(owner_api, world):
    response = owner_api.post(
        STATUS_URL, {"ids": [world["first"].pk, world["second"].pk], "status": "InActive"}, format="json"
    )

    assert (response.status_code, response.json()) == (201, {"message": "Status updated successfully"})
    assert set(Portal.objects.filter(status="inactive").values_list("name", flat=True)) == {"Acme", "Globex"}


def test_an_unknown_portal_status_is_a_422(owner_api, world):
    before = state()

    response = owner_api.post(STATUS_URL, {"ids": [world["first"].pk], "status": "earum"}, format="json")

    assert response.status_code == 422
    assert state() == before


# --- Custom domains ------------------------------------------------------------------------------------


def test_enabling_custom_domains_gives_each_portal_domain_a_site(owner_api, world, default_site):
    default = default_site

    response = owner_api.put(DOMAINS_URL, {"isEnabled": True}, format="json")

    assert (response.status_code, response.json()) == (
        200,
        {"message": "Portal Settings Updated Successfully."},
    )
    portal = Portal.objects.get(pk=world["second"].pk)
    assert portal.site.hostname == "learn.globex.test"
    assert portal.site.root_page_id == default.root_page_id

    settings = owner_api.get(SETTINGS_URL, {"domain": "learn.globex.test"}).json()
    assert settings["portalCustomDomainEnabled"] == "yes"
    assert settings["verifiedDomain"] == settings["enabledCustomDomain"] == "yes"
    assert set(settings) == {
        "portalCustomDomainEnabled",
        "verifiedDomain",
        "ipAddress",
        "enabledCustomDomain",
    }

    # And disabling removes the site again
    owner_api.put(DOMAINS_URL, {"isEnabled": False}, format="json")
    assert not Site.objects.filter(hostname="learn.globex.test").exists()
    assert Portal.objects.get(pk=world["second"].pk).site is None


def test_changing_the_domain_moves_the_site(owner_api, world, default_site):
    owner_api.put(DOMAINS_URL, {"isEnabled": True}, format="json")

    owner_api.put(
        detail_url(world["second"].pk),
        {"portalName": "Globex", "portalSlug": "globex", "customDomain": "academy.globex.test"},
        format="json",
    )

    assert list(Site.objects.filter(portal__pk=world["second"].pk).values_list("hostname", flat=True)) == [
        "academy.globex.test"
    ]
    assert not Site.objects.filter(hostname="learn.globex.test").exists()


def test_a_domain_served_by_another_site_is_refused(owner_api, world, default_site):
    Site.objects.create(hostname="learn.acme.test", port=8080, root_page=default_site.root_page)
    before = state()

    response = owner_api.put(DOMAINS_URL, {"isEnabled": True}, format="json")

    assert response.status_code == 422
    assert "customDomain" in response.json()["errors"]
    assert state() == before


def test_the_settings_of_an_unknown_domain_are_a_404(owner_api):
    assert owner_api.get(SETTINGS_URL, {"domain": "nowhere.test"}).status_code == 404


def test_a_custom_domain_toggle_needs_a_boolean(staff_api_with, world):
    before = state()

    response = staff_api_with("portals.change_portalsettings").put(
        DOMAINS_URL, {"isEnabled": "maybe"}, format="json"
    )

    assert response.status_code == 422
    assert state() == before


# --- Email rules -----------------------------------------------------------------------------------


def test_the_email_rules_of_a_portal(owner_api, world):
    Portal.objects.filter(pk=world["first"].pk).update(
        blocked_emails="spam.com, bad@acme.com", allowed_emails="@acme.com"
    )

    response = owner_api.get(EMAIL_RULES_URL, {"portalId": world["first"].pk})

    assert response.json() == {
        "portalId": world["first"].pk,
        "blockedEmails": ["bad@acme.com"],
        "blockedDomains": ["spam.com"],
        "allowedEmails": [],
        "allowedDomains": ["acme.com"],
    }


def test_the_main_site_has_no_email_rules_yet(owner_api):
    response = owner_api.get(EMAIL_RULES_URL)

    assert response.json()["portalId"] is None
    assert response.json()["blockedDomains"] == []


def test_a_clone_sorting_before_its_source_copies_the_right_subtree(owner_api, world):
    # "Aardvark" sorts before "Acme": the sorted insert shifts Acme's subtree paths
    response = owner_api.post(
        CLONE_URL,
        {"portalId": world["first"].pk, "portalName": "Aardvark", "subPortals": True},
        format="json",
    )

    assert response.status_code == 200
    clone = Portal.objects.get(name="Aardvark")
    assert [c.name for c in clone.get_children()] == ["Acme Sales"]
    original = Portal.objects.get(pk=world["first"].pk)
    assert [c.pk for c in original.get_children()] == [world["child"].pk]
