"""TOTP helpers (RFC 6238, 30-second steps): provisioning URI, locally drawn QR code, code matching."""

import base64
import hmac
import io

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone

VALID_WINDOW = 1  # steps either side of now


def issuer() -> str:
    return getattr(settings, "TWO_FACTOR_ISSUER", "Lectern")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer())


def qr_code_data_uri(uri: str) -> str:
    """The QR code of `uri` as an SVG data URI, drawn locally (no outside service)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def matching_step(secret: str, code: str, last_used_step: int | None) -> int | None:
    """The time step `code` belongs to (now, or one step either side), if later than `last_used_step`."""
    code = "".join(str(code or "").split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(timezone.now())
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
