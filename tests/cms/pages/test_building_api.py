"""Layouts, snippets, lookups, the contact form and the learners' dashboards."""

import json

import pytest
from wagtail.contrib.forms.models import FormSubmission

from cms.pages.models import PageLayout
from lms.notifications.models import OutboxEmail
from lms.portals.models import PortalMembership, PortalRole
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.catalogue import CategoryFactory
from tests.factories.cms import make_contact_page, make_layout, make_menu, make_page, make_snippet

pytestmark = pytest.mark.django_db


def test_retrieve_page_layouts_filters_by_context_title_and_category(owner_api):
    from cms.pages.models import PageCategory

    faq = PageCategory.objects.get(key="faq")
    wanted = make_layout(name="FAQ layout", category=faq)
    make_layout(name="Other layout")
    make_layout(name="A row", context="row")

    body = owner_api.get(
        "/api/v1/pages/layouts/", {"context": "page", "search": json.dumps({"category": ["FAQs"]})}
    ).json()
    assert body == [
        {
            "id": wanted.pk,
            "name": "FAQ layout",
            "type": "user",
            "context": "page",
            "category": "FAQs",
            "data": wanted.data,
            "portal_id": None,
        }  # fmt: skip
    ]
    by_title = owner_api.get("/api/v1/pages/layouts/", {"context": "page", "search.title": "other"}).json()
    assert [row["name"] for row in by_title] == ["Other layout"]
    assert owner_api.get("/api/v1/pages/layouts/", {"context": "sequi"}).status_code == 422


def test_retrieve_page_layouts_is_scoped_to_the_portal_admins_portals(portal_admin, portal_tree, learner_api):
    make_layout(name="Shared")
    make_layout(name="Acme", portal=portal_tree["first"])
    make_layout(name="Globex", portal=portal_tree["second"])
    body = api_client_for(portal_admin).get("/api/v1/pages/layouts/", {"context": "page"}).json()
    assert [row["name"] for row in body] == ["Acme", "Shared"]
    assert learner_api.get("/api/v1/pages/layouts/", {"context": "page"}).status_code == 403


def test_save_page_layout(owner_api, portal_admin, portal_tree):
    payload = {
        "name": "ea",
        "context": "page",
        "data": "<div>Hi<script>alert(1)</script></div>",
        "portalId": portal_tree["first"].pk,
    }
    response = api_client_for(portal_admin).post("/api/v1/pages/layouts/", payload, format="json")
    assert response.status_code == 200
    assert response.json()["message"] == "Layout saved successfully"
    layout = PageLayout.objects.get(pk=response.json()["id"])
    assert layout.portal == portal_tree["first"] and layout.data == "<div>Hi</div>" and layout.type == "user"

    academy = owner_api.post("/api/v1/pages/layouts/", {**payload, "portalId": -1}, format="json")
    assert PageLayout.objects.get(pk=academy.json()["id"]).portal is None


def test_save_page_layout_refuses_bad_input_and_other_portals(owner_api, portal_admin, portal_tree):
    payload = {"name": "ea", "context": "earum", "data": "x", "portalId": portal_tree["first"].pk}
    assert owner_api.post("/api/v1/pages/layouts/", payload, format="json").status_code == 422
    payload["context"] = "page"
    payload["portalId"] = portal_tree["second"].pk
    assert (
        api_client_for(portal_admin).post("/api/v1/pages/layouts/", payload, format="json").status_code == 404
    )
    payload["portalId"] = -1
    assert (
        api_client_for(portal_admin).post("/api/v1/pages/layouts/", payload, format="json").status_code == 422
    )
    assert not PageLayout.objects.exists()


def test_retrieve_page_snippets(owner_api, learner_api):
    make_snippet(identifier="identifier1", name="Snippet 1", html="<div>Snippet 1 HTML</div>")
    assert owner_api.get("/api/v1/pages/snippets/").json() == {
        "identifier1": {"name": "Snippet 1", "html": "<div>Snippet 1 HTML</div>"}
    }
    assert learner_api.get("/api/v1/pages/snippets/").status_code == 403


def test_snippets_are_sanitised_when_saved():
    assert make_snippet(html='<div onmouseover="x()">A<script>1</script></div>').html == "<div>A</div>"


def test_lookups(learner_api, anonymous):
    assert learner_api.get("/api/v1/pages/layout-lookup/").json() == [
        {"db_value": "full_width", "display_value": "Full Width"},
        {"db_value": "fixed_width", "display_value": "Fixed width with left/right margin gaps"},
        {"db_value": "no_header", "display_value": "No Header/Menus/Footer"},
    ]
    assert learner_api.get("/api/v1/pages/restriction-lookup/").json() == [
        {"db_value": "all", "display_value": "No Restriction"},
        {"db_value": "user_category", "display_value": "Restrict by User Categories"},
        {"db_value": "user_type", "display_value": "Restrict by User Types"},
    ]
    categories = learner_api.get("/api/v1/pages/category-lookup/").json()
    assert {"db_value": "faq", "display_value": "FAQs"} in categories and len(categories) == 7
    for url in ("layout-lookup", "restriction-lookup", "category-lookup"):
        assert anonymous.get(f"/api/v1/pages/{url}/").status_code == 401


def test_contact_form_response_is_stored_and_emailed_to_the_admins(
    learner_api, owner, django_capture_on_commit_callbacks
):
    page = make_contact_page()
    payload = {
        "firstName": "John",
        "lastName": "Doe",
        "phoneNo": "1234567890",
        "content": "Question about your course?",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = learner_api.post("/api/v1/pages/contact/", payload, format="json")

    assert response.json() == {"message": "Mail sent successfully"}
    submission = FormSubmission.objects.get(page=page)
    assert submission.form_data["message"] == "Question about your course?"
    email = OutboxEmail.objects.get()
    assert (
        email.to == owner.email
        and "Contact us" in email.subject
        and "Question about your course?" in email.body_text
    )


def test_contact_form_goes_to_the_portals_admins(
    portal_tree, portal_admin, django_capture_on_commit_callbacks
):
    learner = PortalMembership.objects.create(
        portal=portal_tree["child"], user=UserFactory(), role=PortalRole.LEARNER
    ).user
    make_contact_page(portal=portal_tree["child"])
    payload = {
        "firstName": "J",
        "lastName": "D",
        "phoneNo": "1",
        "content": "Hi",
        "portalId": portal_tree["child"].pk,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(learner).post("/api/v1/pages/contact/", payload, format="json")

    assert response.status_code == 200
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == [
        portal_admin.email
    ]  # the parent's admin
    assert FormSubmission.objects.count() == 1


def test_contact_form_refuses_bad_input_and_foreign_recipients(learner_api, owner):
    make_contact_page()
    assert learner_api.post("/api/v1/pages/contact/", {"firstName": "J"}, format="json").status_code == 422
    payload = {
        "firstName": "J",
        "lastName": "D",
        "phoneNo": "1",
        "content": "Hi",
        "toEmail": "someone@elsewhere.test",
    }
    response = learner_api.post("/api/v1/pages/contact/", payload, format="json")
    assert response.status_code == 422 and "toEmail" in response.json()["errors"]
    assert not FormSubmission.objects.exists()


def test_contact_form_refuses_anonymous_and_strangers_to_a_portal(anonymous, learner_api, portal_tree):
    make_contact_page(portal=portal_tree["first"])
    payload = {
        "firstName": "J",
        "lastName": "D",
        "phoneNo": "1",
        "content": "Hi",
        "portalId": portal_tree["first"].pk,
    }
    assert anonymous.post("/api/v1/pages/contact/", payload, format="json").status_code == 401
    assert learner_api.post("/api/v1/pages/contact/", payload, format="json").status_code == 404


def test_learners_dashboard_lists_what_they_may_see(owner, learner, learner_api):
    category = CategoryFactory(name="New hires", type="user")
    open_page = make_page(title="Welcome", actor=owner)
    make_page(title="Hidden", actor=owner, restriction="user_category", user_categories=[category.pk])
    make_page(title="Staff only", actor=owner, restriction="user_type", user_types=["staff"])
    dashboard = make_menu(
        name="Dashboard",
        slug="learner-dashboard",
        items=[
            {"label": "Dashboard", "type": "custom_link", "custom_link": "/dashboard"},
            {
                "label": "Hires",
                "type": "custom_link",
                "custom_link": "/hires",
                "restriction": "user_category",
                "user_categories": [category.pk],
            },
        ],
    )

    body = learner_api.get("/api/v1/pages/dashboard/").json()

    assert body["pages"] == [{"id": open_page.pk, "title": "Welcome"}]
    assert body["menus"] == [{"id": dashboard.items.first().pk, "name": "Dashboard", "slug": "dashboard"}]
    learner.categories.add(category)
    body = api_client_for(learner).get("/api/v1/pages/dashboard/").json()
    assert [page["title"] for page in body["pages"]] == ["Welcome", "Hidden"]
    assert len(body["menus"]) == 2


def test_learners_dashboard_refuses_anonymous(anonymous):
    assert anonymous.get("/api/v1/pages/dashboard/").status_code == 401


def test_menu_and_pages_for_a_portal(owner, portal_tree):
    member = PortalMembership.objects.create(
        portal=portal_tree["first"], user=UserFactory(), role=PortalRole.LEARNER
    ).user
    page = make_page(title="Home Page", actor=owner, portal=portal_tree["first"])
    make_page(title="Globex", actor=owner, portal=portal_tree["second"])
    make_menu(name="Dashboard", slug="learner-dashboard", portal=portal_tree["first"],
              items=[{"label": "My Profile", "type": "custom_link", "custom_link": "/profile"}])  # fmt: skip

    body = (
        api_client_for(member)
        .post("/api/v1/portals/pages/menu-and-pages/", {"portalId": portal_tree["first"].pk}, format="json")
        .json()
    )

    assert body == {"pages": [{"id": page.pk, "title": "Home Page"}], "menus": ["My Profile"]}
    stranger = api_client_for(member).post(
        "/api/v1/portals/pages/menu-and-pages/", {"portalId": portal_tree["second"].pk}, format="json"
    )
    assert stranger.status_code == 404
    assert (
        api_client_for(member).post("/api/v1/portals/pages/menu-and-pages/", {}, format="json").status_code
        == 422
    )
