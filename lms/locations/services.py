"""Locations: create, update, delete; a location in use by classes is kept (see LOCATION_KEEP_RULES)."""

from django.db import transaction

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.locations.models import Location
from website.bulk import KeepRule, bulk_delete

LOCATION_FIELDS = ("name", "address", "city", "country", "zipcode", "map_url")

# Classroom sessions (webinars and classes) add their rule here when they arrive: a location they
# use is "used in class(s)". Until then nothing can hold a location, so every delete goes through.
LOCATION_KEEP_RULES: list[KeepRule] = []


@transaction.atomic
def location_create(*, actor, **fields) -> Location:
    return logged_create(actor=actor, instance=Location(created_by=actor, **fields), tracked=LOCATION_FIELDS)


@transaction.atomic
def location_update(*, actor, location: Location, **fields) -> Location:
    return logged_update(actor=actor, instance=location, tracked=LOCATION_FIELDS, fields=fields)


def location_delete(*, actor, location: Location) -> None:
    logged_delete(actor=actor, instance=location, tracked=LOCATION_FIELDS)


def locations_bulk_delete(*, actor, ids: list[int]) -> tuple[str, int]:
    """Returns the seed's message and the number deleted."""
    outcome = bulk_delete(
        queryset=Location.objects.all(),
        ids=ids,
        keep_rules=LOCATION_KEEP_RULES,
        delete=lambda location: location_delete(actor=actor, location=location),
    )
    message = f"{len(outcome.deleted)} location(s) deleted"
    kept = len(outcome.kept_ids)
    if kept:
        message += (
            f" {kept} location(s) not deleted as it is used in class(s). "
            "Please remove the location from the class(s) and try again."
        )
    return message, len(outcome.deleted)
