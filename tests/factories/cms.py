"""Factories for the CMS: pages are made through the services (Wagtail revisions), so they are live."""

from cms.menus.models import Menu, MenuItem
from cms.pages import services
from cms.pages.models import ContactFormField, ContactPage, PageLayout, PageSnippet


def make_page(*, title="About us", parent=None, portal=None, actor=None, **fields):
    """A published StandardPage under the academy home (or the portal's root when `portal` is given)."""
    if parent is None:
        parent = (
            services.portal_site_ensure(actor=actor, portal=portal)
            if portal is not None
            else services.academy_root()
        )
    fields.setdefault("layout", "full_width")
    return services.page_create(actor=actor, parent=parent, title=title, **fields)


def make_contact_page(*, title="Contact us", parent=None, portal=None):
    if parent is None:
        parent = (
            services.portal_site_ensure(actor=None, portal=portal)
            if portal is not None
            else services.academy_root()
        )
    page = ContactPage(title=title, slug=title.lower().replace(" ", "-"))
    parent.add_child(instance=page)
    for index, (label, field_type) in enumerate(
        [
            ("First name", "singleline"),
            ("Last name", "singleline"),
            ("Email", "email"),
            ("Message", "multiline"),
        ]
    ):
        ContactFormField.objects.create(
            page=page, sort_order=index, label=label, field_type=field_type, required=True
        )
    page.save_revision().publish()
    return ContactPage.objects.get(pk=page.pk)


def make_menu(*, name="Main Menu", slug="main-menu", portal=None, items=()):
    menu = Menu.objects.create(name=name, slug=slug, portal=portal)
    for index, fields in enumerate(items):
        MenuItem.objects.create(menu=menu, sort_order=index, **fields)
    return menu


def make_layout(**fields):
    fields.setdefault("name", "Hero layout")
    fields.setdefault("data", "<section><h2>Welcome</h2><p>Start here.</p></section>")
    return PageLayout.objects.create(**fields)


def make_snippet(**fields):
    fields.setdefault("identifier", "newsletter")
    fields.setdefault("name", "Newsletter")
    fields.setdefault("html", "<div>Sign up</div>")
    return PageSnippet.objects.create(**fields)
