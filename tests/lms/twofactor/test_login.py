"""The admin login asks users who enabled 2FA for their code; failed sign-ins are throttled."""

from datetime import timedelta

import pyotp
import pytest
from django.contrib import admin
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from lms.twofactor.forms import TwoFactorAdminAuthenticationForm
from lms.twofactor.models import SignInThrottle, TwoFactorDevice
from lms.twofactor.throttle import ADDRESS_LIMIT, PAIR_LIMIT
from tests.factories import StaffFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.twofactor import TwoFactorDeviceFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
THROTTLED_BACKENDS = [
    "lms.twofactor.backends.ThrottledModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]


@pytest.fixture
def throttled(settings):
    settings.AUTHENTICATION_BACKENDS = THROTTLED_BACKENDS


def sign_in(client, email, password=PASSWORD, otp_token="", address="10.0.0.1"):
    return client.post(
        LOGIN_URL,
        {"username": email, "password": password, "otp_token": otp_token, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def errors_of(response) -> str:
    return " ".join(str(error) for error in response.context["form"].errors.values())


# --- The 2FA admin login -------------------------------------------------------------------------


def test_the_admin_site_uses_the_two_factor_login_form():
    assert admin.site.login_form is TwoFactorAdminAuthenticationForm

    page = Client().get(LOGIN_URL)

    assert page.status_code == 200
    assert 'name="otp_token"' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_staff_without_2fa_sign_in_with_email_and_password():
    staff = StaffFactory()
    client = Client()

    response = sign_in(client, staff.email)

    assert response.status_code == 302
    assert signed_in(client)


class TestStaffWith2FA:
    @pytest.fixture
    def device(self):
        return TwoFactorDeviceFactory(user=StaffFactory())

    def test_the_password_alone_is_not_enough(self, device):
        client = Client()

        response = sign_in(client, device.user.email)

        assert response.status_code == 200
        assert "Enter the 6-digit code" in errors_of(response)
        assert not signed_in(client)

    def test_a_wrong_code_is_refused(self, device):
        client = Client()
        code = pyotp.TOTP(device.secret).now()
        wrong = "000000" if code != "000000" else "111111"

        response = sign_in(client, device.user.email, otp_token=wrong)

        assert "invalid or has already been used" in errors_of(response)
        assert not signed_in(client)

    def test_the_right_code_signs_in_once(self, device):
        code = pyotp.TOTP(device.secret).now()
        first, second = Client(), Client()

        assert sign_in(first, device.user.email, otp_token=code).status_code == 302
        assert signed_in(first)
        # The same code cannot be replayed
        replay = sign_in(second, device.user.email, otp_token=code)
        assert not signed_in(second)
        assert "already been used" in errors_of(replay)

    def test_a_code_does_not_rescue_a_wrong_password(self, device):
        client = Client()

        sign_in(
            client, device.user.email, password="wrong-password", otp_token=pyotp.TOTP(device.secret).now()
        )

        assert not signed_in(client)
        assert TwoFactorDevice.objects.get(pk=device.pk).last_used_step is None  # the code was not spent

    def test_a_disabled_device_is_not_asked_for(self, device):
        TwoFactorDevice.objects.filter(pk=device.pk).update(is_active=False)
        client = Client()

        assert sign_in(client, device.user.email).status_code == 302


def test_learners_still_cannot_use_the_admin():
    learner = UserFactory()
    client = Client()

    sign_in(client, learner.email)

    assert not signed_in(client)


# --- Sign-in throttling ---------------------------------------------------------------------------


class TestSignInThrottle:
    def test_failures_lock_the_username_from_that_address(self, throttled):
        staff = StaffFactory()
        client = Client()
        for _ in range(PAIR_LIMIT):
            sign_in(client, staff.email, password="wrong-password")

        # The right password from the same address is refused while locked
        response = sign_in(client, staff.email)

        assert not signed_in(client)
        assert "Too many failed sign-in attempts" in errors_of(response)
        assert (
            authenticate(
                RequestFactory().get("/", REMOTE_ADDR="10.0.0.1"), username=staff.email, password=PASSWORD
            )
            is None
        )

    def test_the_right_password_from_another_address_still_works(self, throttled):
        staff = StaffFactory()
        for _ in range(PAIR_LIMIT):
            sign_in(Client(), staff.email, password="wrong-password", address="203.0.113.9")

        client = Client()
        sign_in(client, staff.email, address="10.0.0.7")

        assert signed_in(client)

    def test_the_lock_expires(self, throttled):
        staff = StaffFactory()
        for _ in range(PAIR_LIMIT):
            sign_in(Client(), staff.email, password="wrong-password")
        SignInThrottle.objects.filter(locked_until__isnull=False).update(
            locked_until=timezone.now() - timedelta(seconds=1)
        )

        client = Client()
        sign_in(client, staff.email)

        assert signed_in(client)

    def test_failures_while_locked_do_not_extend_the_lock(self, throttled):
        staff = StaffFactory()
        for _ in range(PAIR_LIMIT):
            sign_in(Client(), staff.email, password="wrong-password")
        lock = SignInThrottle.objects.get(key__startswith="pair:").locked_until

        for _ in range(PAIR_LIMIT * 2):
            sign_in(Client(), staff.email, password="wrong-password")

        assert SignInThrottle.objects.get(key__startswith="pair:").locked_until == lock

    def test_a_success_resets_the_count(self, throttled):
        staff = StaffFactory()
        for _ in range(PAIR_LIMIT - 1):
            sign_in(Client(), staff.email, password="wrong-password")
        assert signed_in(signed := Client()) is False
        sign_in(signed, staff.email)
        assert signed_in(signed)

        for _ in range(PAIR_LIMIT - 1):
            sign_in(Client(), staff.email, password="wrong-password")
        client = Client()
        sign_in(client, staff.email)

        assert signed_in(client)

    def test_failures_outside_the_window_start_a_new_count(self, throttled):
        staff = StaffFactory()
        for _ in range(PAIR_LIMIT - 1):
            sign_in(Client(), staff.email, password="wrong-password")
        SignInThrottle.objects.update(window_started_at=timezone.now() - timedelta(minutes=16))
        sign_in(Client(), staff.email, password="wrong-password")

        client = Client()
        sign_in(client, staff.email)

        assert signed_in(client)

    def test_password_spraying_locks_the_address(self, throttled):
        victim = StaffFactory()
        for number in range(ADDRESS_LIMIT):
            sign_in(Client(), f"guess{number}@example.org", password="wrong-password", address="198.51.100.1")

        sprayer = Client()
        sign_in(sprayer, victim.email, address="198.51.100.1")
        elsewhere = Client()
        sign_in(elsewhere, victim.email, address="10.0.0.9")

        assert not signed_in(sprayer)
        assert signed_in(elsewhere)

    def test_wrong_codes_count_as_failures(self, throttled):
        device = TwoFactorDeviceFactory(user=StaffFactory())
        code = pyotp.TOTP(device.secret).now()
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(PAIR_LIMIT):
            sign_in(Client(), device.user.email, otp_token=wrong)

        client = Client()
        response = sign_in(client, device.user.email, otp_token=code)

        assert not signed_in(client)
        assert "Too many failed sign-in attempts" in errors_of(response)

    def test_a_known_password_does_not_reset_code_guessing(self, throttled):
        # The password is right each time, the code wrong: the pair must still lock.
        device = TwoFactorDeviceFactory(user=StaffFactory())
        for _ in range(PAIR_LIMIT):
            sign_in(Client(), device.user.email, otp_token="")

        assert SignInThrottle.objects.get(key__startswith="pair:").locked_until > timezone.now()

    def test_usernames_are_compared_case_insensitively(self, throttled):
        staff = StaffFactory()
        for number in range(PAIR_LIMIT):
            sign_in(Client(), staff.email.upper() if number % 2 else staff.email, password="wrong-password")

        client = Client()
        sign_in(client, staff.email)

        assert not signed_in(client)
