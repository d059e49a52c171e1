"""Custom user fields (extra questions asked of users), their values, users' consents, bulk uploads."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CustomUserFieldType(models.TextChoices):
    TEXT = "text", "Text Field"
    TEXTAREA = "textarea", "Text Area"
    DATE = "date", "Date"
    RADIO = "radio", "Single Select"
    CHECKBOX = "checkbox", "Multiple Select"
    DROPDOWN = "dropdown", "Drop Down"


# Types whose answers come from the field's options.
SELECT_TYPES = frozenset(
    {CustomUserFieldType.RADIO, CustomUserFieldType.CHECKBOX, CustomUserFieldType.DROPDOWN}
)


class ReportExport(models.TextChoices):
    """Report exports a field's values may be included in."""

    USERS = "export-users", "Users export"
    ORDERS = "export-orders", "Orders export"


class CustomUserField(models.Model):
    """One extra question about users, identified by its `key` (the seed's user meta key)."""

    key = models.SlugField(
        max_length=64, unique=True, help_text="The seed's userMetaKey, e.g. custom_field_1."
    )
    label = models.CharField(max_length=255)
    type = models.CharField(
        max_length=16, choices=CustomUserFieldType.choices, default=CustomUserFieldType.TEXT
    )
    default_value = models.CharField(max_length=1000, null=True, blank=True)
    is_required = models.BooleanField(default=False)
    options = models.JSONField(default=list, blank=True, help_text="The choices of a select type.")
    on_registration_page = models.BooleanField(default=False)
    on_certificate = models.BooleanField(default=False)
    report_exports = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class CustomUserValue(models.Model):
    """A user's answer to a custom field: text, or a list of options for a multiple select."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="custom_values")
    field = models.ForeignKey(CustomUserField, on_delete=models.PROTECT, related_name="values")
    value = models.JSONField(default=str)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["field__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "field"], name="userfields_one_value_per_field")
        ]

    def __str__(self):
        return f"{self.field}: {self.display_value}"

    @property
    def display_value(self) -> str:
        return ", ".join(self.value) if isinstance(self.value, list) else str(self.value)


class ConsentStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class UserConsent(models.Model):
    """What a user agreed to (or refused), when, and from where."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    consent_id = models.CharField(max_length=255, help_text="Which consent, e.g. the policy's identifier.")
    status = models.CharField(max_length=16, choices=ConsentStatus.choices)
    country = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    consent_date = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-consent_date", "-pk"]

    def __str__(self):
        return f"{self.user} {self.status} {self.consent_id}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class UserUpload(models.Model):
    """A bulk upload of users. Large ones run in the background; `rows` holds the pending input
    (cleared once processed, since it carries passwords) and `report` the outcome of each row."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=16, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    rows = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True, help_text="Rejected rows and their reasons.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Upload {self.pk} ({self.get_status_display()})"
