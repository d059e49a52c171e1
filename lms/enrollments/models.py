"""Enrolments: a learner's registration in a course (`registrationId`) and their progress per module
(`statusRowId`). Rules (progress, completion, drip, locks, expiry, certificates) live in `services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class EnrollmentStatus(models.TextChoices):
    NOT_STARTED = "Not Started", "Not Started"
    IN_PROGRESS = "In Progress", "In Progress"
    COMPLETED = "Completed", "Completed"
    EXPIRED = "Expired", "Expired"


class AccessStatus(models.TextChoices):
    GRANTED = "granted", "Allowed"
    REVOKED = "revoked", "Revoked"


class ModuleProgressStatus(models.TextChoices):
    NOT_STARTED = "Not Started", "Not Started"
    IN_PROGRESS = "In Progress", "In Progress"
    SUBMITTED = "Submitted", "Submitted"
    COMPLETED = "Completed", "Completed"


class Enrollment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(
        max_length=16, choices=EnrollmentStatus.choices, default=EnrollmentStatus.NOT_STARTED, db_index=True
    )
    progress_percent = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="The course grade, in percent."
    )
    time_spent_seconds = models.PositiveIntegerField(default=0)
    enrolled_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_accessed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Blank: never.")
    access = models.CharField(max_length=16, choices=AccessStatus.choices, default=AccessStatus.GRANTED)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
        help_text="The template the certificate was issued from.",
    )
    certificate_issued_at = models.DateTimeField(null=True, blank=True)
    certificate_expires_at = models.DateTimeField(null=True, blank=True)
    certificate_file = models.FileField(upload_to="certificates/issued/%Y/%m/", blank=True)

    history = HistoricalRecords(excluded_fields=["last_accessed_at", "time_spent_seconds"])

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollments_unique_user_course")
        ]

    def __str__(self):
        return f"{self.user} in {self.course}"

    @property
    def has_certificate(self) -> bool:
        return self.certificate_issued_at is not None


class ModuleProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="module_progress")
    course_module = models.ForeignKey(
        "courses.CourseModule", on_delete=models.CASCADE, related_name="progress_rows"
    )
    status = models.CharField(
        max_length=16, choices=ModuleProgressStatus.choices, default=ModuleProgressStatus.NOT_STARTED
    )
    first_accessed_at = models.DateTimeField(null=True, blank=True)
    last_accessed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    times_accessed = models.PositiveIntegerField(default=0)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    points = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["enrollment", "course_module__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "course_module"], name="enrollments_unique_progress_per_module"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id}: {self.course_module_id} ({self.status})"
