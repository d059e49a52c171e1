"""Portal admins and learners through the API: seats, blocked emails, removal, status, a user's portals."""

import pytest

from lms.accounts.models import User
from lms.audit.models import Activity
from lms.portals.models import Portal, PortalMembership, PortalRole
from tests.conftest import api_client_for
from tests.factories import PortalFactory, PortalMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

INVALID = "The given data was invalid."
ADMINS_URL = "/api/v1/portals/admins/"
PROMOTE_URL = "/api/v1/portals/admins/promote/"
LEARNERS_URL = "/api/v1/portals/learners/"
REMOVE_URL = "/api/v1/portals/users/remove/"
USER_STATUS_URL = "/api/v1/portals/users/status/"
USER_PORTALS_URL = "/api/v1/users/portals/"


def state():
    return (
        list(Portal.objects.order_by("pk").values()),
        list(PortalMembership.objects.order_by("pk").values()),
        User.objects.count(),
        Activity.objects.count(),
    )


def limited(portal, seats):
    Portal.objects.filter(pk=portal.pk).update(seat_access="limited", total_seats=seats)
    return Portal.objects.get(pk=portal.pk)


def membership(portal, user):
    return PortalMembership.objects.get(portal=portal, user=user)


# --- Portal admins -------------------------------------------------------------------------------------


def test_new_users_become_portal_admins_with_their_permissions(owner_api, portal_tree):
    portal = portal_tree["first"]

    response = owner_api.post(
        ADMINS_URL,
        {
            "portalId": portal.pk,
            "portalAdmins": [{"email": "Ada@Acme.test", "first_name": "Ada", "last_name": "Lovelace"}],
            "portalAdminPermissions": ["can_manage_courses", "can_edit_settings"],
            "isPortalAdminLearner": True,
            "portalAdminType": "newPortalAdmin",
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (201, {"message": "Portal Admin added successfully"})
    ada = User.objects.get(email="ada@acme.test")
    admin = membership(portal, ada)
    assert (admin.role, admin.is_learner) == ("admin", True)
    assert admin.permissions == ["can_manage_courses", "can_edit_settings"]


def test_existing_users_become_portal_admins(owner_api, portal_tree):
    users = UserFactory.create_batch(2)

    response = owner_api.post(
        ADMINS_URL,
        {
            "portalId": portal_tree["child"].pk,
            "selectedExUsers": [u.pk for u in users],
            "portalAdminPermissions": ["can_manage_courses"],
            "portalAdminType": "existingPortalAdmin",
        },
        format="json",
    )

    assert response.status_code == 201
    assert set(portal_tree["child"].memberships.values_list("user_id", "role", "is_learner")) == {
        (users[0].pk, "admin", False),
        (users[1].pk, "admin", False),
    }


def test_admins_who_are_learners_need_free_seats(owner_api, portal_tree):
    portal = limited(portal_tree["first"], 1)
    PortalMembershipFactory(portal=portal)
    before = state()

    response = owner_api.post(
        ADMINS_URL,
        {
            "portalId": portal.pk,
            "portalAdmins": [{"email": "new@acme.test"}],
            "isPortalAdminLearner": True,
            "portalAdminType": "newPortalAdmin",
        },
        format="json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"portalAdmins": ["The portal has 0 seat(s) left; 1 needed."]}
    assert state() == before  # the new user was not kept either


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"portalAdminType": "newPortalAdmin"}, "portalAdmins"),
        ({"portalAdminType": "existingPortalAdmin"}, "selectedExUsers"),
        ({"portalAdminType": "super-admin"}, "portalAdminType"),
        (
            {"portalAdminType": "newPortalAdmin", "portalAdmins": [{"email": "not-an-email"}]},
            "portalAdmins.0.email",
        ),
        ({"portalAdminType": "existingPortalAdmin", "selectedExUsers": [999999]}, "selectedExUsers"),
        (
            {
                "portalAdminType": "existingPortalAdmin",
                "selectedExUsers": "[1]",
                "portalAdminPermissions": ["bad name"],
            },
            "portalAdminPermissions.0",
        ),
    ],
)
def test_bad_admin_input_is_a_422(owner_api, portal_tree, body, field):
    before = state()

    response = owner_api.post(ADMINS_URL, {"portalId": portal_tree["first"].pk, **body}, format="json")

    assert response.status_code == 422
    assert response.json()["message"] == INVALID
    assert field in response.json()["errors"]
    assert state() == before


def test_an_existing_email_is_refused_for_a_new_admin(owner_api, portal_tree):
    UserFactory(email="taken@acme.test")
    before = state()

    response = owner_api.post(
        ADMINS_URL,
        {
            "portalId": portal_tree["first"].pk,
            "portalAdmins": [{"email": "taken@acme.test"}],
            "portalAdminType": "newPortalAdmin",
        },
        format="json",
    )

    assert response.json()["errors"] == {"portalAdmins.0.email": ["The email has already been taken."]}
    assert state() == before


def test_a_portal_admins_permissions_are_replaced(owner_api, portal_tree, portal_admin):
    url = f"/api/v1/portals/{portal_tree['first'].pk}/admins/{portal_admin.pk}/permissions/"

    response = owner_api.put(url, {"portalAdminPermissions": ["ipsa"]}, format="json")

    assert (response.status_code, response.json()) == (200, {"message": "Permissions updated successfully"})
    assert membership(portal_tree["first"], portal_admin).permissions == ["ipsa"]


def test_permissions_of_someone_who_is_not_admin_are_a_422(owner_api, portal_tree):
    learner = PortalMembershipFactory(portal=portal_tree["first"]).user
    before = state()

    response = owner_api.put(
        f"/api/v1/portals/{portal_tree['first'].pk}/admins/{learner.pk}/permissions/",
        {"portalAdminPermissions": ["ipsa"]},
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


def test_a_learner_is_made_portal_admin_and_keeps_their_seat(owner_api, portal_tree):
    portal = portal_tree["first"]
    learner = PortalMembershipFactory(portal=portal).user

    response = owner_api.post(
        PROMOTE_URL,
        {"userId": learner.pk, "portalId": portal.pk, "portalAdminPermissions": ["distinctio"]},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, {"message": "User updated successfully"})
    promoted = membership(portal, learner)
    assert (promoted.role, promoted.is_learner, promoted.permissions) == ("admin", True, ["distinctio"])


def test_promoting_an_unknown_user_is_a_422(owner_api, portal_tree):
    before = state()

    response = owner_api.post(
        PROMOTE_URL,
        {"userId": 999999, "portalId": portal_tree["first"].pk, "portalAdminPermissions": []},
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


# --- Learners and seats ----------------------------------------------------------------------------------


def test_users_join_the_learner_list(owner_api, portal_tree, portal_admin):
    portal = limited(portal_tree["first"], 3)
    users = UserFactory.create_batch(2)

    response = owner_api.post(
        LEARNERS_URL,
        {"userIds": [users[0].pk, users[1].pk, portal_admin.pk], "portalId": portal.pk},
        format="json",
    )

    assert (response.status_code, response.json()) == (201, {"message": "User updated successfully"})
    assert membership(portal, users[0]).role == "learner"
    admin = membership(portal, portal_admin)
    assert (admin.role, admin.is_learner) == ("admin", True)  # an admin stays admin and takes a seat


def test_a_full_portal_refuses_more_learners(owner_api, portal_tree):
    portal = limited(portal_tree["first"], 2)
    PortalMembershipFactory(portal=portal)
    before = state()

    response = owner_api.post(
        LEARNERS_URL,
        {"userIds": [u.pk for u in UserFactory.create_batch(2)], "portalId": portal.pk},
        format="json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"userIds": ["The portal has 1 seat(s) left; 2 needed."]}
    memberships_after = state()[1]
    assert memberships_after == before[1]


def test_a_learner_already_on_the_list_takes_no_second_seat(owner_api, portal_tree):
    portal = limited(portal_tree["first"], 1)
    learner = PortalMembershipFactory(portal=portal).user

    response = owner_api.post(LEARNERS_URL, {"userIds": [learner.pk], "portalId": portal.pk}, format="json")

    assert response.status_code == 201
    assert portal.memberships.count() == 1


def test_a_blocked_email_cannot_join(owner_api, portal_tree):
    Portal.objects.filter(pk=portal_tree["first"].pk).update(blocked_emails="spam.test")
    spammer = UserFactory(email="eve@spam.test")
    before = state()

    response = owner_api.post(
        LEARNERS_URL, {"userIds": [spammer.pk], "portalId": portal_tree["first"].pk}, format="json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "userIds": ["Email or domain is blocked for user with email eve@spam.test. Please contact Admin."]
    }
    assert state() == before


def test_only_allowed_emails_may_join_when_the_portal_lists_them(owner_api, portal_tree):
    Portal.objects.filter(pk=portal_tree["first"].pk).update(allowed_emails="acme.test")
    insider, outsider = UserFactory(email="bob@acme.test"), UserFactory(email="bob@else.test")
    url_body = {"portalId": portal_tree["first"].pk}

    assert (
        owner_api.post(LEARNERS_URL, {**url_body, "userIds": [insider.pk]}, format="json").status_code == 201
    )
    assert (
        owner_api.post(LEARNERS_URL, {**url_body, "userIds": [outsider.pk]}, format="json").status_code == 422
    )


def test_bad_learner_input_is_a_422(owner_api, portal_tree):
    before = state()

    response = owner_api.post(
        LEARNERS_URL, {"userIds": ["similique"], "portalId": portal_tree["first"].pk}, format="json"
    )

    assert response.status_code == 422
    assert "userIds.0" in response.json()["errors"]
    assert state() == before


# --- Removing users, user status -----------------------------------------------------------------------


def test_learners_are_removed_from_the_portal_and_its_sub_portals(owner_api, portal_tree):
    user = UserFactory()
    PortalMembershipFactory(portal=portal_tree["first"], user=user)
    PortalMembershipFactory(portal=portal_tree["child"], user=user)
    PortalMembershipFactory(portal=portal_tree["second"], user=user)

    response = owner_api.post(
        REMOVE_URL,
        {"userIds": [user.pk], "portalId": portal_tree["first"].pk, "type": "learner"},
        format="json",
    )

    assert (response.status_code, response.json()) == (201, {"message": "Portal user removed successfully"})
    assert list(PortalMembership.objects.filter(user=user).values_list("portal_id", flat=True)) == [
        portal_tree["second"].pk
    ]


def test_removing_an_admin_who_learns_leaves_a_learner(owner_api, portal_tree):
    admin = PortalMembershipFactory(portal=portal_tree["child"], role=PortalRole.ADMIN, is_learner=True).user

    owner_api.post(
        REMOVE_URL,
        {"userIds": [admin.pk], "portalId": portal_tree["first"].pk, "type": "portal_admin"},
        format="json",
    )

    left = membership(portal_tree["child"], admin)
    assert (left.role, left.is_learner, left.permissions) == ("learner", False, [])


def test_an_unknown_removal_type_is_a_422(owner_api, portal_tree, portal_admin):
    before = state()

    response = owner_api.post(
        REMOVE_URL,
        {"userIds": [portal_admin.pk], "portalId": portal_tree["first"].pk, "type": "dolore"},
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


def test_a_portal_users_status_is_updated_in_the_callers_portals(portal_tree, portal_admin):
    user = UserFactory()
    PortalMembershipFactory(portal=portal_tree["child"], user=user)
    PortalMembershipFactory(portal=portal_tree["second"], user=user)

    response = api_client_for(portal_admin).post(
        USER_STATUS_URL, {"userIds": [user.pk], "status": "inactive"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        200,
        {"message": "Portal user status updated successfully"},
    )
    assert not membership(portal_tree["child"], user).is_active
    assert membership(portal_tree["second"], user).is_active  # not the admin's portal


def test_reactivating_a_learner_needs_a_free_seat(owner_api, portal_tree):
    portal = limited(portal_tree["first"], 1)
    PortalMembershipFactory(portal=portal)
    sleeper = PortalMembershipFactory(portal=portal, is_active=False).user
    before = state()

    response = owner_api.post(USER_STATUS_URL, {"userIds": [sleeper.pk], "status": "active"}, format="json")

    assert response.status_code == 422
    assert state() == before


def test_an_unknown_user_status_is_a_422(owner_api, portal_tree):
    user = PortalMembershipFactory(portal=portal_tree["first"]).user
    before = state()

    response = owner_api.post(USER_STATUS_URL, {"userIds": [user.pk], "status": "est"}, format="json")

    assert response.status_code == 422
    assert state() == before


# --- A user's portals --------------------------------------------------------------------------------------


def test_a_user_lists_their_own_portals(learner, learner_api, portal_tree):
    Portal.objects.filter(pk=portal_tree["child"].pk).update(slug="acme-sales", referral_code="SALES")
    PortalMembershipFactory(portal=portal_tree["child"], user=learner)
    PortalMembershipFactory(portal=portal_tree["second"], user=learner, role=PortalRole.ADMIN)

    response = learner_api.get(USER_PORTALS_URL)

    assert response.status_code == 200
    assert response.json()["portals"][0] == {
        "id": portal_tree["child"].pk,
        "name": "Acme Sales",
        "referralCode": "SALES",
        "userType": "learner",
        "totalSeat": None,
        "subscriptionId": None,
        "parentPortalId": portal_tree["first"].pk,
        "slug": "acme-sales",
    }
    assert [p["userType"] for p in response.json()["portals"]] == ["learner", "portal_admin"]
    admin_only = learner_api.get(USER_PORTALS_URL, {"type": "portal_admin"}).json()["portals"]
    assert [p["name"] for p in admin_only] == ["Globex"]


def test_a_portal_admin_sees_another_users_portals_among_their_own(portal_tree, portal_admin):
    user = UserFactory()
    PortalMembershipFactory(portal=portal_tree["child"], user=user)
    PortalMembershipFactory(portal=portal_tree["second"], user=user)

    response = api_client_for(portal_admin).get(USER_PORTALS_URL, {"userId": user.pk})

    assert [p["name"] for p in response.json()["portals"]] == ["Acme Sales"]


def test_the_users_portal_list_runs_the_same_queries_for_one_or_many(learner, learner_api, count_queries):
    PortalMembershipFactory(portal=PortalFactory(name="One"), user=learner)
    _, one = count_queries(lambda: learner_api.get(USER_PORTALS_URL))
    for n in range(5):
        PortalMembershipFactory(
            portal=PortalFactory(name=f"P{n}", parent=PortalFactory(name=f"R{n}")), user=learner
        )
    _, many = count_queries(lambda: learner_api.get(USER_PORTALS_URL))
    assert one == many


def test_portals_are_created_for_a_user(owner_api, portal_tree, portal_admin):
    Portal.objects.filter(pk=portal_tree["first"].pk).update(brand_color="#abcdef")
    user = UserFactory()
    payload = {
        "userId": user.pk,
        "portals": [
            {
                "name": "My New Portal",
                "referralCode": "REF123",
                "totalSeat": 50,
                "userType": "admin",
                "portalType": "education",
                "status": "active",
                "expiryDate": "2025-12-31",
                "expiryMessage": "Subscription ends soon",
                "parentPortalId": portal_tree["first"].pk,
            }
        ],
        "clonePortalAdmins": True,
        "cloneBrandingNotifications": True,
    }

    response = owner_api.post(USER_PORTALS_URL, payload, format="json")

    assert (response.status_code, response.json()) == (200, {"message": "Portals created successfully"})
    portal = Portal.objects.get(referral_code="REF123")
    assert portal.get_parent().pk == portal_tree["first"].pk
    assert (portal.total_seats, portal.seat_access, portal.portal_type) == (50, "limited", "education")
    assert portal.brand_color == "#abcdef"
    assert dict(portal.memberships.values_list("user_id", "role")) == {
        user.pk: "admin",
        portal_admin.pk: "admin",
    }


def test_a_subscription_is_refused_until_subscriptions_exist(owner_api, portal_tree):
    before = state()
    payload = {
        "userId": UserFactory().pk,
        "portals": [{"name": "P", "userType": "learner", "subscriptionId": 101}],
        "clonePortalAdmins": False,
        "cloneBrandingNotifications": False,
    }
    before = state()

    response = owner_api.post(USER_PORTALS_URL, payload, format="json")

    assert response.status_code == 422
    assert "portals.0.subscriptionId" in response.json()["errors"]
    assert state() == before


def test_a_portal_admin_must_name_a_parent(portal_tree, portal_admin):
    user = UserFactory()
    before = state()

    response = api_client_for(portal_admin).post(
        USER_PORTALS_URL,
        {
            "userId": user.pk,
            "portals": [{"name": "Root?", "userType": "learner"}],
            "clonePortalAdmins": False,
            "cloneBrandingNotifications": False,
        },
        format="json",
    )

    assert response.status_code == 422
    assert state() == before


def test_a_learner_portal_with_no_seats_is_refused_whole(owner_api, portal_tree):
    user = UserFactory()
    before = state()

    response = owner_api.post(
        USER_PORTALS_URL,
        {
            "userId": user.pk,
            "portals": [
                {"name": "Fine", "userType": "learner"},
                {"name": "Full", "userType": "learner", "totalSeat": 0},
            ],
            "clonePortalAdmins": False,
            "cloneBrandingNotifications": False,
        },
        format="json",
    )

    assert response.status_code == 422
    assert state() == before
