"""The demo academy's custom-field data loads once; the app's admin saves and deletes through services.

(Every admin page of the app is rendered by tests/test_admin.py.)"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lms.accounts.models import User
from lms.audit.models import Activity
from lms.userfields.models import CustomUserField, CustomUserValue, UserConsent, UserUpload
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory

pytestmark = pytest.mark.django_db


def test_the_demo_academy_loads_its_custom_fields_once():
    call_command("load_demo", verbosity=0)
    counts = [model.objects.count() for model in (CustomUserField, CustomUserValue, UserConsent, UserUpload)]
    assert counts[0] == 3 and counts[2] == 1 and counts[3] == 1
    assert User.objects.get(email="new.hire@lectern.local").custom_values.get().value == "Sales"

    again = StringIO()
    call_command("load_demo", stdout=again)

    assert "(0 new records)" in again.getvalue()
    assert [
        model.objects.count() for model in (CustomUserField, CustomUserValue, UserConsent, UserUpload)
    ] == counts


def test_the_admin_deletes_through_the_service_and_keeps_fields_in_use(client, owner):
    client.force_login(owner)
    used, unused = CustomUserFieldFactory(label="Used"), CustomUserFieldFactory(label="Unused")
    CustomUserValueFactory(field=used)

    response = client.post(
        reverse("admin:userfields_customuserfield_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert list(CustomUserField.objects.values_list("label", flat=True)) == ["Used"]
    assert Activity.objects.filter(subject_kind="Custom User Field", action="deleted").count() == 1


def test_the_admin_refuses_a_select_field_without_options(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("admin:userfields_customuserfield_add"),
        {
            "key": "colour",
            "label": "Colour",
            "type": "radio",
            "options": "[]",
            "report_exports": "[]",
            "position": 1,
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "A select field needs at least one option." in response.content.decode()
    assert not CustomUserField.objects.exists()
