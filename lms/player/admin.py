from django.contrib import admin

from lms.player import services
from lms.player.models import LearningResource
from website.admin import AdminServices, LecternModelAdmin


@admin.register(LearningResource)
class LearningResourceAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="resource",
        create=services.learning_resource_create,
        update=services.learning_resource_update,
        bulk_delete=services.learning_resources_bulk_delete,
    )
    list_display = ("name", "course", "resource_type", "status", "created_at")
    list_filter = ("resource_type", "status")
    search_fields = ("name", "course__name")
    autocomplete_fields = ("course",)
    raw_id_fields = ("media",)
    fields = ("course", "name", "description", "resource_type", "media", "url", "status", "order")
