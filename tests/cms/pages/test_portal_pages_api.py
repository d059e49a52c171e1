"""Portal pages: under the portal's own root page, edited by the portal's admins only."""

import pytest
from wagtail.models import Page, Site

from cms.pages.models import PortalHomePage, StandardPage
from lms.portals.models import PortalMembership, PortalRole
from tests.conftest import api_client_for
from tests.factories.cms import make_page

pytestmark = pytest.mark.django_db


def test_save_a_new_portal_page_under_the_portal_root(owner_api, portal_tree):
    portal = portal_tree["first"]
    payload = {
        "title": '"Welcome Page"',
        "content": [{"type": "text", "text": "<p>Welcome to our portal.</p>"}],
        "portalId": portal.pk,
    }

    response = owner_api.post("/api/v1/portals/pages/", payload, format="json")

    assert response.status_code == 200
    assert response.json()["message"] == "Page saved successfully"
    page = StandardPage.objects.get(pk=response.json()["id"])
    home = PortalHomePage.objects.get(portal=portal)
    assert page.get_parent().pk == home.pk and page.portal_id == portal.pk and page.title == "Welcome Page"


def test_a_portal_admin_adds_pages_to_their_portal_only(portal_admin, portal_tree):
    client = api_client_for(portal_admin)
    ok = client.post(
        "/api/v1/portals/pages/", {"title": "Ours", "portalId": portal_tree["child"].pk}, format="json"
    )
    assert ok.status_code == 200
    refused = client.post(
        "/api/v1/portals/pages/", {"title": "Theirs", "portalId": portal_tree["second"].pk}, format="json"
    )
    assert refused.status_code == 404
    assert not StandardPage.objects.filter(title="Theirs").exists()


def test_save_a_new_portal_page_refuses_bad_content(owner_api, portal_tree):
    payload = {"title": "Bad", "content": "not json", "portalId": portal_tree["first"].pk}
    assert owner_api.post("/api/v1/portals/pages/", payload, format="json").status_code == 422
    assert not StandardPage.objects.exists()


def test_retrieve_and_update_a_portal_page(owner, portal_admin, portal_tree):
    page = make_page(
        title="About",
        actor=owner,
        portal=portal_tree["first"],
        content=[{"type": "text", "text": "<p>Hi</p>"}],
    )
    client = api_client_for(portal_admin)

    body = client.get(f"/api/v1/portals/pages/{page.pk}/").json()
    assert body["id"] == page.pk and body["slug"] == "about" and body["layout"] == "full_width"
    assert "<p>Hi</p>" in body["content"]

    payload = {"title": "About us", "content": '[{"type": "text", "text": "<p>New</p>"}]'}
    response = client.put(f"/api/v1/portals/pages/{page.pk}/", payload, format="json")
    assert response.json() == {"id": page.pk, "message": "Page updated successfully"}
    page.refresh_from_db()
    assert page.title == "About us" and page.body.raw_data[0]["value"] == "<p>New</p>"
    assert client.put(f"/api/v1/portals/pages/{page.pk}/", {"title": ""}, format="json").status_code == 422


def test_another_portals_admin_cannot_see_or_edit_the_page(owner, portal_tree):
    page = make_page(title="About", actor=owner, portal=portal_tree["first"])
    other = PortalMembership.objects.create(
        portal=portal_tree["second"],
        user=owner.__class__.objects.create_user(email="o@example.org", password="x"),
        role=PortalRole.ADMIN,
    ).user
    client = api_client_for(other)
    assert client.get(f"/api/v1/portals/pages/{page.pk}/").status_code == 404
    assert (
        client.put(f"/api/v1/portals/pages/{page.pk}/", {"title": "Mine"}, format="json").status_code == 404
    )
    assert (
        client.post("/api/v1/portals/pages/soft-delete/", {"page_ids": [page.pk]}, format="json").status_code
        == 422
    )
    assert StandardPage.objects.get(pk=page.pk).live


def test_pages_for_a_given_portal(owner_api, owner, portal_tree, count_queries):
    for n in range(3):
        make_page(
            title=f"P{n}",
            actor=owner,
            portal=portal_tree["first"],
            content=[{"type": "text", "text": f"<p>Text {n}</p>"}],
        )
    make_page(title="Elsewhere", actor=owner, portal=portal_tree["second"])

    body = owner_api.get(f"/api/v1/portals/{portal_tree['first'].pk}/pages/", {"page_size": 10}).json()

    assert body["recordsTotal"] == 3
    assert set(body["records"][0]) >= {"id", "title", "slug", "content", "author", "created_at"}
    assert body["records"][0]["content"].startswith("Text")
    _, small = count_queries(
        lambda: owner_api.get(f"/api/v1/portals/{portal_tree['first'].pk}/pages/", {"page_size": 1})
    )
    _, large = count_queries(
        lambda: owner_api.get(f"/api/v1/portals/{portal_tree['first'].pk}/pages/", {"page_size": 50})
    )
    assert small == large
    assert (
        owner_api.get(f"/api/v1/portals/{portal_tree['first'].pk}/pages/", {"page_size": 0}).status_code
        == 422
    )


def test_pages_for_a_portal_the_admin_does_not_manage_is_404(portal_admin, portal_tree, learner_api):
    assert (
        api_client_for(portal_admin).get(f"/api/v1/portals/{portal_tree['second'].pk}/pages/").status_code
        == 404
    )
    assert learner_api.get(f"/api/v1/portals/{portal_tree['first'].pk}/pages/").status_code == 403


def test_portal_soft_delete_restore_and_hard_delete(owner, portal_admin, portal_tree):
    page = make_page(title="About", actor=owner, portal=portal_tree["first"])
    client = api_client_for(portal_admin)

    assert client.post(
        "/api/v1/portals/pages/soft-delete/", {"page_ids": [page.pk]}, format="json"
    ).json() == {"message": "Page moved to draft successfully"}
    assert StandardPage.objects.get(pk=page.pk).live is False
    assert client.post("/api/v1/portals/pages/restore/", {"page_ids": [page.pk]}, format="json").json() == {
        "message": "Page restored successfully"
    }
    assert StandardPage.objects.get(pk=page.pk).live is True
    assert (
        client.post("/api/v1/portals/pages/hard-delete/", {"page_ids": "x"}, format="json").status_code == 422
    )
    assert client.post(
        "/api/v1/portals/pages/hard-delete/", {"page_ids": [page.pk]}, format="json"
    ).json() == {"message": "Pages deleted permanently"}
    assert not Page.objects.filter(pk=page.pk).exists()


def test_portal_bulk_actions_refuse_learners(learner_api, owner, portal_tree):
    page = make_page(title="About", actor=owner, portal=portal_tree["first"])
    for action in ("soft-delete", "restore", "hard-delete"):
        assert (
            learner_api.post(
                f"/api/v1/portals/pages/{action}/", {"page_ids": [page.pk]}, format="json"
            ).status_code
            == 403
        )


def test_page_dropdown_list(owner_api, owner, portal_admin, portal_tree):
    mine = make_page(title="Alpha", actor=owner, portal=portal_tree["first"])
    make_page(title="Beta", actor=owner, portal=portal_tree["second"])
    academy = make_page(title="Academy page", actor=owner)

    assert api_client_for(portal_admin).get("/api/v1/portals/pages/dropdown/").json() == [
        {"id": mine.pk, "title": "Alpha"}
    ]
    everything = owner_api.get("/api/v1/portals/pages/dropdown/", {"portalId": -1}).json()
    assert {row["id"] for row in everything} >= {mine.pk, academy.pk}
    searched = owner_api.get("/api/v1/portals/pages/dropdown/", {"search_term": "alp"}).json()
    assert searched == [{"id": mine.pk, "title": "Alpha"}]
    assert owner_api.get("/api/v1/portals/pages/dropdown/", {"portalId": "abc"}).status_code == 422
    assert (
        api_client_for(portal_admin)
        .get("/api/v1/portals/pages/dropdown/", {"portalId": portal_tree["second"].pk})
        .status_code
        == 404
    )


def test_a_portal_site_serves_the_portal_root(owner, portal_tree, settings, client):
    from lms.portals.services import custom_domains_set_enabled, portal_update

    portal = portal_tree["first"]
    make_page(title="About", actor=owner, portal=portal)
    custom_domains_set_enabled(actor=owner, is_enabled=True)
    portal_update(actor=owner, portal=portal, custom_domain="learn.acme.test")
    settings.ALLOWED_HOSTS = ["*"]

    portal.refresh_from_db()
    site = Site.objects.get(pk=portal.site_id)
    assert site.root_page.specific == PortalHomePage.objects.get(portal=portal)
    response = client.get("/about/", HTTP_HOST="learn.acme.test")
    assert response.status_code == 200 and "About" in response.content.decode()
    assert client.get("/about/").status_code == 404  # the academy's site does not serve portal pages


def test_portal_admins_edit_their_portal_in_wagtail(owner, portal_admin, portal_tree):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    make_page(title="About", actor=owner, portal=portal_tree["first"])
    home = PortalHomePage.objects.get(portal=portal_tree["first"])
    policy = PagePermissionPolicy()
    assert policy.user_has_permission_for_instance(portal_admin, "change", home)
    academy_home = Site.objects.get(is_default_site=True).root_page
    assert not policy.user_has_permission_for_instance(portal_admin, "change", academy_home)


def test_deleting_a_portal_unpublishes_its_pages_and_removes_its_editors(owner, portal_admin, portal_tree):
    from django.contrib.auth.models import Group

    from cms.pages.services import portal_editors_group_name
    from lms.portals.services import portals_bulk_delete

    portal = portal_tree["first"]
    page = make_page(title="About", actor=owner, portal=portal)
    home = PortalHomePage.objects.get(portal=portal)
    assert Group.objects.filter(name=portal_editors_group_name(portal)).exists()

    portals_bulk_delete(actor=owner, ids=[portal.pk])

    home.refresh_from_db()
    page.refresh_from_db()
    assert home.portal is None and not home.live and not page.live
    assert not Group.objects.filter(name=portal_editors_group_name(portal)).exists()
