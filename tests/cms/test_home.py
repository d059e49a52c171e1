"""The learner site's root is a Wagtail HomePage, rendered through templates/ and editable in /cms/."""

import pytest
from wagtail.models import Site

from cms.home.models import HomePage

pytestmark = pytest.mark.django_db


def test_the_default_site_root_is_a_home_page():
    root = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(root, HomePage)


def test_the_home_page_renders_its_edited_content(client):
    home = HomePage.objects.get()
    home.headline = "Learn with Acme"
    home.lead = "Every course in one place."
    home.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Learn with Acme</h1>" in html
    assert "Every course in one place." in html
    assert 'href="/static/css/site.css"' in html


@pytest.mark.parametrize("url, login", [("/admin/", "/admin/login/"), ("/cms/", "/cms/login/")])
def test_admin_and_cms_ask_anonymous_visitors_to_sign_in(client, url, login):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    assert client.get(response["Location"]).status_code == 200


def test_an_owner_reaches_the_cms_dashboard(client, owner):
    client.force_login(owner)
    assert client.get("/cms/").status_code == 200


def test_health_answers_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
