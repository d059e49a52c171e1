"""The media library: uploaded files (through Django storage) and provider-hosted videos (Mux, Bunny).

A file arrives whole (plain upload) or in chunks (an `UploadSession` owned by the uploader, with
one `UploadChunk` per received piece); either way it becomes a `MediaFile` only after its content
has been checked. Videos hosted by Mux or Bunny are `MediaFile` rows of kind video with the
provider's id and no local file.
"""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class MediaKind(models.TextChoices):
    IMAGE = "image", "Images"
    VIDEO = "video", "Videos"
    AUDIO = "audio", "Audios"
    PDF = "pdf", "PDF"
    POWERPOINT = "powerpoint", "PowerPoint"
    DOCUMENT = "document", "Documents"
    SUBTITLE = "subtitle", "Subtitles"
    ARCHIVE = "archive", "Archives"
    OTHER = "other", "Others"


class MediaStatus(models.TextChoices):
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class MediaProvider(models.TextChoices):
    STORAGE = "storage", "Storage"
    MUX = "mux", "Mux"
    BUNNY = "bunny", "Bunny"


class MediaFile(models.Model):
    file = models.FileField(upload_to="library/%Y/%m/", max_length=500, blank=True)
    name = models.CharField(max_length=255, help_text="The original file name.")
    kind = models.CharField(max_length=16, choices=MediaKind.choices, default=MediaKind.OTHER, db_index=True)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=MediaStatus.choices, default=MediaStatus.COMPLETED)
    provider = models.CharField(max_length=16, choices=MediaProvider.choices, default=MediaProvider.STORAGE)
    # Mux asset id or Bunny video guid; Mux playback id (for the stream URL).
    provider_id = models.CharField(max_length=255, blank=True, db_index=True)
    playback_id = models.CharField(max_length=255, blank=True)
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="media_files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "media file"

    def __str__(self):
        return self.name


class UploadSession(models.Model):
    """A chunked upload in progress. The id is a random UUID, and only its owner may add to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=255)
    total_size = models.BigIntegerField()
    received_size = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.received_size}/{self.total_size})"


class UploadChunk(models.Model):
    session = models.ForeignKey(UploadSession, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    offset = models.BigIntegerField()
    size = models.BigIntegerField()
    file = models.FileField(upload_to="upload-chunks/", max_length=500)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["session", "index"], name="media_chunk_unique_index")]

    def __str__(self):
        return f"{self.session_id} #{self.index}"


class BunnyVideoLibrary(models.Model):
    """A video library created on Bunny.net; the newest one is the library uploads go to."""

    name = models.CharField(max_length=255)
    library_id = models.CharField(max_length=64, unique=True)
    api_key = models.CharField(max_length=255)
    pull_zone_id = models.CharField(max_length=64, blank=True)
    pull_zone_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "Bunny video libraries"

    def __str__(self):
        return f"{self.name} ({self.library_id})"
