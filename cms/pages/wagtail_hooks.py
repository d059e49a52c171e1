"""Layouts, snippets and page categories: Wagtail snippets with their own screens in /cms/."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.pages.models import PageCategory, PageLayout, PageSnippet


class PageLayoutViewSet(SnippetViewSet):
    model = PageLayout
    icon = "doc-empty-inverse"
    menu_label = "Page layouts"
    list_display = ["name", "context", "type", "category", "portal"]
    list_filter = ["context", "type", "category"]
    search_fields = ["name"]


class PageSnippetViewSet(SnippetViewSet):
    model = PageSnippet
    icon = "code"
    menu_label = "Page snippets"
    list_display = ["name", "identifier"]
    search_fields = ["name", "identifier"]


class PageCategoryViewSet(SnippetViewSet):
    model = PageCategory
    icon = "tag"
    menu_label = "Page categories"
    list_display = ["name", "key"]


class PageBuildingGroup(SnippetViewSetGroup):
    menu_label = "Page building"
    menu_icon = "doc-full"
    menu_order = 250
    items = (PageLayoutViewSet, PageSnippetViewSet, PageCategoryViewSet)


register_snippet(PageBuildingGroup)
