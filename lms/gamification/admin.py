from django.contrib import admin

from lms.gamification import services
from lms.gamification.models import Badge, Tier, UserBadge
from website.admin import AdminServices, LecternModelAdmin


@admin.register(Badge)
class BadgeAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="badge",
        create=services.badge_create,
        update=services.badge_update,
        bulk_delete=services.badges_bulk_delete,
    )
    list_display = ("title", "points", "created_at")
    search_fields = ("title",)
    fields = ("title", "points", "badge_icon_url", "default_icon_url", "organization_id")


@admin.register(UserBadge)
class UserBadgeAdmin(LecternModelAdmin):
    list_display = ("badge", "user", "awarded_at")
    list_select_related = ("badge", "user")
    autocomplete_fields = ("user",)
    search_fields = ("user__email", "badge__title")


@admin.register(Tier)
class TierAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="tier",
        create=services.tier_create,
        update=services.tier_update,
        bulk_delete=services.tiers_bulk_delete,
        validate=services.tier_validate,
    )
    list_display = ("name", "lower_limit", "upper_limit")
    fields = ("name", "lower_limit", "upper_limit")
