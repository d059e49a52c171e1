"""The one base admin every Lectern model uses.

It combines import/export (CSV, XLSX, JSON with a dry-run preview; formulae escaped on export),
history with diff and revert (simple-history), object permissions (guardian) and portal-scoped
querysets, and routes saves and deletes through the app's services so the admin obeys the same
rules, and writes the same audit log, as the API.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from guardian.admin import GuardedModelAdmin
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from rest_framework.exceptions import ValidationError as ApiValidationError
from simple_history.admin import SimpleHistoryAdmin

from website.tenancy import portal_scope

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


class LecternModelAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, GuardedModelAdmin):
    services: AdminServices | None = None
    portal_field: str | None = None  # a foreign key to Portal: portal admins see their portals' rows
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
        queryset = super().get_queryset(request)
        if self.portal_field:
            queryset = portal_scope(request.user).filter(queryset, self.portal_field)
        return queryset

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
        obj.pk = saved.pk
        obj._state.adding = False

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
