"""One permission layer: user_may and its DRF face HasRequiredPermission."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.portals.models import PortalRole
from tests.factories import PortalMembershipFactory, StaffFactory, UserFactory
from website.api.views import ApiView
from website.permissions import user_may

pytestmark = pytest.mark.django_db

ADD = "locations.add_location"
VIEW = "locations.view_location"

factory = APIRequestFactory()


# user_may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_nobody_signed_in_may_do_nothing(user):
    assert user_may(user, None) is False
    assert user_may(user, ADD, allow_portal_admins=True) is False


def test_any_signed_in_user_may_do_what_needs_no_permission(learner):
    assert user_may(learner, None) is True


def test_a_learner_may_not_do_what_needs_a_permission(learner):
    assert user_may(learner, ADD) is False
    assert user_may(learner, ADD, allow_portal_admins=True) is False


def test_staff_may_do_exactly_what_they_were_granted():
    adder = StaffFactory(permissions=[ADD])
    assert user_may(adder, ADD) is True
    assert user_may(adder, VIEW) is False


def test_staff_may_through_their_groups():
    editors = Group.objects.create(name="Location editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="locations", codename="add_location")
    )
    editor = StaffFactory()
    editor.groups.add(editors)
    assert user_may(editor, ADD) is True


def test_staff_without_permissions_may_do_nothing_guarded(staff_without_permissions):
    assert user_may(staff_without_permissions, ADD) is False


def test_the_owner_may_do_everything(owner):
    assert user_may(owner, ADD) is True
    assert user_may(owner, "gamification.delete_badge") is True


def test_an_inactive_user_may_do_nothing_not_even_the_owner(owner):
    owner.is_active = False
    owner.save()
    assert user_may(owner, ADD) is False
    assert user_may(owner, None) is False


def test_a_portal_admin_passes_only_where_portal_admins_are_allowed(portal_admin):
    assert user_may(portal_admin, ADD, allow_portal_admins=True) is True
    assert user_may(portal_admin, ADD) is False


def test_an_inactive_admin_membership_grants_nothing(portal_tree):
    membership = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.ADMIN, is_active=False)
    assert user_may(membership.user, ADD, allow_portal_admins=True) is False


def test_a_learner_membership_grants_nothing(portal_tree):
    membership = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.LEARNER)
    assert user_may(membership.user, ADD, allow_portal_admins=True) is False


# HasRequiredPermission, through API views -----------------------------------------------------


class Echo(ApiView):
    def get(self, request):
        return Response({"method": "GET"})

    def post(self, request):
        return Response({"method": "POST"}, status=201)

    def delete(self, request):
        return Response(status=204)


class AddOnly(Echo):
    permission_required = ADD


class ByMethod(Echo):
    permission_required = {"GET": VIEW, "POST": ADD}


class OpenReadByMethod(Echo):
    permission_required = {"GET": None, "POST": ADD}


class PortalAdminsToo(Echo):
    permission_required = ADD
    allow_portal_admins = True


class Open(Echo):
    permission_required = None


def status(view_class, method, user):
    request = getattr(factory, method)("/echo/")
    if user is not None:
        force_authenticate(request, user=user)
    return view_class.as_view()(request).status_code


@pytest.fixture
def viewer():
    return StaffFactory(permissions=[VIEW])


@pytest.fixture
def adder():
    return StaffFactory(permissions=[ADD])


def test_anonymous_callers_are_401_even_where_no_permission_is_needed():
    assert status(Open, "get", None) == 401
    assert status(AddOnly, "get", None) == 401


def test_one_permission_guards_every_method(learner, adder, owner):
    assert [status(AddOnly, method, learner) for method in ("get", "post", "delete")] == [403, 403, 403]
    assert [status(AddOnly, method, adder) for method in ("get", "post", "delete")] == [200, 201, 204]
    assert status(AddOnly, "post", owner) == 201


def test_no_permission_lets_every_signed_in_user_through(learner):
    assert status(Open, "get", learner) == 200


def test_a_permission_per_method(viewer, adder):
    assert (status(ByMethod, "get", viewer), status(ByMethod, "post", viewer)) == (200, 403)
    assert (status(ByMethod, "get", adder), status(ByMethod, "post", adder)) == (403, 201)


def test_a_method_mapped_to_none_is_open_to_signed_in_users(learner, adder):
    assert (status(OpenReadByMethod, "get", learner), status(OpenReadByMethod, "post", learner)) == (200, 403)
    assert status(OpenReadByMethod, "post", adder) == 201


@pytest.mark.parametrize("method", ["head", "options"])
def test_head_and_options_need_the_get_permission(method, learner, viewer):
    # HEAD runs the GET handler, so it must not be a way round the GET permission.
    assert status(ByMethod, method, learner) == 403
    assert status(ByMethod, method, viewer) == 200


def test_a_method_the_dict_does_not_name_is_refused_even_to_the_owner(owner):
    # ByMethod handles DELETE but names no permission for it: refuse rather than open it to everyone.
    assert status(ByMethod, "delete", owner) == 403


def test_portal_admins_pass_only_where_the_view_allows_them(portal_admin, learner):
    assert status(PortalAdminsToo, "get", portal_admin) == 200
    assert status(AddOnly, "get", portal_admin) == 403
    assert status(PortalAdminsToo, "get", learner) == 403


def test_an_inactive_user_with_a_session_is_refused():
    inactive = UserFactory(user_type="owner", is_active=False)
    assert status(Open, "get", inactive) == 403
