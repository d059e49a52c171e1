from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from lms.accounts.models import User
from website.admin import LecternModelAdmin


class LecternUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "user_type")


class LecternUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(LecternModelAdmin, DjangoUserAdmin):
    """People: e-mail sign-in; the user type decides staff and owner rights."""

    form = LecternUserChangeForm
    add_form = LecternUserCreationForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "user_type", "is_active", "date_joined")
    list_filter = ("user_type", "is_active")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "user_type")}),
        ("Access", {"fields": ("is_active", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "user_type", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups", "user_permissions")
