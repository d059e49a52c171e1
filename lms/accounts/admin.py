from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from rest_framework.exceptions import PermissionDenied

from lms.accounts import selectors, services
from lms.accounts.models import Address, User, UserSource
from website.admin import AdminServices, LecternModelAdmin, ServiceResource
from website.api.errors import Unprocessable
from website.tenancy import portal_scope

USER_IMPORT_FIELDS = ("email", "first_name", "last_name", "user_type", "is_active", "internal_note")
ADDRESS_FIELDS = (
    "user",
    "type",
    "is_default",
    "full_name",
    "org_name",
    "org_vat_id",
    "address_line1",
    "address_line2",
    "zipcode",
    "city",
    "state",
    "country",
)


def _users_bulk_delete(*, actor, ids) -> str:
    return services.users_bulk_delete(actor=actor, scope=portal_scope(actor), ids=ids)["message"]


def _refusal_as_validation(function):
    """In the admin and its imports a refused row is a validation error, not a 403 page."""

    def call(**kwargs):
        try:
            return function(**kwargs)
        except PermissionDenied as exc:
            raise Unprocessable({"user_type": [str(exc.detail)]}) from exc

    return call


USER_SERVICES = AdminServices(
    instance_arg="user",
    create=_refusal_as_validation(
        lambda *, actor, **fields: services.user_create(actor=actor, source=UserSource.IMPORT, **fields)
    ),
    update=_refusal_as_validation(services.user_update),
    bulk_delete=_users_bulk_delete,
)


class UserResource(ServiceResource):
    """CSV/XLSX/JSON import and export of users; imported rows go through user_create/user_update."""

    admin_services = USER_SERVICES
    service_fields = USER_IMPORT_FIELDS

    class Meta:
        model = User
        fields = ("id", *USER_IMPORT_FIELDS, "source", "date_joined", "last_login")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True


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
    """People: e-mail sign-in; the user type decides staff and owner rights. Saves, deletes and
    imports go through lms.accounts.services (same rules and audit log as the API)."""

    services = USER_SERVICES
    resource_classes = [UserResource]
    form = LecternUserChangeForm
    add_form = LecternUserCreationForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "user_type", "source", "is_active", "date_joined")
    list_filter = ("user_type", "source", "is_active")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined", "source")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "user_type", "internal_note")}),
        ("Access", {"fields": ("is_active", "groups", "user_permissions")}),
        ("Dates", {"fields": ("source", "last_login", "date_joined")}),
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
    portal_admin_actions = frozenset({"view"})  # the people of their portals, read-only

    def scope_queryset(self, request, queryset):
        scope = portal_scope(request.user)
        if scope.is_unrestricted:
            return queryset
        return queryset.filter(pk__in=selectors.users_visible(scope).values("pk"))

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        use_password = str(form.cleaned_data.get("usable_password", "true")).lower() != "false"
        saved = services.user_create(
            actor=request.user,
            source=UserSource.ADMIN,
            password=form.cleaned_data.get("password1") if use_password else None,
            **self._service_fields(form),
        )
        obj.pk = saved.pk
        obj._state.adding = False
        return None


@admin.register(Address)
class AddressAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="address",
        create=services.address_create,
        update=services.address_update,
        bulk_delete=lambda *, actor, ids: services.addresses_bulk_delete(actor=actor, ids=ids),
    )
    list_display = ("full_name", "user", "type", "is_default", "city", "country")
    list_filter = ("type", "is_default")
    search_fields = ("full_name", "user__email", "city")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ADDRESS_FIELDS
