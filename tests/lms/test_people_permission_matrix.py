"""The permission matrix of the people-and-portals operations: every operation x every caller role.

The tree: root "Acme" with children "Acme Sales" (the target portal) and "Acme Engineering" (its
sibling), and an unrelated root "Globex". The target user is a learner of "Acme Sales"; every request
acts on the target portal and/or the target user (the staff operations on a target staff member).

The rules (website/permissions.py `user_may`, the views' `permission_required` and
`allow_portal_admins`):
- the owner and staff holding the operation's Django permission are allowed;
- staff without it are refused (never widened into portal admins);
- portal admins are allowed only where the view lets them in (`allow_portal_admins`) and only inside
  their subtree: the admin of the target portal and of its parent are served, the sibling's admin is
  refused (404 or 403) on anything about the target portal or user;
- learners are refused (the 2FA operations target another user, so they are refused there too).

An allowed caller gets a 2xx. A refused caller gets 401 (anonymous), 403 or 404, and the refusal
changes nothing: the audit log (`Activity`) keeps its row count, and a fingerprint of the rows the
operation would touch is the same before and after. On list operations the sibling's admin never
sees a record of the target portal or user, neither for the target nor across their own portals.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyotp
import pytest
import yaml
from django.conf import settings
from django.db.models import Q
from rest_framework.test import APIClient
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from lms.accounts.models import Address, User
from lms.audit.models import Activity
from lms.notifications.models import OutboxEmail
from lms.portals.models import Portal, PortalMembership, PortalRole, PortalSettings
from lms.staff.permission_sets import STAFF_PERMISSION_SETS
from lms.staff.services import permission_set_group
from lms.twofactor.models import TwoFactorDevice
from lms.userfields.models import CustomUserField, CustomUserValue, UploadStatus, UserConsent, UserUpload
from tests.conftest import api_client_for
from tests.factories import PortalFactory, PortalMembershipFactory, StaffFactory, UserFactory
from tests.factories.accounts import AddressFactory
from tests.factories.twofactor import TwoFactorDeviceFactory
from tests.factories.userfields import CustomUserFieldFactory, CustomUserValueFactory, UserConsentFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "learner",
    "same_admin",
    "sibling_admin",
    "parent_admin",
    "staff_without_permission",
    "staff_with_permission",
    "owner",
)

PASSWORD = "h*{P/tCM8u-long-enough"
TARGET_EMAIL = "tesserae.targetson@example.org"
TARGET_PORTAL_NAME = "Acme Sales"
TARGET_SLUG = "acme-sales-target"
TARGET_DOMAIN = "learn.acme-sales.test"
# What no listing may show the sibling's admin: the target user's and the target portal's own words.
TARGET_MARKERS = (TARGET_EMAIL, "Tesserae", "Targetson", TARGET_PORTAL_NAME, TARGET_SLUG, TARGET_DOMAIN)


class RuleViolation(AssertionError):
    """The status answered contradicts the permission rules."""


# --- The world ------------------------------------------------------------------------------------


def _ensure_default_site():
    """Wagtail's default site (custom domains become sites next to it); see tests/lms/portals/conftest."""
    if Site.objects.filter(is_default_site=True).exists():
        return
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)


@pytest.fixture
def world():
    _ensure_default_site()
    acme = PortalFactory(name="Acme", slug="acme")
    sales = PortalFactory(name=TARGET_PORTAL_NAME, parent=acme, slug=TARGET_SLUG)
    acme.refresh_from_db()
    engineering = PortalFactory(name="Acme Engineering", parent=acme, slug="acme-engineering")
    acme.refresh_from_db()
    globex = PortalFactory(name="Globex", slug="globex")
    Portal.objects.filter(pk=sales.pk).update(custom_domain=TARGET_DOMAIN)
    sales.refresh_from_db()

    target = UserFactory(first_name="Tesserae", last_name="Targetson", email=TARGET_EMAIL)
    PortalMembershipFactory(portal=sales, user=target)
    pending = pyotp.random_base32()
    TwoFactorDeviceFactory(user=target, pending_secret=pending)
    address = AddressFactory(user=target, is_default=True)
    dept = CustomUserFieldFactory(key="dept", label="Department")
    CustomUserValueFactory(user=target, field=dept, value="Sales")
    UserConsentFactory(user=target)
    upload = UserUpload.objects.create(portal=sales, status=UploadStatus.COMPLETED, total_rows=1)

    learner = PortalMembershipFactory(portal=sales, user__first_name="Lea", user__last_name="Learner").user
    # An admin of the target portal whose permissions the admin-permissions operation changes.
    managed_admin = PortalMembershipFactory(
        portal=sales, role=PortalRole.ADMIN, permissions=["can_manage_courses"]
    ).user
    target_staff = StaffFactory(first_name="Stan", last_name="Staffer")
    # A permission set the permissions operation (sent an empty list) takes away.
    target_staff.groups.add(permission_set_group(STAFF_PERMISSION_SETS[0]))
    bystander = UserFactory(first_name="Bea", last_name="Bystander")

    def admin_of(portal):
        return PortalMembershipFactory(portal=portal, role=PortalRole.ADMIN).user

    return {
        "acme": acme,
        "sales": sales,
        "engineering": engineering,
        "globex": globex,
        "target": target,
        "pending_secret": pending,
        "address": address,
        "field": dept,
        "upload": upload,
        "learner": learner,
        "managed_admin": managed_admin,
        "target_staff": target_staff,
        "bystander": bystander,
        "admins": {"same_admin": sales, "sibling_admin": engineering, "parent_admin": acme},
        "admin_of": admin_of,
    }


def fingerprint(world):
    """The rows these operations touch: the target portal and user, their memberships, addresses,
    2FA, custom data and uploads, the target staff member, and the tables a create would grow."""
    target, sales, staff = world["target"], world["sales"], world["target_staff"]
    return {
        "portals": list(Portal.objects.order_by("pk").values()),
        "target_user": list(User.objects.filter(pk=target.pk).values()),
        "target_staff": list(User.objects.filter(pk=staff.pk).values()),
        "staff_groups": sorted(staff.groups.values_list("pk", flat=True)),
        "users": User.objects.count(),
        "memberships": list(
            PortalMembership.objects.filter(Q(portal=sales) | Q(user=target)).order_by("pk").values()
        ),
        "membership_count": PortalMembership.objects.count(),
        "addresses": list(Address.objects.order_by("pk").values()),
        "two_factor": list(TwoFactorDevice.objects.filter(user=target).values()),
        "fields": list(CustomUserField.objects.order_by("pk").values()),
        "values": list(CustomUserValue.objects.order_by("pk").values()),
        "consents": UserConsent.objects.count(),
        "uploads": list(UserUpload.objects.order_by("pk").values("pk", "status", "created_count")),
        "portal_settings": list(PortalSettings.objects.values()),
        "sites": list(Site.objects.order_by("pk").values()),
        "outbox": OutboxEmail.objects.count(),
    }


# --- The operations -------------------------------------------------------------------------------

VIEW_PORTAL, ADD_PORTAL, CHANGE_PORTAL = "portals.view_portal", "portals.add_portal", "portals.change_portal"
VIEW_USER, ADD_USER, CHANGE_USER, DELETE_USER = (
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
)
VIEW_FIELDS, CHANGE_FIELDS = "userfields.view_customuserfield", "userfields.change_customuserfield"


@dataclass(frozen=True)
class Op:
    """One API operation. `permission`: the Django permission that serves staff (None: no permission
    does; only the owner and admin user types act on another user). `portal_admins`: the view lets
    portal admins in (inside their subtree). `scoped`: the request is about the target portal or user,
    so the sibling's admin is refused; an unscoped one (a static lookup) serves every portal admin.
    `grant`: what the staff_with_permission role holds when no permission serves staff."""

    op_id: str
    method: str
    url: Callable[[dict], str]
    body: Callable[[dict], dict] | None = None
    permission: str | None = None
    portal_admins: bool = False
    is_list: bool = False
    scoped: bool = True
    grant: str | None = None
    refused_by_design: dict[str, str] = field(default_factory=dict)  # role -> why the rule bends
    refused_with: dict[str, tuple[int, str]] = field(default_factory=dict)  # role -> (status, why)


def q(path: str, **params) -> str:
    """`path` with a query string; dict values are sent as JSON, as the seed does."""
    query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    return f"{path}?{urlencode(query)}" if query else path


PORTAL_CREATE = {
    "portalName": "EduPortal",
    "portalSlug": "eduportal",
    "totalSeat": 100,
    "expiryDate": "2030-12-31",
    "expiryMessage": "This portal has expired.",
    "accessPermission": "all",
    "seatAccess": "limited",
    "logoImageUrl": "https://example.com/logo.png",
    "miniLogoImageUrl": "https://example.com/mini-logo.png",
    "brandColor": "#3498db",
    "bodyBackgroundColor": "#ffffff",
    "bodyTextColor": "#333333",
    "headerBackgroundColor": "#2c3e50",
    "selectedPrimaryLanguage": "en",
    "isActive": True,
    "isPortalAdminLearner": False,
    "learnerDashboard": "10",
    "customStyle": ".portal-header { background-color: #333; }",
    "customFont": "Arial, sans-serif",
    "customCode": "<script>console.log('Hello World');</script>",
}
PORTAL_UPDATE = {
    "portalName": "Acme Sales Renamed",
    "portalSlug": "acme-sales-renamed",
    "totalSeatAccess": 20,
    "expiryDate": "2030-01-31",
    "expiryMessage": "Renew your plan.",
    "accessPermission": "invite_only",
    "seatAccess": "limited",
    "brandColor": "#123456",
    "isActive": True,
    "allowedEmails": "acme.com, partner@globex.com",
}
BRANDING = {
    "brandColor": "#2e1e55",
    "bodyBackgroundColor": "#f8f8f8",
    "bodyTextColor": "#1b1e24",
    "headerBackgroundColor": "#2e1e55",
    "selectedPrimaryLanguage": "en",
    "customStyle": "CSS code",
    "customCode": "JavaScript code",
    "customFont": "font family name",
    "learnerDashboard": '{"type": "page", "id": 1}',
}
USER_UPDATE = {
    "firstName": "Tessa",
    "lastName": "Targetson",
    "email": "tessa.targetson@example.org",
    "disabled": "0",
    "internal_note": "Changed by the matrix.",
}
ADDRESS = {
    "fullName": "John Doe",
    "orgName": "Acme Corp",
    "orgVatId": "VAT12345",
    "addressLine1": "Boring Street",
    "addressLine2": "Awesome Colony",
    "zipcode": "123456",
    "city": "Mumbai",
    "state": "NY",
    "country": "US",
    "isDefault": True,
}
STAFF_CREATE = {
    "firstName": "John",
    "lastName": "Doe",
    "email": "john.doe@example.org",
    "password": "Nv10=80l^xQ",
    "staffPermissions": "[]",
    "userType": "staff",
}
STAFF_UPDATE = {
    "firstName": "Stanley",
    "lastName": "Staffer",
    "disabled": "0",
    "internal_note": "Changed by the matrix.",
    "userType": "staff",
}

CLONE_BESIDE = (
    "selectors.may_clone: a clone sits beside its source, under the parent, which is outside the "
    "subtree of the target portal's own admin"
)

OPERATIONS = [
    # --- Portals --------------------------------------------------------------------------------
    Op(
        "portals_retrieve_a_paginated_list_of_portals_in_a_tabular_format",
        "get",
        lambda w: q("/api/v1/portals/", portalId=w["sales"].pk),
        permission=VIEW_PORTAL,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "portals_create_a_new_portal",
        "post",
        lambda w: "/api/v1/portals/",
        lambda w: dict(PORTAL_CREATE, selectedUsers=[w["target"].pk]),
        permission=ADD_PORTAL,
    ),
    Op(
        "portals_get_detailed_portal_information",
        "get",
        lambda w: f"/api/v1/portals/{w['sales'].pk}/",
        permission=VIEW_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_update_a_portal",
        "put",
        lambda w: f"/api/v1/portals/{w['sales'].pk}/",
        lambda w: PORTAL_UPDATE,
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_update_the_permissions_of_a_portal_admin",
        "put",
        lambda w: f"/api/v1/portals/{w['sales'].pk}/admins/{w['managed_admin'].pk}/permissions/",
        lambda w: {"portalAdminPermissions": ["can_edit_settings"]},
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_update_the_branding_settings_of_a_portal",
        "put",
        lambda w: f"/api/v1/portals/{w['sales'].pk}/branding/",
        lambda w: BRANDING,
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_add_a_sub_portal_to_the_given_portal",
        "post",
        lambda w: f"/api/v1/portals/{w['sales'].pk}/sub-portals/",
        lambda w: {"subPortal": [{"name": "Acme Sales East"}]},
        permission=ADD_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_add_portal_admins",
        "post",
        lambda w: "/api/v1/portals/admins/",
        lambda w: {
            "portalId": w["sales"].pk,
            "portalAdminType": "existingPortalAdmin",
            "selectedExUsers": [w["target"].pk],
            "portalAdminPermissions": ["can_manage_courses"],
        },
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_update_a_user_to_portal_admin",
        "post",
        lambda w: "/api/v1/portals/admins/promote/",
        lambda w: {
            "userId": w["target"].pk,
            "portalId": w["sales"].pk,
            "portalAdminPermissions": ["can_manage_courses"],
        },
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_clone_a_portal_and_optionally_its_sub_portal",
        "post",
        lambda w: "/api/v1/portals/clone/",
        lambda w: {"portalId": w["sales"].pk, "portalName": "Acme Sales Copy", "subPortals": True},
        permission=ADD_PORTAL,
        portal_admins=True,
        refused_by_design={"same_admin": CLONE_BESIDE},
    ),
    Op(
        "portals_add_users_to_learner_list_of_the_portal",
        "post",
        lambda w: "/api/v1/portals/learners/",
        lambda w: {"userIds": [w["bystander"].pk], "portalId": w["sales"].pk},
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_lookup_portals",
        "get",
        lambda w: q("/api/v1/portals/lookup/", portalId=w["sales"].pk, type="subPortals"),
        permission=VIEW_PORTAL,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "portals_retrieves_the_portal_settings",
        "get",
        lambda w: q("/api/v1/portals/settings/", domain=TARGET_DOMAIN),
        permission=VIEW_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_enable_or_disable_custom_domain_for_portals",
        "put",
        lambda w: "/api/v1/portals/settings/custom-domains/",
        lambda w: {"isEnabled": True},
        permission="portals.change_portalsettings",
    ),
    Op(
        "portals_update_the_status_of_a_given_portal_s",
        "post",
        lambda w: "/api/v1/portals/status/",
        lambda w: {"ids": [w["sales"].pk], "status": "InActive"},
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_removes_users_from_a_given_portal_and_its_sub_portals_based",
        "post",
        lambda w: "/api/v1/portals/users/remove/",
        lambda w: {"userIds": [w["target"].pk], "portalId": w["sales"].pk, "type": "learner"},
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    Op(
        "portals_update_the_status_of_a_portal_user",
        "post",
        lambda w: "/api/v1/portals/users/status/",
        lambda w: {"userIds": [w["target"].pk], "status": "inactive", "portalId": w["sales"].pk},
        permission=CHANGE_PORTAL,
        portal_admins=True,
    ),
    # --- Staff ----------------------------------------------------------------------------------
    Op("staff_tabular_list", "get", lambda w: "/api/v1/staff/", permission=VIEW_USER, is_list=True),
    Op(
        "staff_creates_a_new_staff_member",
        "post",
        lambda w: "/api/v1/staff/",
        lambda w: STAFF_CREATE,
        permission=ADD_USER,
    ),
    Op(
        "staff_retrieve_staff_by_id",
        "get",
        lambda w: f"/api/v1/staff/{w['target_staff'].pk}/",
        permission=VIEW_USER,
    ),
    Op(
        "staff_update_staff_owner_details",
        "put",
        lambda w: f"/api/v1/staff/{w['target_staff'].pk}/",
        lambda w: STAFF_UPDATE,
        permission=CHANGE_USER,
    ),
    Op(
        "staff_update_staff_permissions",
        "put",
        lambda w: f"/api/v1/staff/{w['target_staff'].pk}/permissions/",
        lambda w: {"permissions": []},
        permission="auth.change_group",
    ),
    Op(
        "staff_retrieves_detailed_report_for_all_staffs",
        "get",
        lambda w: "/api/v1/staff/report/",
        permission=VIEW_USER,
        is_list=True,
    ),
    # --- Custom user fields (academy-wide) ------------------------------------------------------
    Op(
        "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the_2",
        "get",
        lambda w: "/api/v1/custom-user-fields/",
        permission=VIEW_FIELDS,
    ),
    Op(
        "users_update_custom_user_fields",
        "put",
        lambda w: "/api/v1/custom-user-fields/",
        lambda w: {
            "fields": [
                {"id": w["field"].pk, "label": "Department", "type": "text"},
                {"label": "Gender", "type": "text"},
            ]
        },
        permission=CHANGE_FIELDS,
    ),
    Op(
        "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the",
        "get",
        lambda w: "/api/v1/custom-user-fields/by-key/",
        permission=VIEW_FIELDS,
    ),
    Op(
        "users_checks_if_a_custom_user_field_can_be_deleted",
        "get",
        lambda w: q("/api/v1/custom-user-fields/deletion-check/", fieldToDelete={"userMetaKey": "dept"}),
        permission=CHANGE_FIELDS,
    ),
    Op(
        "users_custom_user_field_type_lookup",
        "get",
        lambda w: "/api/v1/custom-user-fields/types/",
        permission=VIEW_FIELDS,
    ),
    # --- Users ----------------------------------------------------------------------------------
    Op(
        "users_loads_user_consents_based_on_pagination_parameters",
        "get",
        lambda w: q("/api/v1/user-consents/", portalId=w["sales"].pk),
        permission="userfields.view_userconsent",
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_tabular_list",
        "get",
        lambda w: q("/api/v1/users/", portalId=w["sales"].pk),
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_creates_a_new_user",
        "post",
        lambda w: "/api/v1/users/",
        lambda w: {
            "firstName": "John",
            "lastName": "Doe",
            "email": "john.doe@example.org",
            "password": PASSWORD,
            "portalId": w["sales"].pk,
        },
        permission=ADD_USER,
        portal_admins=True,
    ),
    Op(
        "users_retrieve_user_by_id",
        "get",
        lambda w: f"/api/v1/users/{w['target'].pk}/",
        permission=VIEW_USER,
        portal_admins=True,
    ),
    Op(
        "users_updates_an_existing_user",
        "put",
        lambda w: f"/api/v1/users/{w['target'].pk}/",
        lambda w: USER_UPDATE,
        permission=CHANGE_USER,
        portal_admins=True,
    ),
    Op(
        "users_retrieve_all_billing_addresses_of_a_user",
        "get",
        lambda w: f"/api/v1/users/{w['target'].pk}/billing-addresses/",
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_retrieves_the_default_address_of_a_user",
        "get",
        lambda w: f"/api/v1/users/{w['target'].pk}/default-address/",
        permission=VIEW_USER,
        portal_admins=True,
    ),
    Op(
        "users_get_shipping_address_by_id",
        "get",
        lambda w: f"/api/v1/users/{w['target'].pk}/shipping-addresses/",
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_retrieve_user_activities",
        "get",
        lambda w: q("/api/v1/users/activities/", user_id=w["target"].pk),
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_insert_address",
        "post",
        lambda w: "/api/v1/users/addresses/",
        lambda w: dict(ADDRESS, type="billing", userId=w["target"].pk),
        permission=CHANGE_USER,
        portal_admins=True,
    ),
    Op(
        "users_retrieves_the_address_of_a_user_by_address_id",
        "get",
        lambda w: f"/api/v1/users/addresses/{w['address'].pk}/",
        permission=VIEW_USER,
        portal_admins=True,
    ),
    Op(
        "users_update_a_users_address",
        "put",
        lambda w: f"/api/v1/users/addresses/{w['address'].pk}/",
        lambda w: dict(ADDRESS, city="Pune", userId=w["target"].pk),
        permission=CHANGE_USER,
        portal_admins=True,
    ),
    Op(
        "users_get_blocked_and_allowed_emails_and_domains_for_a_given",
        "get",
        lambda w: q("/api/v1/users/blocked-emails/", portalId=w["sales"].pk),
        permission=VIEW_PORTAL,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_bulk_upload_users_from_csv_file",
        "post",
        lambda w: "/api/v1/users/bulk-upload/",
        lambda w: {
            "userList": [
                {
                    "email": "new.one@example.org",
                    "first_name": "New",
                    "last_name": "One",
                    "password": PASSWORD,
                }
            ],
            "selectedCourses": [],
            "selectedLearningPaths": [],
            "portalId": w["sales"].pk,
        },
        permission=ADD_USER,
        portal_admins=True,
    ),
    Op(
        "x_users_bulk_upload_status",
        "get",
        lambda w: f"/api/v1/users/bulk-upload/{w['upload'].pk}/",
        permission=ADD_USER,
        portal_admins=True,
    ),
    Op(
        "users_returns_a_sample_file_in_json_format_which_can_be",
        "get",
        lambda w: "/api/v1/users/bulk-upload/sample/",
        permission=ADD_USER,
        portal_admins=True,
        scoped=False,  # the same static sample for everyone
    ),
    Op(
        "users_retrieve_users_by_type",
        "get",
        lambda w: q("/api/v1/users/by-type/", userType="general", portalId=w["sales"].pk),
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_retrieves_a_paginated_report_of_users_with_custom_user_data",
        "get",
        lambda w: q("/api/v1/users/custom-data/", portalId=w["sales"].pk),
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_delete_a_user_or_multiple_users",
        "post",
        lambda w: "/api/v1/users/delete/",
        lambda w: {"delete_ids": [w["target"].pk]},
        permission=DELETE_USER,
        portal_admins=True,
        refused_with={
            "sibling_admin": (
                422,
                "an id outside the caller's portals is refused like an id that does not exist "
                "(website.bulk.bulk_delete), so the answer tells nothing about the hidden user",
            ),
        },
    ),
    Op(
        "users_updates_the_password_of_a_user",
        "post",
        lambda w: "/api/v1/users/password/",
        lambda w: {"userId": w["target"].pk, "password": PASSWORD},
        permission=CHANGE_USER,
        portal_admins=True,
    ),
    Op(
        "users_retrieves_a_list_of_portals_for_a_given_user",
        "get",
        lambda w: q("/api/v1/users/portals/", userId=w["target"].pk),
        permission=VIEW_PORTAL,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_creates_a_new_portal_for_a_given_user",
        "post",
        lambda w: "/api/v1/users/portals/",
        lambda w: {
            "userId": w["target"].pk,
            "portals": [{"name": "Tess's team", "userType": "learner", "parentPortalId": w["sales"].pk}],
            "clonePortalAdmins": False,
            "cloneBrandingNotifications": False,
        },
        permission=ADD_PORTAL,
        portal_admins=True,
    ),
    Op(
        "users_resend_new_account_email",
        "post",
        lambda w: "/api/v1/users/resend-new-account-email/",
        lambda w: {"portalId": w["sales"].pk, "user_id": [w["target"].pk]},
        permission=CHANGE_USER,
        portal_admins=True,
    ),
    Op(
        "users_retrieve_users",
        "get",
        lambda w: q("/api/v1/users/search/", search_term="Tess", portalId=w["sales"].pk),
        permission=VIEW_USER,
        portal_admins=True,
        is_list=True,
    ),
    Op(
        "users_get_all_user_sources",
        "get",
        lambda w: q("/api/v1/users/sources/", portalId=w["sales"].pk),
        permission=VIEW_USER,
        portal_admins=True,
    ),
    Op(
        "users_user_type_lookup",
        "get",
        lambda w: "/api/v1/users/user-types/",
        permission=VIEW_USER,
        portal_admins=True,
        scoped=False,  # the user types are the same everywhere
    ),
    # --- Two-factor authentication of another user (the target) ---------------------------------
    Op(
        "users_returns_2fa_details_for_a_user",
        "get",
        lambda w: q("/api/v1/users/two-factor/", user_id=w["target"].pk),
        grant=CHANGE_USER,
    ),
    Op(
        "users_confirms_relation_between_aom_site_and_authenticator_app",
        "post",
        lambda w: "/api/v1/users/two-factor/confirm/",
        lambda w: {
            "user_id": w["target"].pk,
            "secretCode": pyotp.TOTP(w["pending_secret"]).now(),
            "qrCode": "",
            "stringCode": w["pending_secret"],
        },
        grant=CHANGE_USER,
    ),
    Op(
        "users_disable_two_factor_authentication_for_a_user",
        "post",
        lambda w: "/api/v1/users/two-factor/disable/",
        lambda w: {"user_id": w["target"].pk},
        grant=CHANGE_USER,
    ),
    Op(
        "users_prepares_qr_code_for_two_factor_authentication",
        "post",
        lambda w: "/api/v1/users/two-factor/prepare/",
        lambda w: {"user_id": w["target"].pk},
        grant=CHANGE_USER,
    ),
]


def allowed_by_rule(op: Op, role: str) -> bool:
    if role in op.refused_by_design:
        return False
    if role == "owner":
        return True
    if role == "staff_with_permission":
        return op.permission is not None
    if role in ("same_admin", "parent_admin"):
        return op.portal_admins
    if role == "sibling_admin":
        return op.portal_admins and not op.scoped
    return False  # anonymous, learner, staff_without_permission


def client_for(role: str, op: Op, world) -> APIClient:
    if role == "anonymous":
        return APIClient()
    if role == "learner":
        return api_client_for(world["learner"])
    if role == "owner":
        return api_client_for(UserFactory(user_type="owner", email="owner@example.org"))
    if role == "staff_without_permission":
        return api_client_for(StaffFactory())
    if role == "staff_with_permission":
        return api_client_for(StaffFactory(permissions=[op.permission or op.grant]))
    return api_client_for(world["admin_of"](world["admins"][role]))


def send(client: APIClient, op: Op, world, url: str | None = None):
    url = url or op.url(world)
    if op.body is None:
        return getattr(client, op.method)(url)
    return getattr(client, op.method)(url, op.body(world), format="json")


def without_target(url: str) -> str:
    """The same listing across the caller's own portals: the target-naming parameters dropped."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("portalId", "userId", "user_id")]
    return f"{parts.path}?{urlencode(kept)}" if kept else parts.path


def assert_no_target_records(response):
    text = response.content.decode()
    leaked = [marker for marker in TARGET_MARKERS if marker in text]
    assert not leaked, f"the sibling's admin sees {leaked} in {text[:500]}"


CASES = [pytest.param(op, role, id=f"{op.op_id}-{role}") for op in OPERATIONS for role in ROLES]


# The operations of the people-and-portals issue (57), and the bulk upload's status poll.
ISSUE_OPERATIONS = frozenset(
    {
        "portals_add_a_sub_portal_to_the_given_portal",
        "portals_add_portal_admins",
        "portals_add_users_to_learner_list_of_the_portal",
        "portals_clone_a_portal_and_optionally_its_sub_portal",
        "portals_create_a_new_portal",
        "portals_enable_or_disable_custom_domain_for_portals",
        "portals_get_detailed_portal_information",
        "portals_lookup_portals",
        "portals_removes_users_from_a_given_portal_and_its_sub_portals_based",
        "portals_retrieve_a_paginated_list_of_portals_in_a_tabular_format",
        "portals_retrieves_the_portal_settings",
        "portals_update_a_portal",
        "portals_update_a_user_to_portal_admin",
        "portals_update_the_branding_settings_of_a_portal",
        "portals_update_the_permissions_of_a_portal_admin",
        "portals_update_the_status_of_a_given_portal_s",
        "portals_update_the_status_of_a_portal_user",
        "staff_creates_a_new_staff_member",
        "staff_retrieve_staff_by_id",
        "staff_retrieves_detailed_report_for_all_staffs",
        "staff_tabular_list",
        "staff_update_staff_owner_details",
        "staff_update_staff_permissions",
        "users_bulk_upload_users_from_csv_file",
        "users_checks_if_a_custom_user_field_can_be_deleted",
        "users_confirms_relation_between_aom_site_and_authenticator_app",
        "users_creates_a_new_portal_for_a_given_user",
        "users_creates_a_new_user",
        "users_custom_user_field_type_lookup",
        "users_delete_a_user_or_multiple_users",
        "users_disable_two_factor_authentication_for_a_user",
        "users_get_all_user_sources",
        "users_get_blocked_and_allowed_emails_and_domains_for_a_given",
        "users_get_shipping_address_by_id",
        "users_insert_address",
        "users_loads_user_consents_based_on_pagination_parameters",
        "users_prepares_qr_code_for_two_factor_authentication",
        "users_resend_new_account_email",
        "users_retrieve_all_billing_addresses_of_a_user",
        "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the",
        "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the_2",
        "users_retrieve_user_activities",
        "users_retrieve_user_by_id",
        "users_retrieve_users",
        "users_retrieve_users_by_type",
        "users_retrieves_a_list_of_portals_for_a_given_user",
        "users_retrieves_a_paginated_report_of_users_with_custom_user_data",
        "users_retrieves_the_address_of_a_user_by_address_id",
        "users_retrieves_the_default_address_of_a_user",
        "users_returns_2fa_details_for_a_user",
        "users_returns_a_sample_file_in_json_format_which_can_be",
        "users_tabular_list",
        "users_update_a_users_address",
        "users_update_custom_user_fields",
        "users_updates_an_existing_user",
        "users_updates_the_password_of_a_user",
        "users_user_type_lookup",
        "x_users_bulk_upload_status",
    }
)


def test_the_matrix_covers_every_people_and_portals_operation():
    with open(settings.BASE_DIR / "docs" / "api" / "openapi.yaml") as handle:
        spec = yaml.safe_load(handle)
    documented = {
        operation["operationId"]
        for methods in spec["paths"].values()
        for method, operation in methods.items()
        if method in ("get", "post", "put", "delete", "patch")
    }
    assert not ISSUE_OPERATIONS - documented, "an operation of the issue is missing from the schema"
    assert {op.op_id for op in OPERATIONS} == ISSUE_OPERATIONS
    assert len(OPERATIONS) == len(ISSUE_OPERATIONS)


@pytest.mark.parametrize(("op", "role"), CASES)
def test_permission_matrix(world, op, role):
    # Given the tree, the target portal and user, and a caller in `role`
    client = client_for(role, op, world)
    activities, before = Activity.objects.count(), fingerprint(world)

    # When the caller runs the operation on the target
    response = send(client, op, world)

    status = response.status_code
    detail = response.content.decode()[:400]
    if allowed_by_rule(op, role):
        # Then an allowed caller is served
        if not 200 <= status < 300:
            raise RuleViolation(f"{op.op_id} as {role}: expected 2xx, got {status}: {detail}")
        # The fingerprint sees what a write does, so a refusal's "nothing changed" means something.
        if op.method != "get":
            assert Activity.objects.count() > activities or fingerprint(world) != before, (
                f"{op.op_id} as {role} was served but the fingerprint saw no change"
            )
        return

    # Then a refused caller changed nothing (whatever the status says) ...
    assert Activity.objects.count() == activities, f"{op.op_id} as {role} wrote to the audit log"
    assert fingerprint(world) == before, f"{op.op_id} as {role} changed data ({status}: {detail})"
    # ... sees nothing of the target on a list ...
    if op.is_list and role == "sibling_admin":
        assert_no_target_records(response)
        own = send(client, op, world, url=without_target(op.url(world)))
        if 200 <= own.status_code < 300:
            assert_no_target_records(own)
        assert own.status_code < 500
    # ... and was refused as the rules say.
    expected = {401} if role == "anonymous" else {403, 404}
    if role in op.refused_with:
        expected = {op.refused_with[role][0]}
    if status not in expected:
        raise RuleViolation(f"{op.op_id} as {role}: expected {sorted(expected)}, got {status}: {detail}")
