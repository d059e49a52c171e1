from django.contrib import admin

from lms.categories import services
from lms.categories.models import Category
from website.admin import AdminServices, LecternModelAdmin


def _bulk_delete_any_type(*, actor, ids) -> str:
    """The admin may select categories of several types at once: delete each type's share."""
    by_type: dict[str, list[int]] = {}
    for pk, category_type in Category.objects.filter(pk__in=ids).values_list("pk", "type"):
        by_type.setdefault(category_type, []).append(pk)
    return " ".join(
        services.categories_bulk_delete(actor=actor, category_type=category_type, ids=type_ids).message
        for category_type, type_ids in by_type.items()
    )


@admin.register(Category)
class CategoryAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="category",
        create=services.category_create,
        update=services.category_update,
        bulk_delete=_bulk_delete_any_type,
    )
    list_display = ("name", "type", "created_by", "created_at")
    list_filter = ("type",)
    search_fields = ("name",)
    fields = ("name", "type")
    list_select_related = ("created_by",)
