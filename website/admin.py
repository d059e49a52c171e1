"""The one base admin every Lectern model uses.

It combines import/export (CSV, XLSX, JSON with a dry-run preview; formulae escaped on export),
history with diff and revert (simple-history), object permissions (guardian) and portal-scoped
querysets, and routes saves and deletes through the app's services so the admin obeys the same
rules, and writes the same audit log, as the API.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import ModelAdmin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from guardian.admin import GuardedModelAdmin, ReinforcedGuardedModelAdminMixin
from guardian.shortcuts import get_objects_for_user
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from rest_framework.exceptions import ValidationError as ApiValidationError
from simple_history.admin import SimpleHistoryAdmin

from website.tenancy import manages_portals, portal_scope

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell) -> str:
    """A cell a spreadsheet would run (= + - @ tab CR) gets a leading quote; plain numbers stay."""
    text = "" if cell is None else str(cell)
    if not text.startswith(FORMULA_TRIGGERS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


class FormulaSafeExport:
    """Export formats whose files open in spreadsheets: every cell is passed through `neutralise_formula`
    (import-export's own escaping only strips a leading "=")."""

    def _escape_formulae(self, dataset):
        rows = [[neutralise_formula(cell) for cell in row] for row in dataset]
        del dataset[:]
        for row in rows:
            dataset.append(row)


class SafeCSV(FormulaSafeExport, CSV):
    """CSV with formulae neutralised."""


class SafeXLSX(FormulaSafeExport, XLSX):
    """XLSX with formulae neutralised."""


@dataclass(frozen=True)
class AdminServices:
    """The service functions behind a model's admin.

    `create(actor=, **fields)`, `update(actor=, <instance_arg>=, **fields)`, `bulk_delete(actor=, ids=)`
    (the API's own bulk delete, returning its message), and optionally `validate(instance)`, which
    raises the service's validation error for the form.
    """

    instance_arg: str
    create: Callable
    update: Callable
    bulk_delete: Callable[..., str]
    validate: Callable | None = None


def _messages_of(exc) -> dict[str, list[str]] | list[str]:
    if isinstance(exc, ApiValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            return {key: [str(message) for message in value] for key, value in detail.items()}
        return [str(message) for message in detail]
    return exc.messages


class ServiceResource(resources.ModelResource):
    """Imports rows through the admin's services, so an import is validated and logged like a save.

    A service refusal becomes the row's validation error in the dry-run preview.
    """

    admin_services: AdminServices
    service_fields: tuple[str, ...]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        if self.admin_services.validate is not None:
            try:
                self.admin_services.validate(instance)
            except ApiValidationError as exc:
                raise DjangoValidationError(_messages_of(exc)) from exc

    def save_instance(self, instance, is_create, row, **kwargs):
        services, actor = self.admin_services, kwargs.get("user")
        fields = {name: getattr(instance, name) for name in self.service_fields}
        try:
            if is_create:
                instance.pk = services.create(actor=actor, **fields).pk
            else:
                current = type(instance)._default_manager.get(pk=instance.pk)
                services.update(actor=actor, **{services.instance_arg: current}, **fields)
        except ApiValidationError as exc:
            raise DjangoValidationError(_messages_of(exc)) from exc


def is_portal_admin(request) -> bool:
    """A portal admin who is not academy staff: confined to their portal subtree (remembered per request)."""
    if not hasattr(request, "_lectern_portal_admin"):
        user = request.user
        request._lectern_portal_admin = (
            user.is_active and not (user.is_staff or user.is_superuser) and manages_portals(user)
        )
    return request._lectern_portal_admin


class LecternAdminSite(admin.AdminSite):
    """Django's admin, also open to portal admins; each model admin decides what they may see."""

    site_header = "Lectern administration"
    site_title = "Lectern"
    index_title = "Academy administration"

    def has_permission(self, request):
        return request.user.is_active and (request.user.is_staff or is_portal_admin(request))


class LecternModelAdmin(
    ImportExportModelAdmin, SimpleHistoryAdmin, ReinforcedGuardedModelAdminMixin, GuardedModelAdmin
):
    """Staff act through Django permissions. Portal admins (no Django permissions) get only the
    `portal_admin_actions` of models that declare them, on the rows of their portal subtree. With
    `object_grants`, staff without the model permission (instructors, authors) see and edit only the
    rows granted to them (guardian). Import, export, revert and granting stay with model permissions."""

    services: AdminServices | None = None
    portal_field: str | None = None  # a foreign key to Portal: portal admins see their portals' rows
    portal_admin_actions: frozenset[str] = frozenset()  # of "view", "change"
    object_grants: bool = False
    formats = [SafeCSV, SafeXLSX, JSON]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.tracks_history = hasattr(model._meta, "simple_history_manager_attribute")
        if not self.tracks_history:
            self.object_history_template = None  # Django's own page

    def get_resource_classes(self, request):
        """With services and a declared form (`fields`), imports go through the services too."""
        if self.services is None or self.resource_classes or not self.fields:
            return super().get_resource_classes(request)
        meta = type("Meta", (), {"model": self.model, "fields": ("id", *self.fields)})
        attrs = {"Meta": meta, "admin_services": self.services, "service_fields": tuple(self.fields)}
        return [type(f"{self.model.__name__}ServiceResource", (ServiceResource,), attrs)]

    def history_view(self, request, object_id, extra_context=None):
        """Models without simple-history (the append-only activity log) show Django's history page."""
        if self.tracks_history:
            return super().history_view(request, object_id, extra_context)
        return ModelAdmin.history_view(self, request, object_id, extra_context)

    def get_queryset(self, request):
        queryset = self.scope_queryset(request, super().get_queryset(request))
        if self.object_grants and not self._has_model_perm(request, "view", "change"):
            queryset = queryset.filter(pk__in=self._granted_rows(request).values("pk"))
        return queryset

    def scope_queryset(self, request, queryset):
        """The rows of the caller's portals; models reached through another relation override this."""
        if self.portal_field:
            queryset = portal_scope(request.user).filter(queryset, self.portal_field)
        return queryset

    # --- Who may do what -------------------------------------------------------------------------

    def _perm(self, action: str) -> str:
        return f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"

    def _has_model_perm(self, request, *actions: str) -> bool:
        """Whether the user holds the model-wide permission for any of `actions`."""
        return any(request.user.has_perm(self._perm(action)) for action in actions)

    def _portal_admin_may(self, request, action: str, obj=None) -> bool:
        if action not in self.portal_admin_actions or not is_portal_admin(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _granted_rows(self, request):
        """The rows guardian grants this staff member (view or change), model permissions aside."""
        user = request.user
        if not (self.object_grants and user.is_active and user.is_staff):
            return self.model._default_manager.none()
        return get_objects_for_user(
            user,
            [self._perm("view"), self._perm("change")],
            klass=self.model,
            any_perm=True,
            accept_global_perms=False,
        )

    def _granted(self, request, obj, *actions: str) -> bool:
        """An object grant on `obj` for one of `actions`; without an object, any grant at all."""
        if not self.object_grants:
            return False
        if obj is None:
            return self._granted_rows(request).exists()
        return any(request.user.has_perm(self._perm(action), obj) for action in actions)

    def has_module_permission(self, request):
        return (
            super().has_module_permission(request)
            or (bool(self.portal_admin_actions) and is_portal_admin(request))
            or self._granted(request, None)
        )

    def has_view_permission(self, request, obj=None):
        return (
            super().has_view_permission(request, obj)
            or self._portal_admin_may(request, "view", obj)
            or self._granted(request, obj, "view", "change")
        )

    def has_change_permission(self, request, obj=None):
        return (
            super().has_change_permission(request, obj)
            or self._portal_admin_may(request, "change", obj)
            or (obj is not None and self._granted(request, obj, "change"))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or (
            obj is not None and self._granted(request, obj, "delete")
        )

    def has_import_permission(self, request):
        """An import creates and changes rows: both Django permissions, never a portal admin's."""
        return self._has_model_perm(request, "add") and self._has_model_perm(request, "change")

    def has_export_permission(self, request):
        return self._has_model_perm(request, "view", "change")

    def has_change_history_permission(self, request, obj=None):
        """Reverting writes old values back: a Django permission, not a portal admin's grant."""
        return self._has_model_perm(request, "change")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted revert whenever the history is viewable; refuse it here.
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        validate = self.services.validate if self.services else None
        if validate is None:
            return form

        class ServiceValidatedForm(form):
            def _post_clean(self):
                super()._post_clean()
                try:
                    validate(self.instance)
                except ApiValidationError as exc:
                    # The service speaks the API's field names; show them on the whole form.
                    detail = _messages_of(exc)
                    flat = [m for ms in detail.values() for m in ms] if isinstance(detail, dict) else detail
                    self.add_error(None, flat)

        return ServiceValidatedForm

    def _service_fields(self, form) -> dict:
        model_fields = {field.name for field in self.model._meta.concrete_fields}
        return {name: value for name, value in form.cleaned_data.items() if name in model_fields}

    def save_model(self, request, obj, form, change):
        if self.services is None:
            return super().save_model(request, obj, form, change)
        fields = self._service_fields(form)
        if change:
            current = type(obj)._default_manager.get(pk=obj.pk)
            changed = {name: value for name, value in fields.items() if name in form.changed_data}
            saved = self.services.update(
                actor=request.user, **{self.services.instance_arg: current}, **changed
            )
        else:
            saved = self.services.create(actor=request.user, **fields)
        # The service saved its own instance; the form's must look saved too, so that Django's
        # save_related can write its many-to-many fields.
        obj.pk = saved.pk
        obj._state.adding, obj._state.db = False, saved._state.db

    def get_deleted_objects(self, objs, request):
        """With services, rows a rule protects are not a reason to refuse the whole action:
        the bulk delete service keeps them and its message says why."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, protected if self.services is None else []

    def delete_model(self, request, obj):
        if self.services is None:
            return super().delete_model(request, obj)
        self.delete_queryset(request, type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """The API's bulk delete: rows a rule keeps are reported with the service's message."""
        if self.services is None:
            return super().delete_queryset(request, queryset)
        message = self.services.bulk_delete(
            actor=request.user, ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, message, messages.INFO)
