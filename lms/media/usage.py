"""Where media files are used: apps that point at a MediaFile register here, in their AppConfig.ready().

Deleting a media file that a registered usage still holds is refused, with the usage's noun in the
message ("used in PDF module(s)"). Nothing in this app changes when a new kind of holder arrives.
"""

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class MediaUsage:
    related_name: str  # the reverse relation from MediaFile, e.g. "pdf_modules" (any lookup path works)
    noun: str  # how messages name the holder, e.g. "PDF module"


_usages: list[MediaUsage] = []


def register_media_usage(usage: MediaUsage) -> None:
    if usage not in _usages:
        _usages.append(usage)


def media_usages() -> list[MediaUsage]:
    return list(_usages)


def media_in_use(queryset: QuerySet) -> dict[int, list[str]]:
    """{media file id: [nouns of what holds it]} for the files of `queryset` that something uses."""
    held: dict[int, list[str]] = {}
    for usage in _usages:
        ids = queryset.filter(**{f"{usage.related_name}__isnull": False}).values_list("pk", flat=True)
        for pk in set(ids):
            held.setdefault(pk, []).append(usage.noun)
    return held
