"""Reads over users and their addresses, scoped to the caller's portals.

Academy staff (an unrestricted scope) see every user; a portal admin sees the users who have a
membership in a portal of their scope (their portals and sub-portals).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from lms.accounts.models import Address, AddressType, User
from lms.audit.models import Activity
from lms.audit.selectors import activities_visible
from lms.categories.models import Category
from lms.portals.models import PortalMembership
from website.tenancy import PortalScope


def users_visible(scope: PortalScope) -> QuerySet[User]:
    users = User.objects.all()
    if scope.is_unrestricted:
        return users
    return users.filter(
        Exists(PortalMembership.objects.filter(user=OuterRef("pk"), portal_id__in=scope.portal_ids))
    )


def users_for_table(scope: PortalScope) -> QuerySet[User]:
    """Visible users with their portals and user categories prefetched (no query per row)."""
    return users_visible(scope).prefetch_related(
        Prefetch(
            "portal_memberships",
            queryset=PortalMembership.objects.select_related("portal").order_by("portal__name", "pk"),
        ),
        Prefetch("categories", queryset=Category.objects.order_by("name", "pk")),
    )


def user_get(scope: PortalScope, user_id: int) -> User:
    """A user the caller may see, or 404."""
    user = users_visible(scope).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def users_search(queryset: QuerySet[User], term: str) -> QuerySet[User]:
    """Name (first, last or both) or e-mail containing `term`, case-insensitively."""
    term = (term or "").strip()
    if not term:
        return queryset
    condition = Q(email__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
    first, _, last = term.partition(" ")
    if last.strip():
        condition |= Q(first_name__icontains=first.strip(), last_name__icontains=last.strip())
    return queryset.filter(condition)


def addresses_of(user: User, address_type: str | None = None) -> QuerySet[Address]:
    addresses = Address.objects.filter(user=user)
    if address_type:
        addresses = addresses.filter(type=address_type)
    return addresses.order_by("-is_default", "-created_at", "-pk")


def address_get(scope: PortalScope, address_id: int) -> Address:
    """An address of a user the caller may see, or 404."""
    address = (
        Address.objects.filter(pk=address_id, user__in=users_visible(scope)).select_related("user").first()
    )
    if address is None:
        raise Http404
    return address


def default_address(user: User, address_type: str = AddressType.BILLING) -> Address:
    address = Address.objects.filter(user=user, type=address_type, is_default=True).first()
    if address is None:
        raise Http404
    return address


def activities_by(scope: PortalScope, user: User) -> QuerySet[Activity]:
    """What `user` did, within the caller's portals (academy staff: everything)."""
    return activities_visible(scope).filter(actor=user)
