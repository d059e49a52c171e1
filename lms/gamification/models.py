"""Badges learners earn, and the leaderboard's tiers of points."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Badge(models.Model):
    title = models.CharField(max_length=255)
    points = models.PositiveIntegerField(default=0)
    badge_icon_url = models.CharField(max_length=500)
    default_icon_url = models.CharField(max_length=500, blank=True)
    organization_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class UserBadge(models.Model):
    """A badge a user holds. A held badge cannot be deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="holders")
    awarded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "badge"], name="gamification_badge_once_per_user")
        ]

    def __str__(self):
        return f"{self.badge} held by {self.user}"


class Tier(models.Model):
    """A leaderboard tier: learners whose points fall in [lower_limit, upper_limit]. Tiers never overlap."""

    name = models.CharField(max_length=100)
    lower_limit = models.PositiveIntegerField()
    upper_limit = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["lower_limit"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lower_limit__lte=models.F("upper_limit")),
                name="gamification_tier_limits_ordered",
            )
        ]

    def __str__(self):
        return self.name
