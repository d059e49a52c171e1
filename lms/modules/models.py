"""The module library: reusable lessons that courses place in their curriculum.

A `Module` holds what every type shares (name, slug, content, completion estimate, categories,
author, portal); each type keeps its own fields in a one-to-one detail whose primary key is the
module and whose `related_name` is the type's name (`module.text`, `module.video`...). Later types
(quiz, assignment...) add their detail the same way and register it in `lms.modules.types`.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ModuleType(models.TextChoices):
    TEXT = "text", "Text"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"
    POWERPOINT = "powerpoint", "Powerpoint"
    FLASHCARD = "flashcards", "Flash Cards"
    SCORM = "scorm", "SCORM/xAPI"
    QUIZ = "quiz", "Quiz"
    ASSIGNMENT = "assignment", "Assignment"
    DISCUSSION = "discussion", "Discussion"
    SURVEY = "survey", "Survey"
    XAPI = "xapi", "xAPI"
    WEBINAR = "webinar", "Webinar"


class FormFieldType(models.TextChoices):
    """The field types a survey form offers (the survey modules use them)."""

    TEXT = "text", "Survey Text"
    TEXTAREA = "textarea", "Text Area"
    RATING = "rating", "Rating"
    RADIO = "radio", "Single Select"
    CHECKBOX = "checkbox", "Multiple Select"
    DROPDOWN = "dropdown", "Drop Down"


class EstimationUnit(models.TextChoices):
    MINUTES = "minutes", "Minutes"
    HOURS = "hours", "Hours"
    DAYS = "days", "Days"


class Module(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    module_type = models.CharField(max_length=32, choices=ModuleType.choices, db_index=True)
    content = models.TextField(blank=True, help_text="Sanitised HTML shown to learners.")
    track_completion = models.BooleanField(default=False)
    estimated_completion = models.CharField(
        max_length=32, blank=True, help_text='A duration such as "00:30:00" or a number of units.'
    )
    estimation_completed_unit = models.CharField(max_length=16, choices=EstimationUnit.choices, blank=True)
    categories = models.ManyToManyField(
        "categories.Category",
        blank=True,
        related_name="modules",
        limit_choices_to={"type": "module"},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_modules",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="modules"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class TextModule(models.Model):
    """A text lesson: its body is the module's `content`."""

    module = models.OneToOneField(Module, primary_key=True, on_delete=models.CASCADE, related_name="text")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "text module"

    def __str__(self):
        return str(self.module_id)


class VideoProvider(models.TextChoices):
    IN_HOUSE = "in-house", "In-house"
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"


class SubtitleType(models.TextChoices):
    NONE = "", "None"
    UPLOAD = "upload", "Upload"
    NO_CAPTION = "nocaption", "No caption"


class VideoModule(models.Model):
    module = models.OneToOneField(Module, primary_key=True, on_delete=models.CASCADE, related_name="video")
    provider = models.CharField(max_length=16, choices=VideoProvider.choices, default=VideoProvider.YOUTUBE)
    url = models.CharField(max_length=1000, blank=True, help_text="The YouTube or Vimeo address as given.")
    video_id = models.CharField(max_length=64, blank=True, help_text="The YouTube or Vimeo video id.")
    media = models.ForeignKey(
        "media.MediaFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="video_modules",
        help_text="The in-house video (a media file of kind video).",
    )
    cover_url = models.CharField(max_length=1000, blank=True)
    disable_forward_seek = models.BooleanField(default=False)
    subtitle_type = models.CharField(max_length=16, choices=SubtitleType.choices, blank=True, default="")
    interactions = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "video module"

    def __str__(self):
        return str(self.module_id)


class VideoSubtitle(models.Model):
    video = models.ForeignKey(VideoModule, on_delete=models.CASCADE, related_name="subtitles")
    language = models.CharField(max_length=16)
    media = models.ForeignKey("media.MediaFile", on_delete=models.CASCADE, related_name="video_subtitles")

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="modules_unique_subtitle_language")
        ]

    def __str__(self):
        return f"{self.video_id} ({self.language})"


class PdfModule(models.Model):
    module = models.OneToOneField(Module, primary_key=True, on_delete=models.CASCADE, related_name="pdf")
    media = models.ForeignKey(
        "media.MediaFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="pdf_modules"
    )
    url = models.CharField(max_length=1000, blank=True, help_text="An outside address, when no media file.")
    allow_download = models.BooleanField(default=False)
    default_zoom = models.CharField(max_length=16, default="page_width")
    show_sidebar = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "PDF module"

    def __str__(self):
        return str(self.module_id)


class PowerPointViewer(models.TextChoices):
    MICROSOFT_OFFICE = "microsoft_office", "Microsoft Office"
    GOOGLE_DOCS = "google_docs", "Google Docs"


class PowerPointModule(models.Model):
    module = models.OneToOneField(
        Module, primary_key=True, on_delete=models.CASCADE, related_name="powerpoint"
    )
    media = models.ForeignKey(
        "media.MediaFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="powerpoint_modules"
    )
    url = models.CharField(max_length=1000, blank=True, help_text="An outside address, when no media file.")
    viewer = models.CharField(
        max_length=32, choices=PowerPointViewer.choices, default=PowerPointViewer.MICROSOFT_OFFICE
    )
    allow_download = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "PowerPoint module"

    def __str__(self):
        return str(self.module_id)
