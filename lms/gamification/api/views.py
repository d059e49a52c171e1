from django.shortcuts import get_object_or_404
from rest_framework import serializers

from lms.gamification import selectors, services
from lms.gamification.api import serializers as s
from lms.gamification.models import Badge
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.serializers import DeleteIdsSerializer
from website.api.views import MAX_PAGE_SIZE, ApiView, TabularListView, TabularQuerySerializer, contains


@seed_operations_view(
    get="badges_get_a_tabular_list_of_badges_with_pagination_and_search",
    post=("badges_create_a_new_badge", {"responses": IdMessageSerializer}),
)
class BadgeCollection(TabularListView):
    permission_required = {"GET": "gamification.view_badge", "POST": "gamification.add_badge"}
    row_serializer_class = s.BadgeRowSerializer
    input_serializer_class = s.BadgeInputSerializer
    order_columns = {
        "title": "title",
        "points": "points",
        "created_at": "created_at",
        "usersCount": "holder_count",
    }
    default_ordering = ("-created_at",)
    search_filters = {"title": contains("title")}

    def get_queryset(self):
        return selectors.badge_table()

    def post(self, request):
        badge = services.badge_create(actor=request.user, **self.parse_body())
        return message_response("Badge created successfully", id=badge.pk)


@seed_operation("badges_update_an_existing_badge_by_its_id", responses=IdMessageSerializer)
class BadgeDetail(ApiView):
    permission_required = "gamification.change_badge"
    input_serializer_class = s.BadgeUpdateSerializer

    def put(self, request, pk):
        badge = get_object_or_404(Badge, pk=pk)
        services.badge_update(actor=request.user, badge=badge, **self.parse_body())
        return message_response("Badge updated successfully", id=badge.pk)


@seed_operation("badges_delete_specified_badges", responses=MessageSerializer)
class BadgeDelete(ApiView):
    permission_required = "gamification.delete_badge"
    input_serializer_class = DeleteIdsSerializer

    def post(self, request):
        return message_response(
            services.badges_bulk_delete(actor=request.user, ids=self.parse_body()["delete_ids"])
        )


class TierQuerySerializer(TabularQuerySerializer):
    """The seed's tier list documents no paging: a leaderboard shows all its tiers on one page."""

    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=MAX_PAGE_SIZE)


@seed_operations_view(
    get="leaderboard_leaderboard_tier_tabular_list",
    post=("leaderboard_create_a_new_tier", {"responses": IdMessageSerializer}),
)
class TierCollection(TabularListView):
    """The seed's tier list has no search and no recordsFiltered: every tier, lowest first."""

    query_serializer_class = TierQuerySerializer
    permission_required = {"GET": "gamification.view_tier", "POST": "gamification.add_tier"}
    row_serializer_class = s.TierRowSerializer
    input_serializer_class = s.TierInputSerializer
    include_records_filtered = False
    order_columns = {"name": "name", "lowerLimit": "lower_limit", "upperLimit": "upper_limit"}
    default_ordering = ("lower_limit",)

    def get_queryset(self):
        return selectors.tiers()

    def post(self, request):
        tier = services.tier_create(actor=request.user, **self.parse_body())
        return message_response("Tier created successfully", id=tier.pk)
