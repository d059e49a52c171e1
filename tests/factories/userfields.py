import factory
from django.utils import timezone

from lms.userfields.models import (
    ConsentStatus,
    CustomUserField,
    CustomUserFieldType,
    CustomUserValue,
    UserConsent,
)


class CustomUserFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomUserField

    key = factory.Sequence(lambda n: f"custom_field_{n + 1}")
    label = factory.Sequence(lambda n: f"Custom Field {n + 1}")
    type = CustomUserFieldType.TEXT
    position = factory.Sequence(lambda n: n + 1)


class CustomUserValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomUserValue

    user = factory.SubFactory("tests.factories.accounts.UserFactory", password=None)
    field = factory.SubFactory(CustomUserFieldFactory)
    value = "an answer"


class UserConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserConsent

    user = factory.SubFactory("tests.factories.accounts.UserFactory", password=None)
    consent_id = factory.Sequence(lambda n: f"CONSENT-{n:04}")
    status = ConsentStatus.ACCEPTED
    country = "US"
    ip_address = "192.168.1.15"
    consent_date = factory.LazyFunction(timezone.now)
