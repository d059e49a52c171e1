"""The CMS in a real browser (Debian's Chromium through Playwright) against the live server.

A marketer signs in to /cms/, starts a page from a saved layout, publishes it, adds it to the main
menu, and both appear on the site; a page restricted to a user category stays hidden from other
learners; stored-XSS payloads in every HTML-bearing field never execute.
"""

import pytest
from django.test import Client

from cms.pages.models import PageSnippet, StandardPage
from cms.pages.services import academy_root
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.catalogue import CategoryFactory
from tests.factories.cms import make_layout, make_menu, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><svg onload="window.__xss=1"></svg>'


def signed_in_context(browser, live_server, user):
    """A browser context carrying `user`'s session (learners sign in on the learner site, not here)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_a_marketer_builds_a_page_from_a_layout_and_adds_it_to_the_main_menu(browser, live_server):
    marketer = UserFactory(user_type="owner", email="marketer@example.org")
    make_layout(name="Hero layout", data="<h2>Fresh from the layout</h2>")
    menu = make_menu(items=[{"label": "Home", "type": "custom_link", "custom_link": "/"}])
    home = academy_root()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()

    page.goto("/cms/login/")
    page.fill("input[name=username]", marketer.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cms/")

    page.goto(f"/cms/pages/add/pages/standardpage/{home.pk}/")
    page.fill("#id_title", "Spring offer")
    page.select_option("#id_start_layout", label="Hero layout")
    page.click('a[href="#tab-promote"]')
    page.fill("#id_slug", "spring-offer")
    with page.expect_navigation():  # "Publish" sits in the footer's dropdown: press it directly
        page.evaluate("document.querySelector('button[name=action-publish]').click()")
    assert StandardPage.objects.filter(title="Spring offer").exists(), page.inner_text("main")[:1500]
    created = StandardPage.objects.get(title="Spring offer")
    assert created.live and created.body.raw_data[0]["value"] == "<h2>Fresh from the layout</h2>"

    page.goto(f"/cms/snippets/menus/menu/edit/{menu.pk}/")
    page.click("#id_items-ADD")
    page.fill("#id_items-1-label", "Spring offer")
    page.select_option("#id_items-1-type", "page")
    page.locator("#id_items-1-link_page-chooser .unchosen [data-chooser-action-choose]").click()
    page.wait_for_selector(".modal a.choose-page")
    offer = page.locator(".modal a.choose-page", has_text="Spring offer")
    if not offer.count():  # the chooser opens at Wagtail's root: step into the home page
        page.locator(f'.modal a.navigate-pages[href*="/choose-page/{home.pk}/"]').first.click()
        offer.wait_for()
    offer.click()
    with page.expect_navigation():
        page.locator("form button[type=submit]", has_text="Save").first.click()
    assert menu.items.filter(label="Spring offer", type="page", link_page=created).exists()

    blocked = []  # the site's pages send a strict CSP: nothing of ours may be refused
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text)
    )
    response = page.goto(created.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h2", has_text="Fresh from the layout").is_visible()
    link = page.locator("nav.main-nav a", has_text="Spring offer")
    assert link.get_attribute("href") == created.url
    assert blocked == []
    context.close()


def test_a_page_restricted_to_a_user_category_is_hidden_from_other_learners(browser, live_server):
    owner = UserFactory(user_type="owner")
    category = CategoryFactory(name="New hires", type="user")
    page_obj = make_page(
        title="Onboarding", actor=owner, restriction="user_category", user_categories=[category.pk]
    )
    insider, outsider = UserFactory(), UserFactory()
    insider.categories.add(category)

    outside = signed_in_context(browser, live_server, outsider).new_page()
    assert outside.goto(page_obj.url).status == 404
    inside = signed_in_context(browser, live_server, insider).new_page()
    assert inside.goto(page_obj.url).status == 200
    assert inside.locator("h1", has_text="Onboarding").is_visible()

    api = Client()
    api.force_login(outsider)
    dashboard = api.get("/api/v1/pages/dashboard/").json()
    assert "Onboarding" not in [row["title"] for row in dashboard["pages"]]


def test_stored_xss_payloads_never_execute(browser, live_server):
    owner = UserFactory(user_type="owner")
    PageSnippet.objects.create(identifier="promo", name="Promo", html=XSS)
    content = [
        {"type": "text", "text": f"<p>Text</p>{XSS}"},
        {"type": "html", "html": XSS},
        {"type": "rich_text", "text": f"<p>Rich</p>{XSS}"},
        {"type": "columns", "columns": [[{"type": "text", "text": XSS}]]},
        {
            "type": "call_to_action",
            "title": XSS,
            "text": XSS,
            "button_label": "<svg onload=window.__xss=1>",
            "url": "/",
        },
    ]
    target = make_page(
        title='Hello"><script>window.__xss=1</script>',
        actor=owner,
        content=content,
        seo_title=XSS,
        search_description='"><script>window.__xss=1</script>',
    )
    make_layout(name="Evil", data=XSS)
    make_menu(
        items=[
            {
                "label": XSS,
                "type": "custom_link",
                "custom_link": "/",
                "css_class": '"><script>window.__xss=1</script>',
            }
        ]
    )
    tab = browser.new_context(base_url=live_server.url).new_page()

    tab.goto(target.url)
    tab.wait_for_load_state("load")
    assert tab.locator("h1").count() == 1
    assert tab.evaluate("window.__xss") is None
    tab.goto("/")
    assert tab.evaluate("window.__xss") is None
