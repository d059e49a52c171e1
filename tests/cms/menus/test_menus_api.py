"""Menus through the API: the same Wagtail snippets the marketers edit in /cms/."""

import pytest

from cms.menus.models import Menu, MenuItem
from tests.conftest import api_client_for
from tests.factories.catalogue import CategoryFactory
from tests.factories.cms import make_menu, make_page

pytestmark = pytest.mark.django_db

ITEM_KEYS = {"label", "type", "custom_link", "page_id", "display_order", "css_class", "restrictions",
             "open_in_new_tab", "level", "isCollapsed", "hyperlink"}  # fmt: skip


@pytest.fixture
def main_menu(owner):
    page = make_page(title="Courses", actor=owner)
    return make_menu(
        items=[
            {"label": "Home", "type": "custom_link", "custom_link": "/"},
            {"label": "Courses", "type": "page", "link_page": page},
        ]
    )


def test_menus_list(owner_api, main_menu):
    make_menu(name="Footer Menu", slug="footer-menu")

    body = owner_api.get("/api/v1/menus/").json()

    assert [menu["name"] for menu in body] == ["Footer Menu", "Main Menu"]
    main = body[1]
    assert set(main["items"][0]) >= ITEM_KEYS
    assert main["items"][0]["hyperlink"] == "/" and main["items"][1]["hyperlink"] == "/courses/"
    assert [item["display_order"] for item in main["items"]] == [1, 2]


def test_menus_list_refuses_learners_and_anonymous(learner_api, anonymous):
    assert learner_api.get("/api/v1/menus/").status_code == 403
    assert anonymous.get("/api/v1/menus/").status_code == 401


def test_menus_list_runs_a_fixed_number_of_queries(owner_api, owner, count_queries):
    page = make_page(title="Courses", actor=owner)
    make_menu(items=[{"label": "A", "type": "page", "link_page": page}])
    _, few = count_queries(lambda: owner_api.get("/api/v1/menus/"))
    make_menu(
        name="Footer",
        slug="footer-menu",
        items=[{"label": f"I{n}", "type": "page", "link_page": page} for n in range(5)],
    )
    _, many = count_queries(lambda: owner_api.get("/api/v1/menus/"))
    assert few == many


def test_items_of_a_menu(owner_api, main_menu, learner_api):
    body = owner_api.get(f"/api/v1/menus/{main_menu.pk}/items/").json()
    assert [item["label"] for item in body] == ["Home", "Courses"]
    assert owner_api.get("/api/v1/menus/999999/items/").status_code == 404
    assert learner_api.get(f"/api/v1/menus/{main_menu.pk}/items/").status_code == 403


def test_save_or_update_menu_items_replaces_the_items(owner_api, owner, main_menu):
    page = make_page(title="Team", actor=owner)
    CategoryFactory(name="New hires", type="user")
    payload = {
        "menuList": [
            {
                "id": main_menu.pk,
                "items": [
                    {
                        "label": "Home",
                        "icon": "home-icon",
                        "type": "custom",
                        "css_class": "nav-item",
                        "restrictions": [],
                        "open_in_new_tab": False,
                        "level": 1,
                        "custom_link": "/home",
                    },  # fmt: skip
                    {
                        "label": "Team",
                        "type": "page",
                        "page_id": page.pk,
                        "level": 2,
                        "restrictions": {"accessibleBy": "user_category", "userCategory": ["New hires"]},
                    },  # fmt: skip
                ],
            }
        ]
    }

    response = owner_api.post("/api/v1/menus/items/", payload, format="json")

    assert response.json() == {"message": "Menu updated successfully"}
    items = list(main_menu.items.order_by("sort_order"))
    assert [(item.label, item.type, item.level) for item in items] == [
        ("Home", "custom_link", 1),
        ("Team", "page", 2),
    ]
    assert items[1].restriction == "user_category"
    listed = owner_api.get(f"/api/v1/menus/{main_menu.pk}/items/").json()
    assert listed[1]["restrictions"] == {
        "accessibleBy": "user_category",
        "userCategory": ["New hires"],
        "userType": [],
    }


@pytest.mark.parametrize(
    "item",
    [
        {"label": "Bad", "type": "custom", "custom_link": "javascript:alert(1)"},
        {"label": "Bad", "type": "page", "page_id": 999999},
        {"label": "Bad", "type": "marquee"},
        {"label": "Bad", "type": "custom", "custom_link": "/x", "level": 9},
    ],
)
def test_save_or_update_menu_items_refuses_bad_items_and_keeps_the_old_ones(owner_api, main_menu, item):
    response = owner_api.post(
        "/api/v1/menus/items/", {"menuList": [{"id": main_menu.pk, "items": [item]}]}, format="json"
    )
    assert response.status_code == 422
    assert main_menu.items.count() == 2


def test_save_or_update_menu_items_refuses_a_portal_page_in_the_academy_menu(
    owner_api, owner, main_menu, portal_tree
):
    page = make_page(title="Portal page", actor=owner, portal=portal_tree["first"])
    item = {"label": "P", "type": "page", "page_id": page.pk}
    response = owner_api.post(
        "/api/v1/menus/items/", {"menuList": [{"id": main_menu.pk, "items": [item]}]}, format="json"
    )
    assert response.status_code == 422


def test_save_or_update_menu_items_refuses_staff_without_permission(staff_without_permissions, main_menu):
    client = api_client_for(staff_without_permissions)
    response = client.post(
        "/api/v1/menus/items/", {"menuList": [{"id": main_menu.pk, "items": []}]}, format="json"
    )
    assert response.status_code == 403
    assert main_menu.items.count() == 2


def test_portal_menus_are_scoped(owner_api, owner, portal_admin, portal_tree):
    mine = make_menu(name="Acme Menu", slug="main-menu", portal=portal_tree["first"])
    make_menu(name="Globex Menu", slug="main-menu", portal=portal_tree["second"])
    make_menu(name="Academy Menu")

    assert [m["name"] for m in api_client_for(portal_admin).get("/api/v1/portals/menus/").json()] == [
        "Acme Menu"
    ]
    assert len(owner_api.get("/api/v1/portals/menus/").json()) == 2
    assert [
        m["id"] for m in owner_api.get("/api/v1/portals/menus/", {"portalId": portal_tree["first"].pk}).json()
    ] == [mine.pk]
    assert (
        api_client_for(portal_admin)
        .get("/api/v1/portals/menus/", {"portalId": portal_tree["second"].pk})
        .status_code
        == 404
    )


def test_save_the_menu_items_for_a_portal(owner, portal_admin, portal_tree):
    page = make_page(title="About", actor=owner, portal=portal_tree["first"])
    client = api_client_for(portal_admin)
    payload = {
        "portalId": portal_tree["first"].pk,
        "menuList": [
            {"name": "Main Menu", "items": [{"label": "About", "type": "page", "page_id": page.pk}]}
        ],
    }

    response = client.post("/api/v1/portals/menus/items/", payload, format="json")

    assert response.json() == {"message": "Menu updated successfully"}
    menu = Menu.objects.get(portal=portal_tree["first"])
    assert menu.slug == "main-menu" and [item.label for item in menu.items.all()] == ["About"]

    payload["portalId"] = portal_tree["second"].pk
    assert client.post("/api/v1/portals/menus/items/", payload, format="json").status_code == 404
    bad = {"portalId": portal_tree["first"].pk, "menuList": ["voluptatum"]}
    assert client.post("/api/v1/portals/menus/items/", bad, format="json").status_code == 422
    assert MenuItem.objects.filter(menu=menu).count() == 1
