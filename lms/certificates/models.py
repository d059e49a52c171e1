"""Certificate templates: a page (width x height, orientation) with a background image and placed fields.

A placed field is a JSON object {key, value, font_size, font_family, font_color, top, left,
align_center, width, height}: `key` is one of `CertificateFieldKey` (filled in with the learner's
data when a certificate is issued; `custom_text` prints `value` as written), `font_family` one of
`FontFamily`. Courses offer templates through `Course.certificate_templates`.
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CertificateTemplateStatus(models.TextChoices):
    PUBLISH = "publish", "Publish"
    DRAFT = "draft", "Draft"


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", "Landscape"
    PORTRAIT = "portrait", "Portrait"


class CertificateFieldKey(models.TextChoices):
    """What a placed field prints (the seed's Field Keys Lookup, in its order)."""

    STUDENT_FIRST_NAME = "student_first_name", "Student First Name"
    STUDENT_LAST_NAME = "student_last_name", "Student Last Name"
    STUDENT_FULL_NAME = "student_full_name", "Student Full Name"
    COURSE_NAME = "course_name", "Course Name"
    ISSUE_DATE = "issue_date", "Date of Issue"
    EXPIRY_DATE = "expiry_date", "Date of Expiry"
    INSTRUCTOR_NAME = "instructor_name", "Instructor Name"
    CERTIFICATE_CODE = "certificate_code", "Certificate Code"
    COURSE_CREDIT = "course_credit", "Course Credit"
    LEARNING_PATH_NAME = "learning_path_name", "Learning Path Name"
    LEARNING_PATH_CREDIT = "learning_path_credit", "Learning Path Credit"
    CUSTOM_TEXT = "custom_text", "Custom Text"


class FontFamily(models.TextChoices):
    """The seed's Font Families Lookup: the stored name and the name authors see."""

    LATO = "Lato", "Arial"
    COURIER = "Courier", "Courier"
    SOURCE_SANS_PRO = "Source Sans Pro", "Helvetica"
    MONTSERRAT = "Montserrat", "Montserrat"
    ROBOTO_CONDENSED = "Roboto Condensed", "Roboto"
    SPACE_MONO = "Space Mono", "Space Mono"
    ROBOTO_SLAB = "Roboto Slab", "Roboto Slab"


DEFAULT_FONT_FAMILY = FontFamily.LATO


class ExpiryType(models.TextChoices):
    NEVER = "never", "Never expires"
    DAYS = "days", "Expires after a number of days"
    MONTHS = "months", "Expires after a number of months"
    FIXED_DATE = "fixed_date", "Expires on a fixed date"


def add_months(start: date, months: int) -> date:
    """`start` plus `months` calendar months, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class CertificateTemplate(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    status = models.CharField(
        max_length=16, choices=CertificateTemplateStatus.choices, default=CertificateTemplateStatus.PUBLISH
    )
    orientation = models.CharField(max_length=16, choices=Orientation.choices, default=Orientation.LANDSCAPE)
    width = models.PositiveIntegerField(default=1075, help_text="The page width in CSS pixels.")
    height = models.PositiveIntegerField(default=680, help_text="The page height in CSS pixels.")
    background = models.ForeignKey(
        "media.MediaFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate_templates",
        help_text="An image from the media library.",
    )
    fields = models.JSONField(default=list, blank=True, help_text="The placed fields (see the module doc).")
    expiry_type = models.CharField(max_length=16, choices=ExpiryType.choices, default=ExpiryType.NEVER)
    expiry_value = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days or months after the issue date (expiry type days or months)."
    )
    expiry_date = models.DateField(null=True, blank=True, help_text="The expiry date (type fixed date).")
    portal = models.ForeignKey(
        "portals.Portal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate_templates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def expires_on(self, issued_on: date) -> date | None:
        """When a certificate issued on `issued_on` from this template expires (None: never)."""
        if self.expiry_type == ExpiryType.DAYS and self.expiry_value:
            return issued_on + timedelta(days=self.expiry_value)
        if self.expiry_type == ExpiryType.MONTHS and self.expiry_value:
            return add_months(issued_on, self.expiry_value)
        if self.expiry_type == ExpiryType.FIXED_DATE:
            return self.expiry_date
        return None
