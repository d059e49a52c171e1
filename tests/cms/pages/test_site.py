"""The rendered site: layouts pick templates, restrictions hide pages, menus render, HTML stays safe."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from cms.pages import demo
from cms.pages.models import ContactPage, PageLayout, PortalHomePage, StandardPage
from lms.notifications.models import OutboxEmail
from tests.factories.accounts import UserFactory
from tests.factories.catalogue import CategoryFactory
from tests.factories.cms import make_contact_page, make_layout, make_menu, make_page
from tests.factories.portals import PortalFactory

pytestmark = pytest.mark.django_db


def test_the_layout_decides_the_template(owner, client):
    make_menu(items=[{"label": "Home", "type": "custom_link", "custom_link": "/"}])
    make_page(title="Wide", actor=owner, layout="full_width")
    make_page(title="Bare", actor=owner, layout="no_header")

    wide = client.get("/wide/").content.decode()
    bare = client.get("/bare/").content.decode()

    assert 'data-menu="main-menu"' in wide and "site-footer" in wide
    assert 'data-menu="main-menu"' not in bare and "site-footer" not in bare


def test_a_page_restricted_to_a_user_category_is_hidden_from_other_learners(owner, client):
    category = CategoryFactory(name="New hires", type="user")
    make_page(title="Onboarding", actor=owner, restriction="user_category", user_categories=[category.pk])
    insider, outsider = UserFactory(), UserFactory()
    insider.categories.add(category)

    assert client.get("/onboarding/")["Location"] == "/sign-in/?next=/onboarding/"  # anonymous: sign in first
    client.force_login(outsider)
    assert client.get("/onboarding/").status_code == 404
    client.force_login(insider)
    assert client.get("/onboarding/").status_code == 200


def test_a_page_for_logged_in_users_and_user_types(owner, client):
    make_page(title="Members", actor=owner, restriction="logged_in")
    make_page(title="Staff notes", actor=owner, restriction="user_type", user_types=["staff"])
    client.force_login(UserFactory())
    assert client.get("/members/").status_code == 200
    assert client.get("/staff-notes/").status_code == 404


def test_restricted_menu_items_are_hidden(owner, client):
    category = CategoryFactory(name="New hires", type="user")
    make_menu(
        items=[
            {"label": "Public", "type": "custom_link", "custom_link": "/public"},
            {
                "label": "Members",
                "type": "custom_link",
                "custom_link": "/members",
                "restriction": "logged_in",
            },
            {"label": "Nested", "type": "custom_link", "custom_link": "/nested", "level": 2},
            {
                "label": "Hires",
                "type": "custom_link",
                "custom_link": "/hires",
                "restriction": "user_category",
                "user_categories": [category.pk],
            },
        ]
    )
    html = client.get("/").content.decode()
    assert "Public" in html and "Members" not in html and "Nested" not in html and "Hires" not in html
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert "Members" in html and "Nested" in html and "Hires" not in html


def test_a_page_started_from_a_layout_copies_its_body(owner):
    layout = make_layout(data="<h2>From the layout</h2>")
    page = StandardPage(title="New", slug="new", start_layout=layout)
    from cms.pages.services import academy_root

    academy_root().add_child(instance=page)
    assert page.body.raw_data[0]["value"] == "<h2>From the layout</h2>"


def test_layout_html_is_sanitised():
    layout = PageLayout.objects.create(
        name="x", data='<p>ok</p><script>window.__xss=1</script><a href="javascript:alert(1)">a</a>'
    )
    assert "script" not in layout.data and "javascript" not in layout.data


def test_call_to_action_refuses_javascript_links(owner_api):
    content = [{"type": "call_to_action", "title": "T", "button_label": "Go", "url": "javascript:alert(1)"}]
    payload = {"title": "CTA", "layout": "full_width", "content": content}
    assert owner_api.post("/api/v1/pages/", payload, format="json").status_code == 422


def test_the_wagtail_contact_form_stores_and_emails(owner, client, django_capture_on_commit_callbacks):
    make_contact_page()
    data = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.org", "message": "Hello"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact-us/", data)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert FormSubmission.objects.get().form_data["message"] == "Hello"
    assert OutboxEmail.objects.get().to == owner.email


def test_the_cms_screens_render(owner, client):
    make_layout()
    make_menu(items=[{"label": "Home", "type": "custom_link", "custom_link": "/"}])
    page = make_page(title="About", actor=owner)
    client.force_login(owner)
    for url in (
        "/cms/snippets/pages/pagelayout/",
        "/cms/snippets/pages/pagelayout/add/",
        "/cms/snippets/pages/pagesnippet/",
        "/cms/snippets/pages/pagecategory/",
        "/cms/snippets/menus/menu/",
        "/cms/snippets/menus/menu/add/",
        f"/cms/snippets/menus/menu/edit/{make_menu(name='F', slug='footer-menu').pk}/",
        f"/cms/pages/{page.pk}/edit/",
        f"/cms/pages/add/pages/standardpage/{page.get_parent().pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_demo_is_idempotent(owner, client):
    portal = PortalFactory(name="Acme Corporation")
    first = demo.load_demo(actor=owner, users={owner.email: owner}, portals={portal.name: portal})
    again = demo.load_demo(actor=owner, users={owner.email: owner}, portals={portal.name: portal})

    assert first > 0 and again == 0
    assert ContactPage.objects.filter(slug="contact").exists()
    assert PortalHomePage.objects.filter(portal=portal).exists()
    html = client.get("/about/").content.decode()
    assert "Who we are" in html and 'href="/contact/"' in html


def test_site_pages_send_the_strict_content_security_policy_and_the_editors_do_not(owner, client):
    page = make_page(title="Policies", actor=owner)
    assert "script-src 'self'" in client.get(page.url)["Content-Security-Policy"]
    client.force_login(owner)
    assert "Content-Security-Policy" not in client.get("/cms/")
    assert "Content-Security-Policy" not in client.get("/admin/")
