"""The activity log: who did what to which object, and which attributes changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ActivityAction(models.TextChoices):
    LOGIN = "login", "LOGIN"
    CREATED = "created", "CREATED"
    UPDATED = "updated", "UPDATED"
    DELETED = "deleted", "DELETED"


class Activity(models.Model):
    """Written by services only (never by signals), so each entry says what the service meant to do.

    The subject's label and type name are copied, so the entry stays readable after a delete.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    action = models.CharField(max_length=16, choices=ActivityAction.choices)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_kind = models.CharField(max_length=100, help_text="The model's name, e.g. Course.")
    subject_label = models.CharField(max_length=255)
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["subject_kind", "created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.subject_kind}: {self.subject_label}"
