"""Reads for menus: scoped lists with their items (and linked pages) in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from cms.menus.models import DASHBOARD_MENU, Menu, MenuItem
from website.tenancy import PortalScope


def _with_items(menus: QuerySet[Menu]) -> QuerySet[Menu]:
    items = MenuItem.objects.select_related("link_page").order_by("sort_order", "pk")
    return menus.prefetch_related(Prefetch("items", queryset=items))


def academy_menus() -> QuerySet[Menu]:
    return _with_items(Menu.objects.filter(portal__isnull=True)).order_by("name", "pk")


def portal_menus(scope: PortalScope) -> QuerySet[Menu]:
    """Menus of the portals in scope (all portal menus for an unrestricted scope)."""
    return _with_items(scope.filter(Menu.objects.filter(portal__isnull=False), "portal")).order_by(
        "portal_id", "name", "pk"
    )


def menu_for_site(slug: str, portal=None) -> Menu | None:
    """The menu a site shows under `slug`: the portal's own on a portal site, else the academy's."""
    menus = _with_items(Menu.objects.filter(slug=slug))
    return (menus.filter(portal=portal) if portal is not None else menus.filter(portal__isnull=True)).first()


def dashboard_items(user, portal=None) -> list[MenuItem]:
    menu = menu_for_site(DASHBOARD_MENU, portal)
    if menu is None:
        return []
    return [item for item in menu.items.all() if item.is_visible_to(user)]


def visible_tree(menu: Menu | None, user, request=None) -> list[dict]:
    """The menu's visible items as a tree: [{"item", "url", "children": [...]}], nesting by level.

    A hidden item hides the items nested under it.
    """
    if menu is None:
        return []
    roots: list[dict] = []
    stack: list[tuple[int, dict | None]] = []  # (level, node or None when hidden)
    for item in menu.items.all():
        while stack and stack[-1][0] >= item.level:
            stack.pop()
        parent_hidden = any(node is None for _, node in stack)
        if parent_hidden or not item.is_visible_to(user):
            stack.append((item.level, None))
            continue
        node = {"item": item, "url": item.hyperlink(request) or "#", "children": []}
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((item.level, node))
    return roots
