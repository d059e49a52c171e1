"""The admin of devices and sign-in locks: read-only pages; deleting goes through the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.audit.models import Activity
from lms.twofactor.models import SignInThrottle, TwoFactorDevice
from tests.factories.twofactor import TwoFactorDeviceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_the_pages_render_without_secrets(owner_client):
    device = TwoFactorDeviceFactory()
    lock = SignInThrottle.objects.create(key="pair:a@example.org|10.0.0.1", window_started_at=timezone.now())

    pages = [
        reverse("admin:twofactor_twofactordevice_changelist"),
        reverse("admin:twofactor_twofactordevice_change", args=[device.pk]),
        reverse("admin:twofactor_signinthrottle_changelist"),
        reverse("admin:twofactor_signinthrottle_change", args=[lock.pk]),
    ]
    for url in pages:
        response = owner_client.get(url)
        assert response.status_code == 200, url
        assert device.secret not in response.content.decode()
    assert owner_client.get(reverse("admin:twofactor_twofactordevice_add")).status_code == 403


def test_deleting_a_device_disables_2fa_through_the_service(owner_client, owner):
    device = TwoFactorDeviceFactory()

    response = owner_client.post(
        reverse("admin:twofactor_twofactordevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    device = TwoFactorDevice.objects.get(pk=device.pk)
    assert (device.is_active, device.secret) == (False, "")
    assert Activity.objects.filter(actor=owner, subject_id=str(device.pk)).exists()


def test_deleting_a_lock_lifts_it(owner_client):
    lock = SignInThrottle.objects.create(
        key="pair:a@example.org|10.0.0.1", window_started_at=timezone.now(), locked_until=timezone.now()
    )

    owner_client.post(reverse("admin:twofactor_signinthrottle_delete", args=[lock.pk]), {"post": "yes"})

    assert not SignInThrottle.objects.exists()


def test_staff_without_the_permissions_cannot_see_them(client, staff_without_permissions):
    client.force_login(staff_without_permissions)

    assert client.get(reverse("admin:twofactor_twofactordevice_changelist")).status_code == 403
