"""The portalId convention, implemented once.

`portalId` absent or -1: every portal the caller may see. An id: that portal and its sub-portals.
A portal the caller may not see: 404 (the caller learns nothing about it).

`website/` knows no domain: the portal tree lives in `lms.portals`, reached through the backend named
by `settings.LECTERN_TENANCY_BACKEND` (the same indirection Django uses for AUTH_USER_MODEL).
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from website.api.fields import db_integer

ALL_PORTALS = -1


@dataclass(frozen=True)
class PortalScope:
    """The portals a request may touch. `portal_ids is None` means unrestricted (academy staff, all)."""

    portal_ids: frozenset[int] | None
    selected_portal_id: int | None = None

    @property
    def is_unrestricted(self) -> bool:
        return self.portal_ids is None

    def q(self, field: str = "portal", *, include_unassigned: bool = False) -> Q:
        """A filter on `field` (a foreign key to a portal). Unassigned rows belong to the academy."""
        if self.portal_ids is None:
            return Q()
        condition = Q(**{f"{field}__in": self.portal_ids})
        if include_unassigned:
            condition |= Q(**{f"{field}__isnull": True})
        return condition

    def filter(self, queryset: QuerySet, field: str = "portal", *, include_unassigned: bool = False):
        if self.portal_ids is None:
            return queryset
        return queryset.filter(self.q(field, include_unassigned=include_unassigned))


class TenancyBackend(Protocol):
    def portal_scope(self, user, portal_id: int | None) -> PortalScope:
        """The scope for `user` managing `portal_id` (None: all). Raises Http404 for a hidden portal."""

    def manages_portals(self, user) -> bool:
        """Whether `user` administers at least one portal (a portal admin)."""


@cache
def tenancy_backend() -> TenancyBackend:
    return import_string(settings.LECTERN_TENANCY_BACKEND)()


def normalise_portal_id(value) -> int | None:
    """None for "all portals" (absent, blank or -1); otherwise the id as an int."""
    if value in (None, "", ALL_PORTALS, str(ALL_PORTALS)):
        return None
    return db_integer(value)


def portal_scope(user, portal_id=None) -> PortalScope:
    return tenancy_backend().portal_scope(user, normalise_portal_id(portal_id))


def manages_portals(user) -> bool:
    return tenancy_backend().manages_portals(user)
