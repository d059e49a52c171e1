"""Two-factor authentication API: details, prepare, confirm, disable."""

import base64
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity
from lms.twofactor.models import SignInThrottle, TwoFactorDevice
from lms.twofactor.throttle import CODE_LIMIT
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.factories.twofactor import TwoFactorDeviceFactory

pytestmark = pytest.mark.django_db

DETAILS_URL = "/api/v1/users/two-factor/"
PREPARE_URL = "/api/v1/users/two-factor/prepare/"
CONFIRM_URL = "/api/v1/users/two-factor/confirm/"
DISABLE_URL = "/api/v1/users/two-factor/disable/"
UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."


def state():
    return list(TwoFactorDevice.objects.order_by("pk").values()), Activity.objects.count()


def code_for(secret, moment=None):
    return pyotp.TOTP(secret).at(moment or timezone.now())


def prepare(client, **body):
    response = client.post(PREPARE_URL, body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


# --- Who may manage whose 2FA --------------------------------------------------------------------

CALLS = [
    ("details", "get", DETAILS_URL, {}),
    ("prepare", "post", PREPARE_URL, {}),
    ("confirm", "post", CONFIRM_URL, {"secretCode": "123456", "qrCode": "", "stringCode": ""}),
    ("disable", "post", DISABLE_URL, {}),
]


def call(client, method, url, body, user_id=None):
    if user_id is not None:
        body = {**body, "user_id": user_id}
    if method == "get":
        return client.get(url, body)
    return client.post(url, body, format="json")


@pytest.mark.parametrize(("method", "url", "body"), [pytest.param(*c[1:], id=c[0]) for c in CALLS])
def test_anonymous_callers_get_401(method, url, body):
    target = TwoFactorDeviceFactory()
    before = state()

    response = call(APIClient(), method, url, body, target.user_id)

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert state() == before


@pytest.mark.parametrize("role", ["learner", "staff_without_permissions", "portal_admin"])
@pytest.mark.parametrize(("method", "url", "body"), [pytest.param(*c[1:], id=c[0]) for c in CALLS])
def test_only_owners_and_admins_manage_another_users_2fa(request, role, method, url, body):
    # Given another user's active 2FA and a caller who is neither owner nor admin
    target = TwoFactorDeviceFactory()
    client = api_client_for(request.getfixturevalue(role))
    before = state()

    # When the caller names that user
    response = call(client, method, url, body, target.user_id)

    # Then it is refused and nothing changed
    assert response.status_code == 403
    assert response.json() == UNAUTHORIZED
    assert state() == before


def test_a_staff_member_with_every_user_permission_still_cannot_manage_another_users_2fa(staff_api_with):
    target = TwoFactorDeviceFactory()
    client = staff_api_with("accounts.change_user", "twofactor.change_twofactordevice")
    before = state()

    response = client.post(DISABLE_URL, {"user_id": target.user_id}, format="json")

    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("user_type", ["owner", "admin"])
def test_owners_and_admins_manage_another_users_2fa(user_type):
    target = TwoFactorDeviceFactory()
    client = api_client_for(UserFactory(user_type=user_type))

    details = client.get(DETAILS_URL, {"user_id": target.user_id})
    disabled = client.post(DISABLE_URL, {"user_id": target.user_id}, format="json")

    assert details.json()["is2FactorAuthActive"] is True
    assert disabled.status_code == 200
    assert TwoFactorDevice.objects.get(pk=target.pk).is_active is False


def test_an_unknown_user_id_is_a_404_for_the_owner(owner_api):
    response = owner_api.get(DETAILS_URL, {"user_id": 999999})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("user_id", ["abc", "0", "-3"])
def test_a_bad_user_id_is_a_422(learner_api, user_id):
    response = learner_api.get(DETAILS_URL, {"user_id": user_id})

    assert response.status_code == 422
    assert response.json()["message"] == INVALID


# --- The enrolment flow --------------------------------------------------------------------------


def test_a_learner_enrols_their_own_authenticator_app(learner, learner_api):
    # Given a learner without 2FA
    assert learner_api.get(DETAILS_URL).json() == {
        "is2FactorAuthActive": False,
        "qr_code": "",
        "string_code": "",
    }

    # When they prepare (the seed's body names themselves)
    prepared = prepare(learner_api, user_id=learner.pk)

    # Then they get a locally drawn QR code, the provisioning URI and the secret
    secret = prepared["as_string"]
    assert len(secret) >= 16
    assert prepared["as_uri"] == pyotp.TOTP(secret).provisioning_uri(
        name=learner.email, issuer_name="Lectern"
    )
    assert prepared["as_qr_code"].startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(prepared["as_qr_code"].split(",", 1)[1])
    # and the details show the unfinished enrolment, still inactive
    pending = learner_api.get(DETAILS_URL).json()
    assert pending["is2FactorAuthActive"] is False
    assert pending["string_code"] == secret

    # When they confirm with a code from the app
    response = learner_api.post(
        CONFIRM_URL,
        {
            "user_id": learner.pk,
            "secretCode": code_for(secret),
            "qrCode": prepared["as_qr_code"],
            "stringCode": secret,
        },
        format="json",
    )

    # Then 2FA is active, and its secret is never shown again
    assert response.status_code == 200
    assert response.json() == {"status": "success", "message": "Two Factor Authentication activated"}
    assert learner_api.get(DETAILS_URL).json() == {
        "is2FactorAuthActive": True,
        "qr_code": "",
        "string_code": "",
    }
    device = TwoFactorDevice.objects.get(user=learner)
    assert device.secret == secret and device.pending_secret == ""
    assert Activity.objects.filter(subject_id=str(device.pk), changes__attributes__is_active=True).exists()


def test_confirming_trusts_only_the_secret_the_server_holds(learner, learner_api):
    # Given a prepared enrolment
    prepare(learner_api)
    before = state()
    attacker_secret = pyotp.random_base32()

    # When the client sends its own secret and a code computed from it
    response = learner_api.post(
        CONFIRM_URL,
        {"secretCode": code_for(attacker_secret), "qrCode": "", "stringCode": attacker_secret},
        format="json",
    )

    # Then it is refused and nothing changed
    assert response.status_code == 422
    assert state() == before


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", ""])
def test_a_wrong_code_is_a_422_and_leaves_2fa_off(learner, learner_api, code):
    secret = prepare(learner_api)["as_string"]
    if code == "000000" and code_for(secret) == code:
        code = "000001"
    before = state()

    response = learner_api.post(
        CONFIRM_URL, {"secretCode": code, "qrCode": "", "stringCode": secret}, format="json"
    )

    assert response.status_code == 422
    assert response.json()["message"] == INVALID
    assert state() == before


def test_confirming_without_preparing_is_a_422(learner_api):
    response = learner_api.post(
        CONFIRM_URL, {"secretCode": "123456", "qrCode": "", "stringCode": ""}, format="json"
    )

    assert response.status_code == 422
    assert "secretCode" in response.json()["errors"]


def test_a_code_from_the_previous_step_is_accepted_but_an_old_one_is_not(learner_api):
    secret = prepare(learner_api)["as_string"]
    stale = code_for(secret, timezone.now() - timedelta(minutes=5))
    if stale == code_for(secret):
        pytest.skip("the stale code happens to equal the current one")

    response = learner_api.post(
        CONFIRM_URL, {"secretCode": stale, "qrCode": "", "stringCode": secret}, format="json"
    )
    assert response.status_code == 422

    previous = code_for(secret, timezone.now() - timedelta(seconds=30))
    response = learner_api.post(
        CONFIRM_URL, {"secretCode": previous, "qrCode": "", "stringCode": secret}, format="json"
    )
    assert response.status_code == 200


def test_preparing_again_keeps_the_active_device_until_the_new_one_is_confirmed(learner, learner_api):
    device = TwoFactorDeviceFactory(user=learner)

    prepared = prepare(learner_api)

    device.refresh_from_db()
    assert device.is_active is True
    assert device.pending_secret == prepared["as_string"] != device.secret
    # an old QR code (string code) is refused with a clear error
    stale = learner_api.post(
        CONFIRM_URL,
        {"secretCode": code_for(prepared["as_string"]), "qrCode": "", "stringCode": device.secret},
        format="json",
    )
    assert stale.status_code == 422
    assert "stringCode" in stale.json()["errors"]


def test_disable_turns_2fa_off_and_forgets_the_secret(learner, learner_api):
    device = TwoFactorDeviceFactory(user=learner)

    response = learner_api.post(DISABLE_URL, {"user_id": learner.pk}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "message": "2factor authentication disabled successfully",
        "qrcode": None,
        "stringcode": None,
    }
    device.refresh_from_db()
    assert (device.is_active, device.secret, device.pending_secret) == (False, "", "")
    assert learner_api.get(DETAILS_URL).json()["is2FactorAuthActive"] is False


def test_disabling_when_never_enabled_changes_nothing(learner_api):
    before = state()

    response = learner_api.post(DISABLE_URL, {}, format="json")

    assert response.status_code == 200
    assert state() == before


def test_a_staff_member_manages_their_own_2fa_without_any_permission(staff_without_permissions):
    client = api_client_for(staff_without_permissions)

    secret = prepare(client)["as_string"]
    response = client.post(CONFIRM_URL, {"secretCode": code_for(secret)}, format="json")

    assert response.status_code == 200
    assert TwoFactorDevice.objects.get(user=staff_without_permissions).is_active


def test_a_bad_body_is_a_422(learner_api):
    before = state()

    response = learner_api.post(PREPARE_URL, "not json", content_type="application/json")

    assert response.status_code == 422
    assert state() == before


def test_wrong_codes_are_limited_per_user(learner, learner_api, owner_api):
    # Given a prepared enrolment and as many wrong codes as the limit allows
    secret = prepare(learner_api)["as_string"]
    right = code_for(secret)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(CODE_LIMIT):
        response = learner_api.post(CONFIRM_URL, {"secretCode": wrong}, format="json")
        assert response.status_code == 422

    # When the right code comes next
    response = learner_api.post(CONFIRM_URL, {"secretCode": right}, format="json")

    # Then it is refused for the cool-off, and 2FA stays off
    assert response.status_code == 422
    assert "Too many wrong codes" in response.json()["errors"]["secretCode"][0]
    assert TwoFactorDevice.objects.get(user=learner).is_active is False

    # And once the lock has expired the right code works
    SignInThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert learner_api.post(CONFIRM_URL, {"secretCode": right}, format="json").status_code == 200
