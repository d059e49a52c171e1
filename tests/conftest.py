"""Shared fixtures: real tokens, the roles of the permission matrix, and the machine-dependent markers.

`postgres`, `worker` and `browser` tests run where the machine has what they need and are skipped
otherwise; under CI=true a test that would be skipped fails instead, so CI cannot go green by skipping.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from lms.portals.models import PortalRole
from tests.factories import PortalFactory, PortalMembershipFactory, StaffFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL=postgres://...)"
    if item.get_closest_marker("worker") and not settings.CELERY_BROKER_URL:
        return "needs a Celery broker (set CELERY_BROKER_URL=redis://...)"
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        return "needs Debian's Chromium at /usr/bin/chromium"
    return None


def pytest_runtest_setup(item):
    reason = _missing(item)
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run this test but the machine lacks what it {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factory users hash passwords in microseconds; the production hasher stays in settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process in tests, broker or not; only `worker` tests go through a real worker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from website.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def api_client_for(user=None) -> APIClient:
    """An API client that signs in the way integrators do: a real (hashed) token in the header."""
    client = APIClient()
    if user is not None:
        _instance, token = AuthToken.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def owner():
    return UserFactory(user_type="owner", email="owner@example.org")


@pytest.fixture
def owner_api(owner):
    return api_client_for(owner)


@pytest.fixture
def learner():
    return UserFactory()


@pytest.fixture
def learner_api(learner):
    return api_client_for(learner)


@pytest.fixture
def staff_without_permissions():
    return StaffFactory()


@pytest.fixture
def staff_api_with():
    """`staff_api_with("app.codename", ...)`: a staff member's client holding exactly those permissions."""

    def make(*permissions):
        return api_client_for(StaffFactory(permissions=list(permissions)))

    return make


@pytest.fixture
def portal_tree():
    """Two root portals; the first has a sub-portal."""
    first = PortalFactory(name="Acme")
    child = PortalFactory(name="Acme Sales", parent=first)
    second = PortalFactory(name="Globex")
    first.refresh_from_db()
    return {"first": first, "child": child, "second": second}


@pytest.fixture
def portal_admin(portal_tree):
    """An admin of the first portal (and so of its sub-portal)."""
    membership = PortalMembershipFactory(portal=portal_tree["first"], role=PortalRole.ADMIN)
    return membership.user


@pytest.fixture
def count_queries():
    """`count_queries(callable)` -> (result, number of queries it ran)."""

    def run(action):
        with CaptureQueriesContext(connection) as context:
            result = action()
        return result, len(context.captured_queries)

    return run


# --- Browser tests (Debian's Chromium through Playwright) ---------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Under Playwright's event loop the test's ORM calls get connections of their own context; close
        # them here, or PostgreSQL refuses to drop the test database while they are open.
        connections.close_all()
