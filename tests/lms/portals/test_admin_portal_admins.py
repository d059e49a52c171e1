"""A portal admin signs in to /admin/ and sees only their portal subtree, read-mostly, everywhere."""

import pytest
from django.urls import reverse

from lms.audit.models import Activity
from lms.portals.models import Portal, PortalRole
from tests.factories import PortalMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-portal-admin-password"


@pytest.fixture
def admin_client(client, portal_admin):
    client.force_login(portal_admin)
    return client


def test_a_portal_admin_signs_in_to_the_admin(client, portal_admin):
    portal_admin.set_password(PASSWORD)
    portal_admin.save()
    response = client.post(
        reverse("admin:login"), {"username": portal_admin.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_learner_still_cannot_sign_in_to_the_admin(client, portal_tree):
    learner = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.LEARNER).user
    learner.set_password(PASSWORD)
    learner.save()
    response = client.post(reverse("admin:login"), {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_an_inactive_portal_admin_membership_opens_nothing(client, portal_tree):
    membership = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.ADMIN, is_active=False)
    client.force_login(membership.user)
    assert client.get("/admin/").status_code == 302


def test_the_portal_list_holds_only_the_subtree(admin_client, portal_tree):
    page = admin_client.get(reverse("admin:portals_portal_changelist")).content.decode()
    assert "Acme Sales" in page
    assert "Globex" not in page


def test_a_portal_outside_the_subtree_is_not_found(admin_client, portal_tree):
    outside = reverse("admin:portals_portal_change", args=[portal_tree["second"].pk])
    response = admin_client.get(outside)
    assert response.status_code == 302  # Django's admin redirects a missing object to the index
    assert response["Location"] == reverse("admin:index")


def test_a_portal_admin_edits_their_sub_portal_through_the_service(admin_client, portal_tree, portal_admin):
    child = portal_tree["child"]
    url = reverse("admin:portals_portal_change", args=[child.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {"name": "Acme Field Sales", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.name == "Acme Field Sales"
    assert Activity.objects.filter(actor=portal_admin, subject_label="Acme Field Sales").exists()


def test_a_portal_admin_may_not_add_delete_import_or_export(admin_client, portal_tree):
    assert admin_client.get(reverse("admin:portals_portal_add")).status_code == 403
    delete = reverse("admin:portals_portal_delete", args=[portal_tree["child"].pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:portals_portal_import")).status_code == 403
    assert admin_client.get(reverse("admin:portals_portal_export")).status_code == 403
    assert Portal.objects.filter(pk=portal_tree["child"].pk).exists()


def test_a_portal_admin_may_not_revert_history_or_grant_object_permissions(admin_client, portal_tree):
    portal = portal_tree["first"]
    version = portal.history.first()
    revert = reverse("admin:portals_portal_simple_history", args=[portal.pk, version.pk])
    assert admin_client.post(revert, {"name": "Hijacked"}).status_code == 403
    permissions = reverse("admin:portals_portal_permissions", args=[portal.pk])
    assert admin_client.get(permissions).status_code == 302  # guardian sends them back to the index
    portal.refresh_from_db()
    assert portal.name != "Hijacked"


def test_the_user_list_holds_only_people_of_the_subtree(admin_client, portal_tree):
    inside = PortalMembershipFactory(portal=portal_tree["child"], role=PortalRole.LEARNER).user
    outside = PortalMembershipFactory(portal=portal_tree["second"], role=PortalRole.LEARNER).user
    nowhere = UserFactory()
    page = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert inside.email in page
    assert outside.email not in page
    assert nowhere.email not in page
    assert admin_client.get(reverse("admin:accounts_user_change", args=[outside.pk])).status_code == 302


def test_users_are_read_only_for_a_portal_admin(admin_client, portal_tree):
    inside = PortalMembershipFactory(portal=portal_tree["child"], role=PortalRole.LEARNER).user
    url = reverse("admin:accounts_user_change", args=[inside.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"email": inside.email, "user_type": "owner", "is_active": "on"})
    assert response.status_code == 403
    inside.refresh_from_db()
    assert inside.user_type != "owner"


def test_models_without_portal_admin_access_stay_hidden(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:portals_portal_changelist") in index
    assert reverse("admin:gamification_badge_changelist") not in index
    assert admin_client.get(reverse("admin:gamification_badge_changelist")).status_code == 403
    assert admin_client.get(reverse("admin:portals_portalsettings_changelist")).status_code == 403


def test_staff_without_the_permission_are_not_widened_into_portal_admins(
    client, portal_tree, staff_without_permissions
):
    PortalMembershipFactory(
        portal=portal_tree["first"], user=staff_without_permissions, role=PortalRole.ADMIN
    )
    client.force_login(staff_without_permissions)
    assert client.get(reverse("admin:portals_portal_changelist")).status_code == 403
