"""Courses: an ordered curriculum of reusable modules with rules for drip, grading, duration and completion.

A `Course` belongs to a portal (none: the academy's own). Its curriculum is a list of `CourseModule`
rows (a module's place in the course: order, section, drip rule, lock, points or badge, minimum time,
whether it is graded and whether it counts for completion). Modules are protected while a course
uses them.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CourseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class LearnerCourseStatus(models.TextChoices):
    """A learner's progress in a course (the seed's Course Status Lookup)."""

    NOT_STARTED = "Not Started", "Not Started"
    IN_PROGRESS = "In Progress", "In Progress"
    COMPLETED = "Completed", "Completed"


class GradingRule(models.TextChoices):
    NO_GRADING = "no_grading", "No Grading"
    AVG_ALL_MODULES = "avg_all_modules", "Average of all Quiz/Assignment/Discussions/Scorm"
    AVG_SPECIFIC_MODULES = "avg_specific_modules", "Average of specific Quiz/Assignment/Discussions/Scorm"


class DurationRule(models.TextChoices):
    UNLIMITED = "unlimited", "Unlimited"
    ON_SPECIFIC_DATE = "on_specific_date", "Till Specific Date"
    X_DAYS_AFTER_START = "x_days_after_start", "Till X day(s) after a student starts the course"
    X_DAYS_AFTER_ENROLLMENT = (
        "x_days_after_enrollment",
        "Till X day(s) after a student registers in the course",
    )


class CompletionCriteria(models.TextChoices):
    ALL_MODULES = "all_modules", "All modules"
    SELECTED_MODULES = "selected_modules", "Selected modules"
    PASSING_PERCENTAGE = "passing_percentage", "Minimum passing percentage"


class RewardType(models.TextChoices):
    """`isBadgeSelected`: a badge or points on completion (blank: neither)."""

    NONE = "", "None"
    BADGE = "badge", "Badge"
    POINTS = "points", "Points"


class EstimationUnit(models.TextChoices):
    MINUTES = "minutes", "Minutes"
    HOURS = "hours", "Hours"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"


class DripRule(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    FIXED_DATE = "fixed_date", "On a Fixed Date"
    SPECIFIC_INTERVAL = "specific_interval", "At Fixed Intervals"


class DripIntervalUnit(models.TextChoices):
    DAY = "day", "Day(s)"
    WEEK = "week", "Week(s)"
    MONTH = "month", "Month(s)"


class DripReference(models.TextChoices):
    REGISTRATION_DATE = "registration_date", "Enrollment Date"
    STARTED_DATE = "started_date", "Course Start Date"


class Course(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    status = models.CharField(max_length=16, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    portal = models.ForeignKey(
        "portals.Portal", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    featured_image_url = models.URLField(max_length=1000, blank=True)
    instructions = models.TextField(blank=True)
    credits = models.PositiveIntegerField(null=True, blank=True)
    estimated_completion = models.PositiveIntegerField(null=True, blank=True)
    estimation_completed_unit = models.CharField(max_length=16, choices=EstimationUnit.choices, blank=True)
    min_passing_percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    grading_rule = models.CharField(
        max_length=32, choices=GradingRule.choices, default=GradingRule.NO_GRADING
    )
    duration_rule = models.CharField(
        max_length=32, choices=DurationRule.choices, default=DurationRule.UNLIMITED
    )
    duration_specific_date = models.DateField(null=True, blank=True)
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    reward_type = models.CharField(max_length=16, choices=RewardType.choices, blank=True, default="")
    badge = models.ForeignKey(
        "gamification.Badge", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    points = models.PositiveIntegerField(default=0)
    certificate_templates = models.ManyToManyField(
        "certificates.CertificateTemplate", blank=True, related_name="courses"
    )
    certificate_expires_after = models.PositiveIntegerField(null=True, blank=True, help_text="Days.")
    certificate_expires_after_grace_period = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days."
    )
    completion_redirection_url = models.URLField(max_length=1000, blank=True)
    enable_course_rating = models.BooleanField(default=False)
    completion_criteria = models.CharField(
        max_length=32, choices=CompletionCriteria.choices, default=CompletionCriteria.ALL_MODULES
    )
    categories = models.ManyToManyField(
        "categories.Category", blank=True, related_name="courses", limit_choices_to={"type": "course"}
    )
    shopify_products = models.JSONField(default=list, blank=True, help_text="Shopify product ids.")
    accredible_group_ids = models.JSONField(default=list, blank=True, help_text="Accredible group ids.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_courses",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class CourseModule(models.Model):
    """A module's place in a course's curriculum."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_modules")
    module = models.ForeignKey("modules.Module", on_delete=models.PROTECT, related_name="course_modules")
    order = models.PositiveIntegerField(default=0, db_index=True)
    section = models.CharField(max_length=255, blank=True, help_text="The section heading; blank: none.")
    drip_rule = models.CharField(max_length=32, choices=DripRule.choices, default=DripRule.IMMEDIATELY)
    drip_fixed_date = models.DateField(null=True, blank=True)
    drip_interval = models.PositiveIntegerField(null=True, blank=True)
    drip_interval_unit = models.CharField(
        max_length=16, choices=DripIntervalUnit.choices, default=DripIntervalUnit.DAY
    )
    drip_reference = models.CharField(
        max_length=32, choices=DripReference.choices, default=DripReference.REGISTRATION_DATE
    )
    is_locked = models.BooleanField(default=False)
    reward_type = models.CharField(max_length=16, choices=RewardType.choices, blank=True, default="")
    badge = models.ForeignKey(
        "gamification.Badge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.PositiveIntegerField(default=0)
    min_time_minutes = models.PositiveIntegerField(default=0, help_text="Minimum time to spend, in minutes.")
    is_graded = models.BooleanField(default=False, help_text="Counts in the course grade (gradeModules).")
    counts_for_completion = models.BooleanField(
        default=False, help_text="Required when the course completes on selected modules."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "module"], name="courses_unique_module_per_course")
        ]

    def __str__(self):
        return f"{self.course_id}: {self.module_id} (#{self.order})"
