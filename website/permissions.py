"""One permission layer for API views, admin querysets and site views.

A view declares `permission_required` (a Django permission such as "locations.add_location"); staff
pass through their groups and permissions, the owner (superuser) through everything. A view that also
serves portal admins says `allow_portal_admins = True` and confines them through the portal scope.
"""

from rest_framework.permissions import BasePermission

from website.tenancy import manages_portals


def user_may(user, permission: str | None, *, allow_portal_admins: bool = False) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if permission is None or user.has_perm(permission):
        return True
    # Academy staff see every portal (the tenancy scope is unrestricted for them), so a staff member
    # who lacks the permission must not get in as a portal admin: that would widen, not confine.
    return allow_portal_admins and not user.is_staff and manages_portals(user)


class HasRequiredPermission(BasePermission):
    """DRF's face of `user_may`: reads `permission_required` and `allow_portal_admins` from the view."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401 for an anonymous caller
        required = getattr(view, "permission_required", None)
        if isinstance(required, dict):
            method = request.method
            if method not in required and method in ("HEAD", "OPTIONS"):
                method = "GET"  # Django answers HEAD with the GET handler: it needs GET's permission
            if method not in required:
                return False  # a method the dict does not name is refused, not opened to everyone
            required = required[method]
        return user_may(
            request.user, required, allow_portal_admins=getattr(view, "allow_portal_admins", False)
        )
