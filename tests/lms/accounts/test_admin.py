"""The users admin: adding, changing, deleting and importing go through the services."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from tablib import Dataset

from lms.accounts.admin import UserResource
from lms.accounts.models import User, UserSource
from lms.audit.models import Activity, ActivityAction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_adding_a_user_in_the_admin_goes_through_user_create(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.org",
            "first_name": "New",
            "last_name": "Person",
            "user_type": "general",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(email="new@example.org")
    assert user.source == UserSource.ADMIN
    assert user.check_password("a-long-pass-phrase-1")
    assert Activity.objects.filter(action=ActivityAction.CREATED, subject_id=str(user.pk)).exists()


def test_the_admin_delete_keeps_the_owner(admin_client, owner):
    response = admin_client.post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [owner.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert User.objects.filter(pk=owner.pk).exists()


def test_the_admin_exports_users(admin_client, owner):
    response = admin_client.post(
        "/admin/accounts/user/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"userresource_{name}": "on" for name in ("id", "email", "first_name")},
        },
    )
    assert response.status_code == 200


HEADERS = ["id", "email", "first_name", "last_name", "user_type", "is_active", "internal_note"]


def rows(*values):
    dataset = Dataset(headers=HEADERS)
    for row in values:
        dataset.append(row)
    return dataset


def test_imports_go_through_the_services(owner):
    imported = ["", "imported@example.org", "Imp", "Orted", "general", "1", ""]
    dataset = rows(["", "boss@example.org", "Bo", "Ss", "owner", "1", ""])
    staff = User.objects.create_user("staff@example.org", user_type="staff")
    staff.user_permissions.add(Permission.objects.get(codename="add_user"))
    result = UserResource().import_data(dataset, dry_run=False, user=staff)
    assert result.has_validation_errors()  # staff may not create an owner
    assert not User.objects.filter(email="boss@example.org").exists()
    result = UserResource().import_data(rows(imported), dry_run=False, user=owner)
    assert not result.has_errors() and not result.has_validation_errors()
    assert User.objects.get(email="imported@example.org").source == UserSource.IMPORT


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_exports_escape_cells_that_a_spreadsheet_would_run(admin_client, hostile):
    UserFactory(email="hostile@example.org", first_name=hostile)

    response = admin_client.post(
        "/admin/accounts/user/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"userresource_{name}": "on" for name in ("email", "first_name")},
        },
    )

    exported = {
        row["email"]: row["first_name"] for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    assert response.status_code == 200
    assert exported["hostile@example.org"] != hostile
    assert not exported["hostile@example.org"].startswith(("=", "+", "-", "@", "\t", "\r"))
