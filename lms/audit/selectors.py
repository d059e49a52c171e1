"""Reads over the activity log, scoped to the caller's portals."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lms.audit.models import Activity
from website.tenancy import PortalScope


def activities_visible(scope: PortalScope) -> QuerySet[Activity]:
    """Academy staff see everything (academy-wide entries included); portal admins their portals."""
    return scope.filter(Activity.objects.select_related("actor"), "portal")


def between_dates(queryset: QuerySet[Activity], first: date, last: date) -> QuerySet[Activity]:
    """Entries from the start of `first` to the end of `last`, in the current time zone.

    A bound at the edge of the calendar stays open: there is no day after `date.max`, and shifting
    `date.min` to UTC would leave the calendar (both would otherwise raise OverflowError, a 500).
    """
    zone = timezone.get_current_timezone()
    if first > date.min:
        queryset = queryset.filter(
            created_at__gte=timezone.make_aware(datetime.combine(first, time.min), zone)
        )
    if last < date.max:
        queryset = queryset.filter(
            created_at__lt=timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)
        )
    return queryset


def performed_on_kinds(queryset: QuerySet[Activity]) -> list[str]:
    return list(queryset.order_by("subject_kind").values_list("subject_kind", flat=True).distinct())
