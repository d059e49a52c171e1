"""Module endpoints: the mixed module library and the text, video, PDF and PowerPoint modules.

Staff act through Django permissions (modules.*_module); an author without them still reads and
edits the modules granted to them (django-guardian object permissions, given on create).
"""

from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from lms.modules import selectors, services
from lms.modules.api import serializers as s
from lms.modules.models import FormFieldType, Module, ModuleType
from lms.modules.types import icon_for
from website.api.errors import Unprocessable
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import extra_operation, seed_operation, seed_operations_view
from website.api.views import (
    LOOKUP_LIMIT,
    ApiView,
    ChoicesLookupView,
    QueryLookupView,
    TabularListView,
    any_of,
    contains,
)
from website.permissions import user_may


def _in_types(queryset, value):
    types = value if isinstance(value, list) else [value]
    types = [str(item) for item in types if item not in (None, "")]
    return queryset.filter(module_type__in=types) if types else queryset


MODULE_SEARCH_FILTERS = {
    "moduleName": contains("name"),
    "associatedCourse": selectors.filter_by_course,
    "moduleTypes": _in_types,
    "moduleCategoryIds": any_of("categories"),
}
MODULE_ORDER_COLUMNS = {
    "name": "name",
    "slug": "slug",
    "type": "module_type",
    "author": "author__first_name",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def _portal_of(scope):
    from lms.portals.models import Portal

    if scope.selected_portal_id is None:
        return None
    return Portal.objects.get(pk=scope.selected_portal_id)


# --- The module library ------------------------------------------------------------------------


@seed_operations_view(
    get="modules_modules_tabular_list",
    post=(
        "modules_create_blank_module",
        {"request": s.BlankModuleInputSerializer, "responses": {201: s.CreatedModuleSerializer}},
    ),
)
class ModuleCollection(TabularListView):
    permission_required = {"GET": "modules.view_module", "POST": "modules.add_module"}
    row_serializer_class = s.ModuleRowSerializer
    input_serializer_class = s.BlankModuleInputSerializer
    order_columns = MODULE_ORDER_COLUMNS
    default_ordering = ("-created_at",)
    search_filters = MODULE_SEARCH_FILTERS

    def get_queryset(self):
        return selectors.module_table(scope=self.portal_scope)

    def post(self, request):
        data = self.parse_body()
        module = services.module_create_blank(
            actor=request.user,
            name=data["name"],
            module_type=data["type"],
            portal=_portal_of(self.portal_scope),
        )
        return Response(
            {"id": module.pk, "icon": icon_for(module.module_type)}, status=status.HTTP_201_CREATED
        )


@seed_operation("modules_modules_lookup", responses=s.ModuleLookupItemSerializer(many=True))
class ModuleLookup(ApiView):
    permission_required = "modules.view_module"
    query_serializer_class = s.SearchTermSerializer

    def get(self, request):
        term = self.parse_query()["search_term"]
        rows = (
            selectors.module_lookup(scope=self.portal_scope, search_term=term)
            .order_by("name", "pk")
            .values_list("pk", "name", "module_type")[:LOOKUP_LIMIT]
        )
        return Response(
            [
                {"id": pk, "name": name, "type": kind, "icon": icon_for(kind), "value": pk, "label": name}
                for pk, name, kind in rows
            ]
        )


@seed_operation("modules_quiz_lookup")
class QuizLookup(QueryLookupView):
    """Quiz modules (rows of type quiz: none until quizzes arrive)."""

    permission_required = "modules.view_module"
    query_serializer_class = s.SearchTermSerializer
    value_key, label_key = "value", "label"

    def get_queryset(self):
        return selectors.module_lookup(
            scope=self.portal_scope, search_term=self.query["search_term"], module_type=ModuleType.QUIZ
        )


@seed_operation("modules_module_types_lookup")
class ModuleTypesLookup(ChoicesLookupView):
    permission_required = "modules.view_module"
    choices = ModuleType


@seed_operation("modules_form_field_types_lookup")
class FormFieldTypesLookup(ChoicesLookupView):
    permission_required = "modules.view_module"
    choices = FormFieldType


@seed_operation("modules_quick_edit_modules", responses=MessageSerializer)
class ModuleQuickEdit(ApiView):
    permission_required = "modules.change_module"
    input_serializer_class = s.ModuleQuickEditSerializer

    def post(self, request):
        data = self.parse_body()
        services.modules_quick_edit(
            actor=request.user,
            queryset=selectors.modules(scope=self.portal_scope),
            ids=data["module_ids"],
            module_type=data["type"],
            author_id=data.get("author_id"),
            detail_fields={
                "noOfRetakesAllowed": data.get("noOfRetakesAllowed"),
                "minimumPassingMarks": data.get("minimumPassingMarks"),
            },
        )
        return message_response("Modules updated Successfully")


@seed_operation("modules_deletes_the_specified_modules", responses=s.ModuleDeleteResultSerializer)
class ModuleDelete(ApiView):
    permission_required = "modules.delete_module"
    input_serializer_class = s.ModuleDeleteSerializer

    def post(self, request):
        data = self.parse_body()
        message, deleted = services.modules_bulk_delete(
            actor=request.user,
            ids=data["delete_ids"],
            queryset=selectors.modules(scope=self.portal_scope),
            module_type=data.get("type"),
        )
        return message_response(message, deletedModules=deleted)


@seed_operation("modules_clone_a_module", responses=IdMessageSerializer)
class ModuleClone(ApiView):
    permission_required = "modules.add_module"
    input_serializer_class = s.ModuleCloneSerializer

    def post(self, request):
        data = self.parse_body()
        module = selectors.modules(scope=self.portal_scope).filter(pk=data["moduleId"]).first()
        if module is None:
            raise Unprocessable({"moduleId": ["Unknown module."]})
        copy = services.module_clone(actor=request.user, module=module, deep=data["isDeepCopy"])
        return message_response("Module Cloned Successfully", id=copy.pk)


# --- One type's list, create, read and update --------------------------------------------------


class TypedModuleCollection(TabularListView):
    """A type's tabular list (GET) and create (POST)."""

    module_type: str
    row_serializer_class = s.TypedModuleRowSerializer
    order_columns = MODULE_ORDER_COLUMNS
    default_ordering = ("-created_at",)
    search_filters = MODULE_SEARCH_FILTERS
    save = None  # the service: save(actor=, module=None, portal=, scope=, **fields)
    form_query_fallback = False  # the seed's PowerPoint create sends its fields in the query string

    def get_queryset(self):
        return selectors.module_table(scope=self.portal_scope, module_type=self.module_type)

    def post(self, request):
        data = self.request.data
        if self.form_query_fallback and not data:
            data = request.query_params
        fields = self._validate(self.input_serializer_class, data)
        fields.pop("id", None)
        module = type(self).save(
            actor=request.user, portal=_portal_of(self.portal_scope), scope=self.portal_scope, **fields
        )
        return message_response("Module saved successfully", id=module.pk)


class TypedModuleDetail(ApiView):
    """A type's detail (GET) and update (PUT). Staff need the Django permission; an author the
    object permission on that module."""

    module_type: str
    detail_serializer_class = None
    update_serializer_class = None
    save = None
    object_permissions = {"GET": "modules.view_module", "PUT": "modules.change_module"}

    def check_permissions(self, request):
        super().check_permissions(request)  # authenticated
        permission = self.object_permissions.get(request.method, self.object_permissions["GET"])
        self.global_permission = user_may(request.user, permission)
        if not self.global_permission and not _holds_object_permissions(request.user, permission):
            raise PermissionDenied

    def get_module(self, pk) -> Module:
        module = selectors.module_detail(scope=self.portal_scope, module_type=self.module_type, pk=pk)
        if module is None:
            raise Http404
        permission = self.object_permissions.get(self.request.method, self.object_permissions["GET"])
        if not self.global_permission and not self.request.user.has_perm(permission, module):
            raise PermissionDenied
        return module

    def get(self, request, pk):
        module = self.get_module(pk)
        module.course_list = selectors.module_courses(module)
        return Response(self.detail_serializer_class(module).data)

    def put(self, request, pk):
        module = self.get_module(pk)
        fields = self.parse_body(self.update_serializer_class)
        fields.pop("id", None)
        type(self).save(actor=request.user, module=module, scope=self.portal_scope, **fields)
        return message_response("Module updated successfully")


def _holds_object_permissions(user, permission: str) -> bool:
    from guardian.shortcuts import get_objects_for_user

    if not (user and user.is_authenticated and user.is_active):
        return False
    return get_objects_for_user(user, permission, klass=Module, accept_global_perms=False).exists()


# Text


@seed_operations_view(
    get="text_modules_text_modules_tabular_list",
    post=("text_modules_create_text_module", {"responses": IdMessageSerializer}),
)
class TextModuleCollection(TypedModuleCollection):
    permission_required = {"GET": "modules.view_module", "POST": "modules.add_module"}
    module_type = ModuleType.TEXT
    input_serializer_class = s.TextModuleInputSerializer
    save = staticmethod(lambda *, scope=None, **kwargs: services.text_module_save(**kwargs))


@seed_operations_view(
    get=("text_modules_get_text_module", {"responses": s.TextModuleDetailSerializer}),
    put=("text_modules_update_text_module", {"responses": MessageSerializer}),
)
class TextModuleDetail(TypedModuleDetail):
    module_type = ModuleType.TEXT
    detail_serializer_class = s.TextModuleDetailSerializer
    input_serializer_class = update_serializer_class = s.TextModuleInputSerializer
    save = staticmethod(lambda *, scope=None, **kwargs: services.text_module_save(**kwargs))


# PDF


@seed_operations_view(
    get="pdf_modules_pdf_modules_tabular_list",
    post=("pdf_modules_create_pdf_module", {"responses": IdMessageSerializer}),
)
class PdfModuleCollection(TypedModuleCollection):
    permission_required = {"GET": "modules.view_module", "POST": "modules.add_module"}
    module_type = ModuleType.PDF
    input_serializer_class = s.PdfModuleInputSerializer
    save = staticmethod(services.pdf_module_save)


@seed_operations_view(
    get=("pdf_modules_get_pdf_module", {"responses": s.PdfModuleDetailSerializer}),
    put=("pdf_modules_update_pdf_module", {"responses": MessageSerializer}),
)
class PdfModuleDetail(TypedModuleDetail):
    module_type = ModuleType.PDF
    detail_serializer_class = s.PdfModuleDetailSerializer
    input_serializer_class = update_serializer_class = s.PdfModuleInputSerializer
    save = staticmethod(services.pdf_module_save)


# PowerPoint


@seed_operations_view(
    get=("powerpoint_modules_powerpoint_modules_tabular_list", {}),
    post=("powerpoint_modules_create_a_new_powerpoint_module", {"responses": IdMessageSerializer}),
)
class PowerPointModuleCollection(TypedModuleCollection):
    permission_required = {"GET": "modules.view_module", "POST": "modules.add_module"}
    module_type = ModuleType.POWERPOINT
    row_serializer_class = s.PowerPointModuleRowSerializer
    input_serializer_class = s.PowerPointModuleInputSerializer
    form_query_fallback = True
    save = staticmethod(services.powerpoint_module_save)


@seed_operations_view(
    get=(
        "powerpoint_modules_retrieve_a_powerpoint_module",
        {"responses": s.PowerPointModuleDetailSerializer},
    ),
    put=("powerpoint_modules_update_powerpoint_module", {"responses": MessageSerializer}),
)
class PowerPointModuleDetail(TypedModuleDetail):
    module_type = ModuleType.POWERPOINT
    detail_serializer_class = s.PowerPointModuleDetailSerializer
    input_serializer_class = update_serializer_class = s.PowerPointModuleInputSerializer
    save = staticmethod(services.powerpoint_module_save)


# Video


@seed_operations_view(
    get="video_modules_video_modules_tabular_list",
    post=("video_modules_create_video_module", {"responses": IdMessageSerializer}),
)
class VideoModuleCollection(TypedModuleCollection):
    permission_required = {"GET": "modules.view_module", "POST": "modules.add_module"}
    module_type = ModuleType.VIDEO
    input_serializer_class = s.VideoModuleInputSerializer
    save = staticmethod(services.video_module_save)


@seed_operations_view(
    get=("video_modules_video_module_details", {"responses": s.VideoModuleDetailSerializer}),
)
class VideoModuleDetail(TypedModuleDetail):
    module_type = ModuleType.VIDEO
    detail_serializer_class = s.VideoModuleDetailSerializer
    input_serializer_class = update_serializer_class = s.VideoModuleUpdateSerializer
    save = staticmethod(services.video_module_save)

    @extra_operation(
        "x_video_modules_update_video_module",
        tag="video-modules",
        summary="Update Video Module",
        description="Updates a video module: the fields of Create Video Module; those left out keep their value.",
        responses=MessageSerializer,
    )
    def put(self, request, pk):
        return super().put(request, pk)
