"""The learner site's pages, edited by marketers in /cms/ and through the pages API.

StandardPage: a StreamField body, SEO fields, a category, the seed's page layout (which decides the
template) and the seed's restrictions. ContactPage: a Wagtail form whose submissions are stored and
e-mailed to the portal's admins. PortalHomePage: the root page of a portal's own site. PageLayout,
PageSnippet and PageCategory are snippets with their own screens in /cms/.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages.access import Restriction, UserCategoryListField, UserTypeListField, may_view
from cms.pages.blocks import PageBodyBlock
from website.html import sanitise_html

PORTAL_ROOT_DEPTH = 2  # portal root pages sit beside the academy's home page, under Wagtail's root


class PageLayoutChoice(models.TextChoices):
    """The seed's page layouts: each page picks one, and it decides the page's template."""

    FULL_WIDTH = "full_width", "Full Width"
    FIXED_WIDTH = "fixed_width", "Fixed width with left/right margin gaps"
    NO_HEADER = "no_header", "No Header/Menus/Footer"


class AccessibleBy(models.TextChoices):
    """The seed's `accessibleBy` (with `restrictedToLoginUser`), see `Restriction` for the stored kind."""

    ALL = "all", "No Restriction"
    USER_CATEGORY = "user_category", "Restrict by User Categories"
    USER_TYPE = "user_type", "Restrict by User Types"


class LayoutContext(models.TextChoices):
    PAGE = "page", "Page"
    SECTION = "section", "Section"
    ROW = "row", "Row"
    MODULE = "module", "Module"


class LayoutType(models.TextChoices):
    PREDEFINED = "predefined", "Predefined"
    USER = "user", "Saved by a user"


class PageCategory(models.Model):
    """A page (and layout) category; lms.categories has no page type, so pages keep their own."""

    key = models.SlugField(max_length=64, unique=True, help_text="The API's db_value, e.g. call_to_action.")
    name = models.CharField(max_length=255)

    panels = [FieldPanel("name"), FieldPanel("key")]

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "page categories"

    def __str__(self):
        return self.name


class PageLayout(models.Model):
    """A saved layout (predefined or saved by a user) that starts a new page's body."""

    name = models.CharField(max_length=255)
    context = models.CharField(max_length=16, choices=LayoutContext.choices, default=LayoutContext.PAGE)
    type = models.CharField(max_length=16, choices=LayoutType.choices, default=LayoutType.USER)
    category = models.ForeignKey(
        PageCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="layouts"
    )
    data = models.TextField(blank=True, help_text="The layout's HTML (cleaned of scripts when saved).")
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.CASCADE, related_name="page_layouts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("context"), FieldPanel("type"), FieldPanel("category")]),
        FieldPanel("portal"),
        FieldPanel("data"),
    ]

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.data = sanitise_html(self.data)
        super().save(*args, **kwargs)


class PageSnippet(models.Model):
    """A reusable piece of HTML, keyed by an identifier (the seed's snippet map)."""

    identifier = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    html = models.TextField(blank=True, help_text="Cleaned of scripts when saved.")

    panels = [FieldPanel("name"), FieldPanel("identifier"), FieldPanel("html")]

    class Meta:
        ordering = ["identifier"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.html = sanitise_html(self.html)
        super().save(*args, **kwargs)


class RestrictedPage(models.Model):
    """The seed's restrictions on a page, enforced by serve() and by the API's selectors."""

    restriction = models.CharField(
        max_length=16,
        choices=Restriction.choices,
        default=Restriction.NONE,
        help_text="Who may see the page, on top of Wagtail's own privacy setting.",
    )
    user_categories = UserCategoryListField(default=list, blank=True, verbose_name="user categories")
    user_types = UserTypeListField(default=list, blank=True, verbose_name="user types")

    restriction_panels = [
        MultiFieldPanel(
            [FieldPanel("restriction"), FieldPanel("user_categories"), FieldPanel("user_types")],
            heading="Restrictions",
        )
    ]

    class Meta:
        abstract = True

    def is_visible_to(self, user) -> bool:
        return may_view(
            user, restriction=self.restriction, categories=self.user_categories, user_types=self.user_types
        )

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_to(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)


class PortalOwnedPage(models.Model):
    """Pages under a portal's root belong to that portal (kept on the row for scoped queries)."""

    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            self.portal_id = (
                PortalHomePage.objects.filter(path=self.path[: Page.steplen * PORTAL_ROOT_DEPTH])
                .values_list("portal_id", flat=True)
                .first()
            )
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["portal"] = self.portal
        return context


class PortalHomePage(Page):
    """The root page of a portal's own Wagtail site (made by services.portal_site_ensure)."""

    # SET_NULL: Wagtail's tree must not lose rows to a database cascade; a deleted portal's pages stay,
    # unpublished (services.portal_site_retire).
    portal = models.OneToOneField(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="cms_root"
    )
    intro = models.TextField(blank=True)
    body = StreamField(PageBodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/portal_home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["portal"] = self.portal
        return context


CHILD_PARENTS = ["home.HomePage", "pages.PortalHomePage", "pages.StandardPage"]


class StandardPage(RestrictedPage, PortalOwnedPage, Page):
    body = StreamField(PageBodyBlock(), blank=True)
    layout = models.CharField(
        max_length=16, choices=PageLayoutChoice.choices, default=PageLayoutChoice.FULL_WIDTH
    )
    category = models.ForeignKey(
        PageCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="pages"
    )
    start_layout = models.ForeignKey(
        PageLayout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="start from layout",
        help_text="While the body is empty, saving copies this saved layout into it.",
    )
    seo_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seo_thumbnail_url = models.URLField(max_length=1000, blank=True, help_text="Or the address of an image.")

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [FieldPanel("layout"), FieldPanel("category"), FieldPanel("start_layout", widget=forms.Select)]
        ),
        FieldPanel("body"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("seo_image"), FieldPanel("seo_thumbnail_url")], heading="SEO image"),
    ]
    settings_panels = [*Page.settings_panels, *RestrictedPage.restriction_panels]
    parent_page_types = CHILD_PARENTS
    template = "pages/standard_page.html"

    def __str__(self):
        return self.title

    def full_clean(self, *args, **kwargs):
        if self.start_layout_id and not len(self.body):
            self.body = [("html", self.start_layout.data)]
        super().full_clean(*args, **kwargs)

    @cached_property
    def seo_image_url(self) -> str:
        if self.seo_image_id:
            return self.seo_image.get_rendition("fill-1200x630").url
        return self.seo_thumbnail_url


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(RestrictedPage, PortalOwnedPage, AbstractForm):
    """A contact form: each submission is stored (Wagtail's form submissions) and e-mailed by a task."""

    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)
    layout = models.CharField(
        max_length=16, choices=PageLayoutChoice.choices, default=PageLayoutChoice.FIXED_WIDTH
    )

    content_panels = [
        *AbstractForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        FieldPanel("layout"),
    ]
    settings_panels = [*Page.settings_panels, *RestrictedPage.restriction_panels]
    parent_page_types = CHILD_PARENTS
    subpage_types: list[str] = []
    template = "pages/contact_page.html"
    landing_page_template = "pages/contact_page_landing.html"

    def __str__(self):
        return self.title

    def process_form_submission(self, form):
        from cms.pages.services import contact_submission_notify

        submission = super().process_form_submission(form)
        contact_submission_notify(submission=submission)
        return submission
