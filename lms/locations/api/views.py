from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from lms.locations import selectors, services
from lms.locations.api import serializers as s
from lms.locations.models import Location
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.serializers import DeleteIdsSerializer
from website.api.views import ApiView, QueryLookupView, TabularListView, contains


@seed_operations_view(
    get="locations_location_tabular_list",
    post=("locations_create_a_new_location", {"responses": MessageSerializer}),
)
class LocationCollection(TabularListView):
    permission_required = {"GET": "locations.view_location", "POST": "locations.add_location"}
    row_serializer_class = s.LocationRowSerializer
    input_serializer_class = s.LocationInputSerializer
    order_columns = {
        "name": "name",
        "city": "city",
        "country": "country",
        "zipcode": "zipcode",
        "created_at": "created_at",
    }
    default_ordering = ("-created_at",)
    search_filters = {"locationName": contains("name")}

    def get_queryset(self):
        return selectors.locations()

    def post(self, request):
        services.location_create(actor=request.user, **self.parse_body())
        return message_response("Location Created Successfully")


class LocationDetail(ApiView):
    permission_required = {"GET": "locations.view_location", "PUT": "locations.change_location"}
    input_serializer_class = s.LocationInputSerializer

    @seed_operation("locations_get_location", responses=s.LocationDetailSerializer)
    def get(self, request, pk):
        return Response(s.LocationDetailSerializer(get_object_or_404(Location, pk=pk)).data)

    @seed_operation("locations_update_location", responses=MessageSerializer)
    def put(self, request, pk):
        location = get_object_or_404(Location, pk=pk)
        services.location_update(actor=request.user, location=location, **self.parse_body())
        return message_response("Location Updated Successfully")


@seed_operation("locations_delete_location", responses=s.LocationDeleteResultSerializer)
class LocationDelete(ApiView):
    permission_required = "locations.delete_location"
    input_serializer_class = DeleteIdsSerializer

    def post(self, request):
        message, deleted = services.locations_bulk_delete(
            actor=request.user, ids=self.parse_body()["delete_ids"]
        )
        return message_response(message, deletedLocations=deleted)


@seed_operation("locations_location_lookup")
class LocationLookup(QueryLookupView):
    """Portal admins pick locations for their classes too."""

    permission_required = "locations.view_location"
    allow_portal_admins = True
    query_serializer_class = s.LocationLookupQuerySerializer
    value_key, label_key = "value", "label"

    def get_queryset(self):
        return contains("name")(selectors.locations(), self.query["search_term"].strip('"'))
