"""Menu writes: the seed's "save or update menu items" replaces each menu's items with the list sent."""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from cms.menus.models import MAX_LEVEL, Menu, MenuItem, MenuItemType
from cms.pages.access import Restriction
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create
from website.api.errors import Unprocessable

MENU_FIELDS = ("name", "slug", "portal_id")
ITEM_TYPES = {
    "page": MenuItemType.PAGE,
    "custom": MenuItemType.CUSTOM_LINK,
    "custom_link": MenuItemType.CUSTOM_LINK,
}
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def _restriction(raw, where: str) -> dict:
    """null, [] or {} -> none; {"accessibleBy": kind, "userCategory": [...], "userType": [...]}."""
    from cms.pages import selectors

    if raw in (None, [], {}, ""):
        return {"restriction": Restriction.NONE, "user_categories": [], "user_types": []}
    if not isinstance(raw, dict):
        raise Unprocessable(
            {where: ['Give restrictions as {"accessibleBy": ..., "userCategory": [...], "userType": [...]}.']}
        )
    kind = raw.get("accessibleBy") or raw.get("type") or Restriction.LOGGED_IN
    kind = {"all": Restriction.LOGGED_IN}.get(kind, kind)
    if kind not in Restriction.values:
        raise Unprocessable({where: [f"Unknown restriction {kind!r}."]})
    categories = (
        selectors.user_category_ids_for(raw.get("userCategory") or [])
        if kind == Restriction.USER_CATEGORY
        else []
    )
    types = selectors.user_types_for(raw.get("userType") or []) if kind == Restriction.USER_TYPE else []
    if kind == Restriction.USER_CATEGORY and not categories:
        raise Unprocessable({where: ["Choose at least one user category."]})
    if kind == Restriction.USER_TYPE and not types:
        raise Unprocessable({where: ["Choose at least one user type."]})
    return {"restriction": kind, "user_categories": categories, "user_types": types}


def build_items(*, menu: Menu, items: list[dict], site_root: Page, where: str) -> list[MenuItem]:
    """Unsaved MenuItems for the seed's item dicts; pages must live under `site_root` (the menu's site)."""
    built, errors = [], {}
    page_ids = {item.get("page_id") for item in items if isinstance(item, dict) and item.get("page_id")}
    pages = {
        page.pk: page for page in Page.objects.filter(pk__in=[pk for pk in page_ids if str(pk).isdigit()])
    }
    for index, raw in enumerate(items):
        at = f"{where}.items.{index}"
        if not isinstance(raw, dict):
            errors[at] = ["Each item is a JSON object."]
            continue
        kind = ITEM_TYPES.get(raw.get("type") or "")
        label = str(raw.get("label") or "").strip()
        if kind is None:
            errors[f"{at}.type"] = ["The type is page or custom_link."]
            continue
        if not label:
            errors[f"{at}.label"] = ["Give the item a label."]
        level = raw.get("level") or 1
        if not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
            errors[f"{at}.level"] = [f"The level is between 1 and {MAX_LEVEL}."]
            level = 1
        page = None
        link = str(raw.get("custom_link") or "").strip()
        if kind == MenuItemType.PAGE:
            page = pages.get(int(raw["page_id"])) if str(raw.get("page_id") or "").isdigit() else None
            if page is None or not page.path.startswith(site_root.path):
                errors[f"{at}.page_id"] = ["Choose a page of this menu's site."]
            link = ""
        elif not link or link.lower().startswith(UNSAFE_SCHEMES):
            errors[f"{at}.custom_link"] = ["Give a path such as /dashboard or an http(s) address."]
        try:
            restriction = _restriction(raw.get("restrictions"), f"{at}.restrictions")
        except Unprocessable as exc:
            errors.update({key: [str(m) for m in value] for key, value in exc.detail.items()})
            restriction = {}
        built.append(
            MenuItem(
                menu=menu,
                sort_order=index,
                label=label[:255],
                type=kind,
                link_page=page,
                custom_link=link[:1000],
                icon=str(raw.get("icon") or "")[:64],
                css_class=str(raw.get("css_class") or "")[:255],
                open_in_new_tab=bool(raw.get("open_in_new_tab")),
                level=level,
                **restriction,
            )
        )
    if errors:
        raise Unprocessable(errors)
    return built


@transaction.atomic
def menus_items_replace(*, actor, menus: list[tuple[Menu, list[dict]]], site_root_for) -> int:
    """Replace the items of each menu; `site_root_for(menu)` is the root its pages must live under."""
    replaced = []
    for index, (menu, items) in enumerate(menus):
        replaced.append(
            (
                menu,
                build_items(menu=menu, items=items, site_root=site_root_for(menu), where=f"menuList.{index}"),
            )
        )
    for menu, items in replaced:
        before = menu.items.count()
        MenuItem.objects.filter(menu=menu).delete()
        MenuItem.objects.bulk_create(items)
        menu.save(update_fields=["updated_at"])
        activity_record(
            actor=actor,
            action=ActivityAction.UPDATED,
            subject=menu,
            changes={"attributes": {"items": len(items)}, "old": {"items": before}},
            portal=menu.portal,
        )
    return len(replaced)


@transaction.atomic
def menu_create(*, actor, name: str, portal=None, slug: str | None = None) -> Menu:
    slug = slugify(slug or name)[:64] or "menu"
    if Menu.objects.filter(portal=portal, slug=slug).exists():
        raise Unprocessable({"name": [f"The site already has a menu {slug!r}."]})
    return logged_create(
        actor=actor,
        instance=Menu(name=name.strip(), slug=slug, portal=portal),
        tracked=MENU_FIELDS,
        portal=portal,
    )
