"""factory-boy factories, one module per app; import them from here."""

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.catalogue import (
    BadgeFactory,
    CategoryFactory,
    LocationFactory,
    TierFactory,
    UserBadgeFactory,
)
from tests.factories.portals import PortalFactory, PortalMembershipFactory

__all__ = [
    "BadgeFactory",
    "CategoryFactory",
    "LocationFactory",
    "PortalFactory",
    "PortalMembershipFactory",
    "StaffFactory",
    "TierFactory",
    "UserBadgeFactory",
    "UserFactory",
]
