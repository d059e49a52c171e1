"""API sign-in: users who enabled 2FA must send their code; repeated failures are throttled."""

import pyotp
import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

from lms.twofactor.throttle import PAIR_LIMIT
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.twofactor import TwoFactorDeviceFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the login rate limit counts in the cache


def login(email, password=PASSWORD, **extra):
    return APIClient().post(LOGIN, {"email": email, "password": password, **extra}, format="json")


def test_the_password_alone_is_not_enough_with_2fa():
    device = TwoFactorDeviceFactory()

    response = login(device.user.email)

    assert response.status_code == 422
    assert response.json()["errors"] == {"otp": ["Enter a valid code from your authenticator app."]}
    assert not AuthToken.objects.exists()


def test_the_right_code_gives_a_token_once():
    device = TwoFactorDeviceFactory()
    code = pyotp.TOTP(device.secret).now()

    first = login(device.user.email, otp=code)
    replay = login(device.user.email, otp=code)

    assert first.status_code == 200
    assert first.json()["user"]["email"] == device.user.email
    assert replay.status_code == 422  # a code is single-use
    assert AuthToken.objects.count() == 1


def test_users_without_2fa_sign_in_with_the_password():
    user = UserFactory()

    assert login(user.email).status_code == 200


def test_repeated_failures_lock_the_api_login_too():
    user = UserFactory()
    for _ in range(PAIR_LIMIT):
        assert login(user.email, password="wrong-password").status_code == 422

    response = login(user.email)

    assert response.status_code == 422
    assert not AuthToken.objects.exists()
