"""Reads over the portal tree."""

from django.db.models import Q, QuerySet

from lms.portals.models import Portal, PortalMembership, PortalRole


def subtree_q(paths) -> Q:
    """Portals at or below any of `paths` (materialised paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def portals_administered_by(user) -> QuerySet[Portal]:
    """The portals a portal admin manages: where they are admin, and every sub-portal below."""
    paths = PortalMembership.objects.filter(user=user, role=PortalRole.ADMIN, is_active=True).values_list(
        "portal__path", flat=True
    )
    return Portal.objects.filter(subtree_q(list(paths)))


def portal_subtree(portal: Portal) -> QuerySet[Portal]:
    return Portal.objects.filter(path__startswith=portal.path)
