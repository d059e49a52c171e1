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


class Portal(MP_Node):
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=PortalStatus.choices, default=PortalStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    node_order_by = ["name"]

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.name


class PortalRole(models.TextChoices):
    LEARNER = "learner", "Learner"
    ADMIN = "admin", "Portal admin"


class PortalMembership(models.Model):
    """A user's place in a portal: a learner, or a portal admin over the portal and its sub-portals."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_memberships"
    )
    role = models.CharField(max_length=16, choices=PortalRole.choices, default=PortalRole.LEARNER)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["portal", "user"], name="portals_one_membership_per_portal")
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} in {self.portal} ({self.get_role_display()})"
