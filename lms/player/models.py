"""Learning resources: files (from the media library) or outside addresses attached to a course,
listed for its learners next to the curriculum (`learningResources`)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ResourceType(models.TextChoices):
    VIDEO = "video", "Video"
    DOCUMENT = "document", "Document"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    LINK = "link", "Link"
    OTHER = "other", "Other"


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"


class LearningResource(models.Model):
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="learning_resources")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    resource_type = models.CharField(
        max_length=16, choices=ResourceType.choices, default=ResourceType.DOCUMENT
    )
    media = models.ForeignKey(
        "media.MediaFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_resources",
        help_text="A file of the media library (or give an outside address).",
    )
    url = models.URLField(max_length=1000, blank=True, help_text="An outside address, when no media file.")
    status = models.CharField(max_length=16, choices=ResourceStatus.choices, default=ResourceStatus.ACTIVE)
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "order", "id"]

    def __str__(self):
        return self.name
