"""The demo academy's site: home page content, an about page, a contact page, saved layouts and a
snippet, the main, footer and dashboard menus (edited as Wagtail snippets), and a portal with its own
site root, pages and menu. Idempotent: what exists (by slug or name) is left as it is."""

from cms.menus.models import DASHBOARD_MENU, FOOTER_MENU, MAIN_MENU, Menu, MenuItem
from cms.pages import services
from cms.pages.models import ContactFormField, ContactPage, LayoutType, PageCategory, PageLayout, PageSnippet

DEMO_PORTAL = "Acme Corporation"
ABOUT_BODY = [
    {
        "type": "text",
        "text": "<h2>Who we are</h2><p>Lectern Academy trains teams in leadership, compliance and software.</p>",
    },
    {
        "type": "call_to_action",
        "title": "Start learning",
        "text": "Browse the catalogue.",
        "button_label": "See courses",
        "url": "/",
    },
    {"type": "course_list", "heading": "Popular courses", "limit": 6},
]
LAYOUTS = [
    (
        "Hero and text",
        "pages",
        '<section class="hero"><h2>A headline</h2><p>A sentence that sells it.</p></section><p>Body text.</p>',
    ),
    (
        "Frequently asked questions",
        "faq",
        "<h2>Questions</h2><h3>How do I start?</h3><p>Sign in and pick a course.</p>",
    ),
]
CONTACT_FIELDS = [
    ("First name", "singleline"),
    ("Last name", "singleline"),
    ("Email", "email"),
    ("Phone", "singleline"),
    ("Message", "multiline"),
]


def _page(parent, slug, make) -> tuple[object, int]:
    existing = parent.get_children().filter(slug=slug).first()
    return (existing.specific, 0) if existing is not None else (make(), 1)


def _contact_page(parent, actor) -> ContactPage:
    page = ContactPage(
        title="Contact us", slug="contact", intro="<p>Questions about a course? Write to us.</p>", owner=actor
    )
    parent.add_child(instance=page)
    for index, (label, field_type) in enumerate(CONTACT_FIELDS):
        ContactFormField.objects.create(
            page=page, sort_order=index, label=label, field_type=field_type, required=index != 3
        )
    page.save_revision(user=actor).publish(user=actor)
    return page


def _menu(*, name, slug, portal=None, items) -> int:
    menu, created = Menu.objects.get_or_create(slug=slug, portal=portal, defaults={"name": name})
    if created:
        MenuItem.objects.bulk_create(
            MenuItem(menu=menu, sort_order=index, **fields) for index, fields in enumerate(items)
        )
    return int(created)


def load_demo(*, actor, users: dict, portals: dict) -> int:
    """Returns how many records it created."""
    created = 0
    home = services.academy_root().specific
    if not len(home.body):
        home.body = [
            ("heading", "Why Lectern"),
            ("paragraph", "<p>Short courses, real certificates, your own pace.</p>"),
        ]
        home.save_revision(user=actor).publish(user=actor)
        created += 1

    for name, category, data in LAYOUTS:
        _, made = PageLayout.objects.get_or_create(
            name=name,
            portal=None,
            defaults={
                "data": data,
                "type": LayoutType.PREDEFINED,
                "category": PageCategory.objects.filter(key=category).first(),
            },
        )
        created += made
    _, made = PageSnippet.objects.get_or_create(
        identifier="newsletter",
        defaults={
            "name": "Newsletter sign-up",
            "html": '<div class="newsletter"><p>Monthly news from the academy.</p></div>',
        },
    )
    created += made

    about, made = _page(
        home,
        "about",
        lambda: services.page_create(
            actor=actor, parent=home, title="About", content=ABOUT_BODY, layout="fixed_width"
        ),
    )
    created += made
    contact, made = _page(home, "contact", lambda: _contact_page(home, actor))
    created += made
    created += _menu(
        name="Main Menu",
        slug=MAIN_MENU,
        items=[
            {"label": "Home", "type": "custom_link", "custom_link": "/"},
            {"label": "About", "type": "page", "link_page": about},
            {"label": "Contact Us", "type": "page", "link_page": contact},
        ],
    )
    created += _menu(
        name="Footer Menu",
        slug=FOOTER_MENU,
        items=[{"label": "Contact", "type": "page", "link_page": contact}],
    )
    created += _menu(
        name="Dashboard",
        slug=DASHBOARD_MENU,
        items=[
            {
                "label": "Dashboard",
                "type": "custom_link",
                "custom_link": "/dashboard",
                "restriction": "logged_in",
            },
            {
                "label": "My Profile",
                "type": "custom_link",
                "custom_link": "/profile",
                "restriction": "logged_in",
            },
        ],
    )

    portal = portals.get(DEMO_PORTAL)
    if portal is not None:
        portal_home = services.portal_site_ensure(actor=actor, portal=portal)
        welcome, made = _page(
            portal_home,
            "welcome",
            lambda: services.page_create(
                actor=actor,
                parent=portal_home,
                title="Welcome",
                layout="full_width",
                content=[{"type": "text", "text": f"<p>Training for {portal.name} teams.</p>"}],
            ),  # fmt: skip
        )
        created += made
        policies, made = _page(
            portal_home,
            "policies",
            lambda: services.page_create(
                actor=actor,
                parent=portal_home,
                title="Policies",
                layout="fixed_width",
                restriction="logged_in",
                content=[{"type": "text", "text": "<p>Our training policies, for signed-in staff.</p>"}],
            ),  # fmt: skip
        )
        created += made
        created += _menu(
            name=f"{portal.name} menu",
            slug=MAIN_MENU,
            portal=portal,
            items=[
                {"label": "Welcome", "type": "page", "link_page": welcome},
                {"label": "Policies", "type": "page", "link_page": policies, "restriction": "logged_in"},
            ],
        )
    return created
