import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site


@pytest.fixture
def default_site(db):
    """Wagtail's default site. Its data migrations make one, but a test database flushed by a
    transactional test (without serialized_rollback) lacks it: make it again then."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    return site
