"""Menus: a snippet with its own screens in /cms/ (items are ordered and nest by level)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.menus.models import Menu


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = "Menus"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "slug", "portal", "updated_at"]
    list_filter = ["portal"]
    search_fields = ["name", "slug"]


register_snippet(MenuViewSet)
