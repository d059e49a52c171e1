from lms.twofactor import totp
from lms.twofactor.models import TwoFactorDevice


def two_factor_device(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user).first()


def two_factor_enabled(user) -> bool:
    return TwoFactorDevice.objects.filter(user=user, is_active=True).exists()


def two_factor_details(*, user) -> dict:
    """Whether 2FA is on, and the pending QR code and secret while an enrolment is unfinished.

    An active device's secret is never shown again.
    """
    device = two_factor_device(user)
    if device is None:
        return {"is2FactorAuthActive": False, "qr_code": "", "string_code": ""}
    pending = device.pending_secret
    return {
        "is2FactorAuthActive": device.is_active,
        "qr_code": totp.qr_code_data_uri(totp.provisioning_uri(user, pending)) if pending else "",
        "string_code": pending,
    }
