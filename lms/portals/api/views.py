"""Portals API: the tree (list, lookup, detail, create, update, branding, sub-portals, clone, status),
custom domains, portal admins and learners, and a user's portals.

Academy staff act through Django permissions on every portal; portal admins (`allow_portal_admins`)
act on their own portals and sub-portals only, and a portal outside them is a 404.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from lms.accounts.models import User
from lms.portals import selectors, services
from lms.portals.api import serializers as s
from lms.portals.models import PortalMembership, PortalRole
from website.api.errors import Unprocessable
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.views import ApiView, TabularListView, contains, equals
from website.tenancy import PortalScope, manages_portals, portal_scope

VIEW, ADD, CHANGE = "portals.view_portal", "portals.add_portal", "portals.change_portal"


def _require(request, permission: str) -> None:
    """For a handler portal admins may not use although its view lets them in for another method."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


class PortalScopedView(ApiView):
    """Portal admins pass the permission check; every portal they name must be in their subtree."""

    allow_portal_admins = True

    def portal(self, portal_id, *, for_update: bool = False):
        """A portal the caller may manage (404 otherwise), whatever `portalId` narrowed."""
        return selectors.portal_in_scope(portal_scope(self.request.user), portal_id, for_update=for_update)


@seed_operations_view(
    get="portals_retrieve_a_paginated_list_of_portals_in_a_tabular_format",
    post=("portals_create_a_new_portal", {"responses": MessageSerializer}),
)
class PortalCollection(TabularListView, PortalScopedView):
    permission_required = {"GET": VIEW, "POST": ADD}
    row_serializer_class = s.PortalRowSerializer
    query_serializer_class = s.PortalTableQuerySerializer
    input_serializer_class = s.PortalCreateSerializer
    order_columns = {
        "name": "name",
        "slug": "slug",
        "status": "status",
        "totalSeat": "total_seats",
        "usedSeat": "used_seat_count",
        "totalLearner": "learner_count",
        "created_at": "created_at",
    }
    default_ordering = ("-created_at",)
    search_filters = {"portalName": contains("name"), "status": equals("status", str)}

    def get_queryset(self):
        return selectors.portal_table(self.portal_scope)

    def post(self, request):
        _require(request, ADD)  # a root portal is the academy's to create, not a portal admin's
        data = self.parse_body()
        admins, learners = data.pop("addExistingUser", None) or [], data.pop("selectedUsers", None) or []
        is_learner = bool(data.pop("isPortalAdminLearner", None))
        admin_users, learner_users = (
            selectors.users_by_ids(admins, field="addExistingUser"),
            selectors.users_by_ids(learners, field="selectedUsers"),
        )
        services.portal_create_with_members(
            actor=request.user,
            admins=admin_users,
            admins_are_learners=is_learner,
            learners=learner_users,
            **data,
        )
        return message_response("Portal created successfully")


@seed_operation("portals_lookup_portals", responses=s.PortalLookupItemSerializer(many=True))
class PortalLookup(PortalScopedView):
    permission_required = VIEW
    query_serializer_class = s.PortalLookupQuerySerializer

    def get(self, request):
        query = self.parse_query()
        portals = selectors.portal_lookup(
            self.portal_scope, lookup_type=query["type"], search_term=query["search_term"].strip()
        )
        return Response(s.PortalLookupItemSerializer(portals[:200], many=True).data)


class PortalDetail(PortalScopedView):
    permission_required = {"GET": VIEW, "PUT": CHANGE}
    input_serializer_class = s.PortalUpdateSerializer

    @seed_operation("portals_get_detailed_portal_information", responses=s.PortalDetailSerializer)
    def get(self, request, portalId):
        portal = selectors.portal_detail(portal_scope(request.user), portalId)
        return Response(s.PortalDetailSerializer(portal).data)

    @seed_operation("portals_update_a_portal", responses={201: MessageSerializer})
    def put(self, request, portalId):
        portal = self.portal(portalId)
        services.portal_update(actor=request.user, portal=portal, **self.parse_body())
        return message_response("Portal updated successfully", status_code=status.HTTP_201_CREATED)


@seed_operation("portals_update_the_branding_settings_of_a_portal", responses=MessageSerializer)
class PortalBranding(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.BrandingSerializer

    def put(self, request, portalId):
        portal = self.portal(portalId)
        services.portal_update_branding(actor=request.user, portal=portal, **self.parse_body())
        return message_response("Portal branding updated successfully")


@seed_operation("portals_add_a_sub_portal_to_the_given_portal", responses=MessageSerializer)
class SubPortals(PortalScopedView):
    permission_required = ADD
    input_serializer_class = s.SubPortalsSerializer

    def post(self, request, portalId):
        parent = self.portal(portalId)
        services.sub_portals_add(actor=request.user, parent=parent, **self.parse_body())
        return message_response("Sub Portal added successfully")


@seed_operation("portals_clone_a_portal_and_optionally_its_sub_portal", responses=MessageSerializer)
class PortalClone(PortalScopedView):
    """The clone sits beside its source: a portal admin may clone a portal below one they manage."""

    permission_required = ADD
    input_serializer_class = s.CloneSerializer

    def post(self, request):
        data = self.parse_body()
        source = self.portal(data["portalId"])
        if not selectors.may_clone(request.user, source, portal_scope(request.user)):
            raise PermissionDenied
        services.portal_clone(
            actor=request.user, source=source, name=data["portalName"], with_sub_portals=data["subPortals"]
        )
        return message_response("Portal Cloned Successfully")


@seed_operation("portals_update_the_status_of_a_given_portal_s", responses={201: MessageSerializer})
class PortalStatusUpdate(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.PortalStatusSerializer

    def post(self, request):
        data = self.parse_body()
        portals = [self.portal(pk) for pk in data["ids"]]
        services.portals_set_status(actor=request.user, portals=portals, status=data["status"])
        return message_response("Status updated successfully", status_code=status.HTTP_201_CREATED)


@seed_operation("portals_retrieves_the_portal_settings", responses=s.PortalSettingsSerializer)
class PortalSettingsView(PortalScopedView):
    """The custom domain state of the portal serving `domain`; `ipAddress` is where its DNS must point
    (settings.LECTERN_PORTAL_DOMAIN_IP, blank until the academy configures it)."""

    permission_required = VIEW
    query_serializer_class = s.PortalSettingsQuerySerializer

    def get(self, request):
        domain = self.parse_query()["domain"].strip().strip("'\"")
        portal = selectors.portal_by_domain(portal_scope(request.user), domain)

        def yes(flag: bool) -> str:
            return "yes" if flag else "no"

        return Response(
            {
                "portalCustomDomainEnabled": yes(selectors.portal_settings().custom_domains_enabled),
                "verifiedDomain": yes(portal.site_id is not None),
                "ipAddress": getattr(settings, "LECTERN_PORTAL_DOMAIN_IP", ""),
                "enabledCustomDomain": yes(bool(portal.custom_domain)),
            }
        )


@seed_operation("portals_enable_or_disable_custom_domain_for_portals", responses=MessageSerializer)
class CustomDomainsToggle(ApiView):
    """Academy-wide: every portal with a custom domain gets (or loses) its Wagtail Site."""

    permission_required = "portals.change_portalsettings"
    input_serializer_class = s.CustomDomainToggleSerializer

    def put(self, request):
        services.custom_domains_set_enabled(actor=request.user, is_enabled=self.parse_body()["isEnabled"])
        return message_response("Portal Settings Updated Successfully.")


# --- Portal admins and learners ------------------------------------------------------------------


@seed_operation("portals_add_portal_admins", responses={201: MessageSerializer})
class PortalAdmins(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.AddPortalAdminsSerializer

    def post(self, request):
        data = self.parse_body()
        portal = self.portal(data["portalId"])
        new = data["portalAdminType"] == "newPortalAdmin"
        services.portal_add_admins(
            actor=request.user,
            portal=portal,
            new_admins=[dict(item) for item in data["portalAdmins"]] if new else [],
            existing_users=[]
            if new
            else selectors.users_by_ids(data["selectedExUsers"], field="selectedExUsers"),
            permissions=data["portalAdminPermissions"],
            is_learner=data["isPortalAdminLearner"],
        )
        return message_response("Portal Admin added successfully", status_code=status.HTTP_201_CREATED)


@seed_operation("portals_update_the_permissions_of_a_portal_admin", responses=MessageSerializer)
class PortalAdminPermissions(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.AdminPermissionsSerializer

    def put(self, request, portalId, userId):
        portal = self.portal(portalId)
        user = get_object_or_404(User, pk=userId)
        permissions = self.parse_body()["portalAdminPermissions"]
        services.portal_admin_set_permissions(
            actor=request.user, portal=portal, user=user, permissions=permissions
        )
        return message_response("Permissions updated successfully")


@seed_operation("portals_update_a_user_to_portal_admin", responses=MessageSerializer)
class PortalAdminPromotion(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.MakeAdminSerializer

    def post(self, request):
        data = self.parse_body()
        portal = self.portal(data["portalId"])
        (user,) = selectors.users_by_ids([data["userId"]], field="userId")
        services.portal_make_admin(
            actor=request.user, portal=portal, user=user, permissions=data["portalAdminPermissions"]
        )
        return message_response("User updated successfully")


@seed_operation("portals_add_users_to_learner_list_of_the_portal", responses={201: MessageSerializer})
class PortalLearners(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.AddLearnersSerializer

    def post(self, request):
        data = self.parse_body()
        portal = self.portal(data["portalId"])
        services.portal_add_learners(
            actor=request.user, portal=portal, users=selectors.users_by_ids(data["userIds"], field="userIds")
        )
        return message_response("User updated successfully", status_code=status.HTTP_201_CREATED)


@seed_operation(
    "portals_removes_users_from_a_given_portal_and_its_sub_portals_based", responses={201: MessageSerializer}
)
class PortalUsersRemoval(PortalScopedView):
    permission_required = CHANGE
    input_serializer_class = s.RemoveUsersSerializer

    def post(self, request):
        data = self.parse_body()
        portal = self.portal(data["portalId"])
        services.portal_remove_users(
            actor=request.user, portal=portal, user_ids=data["userIds"], membership_type=data["type"]
        )
        return message_response("Portal user removed successfully", status_code=status.HTTP_201_CREATED)


@seed_operation("portals_update_the_status_of_a_portal_user", responses=MessageSerializer)
class PortalUsersStatus(PortalScopedView):
    """The users' memberships in every portal the caller manages (or below `portalId`, if given)."""

    permission_required = CHANGE
    input_serializer_class = s.PortalUserStatusSerializer

    def post(self, request):
        data = self.parse_body()
        memberships = self.portal_scope.filter(
            PortalMembership.objects.filter(user_id__in=data["userIds"]), "portal"
        )
        if not memberships.exists():
            raise Unprocessable({"userIds": ["None of these users belongs to a portal you manage."]})
        services.portal_users_set_status(
            actor=request.user, memberships=memberships, is_active=data["status"] == "active"
        )
        return message_response("Portal user status updated successfully")


# --- A user's portals ----------------------------------------------------------------------------


@seed_operations_view(
    get=("users_retrieves_a_list_of_portals_for_a_given_user", {"responses": s.UserPortalsSerializer}),
    post=(
        "users_creates_a_new_portal_for_a_given_user",
        {
            "responses": MessageSerializer,
            "parameters": [
                OpenApiParameter(
                    "portalId", int, description="Parents must lie in this portal's subtree; -1: all."
                )
            ],
        },
    ),
)
class UserPortals(PortalScopedView):
    """GET: anyone sees their own portals; another user's need portals.view_portal (a portal admin
    sees only the memberships in their portals). POST: portals.add_portal, or a portal admin creating
    sub-portals of their portals (a root portal is the academy's)."""

    permission_required = {"GET": None, "POST": ADD}
    query_serializer_class = s.UserPortalsQuerySerializer
    input_serializer_class = s.UserPortalsCreateSerializer

    def get(self, request):
        query = self.parse_query()
        user_id = query.get("userId") or request.user.pk
        if user_id == request.user.pk:
            user, scope = request.user, PortalScope(None)
        elif request.user.has_perm(VIEW) or manages_portals(request.user):
            user, scope = get_object_or_404(User, pk=user_id), portal_scope(request.user)
        else:
            raise PermissionDenied
        if not scope.is_unrestricted and not scope.filter(user.portal_memberships.all(), "portal").exists():
            raise Http404  # a portal admin knows only the users of their portals
        memberships = selectors.user_portal_memberships(
            user, scope=scope, membership_type=query.get("type") or None
        )
        return Response({"portals": s.UserPortalItemSerializer(memberships, many=True).data})

    def post(self, request):
        data = self.parse_body()
        (user,) = selectors.users_by_ids([data["userId"]], field="userId")
        scope = self.portal_scope
        items = []
        for index, item in enumerate(data["portals"]):
            parent = None
            if item.get("parentPortalId") not in (None, -1):
                parent = selectors.portal_in_scope(scope, item["parentPortalId"])
            elif not (scope.is_unrestricted and request.user.has_perm(ADD)):
                raise Unprocessable({f"portals.{index}.parentPortalId": ["Choose the parent portal."]})
            items.append(
                {
                    "parent": parent,
                    "name": item["name"],
                    "referral_code": item.get("referralCode") or None,
                    "total_seats": item.get("totalSeat"),
                    "role": PortalRole.LEARNER if item["userType"] == "learner" else PortalRole.ADMIN,
                    "portal_type": item.get("portalType") or "",
                    "status": item["status"],
                    "expiry_date": item.get("expiryDate"),
                    "expiry_message": item.get("expiryMessage") or "",
                }
            )
        services.user_portals_create(
            actor=request.user,
            user=user,
            portals=items,
            clone_portal_admins=data["clonePortalAdmins"],
            clone_branding=data["cloneBrandingNotifications"],
        )
        return message_response("Portals created successfully")


@seed_operation(
    "users_get_blocked_and_allowed_emails_and_domains_for_a_given", responses=s.BlockedEmailsSerializer
)
class PortalEmailRules(PortalScopedView):
    """The portal's lists. Without portalId, the main site's: Lectern keeps no site-wide lists yet,
    so nothing is blocked or restricted there."""

    permission_required = VIEW
    query_serializer_class = s.BlockedEmailsQuerySerializer

    def get(self, request):
        portal_id = self.parse_query().get("portalId")
        if portal_id in (None, -1):
            rules = {"blockedEmails": [], "blockedDomains": [], "allowedEmails": [], "allowedDomains": []}
            return Response({"portalId": None, **rules})
        portal = self.portal(portal_id)
        return Response({"portalId": portal.pk, **selectors.email_rules(portal)})
