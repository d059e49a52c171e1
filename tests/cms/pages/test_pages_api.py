"""The academy's pages through the API: the same Wagtail pages, written through revisions."""

import json

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.pages.models import StandardPage
from lms.audit.models import Activity
from tests.conftest import api_client_for
from tests.factories.catalogue import CategoryFactory
from tests.factories.cms import make_page

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "title": "Home Page",
    "content": json.dumps([{"type": "text", "text": "<p>This is a sample page.</p>"}]),
    "layout": "full_width",
    "seo_title": "null",
    "seo_description": "null",
    "seo_thumbnail_url": "null",
    "restrictedToLoginUser": True,
    "accessibleBy": "user_category",
    "userCategory": ["Student", "Teacher"],
    "userType": ["Student", "Teacher"],
}


@pytest.fixture
def user_categories():
    return [CategoryFactory(name="Student", type="user"), CategoryFactory(name="Teacher", type="user")]


def test_save_a_new_page_publishes_a_wagtail_revision(owner_api, owner, user_categories):
    response = owner_api.post("/api/v1/pages/", PAYLOAD, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Page saved successfully"
    page = StandardPage.objects.get(pk=body["id"])
    assert page.live and page.slug == "home-page" and page.get_parent().specific_class.__name__ == "HomePage"
    assert page.revisions.count() == 1 and page.live_revision is not None
    assert page.restriction == "user_category"
    assert sorted(page.user_categories) == sorted(c.pk for c in user_categories)
    assert page.body[0].block_type == "text"
    assert Activity.objects.filter(subject_id=str(page.pk), action="created").exists()


def test_save_a_new_page_refuses_unknown_blocks_and_writes_nothing(owner_api, user_categories):
    payload = {**PAYLOAD, "content": [{"type": "marquee", "text": "hi"}]}
    response = owner_api.post("/api/v1/pages/", payload, format="json")

    assert response.status_code == 422
    assert "content.0" in response.json()["errors"]
    assert not StandardPage.objects.exists()


def test_save_a_new_page_refuses_unknown_user_categories(owner_api):
    response = owner_api.post("/api/v1/pages/", PAYLOAD, format="json")
    assert response.status_code == 422
    assert "userCategory" in response.json()["errors"]
    assert not StandardPage.objects.exists()


def test_html_is_sanitised_on_the_way_in(owner_api):
    payload = {
        **PAYLOAD,
        "restrictedToLoginUser": False,
        "content": [
            {
                "type": "text",
                "text": '<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=alert(1)></p>',
            }
        ],
    }
    page_id = owner_api.post("/api/v1/pages/", payload, format="json").json()["id"]
    stored = StandardPage.objects.get(pk=page_id).body.raw_data[0]["value"]
    assert "<script" not in stored and "onerror" not in stored and "onclick" not in stored


@pytest.mark.parametrize("method", ["get", "post"])
def test_pages_refuse_anonymous_and_learners(anonymous, learner_api, method):
    assert getattr(anonymous, method)("/api/v1/pages/", {}, format="json").status_code == 401
    assert getattr(learner_api, method)("/api/v1/pages/", {}, format="json").status_code == 403


def test_get_page_has_the_documented_shape(owner_api, owner):
    page = make_page(title="About us", actor=owner, content=[{"type": "text", "text": "<p>Hi</p>"}])

    response = owner_api.get(f"/api/v1/pages/{page.pk}/")

    assert response.status_code == 200
    body = response.json()
    for key in ("id", "title", "slug", "content", "layout", "seo_title", "seo_description", "seo_thumbnail_url",
                "restrictedToLoginUser", "accessibleBy", "metas", "userCategory", "userType"):  # fmt: skip
        assert key in body
    assert body["content"] == [{"type": "text", "text": "<p>Hi</p>"}]
    assert body["accessibleBy"] == "all" and body["restrictedToLoginUser"] is False


def test_get_page_of_a_portal_is_not_an_academy_page(owner_api, owner, portal_tree):
    page = make_page(title="Portal page", actor=owner, portal=portal_tree["first"])
    assert owner_api.get(f"/api/v1/pages/{page.pk}/").status_code == 404


def test_update_page_makes_a_new_revision(owner_api, owner, user_categories):
    page = make_page(title="About us", actor=owner)
    payload = {
        **PAYLOAD,
        "title": "About the academy",
        "restrictedToLoginUser": True,
        "accessibleBy": "user_type",
        "userType": ["general"],
    }

    response = owner_api.put(f"/api/v1/pages/{page.pk}/", payload, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Page updated successfully", "id": page.pk}
    page.refresh_from_db()
    assert (
        page.title == "About the academy"
        and page.restriction == "user_type"
        and page.user_types == ["general"]
    )
    assert page.revisions.count() == 2


def test_update_page_refuses_a_restriction_without_its_kind(owner_api, owner):
    page = make_page(title="About us", actor=owner)
    payload = {**PAYLOAD, "accessibleBy": None}
    response = owner_api.put(f"/api/v1/pages/{page.pk}/", payload, format="json")
    assert response.status_code == 422
    page.refresh_from_db()
    assert page.title == "About us" and page.revisions.count() == 1


def test_update_page_refuses_staff_without_permission(staff_without_permissions, owner):
    page = make_page(title="About us", actor=owner)
    client = api_client_for(staff_without_permissions)
    assert client.put(f"/api/v1/pages/{page.pk}/", PAYLOAD, format="json").status_code == 403
    assert client.get(f"/api/v1/pages/{page.pk}/").status_code == 403


def test_tabular_list_is_paginated_searchable_and_filters_drafts(owner_api, owner):
    pages = [make_page(title=f"Page {n}", actor=owner) for n in range(3)]
    pages[0].unpublish()

    body = owner_api.get("/api/v1/pages/", {"page_size": 2, "page_number": 1}).json()
    assert body["recordsTotal"] == 3 and len(body["records"]) == 2
    assert set(body["records"][0]) >= {"id", "title", "slug", "author", "created_at"}
    searched = owner_api.get("/api/v1/pages/", {"search_param": json.dumps({"pageName": "Page 1"})}).json()
    assert [row["title"] for row in searched["records"]] == ["Page 1"]
    drafts = owner_api.get("/api/v1/pages/", {"type": 1}).json()
    assert [row["id"] for row in drafts["records"]] == [pages[0].pk]
    assert owner_api.get("/api/v1/pages/", {"search_param": json.dumps({"nope": 1})}).status_code == 422


def test_tabular_list_runs_the_same_queries_for_any_page_size(owner_api, owner, count_queries):
    for n in range(4):
        make_page(title=f"Page {n}", actor=owner)
    _, small = count_queries(lambda: owner_api.get("/api/v1/pages/", {"page_size": 1}))
    _, large = count_queries(lambda: owner_api.get("/api/v1/pages/", {"page_size": 50}))
    assert small == large


def test_soft_delete_unpublishes_and_restore_publishes(owner_api, owner):
    page = make_page(title="About us", actor=owner)

    response = owner_api.post("/api/v1/pages/soft-delete/", {"page_ids": [page.pk]}, format="json")
    assert response.json() == {"message": "Page moved to draft successfully"}
    page.refresh_from_db()
    assert page.live is False

    response = owner_api.post("/api/v1/pages/restore/", {"page_ids": [page.pk]}, format="json")
    assert response.json() == {"message": "Page restored successfully"}
    page.refresh_from_db()
    assert page.live is True


def test_soft_delete_refuses_unknown_ids_and_changes_nothing(owner_api, owner):
    page = make_page(title="About us", actor=owner)
    response = owner_api.post("/api/v1/pages/soft-delete/", {"page_ids": [page.pk, 999999]}, format="json")
    assert response.status_code == 422
    page.refresh_from_db()
    assert page.live is True


def test_hard_delete_removes_the_page(owner_api, owner, staff_without_permissions):
    page = make_page(title="About us", actor=owner)
    assert (
        api_client_for(staff_without_permissions)
        .post("/api/v1/pages/hard-delete/", {"page_ids": [page.pk]}, format="json")
        .status_code
        == 403
    )
    assert owner_api.post("/api/v1/pages/hard-delete/", {"page_ids": "[]"}, format="json").status_code == 422

    response = owner_api.post("/api/v1/pages/hard-delete/", {"page_ids": [page.pk]}, format="json")

    assert response.json() == {"message": "Pages deleted permanently"}
    assert not Page.objects.filter(pk=page.pk).exists()


def test_restore_refuses_learners(learner_api, owner):
    page = make_page(title="About us", actor=owner)
    page.unpublish()
    assert (
        learner_api.post("/api/v1/pages/restore/", {"page_ids": [page.pk]}, format="json").status_code == 403
    )


def test_slug_change_keeps_slugs_unique_and_redirects(owner_api, owner, client):
    make_page(title="About us", actor=owner)
    page = make_page(title="Our story", actor=owner)

    response = owner_api.put(f"/api/v1/pages/{page.pk}/slug/?slug=about-us")

    assert response.status_code == 200
    assert response.json() == "about-us-1"
    page.refresh_from_db()
    assert page.slug == "about-us-1"
    assert Redirect.objects.filter(old_path="/our-story", redirect_page=page).exists()
    moved = client.get("/our-story/")
    assert moved.status_code in (301, 302) and moved["Location"].endswith("/about-us-1/")


def test_slug_change_refuses_an_empty_slug(owner_api, owner, learner_api):
    page = make_page(title="Our story", actor=owner)
    assert owner_api.put(f"/api/v1/pages/{page.pk}/slug/?slug=%20%21").status_code == 422
    assert learner_api.put(f"/api/v1/pages/{page.pk}/slug/?slug=x").status_code == 403
    page.refresh_from_db()
    assert page.slug == "our-story"


def test_a_drafted_page_is_edited_as_a_draft(owner_api, owner):
    page = make_page(title="About us", actor=owner)
    owner_api.post("/api/v1/pages/soft-delete/", {"page_ids": [page.pk]}, format="json")
    payload = {
        "title": "About (draft)",
        "layout": "no_header",
        "content": [{"type": "text", "text": "<p>Draft</p>"}],
    }

    assert owner_api.put(f"/api/v1/pages/{page.pk}/", payload, format="json").status_code == 200

    body = owner_api.get(f"/api/v1/pages/{page.pk}/").json()
    assert body["title"] == "About (draft)" and body["layout"] == "no_header" and body["live"] is False
    owner_api.post("/api/v1/pages/restore/", {"page_ids": [page.pk]}, format="json")
    page.refresh_from_db()
    assert page.live and page.title == "About (draft)"
