"""Users API fixtures: people in the portal tree and a snapshot of what a refused call must not change."""

import json

import pytest

from lms.accounts.models import Address, User
from lms.audit.models import Activity
from lms.categories.models import Category
from lms.notifications.models import OutboxEmail
from lms.portals.models import PortalMembership
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.portals import PortalMembershipFactory

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."
USER_PERMISSIONS = [
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
]


def state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(User.objects.order_by("pk").values()),
        list(Address.objects.order_by("pk").values()),
        list(PortalMembership.objects.order_by("pk").values()),
        Activity.objects.count(),
        OutboxEmail.objects.count(),
    )


def as_query(**params):
    return {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}


@pytest.fixture
def people(portal_tree):
    """alice: learner of the first portal; bob: of its sub-portal; carol: of the second portal."""
    alice = UserFactory(first_name="Alice", last_name="Archer", email="alice@example.org")
    bob = UserFactory(first_name="Bob", last_name="Baker", email="bob@example.org")
    carol = UserFactory(first_name="Carol", last_name="Cook", email="carol@example.org")
    PortalMembershipFactory(portal=portal_tree["first"], user=alice)
    PortalMembershipFactory(portal=portal_tree["child"], user=bob)
    PortalMembershipFactory(portal=portal_tree["second"], user=carol)
    return {"alice": alice, "bob": bob, "carol": carol}


@pytest.fixture
def user_category():
    return Category.objects.create(name="Engineers", type="user")


@pytest.fixture
def user_admin_api(staff_api_with):
    return staff_api_with(*USER_PERMISSIONS)


@pytest.fixture
def portal_admin_api(portal_admin):
    return api_client_for(portal_admin)
