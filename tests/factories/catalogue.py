import factory

from lms.categories.models import Category, CategoryType
from lms.gamification.models import Badge, Tier, UserBadge
from lms.locations.models import Location


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    type = CategoryType.COURSE


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    title = factory.Sequence(lambda n: f"Badge {n}")
    points = 10
    badge_icon_url = "/images/badges/Badge_1.png"


class UserBadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserBadge

    badge = factory.SubFactory(BadgeFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier

    name = factory.Sequence(lambda n: f"Tier {n}")
    lower_limit = factory.Sequence(lambda n: n * 100)
    upper_limit = factory.LazyAttribute(lambda tier: tier.lower_limit + 99)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Location {n}")
    city = "New York"
    country = "USA"
    zipcode = "10001"
