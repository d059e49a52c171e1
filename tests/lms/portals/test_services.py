"""Portal services and selectors: who may join (emails), seats under concurrency, the admin."""

import threading

import pytest
from django.db import close_old_connections, connection

from lms.portals import services
from lms.portals.models import Portal, PortalMembership, PortalRole
from lms.portals.selectors import email_rules, is_email_allowed
from tests.factories import PortalFactory, UserFactory
from website.api.errors import Unprocessable


@pytest.mark.parametrize(
    ("blocked", "allowed", "email", "expected"),
    [
        ("", "", "anyone@anywhere.test", True),
        ("spam.test", "", "eve@spam.test", False),
        ("@spam.test", "", "EVE@Spam.Test", False),
        ("spam.test", "", "eve@mail.spam.test", False),  # a domain covers its subdomains
        ("spam.test", "", "eve@notspam.test", True),
        ("bad@acme.test", "", "bad@acme.test", False),
        ("bad@acme.test", "", "good@acme.test", True),
        ("", "acme.test", "bob@acme.test", True),
        ("", "acme.test", "bob@globex.test", False),
        ("", "acme.test\nboss@globex.test", "boss@globex.test", True),
        ("bad@acme.test", "acme.test", "bad@acme.test", False),  # blocked wins over allowed
        ("", "; ,", "anyone@anywhere.test", True),  # separators only: no list
    ],
)
def test_is_email_allowed(blocked, allowed, email, expected):
    portal = Portal(name="P", blocked_emails=blocked, allowed_emails=allowed)

    assert is_email_allowed(portal, email) is expected


def test_email_rules_split_emails_from_domains():
    portal = Portal(name="P", blocked_emails="a@x.test, y.test", allowed_emails="@z.test")

    assert email_rules(portal) == {
        "blockedEmails": ["a@x.test"],
        "blockedDomains": ["y.test"],
        "allowedEmails": [],
        "allowedDomains": ["z.test"],
    }


@pytest.mark.django_db
def test_a_sub_portal_gets_a_unique_slug_and_referral_code(owner):
    parent = PortalFactory(name="Acme")
    first = services.portal_create(actor=owner, parent=parent, name="Sales")
    second = services.portal_create(actor=owner, parent=parent, name="Sales")

    assert (first.slug, second.slug) == ("sales", "sales-2")
    assert first.referral_code != second.referral_code
    assert first.get_parent().pk == parent.pk


@pytest.mark.django_db
def test_deleting_a_portal_deletes_its_sub_portals(owner, portal_tree):
    message = services.portals_bulk_delete(
        actor=owner, ids=[portal_tree["first"].pk, portal_tree["child"].pk]
    )

    assert message == "1 portal(s) deleted"
    assert list(Portal.objects.values_list("name", flat=True)) == ["Globex"]


@pytest.mark.django_db
def test_the_admin_creates_a_sub_portal_through_the_service(client, owner, portal_tree):
    client.force_login(owner)

    response = client.post(
        "/admin/portals/portal/add/",
        {
            "parent": portal_tree["first"].pk,
            "name": "Acme Support",
            "status": "active",
            "seat_access": "unlimited",
            "access_permission": "all",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    created = Portal.objects.get(name="Acme Support")
    assert created.get_parent().pk == portal_tree["first"].pk
    assert created.slug == "acme-support" and created.referral_code


@pytest.mark.django_db
def test_limited_seats_need_a_number(owner):
    with pytest.raises(Unprocessable):
        services.portal_create(actor=owner, name="P", seat_access="limited", total_seats=None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep migration data for others
def test_fifty_parallel_joins_fill_exactly_ten_seats():
    # Given a portal with 10 seats and 50 users who try to join it at the same time
    owner = UserFactory(user_type="owner")
    portal = services.portal_create(actor=owner, name="Popular", seat_access="limited", total_seats=10)
    users = UserFactory.create_batch(50)
    barrier = threading.Barrier(50)
    outcomes = []

    def join(user):
        try:
            barrier.wait()
            services.portal_add_learners(actor=owner, portal=portal, users=[user])
            outcomes.append("joined")
        except Unprocessable:
            outcomes.append("full")
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=join, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    # Then exactly ten joined and the other forty were told the portal is full
    assert outcomes.count("joined") == 10
    assert outcomes.count("full") == 40
    assert PortalMembership.objects.filter(portal=portal, role=PortalRole.LEARNER).count() == 10


@pytest.mark.django_db
def test_the_admin_pages_render(client, owner, portal_tree):
    client.force_login(owner)
    PortalMembership.objects.create(portal=portal_tree["first"], user=UserFactory(), role=PortalRole.ADMIN)

    for url in (
        "/admin/portals/portal/",
        f"/admin/portals/portal/{portal_tree['first'].pk}/change/",
        "/admin/portals/portal/add/",
        "/admin/portals/portalsettings/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_admin_updates_through_the_service(client, owner, portal_tree):
    client.force_login(owner)
    PortalMembership.objects.create(portal=portal_tree["first"], user=UserFactory())
    Portal.objects.filter(pk=portal_tree["first"].pk).update(seat_access="limited", total_seats=5)

    response = client.post(
        f"/admin/portals/portal/{portal_tree['first'].pk}/change/",
        {
            "name": "Acme",
            "status": "active",
            "seat_access": "limited",
            "total_seats": "0",  # below the one learner holding a seat: the service refuses
            "access_permission": "all",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
        },
    )

    assert response.status_code == 200  # the form again, with the service's error
    assert Portal.objects.get(pk=portal_tree["first"].pk).total_seats == 5
