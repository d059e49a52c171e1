"""Portals form a tree (an academy's client companies, departments, resellers and their sub-portals).

The tree is a materialised path (django-treebeard, as Wagtail's pages), so "a portal and its
sub-portals" is one indexed prefix query at any depth.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node


class PortalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"


class SeatAccess(models.TextChoices):
    """Unlimited: any number of learners; limited: at most `total_seats` active learners."""

    UNLIMITED = "unlimited", "Unlimited"
    LIMITED = "limited", "Limited"


class AccessPermission(models.TextChoices):
    ALL = "all", "Anyone with the referral link"
    INVITE_ONLY = "invite_only", "Invited users only"


class Portal(MP_Node):
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=PortalStatus.choices, default=PortalStatus.ACTIVE)
    # null (not blank) so portals made without one (fixtures, the admin) do not collide on "".
    slug = models.SlugField(max_length=255, unique=True, null=True, blank=True)
    referral_code = models.CharField(max_length=64, unique=True, null=True, blank=True)

    seat_access = models.CharField(max_length=16, choices=SeatAccess.choices, default=SeatAccess.UNLIMITED)
    total_seats = models.PositiveIntegerField(null=True, blank=True)
    access_permission = models.CharField(
        max_length=16, choices=AccessPermission.choices, default=AccessPermission.ALL
    )
    expiry_date = models.DateField(null=True, blank=True)
    expiry_message = models.TextField(blank=True)

    # Branding.
    logo_image_url = models.URLField(max_length=1000, blank=True)
    mini_logo_image_url = models.URLField(max_length=1000, blank=True)
    brand_color = models.CharField(max_length=32, blank=True)
    body_background_color = models.CharField(max_length=32, blank=True)
    body_text_color = models.CharField(max_length=32, blank=True)
    header_background_color = models.CharField(max_length=32, blank=True)
    selected_primary_language = models.CharField(max_length=16, blank=True)
    custom_style = models.TextField(blank=True)
    custom_font = models.CharField(max_length=255, blank=True)
    custom_code = models.TextField(blank=True)
    learner_dashboard = models.CharField(max_length=255, blank=True)

    # Who may join: comma or newline separated emails ("a@b.com") and domains ("b.com" or "@b.com").
    allowed_emails = models.TextField(blank=True)
    blocked_emails = models.TextField(blank=True)

    # While custom domains are enabled (PortalSettings), a portal's custom domain is served by a
    # Wagtail Site of its own (see services.sync_portal_sites).
    custom_domain = models.CharField(max_length=255, unique=True, null=True, blank=True)
    site = models.OneToOneField(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="portal"
    )

    portal_type = models.CharField(max_length=64, blank=True, help_text="A free label, e.g. education.")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    node_order_by = ["name"]

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def has_seat_limit(self) -> bool:
        return self.seat_access == SeatAccess.LIMITED and self.total_seats is not None


class PortalRole(models.TextChoices):
    LEARNER = "learner", "Learner"
    ADMIN = "admin", "Portal admin"


class PortalMembership(models.Model):
    """A user's place in a portal: a learner, or a portal admin over the portal and its sub-portals.

    A portal admin who is also a learner of the portal has one admin membership with `is_learner`.
    """

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_memberships"
    )
    role = models.CharField(max_length=16, choices=PortalRole.choices, default=PortalRole.LEARNER)
    is_active = models.BooleanField(default=True)
    is_learner = models.BooleanField(default=False, help_text="A portal admin who also takes a learner seat.")
    # The portal admin's documented permissions (portalAdminPermissions), e.g. "can_manage_courses".
    permissions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["portal", "user"], name="portals_one_membership_per_portal")
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} in {self.portal} ({self.get_role_display()})"


class PortalSettings(models.Model):
    """Academy-wide portal settings: one row (pk 1), see selectors.portal_settings()."""

    custom_domains_enabled = models.BooleanField(
        default=False, help_text="Serve each portal's custom domain as a site of its own."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "portal settings"

    def __str__(self):
        return "Portal settings"
