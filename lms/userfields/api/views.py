from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from lms.portals.models import Portal
from lms.userfields import selectors, services
from lms.userfields.api import serializers as s
from lms.userfields.models import CustomUserFieldType, UploadStatus
from website.api.errors import Unprocessable
from website.api.responses import MessageSerializer, message_response
from website.api.schema import extra_operation, seed_operation
from website.api.views import ApiView, ChoicesLookupView, TabularListView, contains

VIEW_FIELDS = "userfields.view_customuserfield"
CHANGE_FIELDS = "userfields.change_customuserfield"
ADD_USERS = "accounts.add_user"


class CustomUserFieldCollection(ApiView):
    """The fields in order (registration form, profile, reports); saving replaces the whole list."""

    permission_required = {"GET": VIEW_FIELDS, "PUT": CHANGE_FIELDS}
    input_serializer_class = s.CustomUserFieldsUpdateSerializer

    @seed_operation(
        "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the_2",
        responses=s.CustomUserFieldListSerializer,
    )
    def get(self, request):
        return Response(s.CustomUserFieldListSerializer({"fields": selectors.custom_user_fields()}).data)

    @seed_operation("users_update_custom_user_fields", responses=MessageSerializer)
    def put(self, request):
        services.custom_user_fields_replace(actor=request.user, fields=self.parse_body()["fields"])
        return message_response("Fields updated successfully")


@seed_operation(
    "users_retrieve_custom_user_fields_that_needs_to_be_shown_on_the",
    responses=s.CustomUserFieldsByKeySerializer,
)
class CustomUserFieldsByKey(ApiView):
    permission_required = VIEW_FIELDS

    def get(self, request):
        return Response(s.CustomUserFieldsByKeySerializer({"fields": selectors.custom_user_fields()}).data)


@seed_operation("users_custom_user_field_type_lookup")
class CustomUserFieldTypeLookup(ChoicesLookupView):
    permission_required = VIEW_FIELDS
    choices = CustomUserFieldType


@seed_operation(
    "users_checks_if_a_custom_user_field_can_be_deleted", responses=s.FieldDeletionCheckSerializer
)
class CustomUserFieldDeletionCheck(ApiView):
    permission_required = CHANGE_FIELDS
    query_serializer_class = s.FieldDeletionQuerySerializer

    def get(self, request):
        field = self.parse_query()["fieldToDelete"]
        can_delete, message = services.custom_field_deletion_check(
            key=field.get("userMetaKey"), field_id=field.get("id")
        )
        # Certificates are a module of their own, not built yet: no template shows a field so far.
        return Response({"canDeleteField": can_delete, "message": message, "certificateTemplates": []})


@seed_operation("users_retrieves_a_paginated_report_of_users_with_custom_user_data")
class UserCustomDataReport(TabularListView):
    """Users with their answers; portal admins see the users of their portals."""

    permission_required = "accounts.view_user"
    allow_portal_admins = True
    query_serializer_class = s.UserCustomDataQuerySerializer
    row_serializer_class = s.UserCustomDataRowSerializer
    order_columns = {
        "email": "email",
        "first_name": "first_name",
        "last_name": "last_name",
        "registered_on": "date_joined",
    }
    default_ordering = ("-date_joined",)
    search_filters = {
        "email": contains("email"),
        "first_name": contains("first_name"),
        "last_name": contains("last_name"),
    }

    def get_queryset(self):
        users = selectors.users_with_custom_data(self.portal_scope)
        start, end = self.query.get("registered_between") or (None, None)
        if start:
            users = users.filter(date_joined__date__gte=start)
        if end:
            users = users.filter(date_joined__date__lte=end)
        return users


@seed_operation(
    "users_loads_user_consents_based_on_pagination_parameters", responses=s.UserConsentPageSerializer
)
class UserConsentList(ApiView):
    """What users agreed to and when, newest first; portal admins see their portals' users."""

    permission_required = "userfields.view_userconsent"
    allow_portal_admins = True
    query_serializer_class = s.ConsentQuerySerializer

    def get(self, request):
        query = self.parse_query()
        consents = selectors.user_consents(self.portal_scope)
        start = (query["page_number"] - 1) * query["page_size"]
        total = consents.count()
        page = consents[start : start + query["page_size"]]
        return Response(
            {
                "userConsents": s.UserConsentSerializer(page, many=True).data,
                "total": total,
                "recordsFiltered": total,
            }
        )


@seed_operation(
    "users_bulk_upload_users_from_csv_file",
    responses={
        201: s.UploadResultSerializer,
        200: OpenApiResponse(s.UploadResultSerializer, description="No row could be imported."),
        202: OpenApiResponse(s.UploadResultSerializer, description="Queued: poll the upload's status."),
    },
)
class UserBulkUpload(ApiView):
    """Staff with accounts.add_user upload to any portal (or none); portal admins to one of theirs."""

    permission_required = ADD_USERS
    allow_portal_admins = True
    input_serializer_class = s.BulkUploadSerializer

    def post(self, request):
        data = self.parse_body()
        scope = self.portal_scope
        if scope.selected_portal_id is None and not scope.is_unrestricted:
            raise Unprocessable({"portalId": ["Choose the portal the users join."]})
        portal = Portal.objects.get(pk=scope.selected_portal_id) if scope.selected_portal_id else None
        upload = services.users_bulk_upload(actor=request.user, portal=portal, rows=data["userList"])
        body = s.UploadStatusSerializer(upload).data
        if upload.status == UploadStatus.QUEUED:
            return message_response(
                "User(s) upload queued", status_code=status.HTTP_202_ACCEPTED, is_success="true", **body
            )
        if upload.created_count or upload.updated_count:
            return message_response(
                "User(s) uploaded successfully",
                status_code=status.HTTP_201_CREATED,
                is_success="true",
                **body,
            )
        return message_response("No user uploaded", is_success="false", **body)


@extra_operation(
    "x_users_bulk_upload_status",
    tag="users",
    summary="Progress and report of a bulk upload of users",
    responses=s.UploadStatusSerializer,
)
class UserBulkUploadStatus(ApiView):
    permission_required = ADD_USERS
    allow_portal_admins = True

    def get(self, request, pk):
        upload = get_object_or_404(selectors.user_uploads(self.portal_scope), pk=pk)
        return Response(s.UploadStatusSerializer(upload).data)


@seed_operation("users_returns_a_sample_file_in_json_format_which_can_be", responses=s.UploadSampleSerializer)
class UserBulkUploadSample(ApiView):
    permission_required = ADD_USERS
    allow_portal_admins = True

    def get(self, request):
        return Response(selectors.user_upload_sample())
