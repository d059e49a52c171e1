"""One category model for every kind of item (course, module, product, question, user, learning path)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class CategoryType(models.TextChoices):
    COURSE = "course", "Course"
    MODULE = "module", "Module"
    PRODUCT = "product", "Product"
    QUESTION = "question", "Question"
    USER = "user", "User"
    LEARNING_PATH = "learning_path", "Learning Path"


class LiveCategoryManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Category(models.Model):
    """Deleting a category keeps the row (deleted_at, deleted_by), as the seed's Get Category shows."""

    name = models.CharField(max_length=255)
    type = models.CharField(max_length=32, choices=CategoryType.choices, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    objects = LiveCategoryManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff reads a plain Manager as a field)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["type", "name"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "type",
                condition=models.Q(deleted_at__isnull=True),
                name="categories_unique_live_name_per_type",
            )
        ]

    def __str__(self):
        return self.name
