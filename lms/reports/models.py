"""Reports own three small pieces of state the seed's staff and learner settings need:
the free courses new users are enrolled in, a user's current portal and a user's content-view settings.
"""

from django.conf import settings
from django.db import models


class AutoEnrollCourse(models.Model):
    """A course every new user is enrolled in, free, when their account is created."""

    course = models.OneToOneField("courses.Course", on_delete=models.CASCADE, related_name="auto_enroll")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id"]

    def __str__(self):
        return f"Auto-enrol: {self.course}"


class CurrentPortal(models.Model):
    """The portal a user last switched to (lms.portals has no field for it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="current_portal"
    )
    portal = models.ForeignKey("portals.Portal", on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.portal}"


class ContentType(models.TextChoices):
    COURSE = "course", "Course"
    LEARNING_PATH = "learningPath", "Learning path"


class ContentViewSetting(models.Model):
    """How a user's catalogue shows courses and learning paths, and whether they may enrol themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_view_setting"
    )
    course_view = models.CharField(max_length=32, default="grid")
    learning_path_view = models.CharField(max_length=32, default="grid")
    course_view_mode = models.CharField(max_length=32, default="")
    learning_path_view_mode = models.CharField(max_length=32, default="")
    enroll_courses = models.BooleanField(default=False)
    enroll_learning_paths = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Content view of {self.user}"
