"""Two-factor devices and sign-in locks: read-only; deleting goes through the services.

These are security records, not content, so they deliberately use Django's plain ModelAdmin rather
than LecternModelAdmin: its export would hand out TOTP secrets, and import, history/revert and
object permissions have no meaning for them. Deleting a device disables 2FA (logged); deleting a
sign-in lock lifts it.
"""

from django.contrib import admin, messages

from lms.twofactor import services, throttle
from lms.twofactor.models import SignInThrottle, TwoFactorDevice


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nothing here is typed in by hand: secrets come from enrolment, locks from failed sign-ins."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(ReadOnlyAdmin):
    list_display = ("user", "is_active", "confirmed_at", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("user__email", "user__first_name", "user__last_name")
    fields = ("user", "is_active", "confirmed_at", "created_at", "updated_at")
    readonly_fields = fields
    list_select_related = ("user",)

    def delete_model(self, request, obj):
        services.two_factor_disable(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            services.two_factor_disable(actor=request.user, user=device.user)
        messages.info(request, "Two-factor authentication disabled.")


@admin.register(SignInThrottle)
class SignInThrottleAdmin(ReadOnlyAdmin):
    list_display = ("key", "failures", "window_started_at", "locked_until")
    search_fields = ("key",)
    fields = ("key", "failures", "window_started_at", "locked_until", "updated_at")
    readonly_fields = fields

    def delete_model(self, request, obj):
        throttle.sign_in_throttle_clear(throttle=obj)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            throttle.sign_in_throttle_clear(throttle=row)
