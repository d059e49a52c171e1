"""Menus: snippets with ordered, nested items (nesting by `level`, as the seed sends them).

The academy's menus have no portal; a portal's menus belong to it and render only on its site.
Known slugs: main-menu (header), footer-menu (footer), top-bar-menu, learner-dashboard.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.pages.access import Restriction, UserCategoryListField, UserTypeListField, may_view

MAX_LEVEL = 3
MAIN_MENU, FOOTER_MENU, TOP_BAR_MENU, DASHBOARD_MENU = (
    "main-menu",
    "footer-menu",
    "top-bar-menu",
    "learner-dashboard",
)


class MenuItemType(models.TextChoices):
    PAGE = "page", "Page"
    CUSTOM_LINK = "custom_link", "Custom link"


class Menu(ClusterableModel):
    name = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=64, help_text="main-menu, footer-menu, top-bar-menu, learner-dashboard…"
    )
    portal = models.ForeignKey(
        "portals.Portal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cms_menus",
        help_text="Empty for the academy's site; a portal's menus show on its own site only.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("portal")]),
        InlinePanel("items", label="Items"),
    ]

    class Meta:
        ordering = ["portal_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "slug"], name="menus_unique_slug_per_portal"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(portal__isnull=True), name="menus_unique_academy_slug"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.portal})" if self.portal_id else self.name


class MenuItem(Orderable):
    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(max_length=255)
    type = models.CharField(max_length=16, choices=MenuItemType.choices, default=MenuItemType.PAGE)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    custom_link = models.CharField(max_length=1000, blank=True)
    icon = models.CharField(max_length=64, blank=True)
    css_class = models.CharField(max_length=255, blank=True)
    open_in_new_tab = models.BooleanField(default=False)
    level = models.PositiveSmallIntegerField(
        default=1, help_text=f"1 to {MAX_LEVEL}: nests under the item above."
    )
    restriction = models.CharField(max_length=16, choices=Restriction.choices, default=Restriction.NONE)
    user_categories = UserCategoryListField(default=list, blank=True, verbose_name="user categories")
    user_types = UserTypeListField(default=list, blank=True, verbose_name="user types")

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("type"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("link_page"), FieldPanel("custom_link")]),
        FieldRowPanel([FieldPanel("icon"), FieldPanel("css_class"), FieldPanel("open_in_new_tab")]),
        MultiFieldPanel(
            [FieldPanel("restriction"), FieldPanel("user_categories"), FieldPanel("user_types")],
            heading="Restrictions",
        ),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return self.label

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.type == MenuItemType.PAGE and not self.link_page_id:
            errors["link_page"] = "Choose the page this item links to."
        if self.type == MenuItemType.CUSTOM_LINK and not self.custom_link:
            errors["custom_link"] = "Give the link (a path such as /dashboard or a web address)."
        if self.custom_link and self.custom_link.strip().lower().startswith(
            ("javascript:", "data:", "vbscript:")
        ):
            errors["custom_link"] = "Links must be paths or http(s) addresses."
        if not 1 <= (self.level or 0) <= MAX_LEVEL:
            errors["level"] = f"The level is between 1 and {MAX_LEVEL}."
        if errors:
            raise ValidationError(errors)

    def is_visible_to(self, user) -> bool:
        return may_view(
            user, restriction=self.restriction, categories=self.user_categories, user_types=self.user_types
        )

    def hyperlink(self, request=None) -> str | None:
        if self.type == MenuItemType.CUSTOM_LINK:
            return self.custom_link or None
        if self.link_page_id is None:
            return None
        return self.link_page.get_url(request=request)
