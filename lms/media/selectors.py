"""Reads over the media library, scoped to the caller's portals."""

import uuid

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from lms.media.models import BunnyVideoLibrary, MediaFile, UploadSession
from website.tenancy import PortalScope


def media_files(*, scope: PortalScope) -> QuerySet[MediaFile]:
    """The files the caller may see: academy staff all of them, a portal admin their portals' files."""
    return scope.filter(MediaFile.objects.all(), "portal")


def media_file_get(*, scope: PortalScope, media_id: int) -> MediaFile:
    media = media_files(scope=scope).filter(pk=media_id).first()
    if media is None:
        raise Http404
    return media


def media_files_for_table(*, scope: PortalScope) -> QuerySet[MediaFile]:
    return media_files(scope=scope)


def upload_session_of(*, user, session_id) -> UploadSession:
    """The caller's own upload session; any other id (malformed, unknown, someone else's) is a 404."""
    try:
        session_uuid = uuid.UUID(str(session_id))
    except ValueError as exc:
        raise Http404 from exc
    session = UploadSession.objects.filter(pk=session_uuid, owner=user).first()
    if session is None:
        raise Http404
    return session


def bunny_library_credentials() -> tuple[str, str]:
    """(library id, library API key): the newest library created through the API, else the settings."""
    library = BunnyVideoLibrary.objects.order_by("-created_at", "-pk").first()
    if library is not None:
        return library.library_id, library.api_key
    return (
        str(getattr(settings, "BUNNY_LIBRARY_ID", "") or ""),
        str(getattr(settings, "BUNNY_LIBRARY_API_KEY", "") or ""),
    )
