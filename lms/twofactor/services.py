"""Two-factor authentication with TOTP: prepare, confirm, verify at sign-in, disable.

The server generates and keeps the secret; a secret sent by a client is never trusted. A code is
accepted within one 30-second step either side of now, and only once: a step at or before the last
accepted one is refused (replay). Wrong codes while confirming are limited per user (see
lms.twofactor.throttle), so a code cannot be guessed without limit.
"""

import hmac

from django.db import transaction
from django.utils import timezone

from lms.audit.services import logged_create, logged_update
from lms.twofactor import throttle, totp
from lms.twofactor.models import TwoFactorDevice
from website.api.errors import Unprocessable

TRACKED = ("is_active", "confirmed_at")
INVALID_CODE = "The code is invalid or has already been used."
STALE_SECRET = "This code belongs to an older QR code; scan the latest one."
NOT_PREPARED = "Prepare two-factor authentication first."
TOO_MANY = "Too many wrong codes. Try again in %d minute(s)."


def _device_for_update(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.select_for_update().filter(user=user).first()


@transaction.atomic
def two_factor_prepare(*, actor, user) -> dict:
    """A fresh secret, kept as pending until confirmed; an active device stays active meanwhile."""
    secret = totp.new_secret()
    device = _device_for_update(user)
    if device is None:
        device = logged_create(
            actor=actor, instance=TwoFactorDevice(user=user, pending_secret=secret), tracked=TRACKED
        )
    else:
        device.pending_secret = secret
        device.save(update_fields=["pending_secret", "updated_at"])
    uri = totp.provisioning_uri(user, secret)
    return {"as_qr_code": totp.qr_code_data_uri(uri), "as_uri": uri, "as_string": secret}


def two_factor_confirm(*, actor, user, code: str, string_code: str = "") -> TwoFactorDevice:
    """Check `code` against the pending secret the server holds; on success 2FA is active."""
    until = throttle.code_attempts_locked_until(user=user)
    if until:
        raise Unprocessable({"secretCode": [TOO_MANY % throttle.minutes_until(until)]})
    with transaction.atomic():
        device = _device_for_update(user)
        if device is None or not device.pending_secret:
            raise Unprocessable({"secretCode": [NOT_PREPARED]})
        if string_code and not hmac.compare_digest(string_code.strip(), device.pending_secret):
            raise Unprocessable({"stringCode": [STALE_SECRET]})
        step = totp.matching_step(device.pending_secret, code, None)
        if step is not None:
            throttle.code_attempts_clear(user=user)
            return logged_update(
                actor=actor,
                instance=device,
                tracked=TRACKED,
                fields={
                    "secret": device.pending_secret,
                    "pending_secret": "",
                    "is_active": True,
                    "confirmed_at": timezone.now(),
                    "last_used_step": step,
                },
            )
    throttle.code_failure_record(user=user)  # outside the refused transaction, so it stays
    raise Unprocessable({"secretCode": [INVALID_CODE]})


@transaction.atomic
def two_factor_verify(*, user, code: str) -> bool:
    """At sign-in: is `code` a fresh, valid code of the user's active device? Burns it if so."""
    device = _device_for_update(user)
    if device is None or not device.is_active:
        return False
    step = totp.matching_step(device.secret, code, device.last_used_step)
    if step is None:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step", "updated_at"])
    return True


@transaction.atomic
def two_factor_disable(*, actor, user) -> None:
    device = _device_for_update(user)
    if device is None:
        return
    logged_update(
        actor=actor,
        instance=device,
        tracked=TRACKED,
        fields={
            "secret": "",
            "pending_secret": "",
            "is_active": False,
            "confirmed_at": None,
            "last_used_step": None,
        },
    )
