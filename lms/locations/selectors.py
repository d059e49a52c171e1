from django.db.models import QuerySet

from lms.locations.models import Location


def locations() -> QuerySet[Location]:
    return Location.objects.all()
