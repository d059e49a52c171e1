from django.http import Http404
from rest_framework.response import Response

from lms.announcements import selectors, services
from lms.announcements.api import serializers as s
from lms.portals.models import Portal
from website.api.errors import Unprocessable
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.serializers import DeleteIdsSerializer
from website.api.views import ApiView, TabularListView, TabularQuerySerializer, contains
from website.tenancy import portal_scope

ORDER_COLUMNS = {
    "heading": "heading",
    "created_at": "created_at",
    "rules": "sending_rule",
    "expiry": "expiry",
}


class AnnouncementWriteMixin:
    """Turns the seed's body into the service's arguments: recipients checked against the caller's scope."""

    def service_arguments(self, body: dict) -> dict:
        rule = body["sending_rule"]
        wanted = s.RULE_IDS.get(rule)
        ids = {field: body.get(field) if field == wanted else None for field in s.RULE_IDS.values()}
        recipients = services.announcement_recipients(self.portal_scope, **ids)
        arguments = {
            "heading": body["heading"],
            "content": body["content"],
            "sending_rule": rule,
            "expiry": body.get("expiry"),
            "users": recipients.get("users", []),
            "courses": recipients.get("courses", []),
            "portals": recipients.get("portals", []),
        }
        if "portalId" in body:
            arguments["portal"] = self.owning_portal()
        return arguments

    def owning_portal(self):
        scope = self.portal_scope  # 404 for a portal the caller may not see
        if scope.selected_portal_id is None:
            if not scope.is_unrestricted:
                raise Unprocessable({"portalId": ["Choose one of your portals."]})
            return None
        return Portal.objects.get(pk=scope.selected_portal_id)


@seed_operations_view(
    get="announcements_announcement_tabular_list",
    post=("announcements_create_an_announcement", {"responses": {201: IdMessageSerializer}}),
)
class AnnouncementCollection(AnnouncementWriteMixin, TabularListView):
    permission_required = {"GET": "announcements.view_announcement", "POST": "announcements.add_announcement"}
    allow_portal_admins = True
    row_serializer_class = s.AnnouncementRowSerializer
    input_serializer_class = s.AnnouncementInputSerializer
    order_columns = ORDER_COLUMNS
    default_ordering = ("-created_at",)
    search_filters = {"heading": contains("heading")}

    def get_queryset(self):
        return selectors.announcements(self.portal_scope)

    def post(self, request):
        arguments = self.service_arguments(self.parse_body())
        arguments.setdefault("portal", self.owning_portal())
        announcement = services.announcement_create(actor=request.user, **arguments)
        return message_response("Announcement Created Successfully", status_code=201, id=announcement.pk)


class AnnouncementDetail(AnnouncementWriteMixin, ApiView):
    permission_required = {
        "GET": "announcements.view_announcement",
        "PUT": "announcements.change_announcement",
    }
    allow_portal_admins = True
    input_serializer_class = s.AnnouncementInputSerializer

    def get_object(self, pk):
        # Found in every portal the caller may see; the body's portalId names the new owner only.
        announcement = selectors.announcement_get(portal_scope(self.request.user), pk)
        if announcement is None:
            raise Http404
        return announcement

    @seed_operation("announcements_retrieve_announcement", responses=s.AnnouncementDetailSerializer)
    def get(self, request, pk):
        return Response(s.AnnouncementDetailSerializer(self.get_object(pk)).data)

    @seed_operation("announcements_update_an_announcement", responses={201: IdMessageSerializer})
    def put(self, request, pk):
        announcement = self.get_object(pk)
        body = self.parse_body()
        if body.get("id") not in (None, pk):
            raise Unprocessable({"id": ["The id does not match the announcement being updated."]})
        services.announcement_update(
            actor=request.user, announcement=announcement, **self.service_arguments(body)
        )
        return message_response("Announcement Updated Successfully", status_code=201, id=announcement.pk)


@seed_operation("announcements_delete_announcement", responses=MessageSerializer)
class AnnouncementDelete(ApiView):
    permission_required = "announcements.delete_announcement"
    allow_portal_admins = True
    input_serializer_class = DeleteIdsSerializer

    def post(self, request):
        message, _deleted = services.announcements_bulk_delete(
            actor=request.user,
            ids=self.parse_body()["delete_ids"],
            queryset=selectors.announcements(self.portal_scope),
        )
        return message_response(message)


class LearnerAnnouncementQuerySerializer(TabularQuerySerializer, s.LearnerAnnouncementQuerySerializer):
    pass


@seed_operation("announcements_learner_announcement_list")
class LearnerAnnouncementList(TabularListView):
    """The signed-in user's announcements: every authenticated user reads their own."""

    permission_required = None
    query_serializer_class = LearnerAnnouncementQuerySerializer
    row_serializer_class = s.LearnerAnnouncementRowSerializer
    order_columns = {"heading": "heading", "created_at": "created_at"}
    default_ordering = ("-created_at",)
    search_filters = {"heading": contains("heading")}

    def get_queryset(self):
        portal_id = self.query.get("portalId")
        return selectors.announcements_for_learner(
            self.request.user, portal_id=None if portal_id in (None, -1) else portal_id
        )
