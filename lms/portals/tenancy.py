"""The tenancy backend named by settings.LECTERN_TENANCY_BACKEND (see website.tenancy)."""

from django.http import Http404

from lms.portals.models import Portal, PortalMembership, PortalRole
from lms.portals.selectors import portal_subtree, portals_administered_by
from website.tenancy import PortalScope


def is_academy_staff(user) -> bool:
    """The owner and academy staff see every portal; everyone else sees the portals they manage."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_staff))


class PortalTenancy:
    def portal_scope(self, user, portal_id: int | None) -> PortalScope:
        if is_academy_staff(user):
            if portal_id is None:
                return PortalScope(None)
            portal = Portal.objects.filter(pk=portal_id).first()
            if portal is None:
                raise Http404
            return PortalScope(frozenset(portal_subtree(portal).values_list("pk", flat=True)), portal_id)

        managed = (
            frozenset(portals_administered_by(user).values_list("pk", flat=True))
            if user.is_authenticated
            else frozenset()
        )
        if portal_id is None:
            return PortalScope(managed)
        if portal_id not in managed:
            raise Http404
        portal = Portal.objects.get(pk=portal_id)
        return PortalScope(frozenset(portal_subtree(portal).values_list("pk", flat=True)), portal_id)

    def manages_portals(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False  # an anonymous user has no memberships (and no id to look them up by)
        return PortalMembership.objects.filter(user=user, role=PortalRole.ADMIN, is_active=True).exists()
