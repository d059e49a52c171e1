from django.contrib import admin

from lms.locations import services
from lms.locations.models import Location
from website.admin import AdminServices, LecternModelAdmin


@admin.register(Location)
class LocationAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="location",
        create=services.location_create,
        update=services.location_update,
        bulk_delete=lambda *, actor, ids: services.locations_bulk_delete(actor=actor, ids=ids)[0],
    )
    list_display = ("name", "city", "country", "zipcode", "created_at")
    search_fields = ("name", "city", "country")
    fields = ("name", "address", "city", "country", "zipcode", "map_url")
