import factory
import pyotp

from lms.twofactor.models import TwoFactorDevice
from tests.factories.accounts import UserFactory


class TwoFactorDeviceFactory(factory.django.DjangoModelFactory):
    """An active TOTP device; `pyotp.TOTP(device.secret).now()` is a valid code."""

    class Meta:
        model = TwoFactorDevice

    user = factory.SubFactory(UserFactory)
    secret = factory.LazyFunction(pyotp.random_base32)
    is_active = True
    confirmed_at = factory.Faker("date_time", tzinfo=__import__("datetime").timezone.utc)
