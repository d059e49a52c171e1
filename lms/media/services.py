"""Writes of the media library: uploads (whole or chunked), deletion, Mux and Bunny videos.

Every file is judged by its content (`lms.media.content`) and capped in size
(`LECTERN_MEDIA_MAX_UPLOAD_BYTES`) before it becomes a MediaFile; a refused upload leaves no file in
storage. Chunked uploads keep each received chunk in storage until the last one arrives, then the
assembled file goes through the same checks as a plain upload.
"""

import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.media.clients import ProviderError
from lms.media.clients.bunny import STATUS_FAILED, STATUS_FINISHED, BunnyAccountClient, BunnyStreamClient
from lms.media.clients.mux import MuxClient
from lms.media.content import Detected, UnsupportedContent, detect
from lms.media.models import (
    BunnyVideoLibrary,
    MediaFile,
    MediaKind,
    MediaProvider,
    MediaStatus,
    UploadChunk,
    UploadSession,
)
from lms.media.selectors import bunny_library_credentials, media_files
from lms.media.usage import media_in_use
from website.api.errors import Unprocessable

MEDIA_FIELDS = ("name", "kind", "content_type", "size", "status", "provider", "provider_id", "portal")
LIBRARY_FIELDS = ("name", "library_id", "pull_zone_id", "pull_zone_name")  # never the API key
DEFAULT_MAX_UPLOAD_BYTES = 1024**3  # 1 GiB
DEFAULT_MAX_CHUNK_BYTES = 16 * 1024**2  # 16 MiB
STALE_UPLOAD_AFTER = timedelta(days=1)


class ProviderUnavailable(APIException):
    """Mux or Bunny failed; the request is not the caller's fault, nor our bug."""

    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "The video service did not answer as expected. Please try again later."


def max_upload_bytes() -> int:
    return int(getattr(settings, "LECTERN_MEDIA_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def max_chunk_bytes() -> int:
    return int(getattr(settings, "LECTERN_MEDIA_MAX_CHUNK_BYTES", DEFAULT_MAX_CHUNK_BYTES))


def _refuse(field: str, message: str):
    raise Unprocessable({field: [message]})


def _check_size(size: int, field: str = "file") -> None:
    if size <= 0:
        _refuse(field, "The file is empty.")
    cap = max_upload_bytes()
    if size > cap:
        _refuse(field, f"The file is larger than the {cap} bytes allowed.")


def _display_name(name: str | None) -> str:
    """The original name without any directory part, for display only (storage names are random)."""
    return (PurePath(str(name or "").replace("\\", "/")).name or "file")[:255]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def kind_label(kind: str) -> str:
    return MediaKind(kind).label


# --- Plain upload ----------------------------------------------------------------------------------


def media_check(*, uploaded_file, kinds: set[str] | None = None) -> Detected:
    """What `uploaded_file` is, or Unprocessable({"file": [...]}) for an empty, oversized,
    unsupported or mislabelled file, or one of a kind not in `kinds`."""
    if uploaded_file is None:
        _refuse("file", "Choose a file to upload.")
    _check_size(uploaded_file.size or 0)
    try:
        detected = detect(uploaded_file, uploaded_file.name)
    except UnsupportedContent as exc:
        _refuse("file", str(exc))
    if kinds is not None and detected.kind not in kinds:
        expected = ", ".join(sorted(kind_label(kind) for kind in kinds))
        _refuse("file", f"Expected {expected}; this file is {kind_label(detected.kind)}.")
    return detected


def media_create(*, actor, uploaded_file, kinds: set[str] | None = None, portal=None) -> MediaFile:
    """Check `uploaded_file` (a Django File) by content, size and, if given, allowed `kinds`; store it.

    Raises Unprocessable({"file": [...]}) when `media_check` refuses it; nothing is written then.
    """
    detected = media_check(uploaded_file=uploaded_file, kinds=kinds)
    size = uploaded_file.size
    media = MediaFile(
        name=_display_name(uploaded_file.name),
        kind=detected.kind,
        content_type=detected.mime,
        size=size,
        status=MediaStatus.COMPLETED,
        provider=MediaProvider.STORAGE,
        portal=portal,
        uploaded_by=_user(actor),
    )
    uploaded_file.seek(0)
    media.file.save(f"{uuid.uuid4().hex}.{detected.extension}", uploaded_file, save=False)
    try:
        with transaction.atomic():
            logged_create(actor=actor, instance=media, tracked=MEDIA_FIELDS, portal=portal)
    except BaseException:
        media.file.delete(save=False)
        raise
    return media


MEDIA_EDITABLE_FIELDS = ("name", "portal")


@transaction.atomic
def media_update(*, actor, media: MediaFile, **fields) -> MediaFile:
    """Rename a file or move it to another portal (its content never changes)."""
    unknown = set(fields) - set(MEDIA_EDITABLE_FIELDS)
    if unknown:
        _refuse(sorted(unknown)[0], "This field cannot be changed.")
    if "name" in fields:
        fields["name"] = _display_name(fields["name"])
    return logged_update(
        actor=actor, instance=media, tracked=MEDIA_FIELDS, fields=fields, portal=media.portal
    )


# --- Chunked, resumable upload ---------------------------------------------------------------------


@transaction.atomic
def upload_session_start(*, actor, total_size: int, file_name: str = "", portal=None) -> UploadSession:
    """Open a chunked upload of `total_size` bytes, owned by `actor` (only they may add chunks)."""
    _check_size(total_size, field="total_size")
    return UploadSession.objects.create(
        owner=actor, portal=portal, name=_display_name(file_name) if file_name else "", total_size=total_size
    )


def upload_chunk_append(
    *,
    actor,
    session: UploadSession,
    offset: int,
    data: bytes,
    index: int | None = None,
    total_size: int | None = None,
    file_name: str | None = None,
) -> MediaFile | None:
    """Add the next chunk. Chunks arrive in order: `offset` must be the bytes received so far (and
    `index`, when sent, the number of chunks so far); anything else is refused and nothing is kept.

    Returns the MediaFile once the last byte has arrived (the session and its chunks are gone then,
    whether the assembled file is accepted or refused), otherwise None.
    """
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().filter(pk=session.pk, owner=actor).first()
        if session is None:
            raise Http404
        next_index = session.chunks.count()
        if total_size is not None and total_size != session.total_size:
            _refuse("Upload-Length", f"This upload is {session.total_size} bytes long, not {total_size}.")
        if offset != session.received_size:
            _refuse(
                "Upload-Offset", f"Chunks arrive in order: the next one starts at {session.received_size}."
            )
        if index is not None and index != next_index:
            _refuse("Upload-Index", f"Chunks arrive in order: the next one is number {next_index}.")
        if not data:
            _refuse("chunk", "The chunk is empty.")
        if len(data) > max_chunk_bytes():
            _refuse("chunk", f"A chunk may hold at most {max_chunk_bytes()} bytes.")
        if session.received_size + len(data) > session.total_size:
            _refuse("chunk", f"The chunk runs past the upload's length of {session.total_size} bytes.")

        chunk = UploadChunk(session=session, index=next_index, offset=offset, size=len(data))
        chunk.file.save(f"{session.pk.hex}-{next_index:06d}.part", ContentFile(data), save=False)
        try:
            chunk.save()
            session.received_size += len(data)
            if file_name:
                session.name = _display_name(file_name)
            session.save(update_fields=["received_size", "name", "updated_at"])
        except BaseException:
            chunk.file.delete(save=False)
            raise
    if session.received_size < session.total_size:
        return None
    return _upload_session_finish(actor=actor, session=session)


def _upload_session_finish(*, actor, session: UploadSession) -> MediaFile:
    try:
        with tempfile.TemporaryFile() as assembled:
            for chunk in session.chunks.order_by("index"):
                with chunk.file.open("rb") as part:
                    shutil.copyfileobj(part, assembled)
            uploaded = File(assembled, name=session.name or "upload")
            uploaded.size = assembled.tell()
            return media_create(actor=actor, uploaded_file=uploaded, portal=session.portal)
    finally:
        upload_session_discard(session=session)


def upload_session_discard(*, session: UploadSession) -> None:
    """Delete the session and every chunk file it holds (cancel, completion, or expiry)."""
    with transaction.atomic():
        names = [name for name in session.chunks.values_list("file", flat=True) if name]
        UploadSession.objects.filter(pk=session.pk).delete()
    storage = UploadChunk._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def upload_sessions_purge(*, older_than: timedelta = STALE_UPLOAD_AFTER) -> int:
    """Discard uploads abandoned for `older_than`; returns how many."""
    stale = list(UploadSession.objects.filter(updated_at__lt=timezone.now() - older_than))
    for session in stale:
        upload_session_discard(session=session)
    return len(stale)


def _stored_files(storage, folder: str):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _stored_files(storage, f"{folder}/{directory}")


def media_orphans_purge(*, older_than: timedelta = STALE_UPLOAD_AFTER) -> int:
    """Remove library files no row refers to, e.g. stored by `media_create` inside a transaction that
    then rolled back. Files younger than `older_than` are left alone: their row may not be committed
    yet. Returns how many files it removed."""
    storage = MediaFile._meta.get_field("file").storage
    folder = "library"
    if not storage.exists(folder):
        return 0
    cutoff = timezone.now() - older_than
    candidates = [name for name in _stored_files(storage, folder) if storage.get_modified_time(name) < cutoff]
    known = set(MediaFile.objects.filter(file__in=candidates).values_list("file", flat=True))
    orphans = [name for name in candidates if name not in known]
    for name in orphans:
        storage.delete(name)
    return len(orphans)


# --- Deletion --------------------------------------------------------------------------------------


def _provider_delete(media: MediaFile) -> None:
    """Remove a provider-hosted video at the provider; one already gone there counts as removed."""
    try:
        if media.provider == MediaProvider.MUX and media.provider_id:
            MuxClient().delete_asset(media.provider_id)
        elif media.provider == MediaProvider.BUNNY and media.provider_id:
            library_id, api_key = bunny_library_credentials()
            BunnyStreamClient(library_id=library_id, api_key=api_key).delete_video(media.provider_id)
    except ProviderError as exc:
        if not exc.not_found:
            raise


def media_delete(*, actor, media: MediaFile) -> None:
    """Delete one file: the row (refused by a protecting holder before anything else happens), then
    the video at its provider (a failure there rolls the row back), then the stored file once the
    deletion is committed."""
    stored = media.file.name
    storage = media.file.storage
    with transaction.atomic():
        logged_delete(actor=actor, instance=media, tracked=MEDIA_FIELDS, portal=media.portal)
        _provider_delete(media)
        if stored:
            transaction.on_commit(lambda: storage.delete(stored), robust=True)


def media_bulk_delete(*, actor, scope, ids: list[int]) -> dict:
    """Delete the given files the caller may see, keeping those in use; the seed's message shape.

    Returns {"message", "errorMessage", "fileNotDeleted", "deleted"}.
    """
    ids = list(dict.fromkeys(ids))
    visible = media_files(scope=scope)
    rows = {media.pk: media for media in visible.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        _refuse("delete_ids", f"The selected ids are invalid: {', '.join(map(str, missing))}.")
    held = media_in_use(MediaFile.objects.filter(pk__in=ids))
    deleted, failed = 0, 0
    for pk in ids:
        if pk in held:
            continue
        try:
            media_delete(actor=actor, media=rows[pk])
        except ProviderError:
            failed += 1
        except (ProtectedError, RestrictedError):
            # A holder that protects its file without registering a usage still keeps it.
            held[pk] = ["another record"]
        else:
            deleted += 1
    errors = []
    if held:
        nouns = sorted({noun for holders in held.values() for noun in holders})
        errors.append(
            f"{len(held)} media(s) not deleted as they are used in {', '.join(f'{n}(s)' for n in nouns)}."
        )
    if failed:
        errors.append(f"{failed} media(s) not deleted, Something went wrong! try again")
    return {
        "message": f"{deleted} media(s) deleted",
        "errorMessage": " ".join(errors) or None,
        "fileNotDeleted": len(held) + failed,
        "deleted": deleted,
    }


# --- Mux -------------------------------------------------------------------------------------------


def mux_video_download(*, media: MediaFile) -> dict:
    """{"status", "url"}: the downloadable master copy of a Mux video, asking Mux to prepare it
    (temporary master access) when it is not enabled yet."""
    client = MuxClient()
    try:
        asset = client.get_asset(media.provider_id)
        if asset.get("master_access") != "temporary":
            asset = client.enable_temporary_master_access(media.provider_id)
    except ProviderError as exc:
        if exc.not_found:
            _refuse("mux_id", "Mux has no such video.")
        raise ProviderUnavailable from exc
    master = asset.get("master") or {}
    master_status = str(master.get("status") or "preparing")
    return {"status": master_status, "url": master.get("url") if master_status == "ready" else None}


def mux_video_save(*, actor, asset_id: str, file_name: str, portal=None) -> MediaFile:
    """Record a video already uploaded to Mux, once Mux confirms the asset (and gives its playback id)."""
    if MediaFile.objects.filter(provider=MediaProvider.MUX, provider_id=asset_id).exists():
        _refuse("mux_id", "This video is already in the media library.")
    try:
        asset = MuxClient().get_asset(asset_id)
    except ProviderError as exc:
        if exc.not_found:
            _refuse("mux_id", "Mux has no such video.")
        raise ProviderUnavailable from exc
    playback_ids = asset.get("playback_ids") or []
    public = [
        entry.get("id") for entry in playback_ids if entry.get("policy") == "public" and entry.get("id")
    ]
    mux_status = asset.get("status")
    media = MediaFile(
        name=_display_name(file_name),
        kind=MediaKind.VIDEO,
        content_type="video/mp4",
        status={"ready": MediaStatus.COMPLETED, "errored": MediaStatus.FAILED}.get(
            mux_status, MediaStatus.PROCESSING
        ),
        provider=MediaProvider.MUX,
        provider_id=asset_id,
        playback_id=str(public[0] if public else "")[:255],
        portal=portal,
        uploaded_by=_user(actor),
    )
    with transaction.atomic():
        return logged_create(actor=actor, instance=media, tracked=MEDIA_FIELDS, portal=portal)


# --- Bunny -----------------------------------------------------------------------------------------


def _bunny_status(code) -> str:
    if code == STATUS_FINISHED:
        return MediaStatus.COMPLETED
    if code in STATUS_FAILED:
        return MediaStatus.FAILED
    return MediaStatus.PROCESSING


def bunny_video_save(*, actor, video_guid: str, file_name: str, mime_type: str, portal=None) -> MediaFile:
    """Record a video the browser uploaded to the Bunny library, once Bunny confirms it has it."""
    if not mime_type.lower().startswith("video/"):
        _refuse("mimeType", "Only videos are saved this way.")
    if MediaFile.objects.filter(provider=MediaProvider.BUNNY, provider_id=video_guid).exists():
        _refuse("videoGuid", "This video is already in the media library.")
    library_id, api_key = bunny_library_credentials()
    if not (library_id and api_key):
        _refuse("videoGuid", "No Bunny video library is configured.")
    try:
        video = BunnyStreamClient(library_id=library_id, api_key=api_key).get_video(video_guid)
    except ProviderError as exc:
        if exc.not_found:
            _refuse("videoGuid", "The Bunny library has no such video.")
        raise ProviderUnavailable from exc
    media = MediaFile(
        name=_display_name(file_name),
        kind=MediaKind.VIDEO,
        content_type=mime_type[:255],
        size=int(video.get("storageSize") or 0),
        status=_bunny_status(video.get("status")),
        provider=MediaProvider.BUNNY,
        provider_id=video_guid,
        portal=portal,
        uploaded_by=_user(actor),
    )
    with transaction.atomic():
        return logged_create(actor=actor, instance=media, tracked=MEDIA_FIELDS, portal=portal)


def bunny_video_library_create(*, actor, name: str | None = None) -> BunnyVideoLibrary:
    """Create a video library on Bunny (named after the site), remember its id, key and pull zone."""
    client = BunnyAccountClient()
    if not client.access_key:
        _refuse("apiKey", "The Bunny account API key (BUNNY_API_KEY) is not configured.")
    name = name or getattr(settings, "WAGTAIL_SITE_NAME", "Lectern")
    regions = list(getattr(settings, "BUNNY_REPLICATION_REGIONS", []) or [])
    try:
        created = client.create_video_library(name=name, replication_regions=regions)
    except ProviderError as exc:
        raise ProviderUnavailable from exc
    library_id, api_key = created.get("Id"), created.get("ApiKey")
    if not library_id or not api_key:
        raise ProviderUnavailable("Bunny did not return the new library's id and key.")
    pull_zone_id = created.get("PullZoneId")
    pull_zone_name = ""
    if pull_zone_id:
        try:
            pull_zone_name = str(client.get_pull_zone(pull_zone_id).get("Name") or "")
        except ProviderError:
            pull_zone_name = ""  # the library exists; its pull zone name is only for display
    library = BunnyVideoLibrary(
        name=str(created.get("Name") or name)[:255],
        library_id=str(library_id),
        api_key=str(api_key),
        pull_zone_id=str(pull_zone_id or ""),
        pull_zone_name=pull_zone_name[:255],
        created_by=_user(actor),
    )
    with transaction.atomic():
        return logged_create(actor=actor, instance=library, tracked=LIBRARY_FIELDS)
