"""The portalId convention: which portals a caller may touch, and the 404 for the ones they may not see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from lms.portals.models import Portal, PortalMembership, PortalRole
from lms.portals.selectors import portal_subtree, portals_administered_by, subtree_q
from tests.factories import PortalFactory, PortalMembershipFactory, UserFactory
from website.api.views import ApiView
from website.tenancy import ALL_PORTALS, PortalScope, manages_portals, normalise_portal_id, portal_scope

pytestmark = pytest.mark.django_db

NO_SUCH_PORTAL = 999_999


def ids(*portals):
    return frozenset(portal.pk for portal in portals)


@pytest.fixture
def deep_tree(portal_tree):
    """first > child > grandchild > great_grandchild, plus child_two under first; second stands alone."""
    first, child = portal_tree["first"], portal_tree["child"]
    grandchild = PortalFactory(name="Acme Sales East", parent=child)
    child.refresh_from_db()
    great_grandchild = PortalFactory(name="Acme Sales East Boston", parent=grandchild)
    first.refresh_from_db()
    child_two = PortalFactory(name="Acme Support", parent=first)
    fresh = {name: Portal.objects.get(pk=portal.pk) for name, portal in portal_tree.items()}
    return {
        **fresh,
        "grandchild": Portal.objects.get(pk=grandchild.pk),
        "great_grandchild": Portal.objects.get(pk=great_grandchild.pk),
        "child_two": Portal.objects.get(pk=child_two.pk),
    }


def admin_of(*portals, is_active=True):
    user = UserFactory()
    for portal in portals:
        PortalMembershipFactory(portal=portal, user=user, role=PortalRole.ADMIN, is_active=is_active)
    return user


# normalise_portal_id --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", ALL_PORTALS, "-1"])
def test_absent_blank_and_minus_one_mean_all_portals(value):
    assert normalise_portal_id(value) is None


@pytest.mark.parametrize(("value", "expected"), [(5, 5), ("5", 5), (" 7 ", 7), (0, 0), ("-2", -2)])
def test_an_id_is_read_as_an_int(value, expected):
    assert normalise_portal_id(value) == expected


@pytest.mark.parametrize("value", ["abc", "5.5", [1]])
def test_something_that_is_not_an_id_is_an_error(value):
    with pytest.raises((TypeError, ValueError)):
        normalise_portal_id(value)


# Academy staff and the owner ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "staff_without_permissions"])
@pytest.mark.parametrize("portal_id", [None, -1, "-1", ""])
def test_academy_staff_see_every_portal_unrestricted(request, portal_tree, who, portal_id):
    user = request.getfixturevalue(who)
    scope = portal_scope(user, portal_id)
    assert scope == PortalScope(None, None)
    assert scope.is_unrestricted


@pytest.mark.parametrize("who", ["owner", "staff_without_permissions"])
def test_academy_staff_narrow_to_a_portal_and_its_sub_portals(request, deep_tree, who):
    user = request.getfixturevalue(who)
    t = deep_tree
    assert portal_scope(user, t["first"].pk) == PortalScope(
        ids(t["first"], t["child"], t["grandchild"], t["great_grandchild"], t["child_two"]), t["first"].pk
    )
    assert portal_scope(user, str(t["child"].pk)) == PortalScope(
        ids(t["child"], t["grandchild"], t["great_grandchild"]), t["child"].pk
    )
    assert portal_scope(user, t["second"].pk) == PortalScope(ids(t["second"]), t["second"].pk)


@pytest.mark.parametrize("portal_id", [NO_SUCH_PORTAL, 0, -5])
def test_academy_staff_asking_for_a_nonexistent_portal_get_404(owner, portal_tree, portal_id):
    with pytest.raises(Http404):
        portal_scope(owner, portal_id)


# Portal admins --------------------------------------------------------------------------------


@pytest.mark.parametrize("portal_id", [None, -1, "-1"])
def test_a_portal_admin_sees_their_portal_and_every_sub_portal_below(deep_tree, portal_id):
    t = deep_tree
    admin = admin_of(t["first"])
    assert portal_scope(admin, portal_id) == PortalScope(
        ids(t["first"], t["child"], t["grandchild"], t["great_grandchild"], t["child_two"])
    )


def test_a_portal_admin_narrows_to_one_of_their_sub_portals(deep_tree):
    t = deep_tree
    admin = admin_of(t["first"])
    scope = portal_scope(admin, t["grandchild"].pk)
    assert scope == PortalScope(ids(t["grandchild"], t["great_grandchild"]), t["grandchild"].pk)
    assert not scope.is_unrestricted


def test_an_admin_of_a_sub_portal_does_not_see_the_parent(deep_tree):
    t = deep_tree
    admin = admin_of(t["child"])
    assert portal_scope(admin) == PortalScope(ids(t["child"], t["grandchild"], t["great_grandchild"]))
    with pytest.raises(Http404):
        portal_scope(admin, t["first"].pk)
    with pytest.raises(Http404):
        portal_scope(admin, t["child_two"].pk)


def test_an_admin_of_two_portals_sees_both_subtrees(deep_tree):
    t = deep_tree
    admin = admin_of(t["grandchild"], t["second"])
    assert portal_scope(admin) == PortalScope(ids(t["grandchild"], t["great_grandchild"], t["second"]))
    assert portal_scope(admin, t["second"].pk) == PortalScope(ids(t["second"]), t["second"].pk)


@pytest.mark.parametrize("portal_id", ["second", NO_SUCH_PORTAL, 0])
def test_a_portal_admin_gets_404_for_a_portal_they_may_not_see_or_that_does_not_exist(
    portal_admin, portal_tree, portal_id
):
    raw = portal_tree[portal_id].pk if portal_id == "second" else portal_id
    with pytest.raises(Http404):
        portal_scope(portal_admin, raw)


def test_the_portal_admin_fixture_scope(portal_admin, portal_tree):
    first, child = portal_tree["first"], portal_tree["child"]
    assert portal_scope(portal_admin) == PortalScope(ids(first, child))
    assert portal_scope(portal_admin, child.pk) == PortalScope(ids(child), child.pk)


def test_scope_queries_do_not_grow_with_depth_or_memberships(deep_tree, count_queries):
    t = deep_tree
    one = admin_of(t["great_grandchild"])
    many = admin_of(t["first"], t["second"], t["child"], t["grandchild"])
    _, for_one = count_queries(lambda: portal_scope(one, t["great_grandchild"].pk))
    _, for_many = count_queries(lambda: portal_scope(many, t["great_grandchild"].pk))
    assert for_one == for_many <= 4


# People who manage nothing --------------------------------------------------------------------


def test_a_learner_manages_nothing(learner, portal_tree):
    assert portal_scope(learner) == PortalScope(frozenset())
    assert portal_scope(learner, ALL_PORTALS) == PortalScope(frozenset())
    with pytest.raises(Http404):
        portal_scope(learner, portal_tree["first"].pk)


def test_a_learner_membership_manages_nothing(portal_tree):
    member = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.LEARNER).user
    assert portal_scope(member) == PortalScope(frozenset())
    with pytest.raises(Http404):
        portal_scope(member, portal_tree["first"].pk)
    assert manages_portals(member) is False


def test_an_inactive_admin_membership_grants_nothing(portal_tree):
    former_admin = admin_of(portal_tree["first"], is_active=False)
    assert portal_scope(former_admin) == PortalScope(frozenset())
    with pytest.raises(Http404):
        portal_scope(former_admin, portal_tree["child"].pk)
    assert manages_portals(former_admin) is False


def test_an_inactive_membership_does_not_hide_an_active_one(portal_tree):
    admin = admin_of(portal_tree["second"])
    PortalMembershipFactory(portal=portal_tree["first"], user=admin, role=PortalRole.ADMIN, is_active=False)
    assert portal_scope(admin) == PortalScope(ids(portal_tree["second"]))


def test_an_anonymous_caller_manages_nothing(portal_tree):
    assert portal_scope(AnonymousUser()) == PortalScope(frozenset())
    with pytest.raises(Http404):
        portal_scope(AnonymousUser(), portal_tree["first"].pk)
    assert manages_portals(AnonymousUser()) is False


def test_manages_portals_is_true_for_an_active_admin_only(portal_admin, learner, owner):
    assert manages_portals(portal_admin) is True
    assert manages_portals(learner) is False
    assert manages_portals(owner) is False


# PortalScope filtering ------------------------------------------------------------------------


def test_an_unrestricted_scope_filters_nothing(portal_tree):
    queryset = PortalMembership.objects.all()
    scope = PortalScope(None)
    assert scope.filter(queryset) is queryset
    assert scope.q() == Q()


def test_a_restricted_scope_keeps_rows_of_its_portals(portal_tree, portal_admin):
    in_first = PortalMembershipFactory(portal=portal_tree["first"])
    in_child = PortalMembershipFactory(portal=portal_tree["child"])
    PortalMembershipFactory(portal=portal_tree["second"])
    scope = portal_scope(portal_admin)
    admin_membership = PortalMembership.objects.get(user=portal_admin)
    kept = scope.filter(PortalMembership.objects.all())
    assert set(kept) == {in_first, in_child, admin_membership}
    assert set(scope.filter(Portal.objects.all(), "pk")) == {portal_tree["first"], portal_tree["child"]}


def test_an_empty_scope_keeps_nothing(portal_tree):
    PortalMembershipFactory(portal=portal_tree["first"])
    assert list(PortalScope(frozenset()).filter(PortalMembership.objects.all())) == []


def test_unassigned_rows_can_be_included():
    scope = PortalScope(frozenset({3}))
    assert scope.q("portal") == Q(portal__in=frozenset({3}))
    assert scope.q("portal", include_unassigned=True) == Q(portal__in=frozenset({3})) | Q(portal__isnull=True)


# Selectors ------------------------------------------------------------------------------------


def test_portal_subtree_is_the_portal_and_everything_below(deep_tree):
    t = deep_tree
    assert set(portal_subtree(t["child"])) == {t["child"], t["grandchild"], t["great_grandchild"]}
    assert set(portal_subtree(t["great_grandchild"])) == {t["great_grandchild"]}


def test_portals_administered_by_follows_active_admin_memberships(deep_tree):
    t = deep_tree
    admin = admin_of(t["child_two"], t["grandchild"])
    PortalMembershipFactory(portal=t["second"], user=admin, role=PortalRole.LEARNER)
    assert set(portals_administered_by(admin)) == {t["child_two"], t["grandchild"], t["great_grandchild"]}


def test_subtree_q_of_no_paths_matches_nothing(portal_tree):
    assert list(Portal.objects.filter(subtree_q([]))) == []


# Through an API view: portalId in the query or the body ---------------------------------------


class ScopedPortals(ApiView):
    permission_required = None

    def get(self, request):
        return self.answer()

    def post(self, request):
        return self.answer()

    def answer(self):
        scope = self.portal_scope
        portals = None if scope.is_unrestricted else sorted(scope.portal_ids)
        return Response({"portals": portals, "selected": scope.selected_portal_id})


def call(user, method="get", query=None, body=None):
    factory = APIRequestFactory()
    path = "/scoped/" + (f"?portalId={query}" if query is not None else "")
    request = factory.get(path) if method == "get" else factory.post(path, body, format="json")
    force_authenticate(request, user=user)
    return ScopedPortals.as_view()(request)


def test_view_reads_portal_id_from_the_query(portal_admin, portal_tree):
    child = portal_tree["child"]
    response = call(portal_admin, query=child.pk)
    assert response.status_code == 200
    assert response.data == {"portals": [child.pk], "selected": child.pk}


def test_view_reads_portal_id_from_the_body(portal_admin, portal_tree):
    child = portal_tree["child"]
    response = call(portal_admin, "post", body={"portalId": str(child.pk)})
    assert response.data == {"portals": [child.pk], "selected": child.pk}


def test_view_prefers_the_query_over_the_body(portal_admin, portal_tree):
    first, child = portal_tree["first"], portal_tree["child"]
    response = call(portal_admin, "post", query=child.pk, body={"portalId": first.pk})
    assert response.data["selected"] == child.pk


@pytest.mark.parametrize("query", [None, "-1", ""])
def test_view_without_a_portal_means_all_the_caller_may_see(portal_admin, portal_tree, owner, query):
    assert call(portal_admin, query=query).data == {
        "portals": sorted(ids(portal_tree["first"], portal_tree["child"])),
        "selected": None,
    }
    assert call(owner, query=query).data == {"portals": None, "selected": None}


def test_view_answers_404_for_a_hidden_portal(portal_admin, portal_tree):
    response = call(portal_admin, query=portal_tree["second"].pk)
    assert response.status_code == 404
    assert response.data == {"message": "Not found."}


@pytest.mark.parametrize(
    ("query", "body"), [("abc", None), (None, {"portalId": "x1"}), (None, {"portalId": [1]})]
)
def test_view_answers_422_for_a_portal_id_that_is_not_an_integer(portal_admin, query, body):
    response = call(portal_admin, "post", query=query, body=body)
    assert response.status_code == 422
    assert response.data == {
        "message": "The given data was invalid.",
        "errors": {"portalId": ["The portal id must be an integer."]},
    }


def test_a_portal_id_past_64_bits_is_no_portal_id():
    with pytest.raises(ValueError):
        normalise_portal_id(str(10**30))
