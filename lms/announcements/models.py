"""Announcements: a staff message (sanitised HTML) with a sending rule that says which learners see it."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SendingRule(models.TextChoices):
    ALL = "all", "Everyone"
    SPECIFIC_USERS = "specific_users", "Selected users"
    SPECIFIC_COURSE_USERS = "specific_course_users", "Users of selected courses"
    SPECIFIC_PORTALS = "specific_portals", "Users of selected portals"


class Announcement(models.Model):
    heading = models.CharField(max_length=255)
    content = models.TextField(help_text="HTML, sanitised on save.")
    sending_rule = models.CharField(max_length=32, choices=SendingRule.choices, default=SendingRule.ALL)
    expiry = models.DateTimeField(null=True, blank=True, help_text="Blank: never expires.")
    portal = models.ForeignKey(
        "portals.Portal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
        help_text="The portal that owns it (blank: the academy's own, shown to every portal).",
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="targeted_announcements"
    )
    courses = models.ManyToManyField("courses.Course", blank=True, related_name="announcements")
    portals = models.ManyToManyField("portals.Portal", blank=True, related_name="targeted_announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.heading
