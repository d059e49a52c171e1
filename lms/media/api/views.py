from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lms.media import selectors, services
from lms.media.api import serializers as s
from lms.media.models import MediaKind, MediaProvider
from lms.portals.models import Portal
from website.api.errors import Unprocessable
from website.api.schema import extra_operation, seed_operation, seed_operations_view
from website.api.views import ApiView, TabularListView, contains

ADD_MEDIA = "media.add_mediafile"
FORM_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries and the small fields beside the file


def kind_filter(queryset, value):
    """`file_type`: a kind's label as the seed writes it ("Images") or its value ("image")."""
    if value in (None, ""):
        return queryset
    text = str(value).strip().lower()
    for kind in MediaKind:
        if text in (kind.value, kind.label.lower()):
            return queryset.filter(kind=kind.value)
    raise ValidationError([f"Unknown file type {value!r}."])


def upload_portal(view) -> Portal | None:
    """The portal a new file belongs to: the chosen `portalId`; a portal admin must choose one."""
    scope = view.portal_scope
    if scope.selected_portal_id is not None:
        return Portal.objects.get(pk=scope.selected_portal_id)
    if not scope.is_unrestricted:
        raise Unprocessable({"portalId": ["Choose the portal the file belongs to."]})
    return None


@seed_operations_view(get="media_tabular_list")
class MediaCollection(TabularListView):
    permission_required = {"GET": "media.view_mediafile", "DELETE": "media.delete_mediafile"}
    allow_portal_admins = True
    row_serializer_class = s.MediaRowSerializer
    order_columns = {
        "id": "id",
        "file_name": "name",
        "name": "name",
        "file_type": "kind",
        "status": "status",
        "mime_type": "content_type",
        "size": "size",
        "created_at": "created_at",
    }
    default_ordering = ("-created_at",)
    search_filters = {"name": contains("name"), "file_name": contains("name"), "file_type": kind_filter}

    def get_queryset(self):
        return selectors.media_files_for_table(scope=self.portal_scope)

    @seed_operation(
        "media_delete_media",
        parameters=[s.MediaDeleteQuerySerializer],
        responses={200: s.MediaDeleteResultSerializer},
    )
    def delete(self, request):
        ids = self.parse_query(s.MediaDeleteQuerySerializer)["delete_ids"]
        outcome = services.media_bulk_delete(actor=request.user, scope=self.portal_scope, ids=ids)
        return Response(s.MediaDeleteResultSerializer(outcome).data)


def _header_int(request, header: str, *, required: bool) -> int | None:
    raw = request.headers.get(header)
    if raw in (None, ""):
        if required:
            raise Unprocessable({header: ["This header is required."]})
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise Unprocessable({header: ["Must be a whole number."]}) from exc
    if value < 0:
        raise Unprocessable({header: ["Must not be negative."]})
    return value


def _session_payload(session) -> dict:
    return s.UploadSessionSerializer(
        {
            "id": session.pk,
            "name": session.name,
            "total_size": session.total_size,
            "received_size": session.received_size,
            "next_index": session.chunks.count(),
            "max_chunk_size": services.max_chunk_bytes(),
        }
    ).data


CHUNK_HEADERS = [
    OpenApiParameter(
        "Upload-Offset", int, OpenApiParameter.HEADER, required=True, description="Where it starts."
    ),
    OpenApiParameter("Upload-Length", int, OpenApiParameter.HEADER, description="The whole file's length."),
    OpenApiParameter("Upload-Name", str, OpenApiParameter.HEADER, description="The file's name."),
    OpenApiParameter("Upload-Index", int, OpenApiParameter.HEADER, description="The chunk's number, from 0."),
]


class MediaUpload(ApiView):
    """Plain and chunked (resumable) uploads, in the FilePond protocol the seed describes.

    POST with `file`: the whole file, checked and stored. POST without: a chunked upload starts
    (201, its id). PATCH ?patch=<id>: the next chunk as the raw body at Upload-Offset; the last one
    answers as a plain upload. GET/HEAD ?patch=<id>: where to resume (Upload-Offset header).
    DELETE ?deleteId=<id>: cancel, discarding the chunks.
    """

    permission_required = {"POST": ADD_MEDIA, "PATCH": ADD_MEDIA, "GET": ADD_MEDIA, "DELETE": ADD_MEDIA}
    allow_portal_admins = True
    input_serializer_class = s.UploadInputSerializer

    @seed_operation(
        "media_upload_media",
        request={"multipart/form-data": s.UploadInputSerializer, "application/json": s.UploadInputSerializer},
        responses={200: s.UploadedMediaResponseSerializer, 201: s.UploadSessionSerializer},
        parameters=[
            OpenApiParameter(
                "Upload-Length", int, OpenApiParameter.HEADER, description="Chunked: the length."
            ),
            OpenApiParameter("Upload-Name", str, OpenApiParameter.HEADER, description="Chunked: the name."),
        ],
    )
    def post(self, request):
        # Refuse an oversized body before Django spools it to disk (the form's own fields need little).
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > services.max_upload_bytes() + FORM_OVERHEAD_BYTES:
            raise Unprocessable(
                {"file": [f"The file is larger than the {services.max_upload_bytes()} bytes allowed."]}
            )
        data = self.parse_body()
        portal = upload_portal(self)
        if data.get("file") is not None:
            media = services.media_create(actor=request.user, uploaded_file=data["file"], portal=portal)
            return Response(s.uploaded_media_payload(media, request))
        total_size = data.get("total_size") or _header_int(request, "Upload-Length", required=False)
        if not total_size:
            raise Unprocessable({"file": ["Send a file, or the total_size of a chunked upload."]})
        session = services.upload_session_start(
            actor=request.user,
            total_size=total_size,
            file_name=data.get("file_name") or request.headers.get("Upload-Name", ""),
            portal=portal,
        )
        return Response(_session_payload(session), status=status.HTTP_201_CREATED)

    @extra_operation(
        "x_media_upload_chunk",
        tag="media",
        summary="Send the next chunk of a chunked upload",
        request={"application/offset+octet-stream": OpenApiTypes.BINARY},
        parameters=[s.UploadPatchQuerySerializer, *CHUNK_HEADERS],
        responses={200: s.UploadedMediaResponseSerializer, 202: s.UploadSessionSerializer},
    )
    def patch(self, request):
        session = self._session(self.parse_query(s.UploadPatchQuerySerializer)["patch"])
        offset = _header_int(request, "Upload-Offset", required=True)
        cap = services.max_chunk_bytes()
        stream = request.stream
        data = stream.read(cap + 1) if stream is not None else b""
        media = services.upload_chunk_append(
            actor=request.user,
            session=session,
            offset=offset,
            data=data,
            index=_header_int(request, "Upload-Index", required=False),
            total_size=_header_int(request, "Upload-Length", required=False),
            file_name=request.headers.get("Upload-Name"),
        )
        if media is None:
            session.refresh_from_db()
            response = Response(_session_payload(session), status=status.HTTP_202_ACCEPTED)
            response["Upload-Offset"] = str(session.received_size)
            return response
        return Response(s.uploaded_media_payload(media, request))

    @extra_operation(
        "x_media_upload_status",
        tag="media",
        summary="Where a chunked upload stands (resume from Upload-Offset)",
        parameters=[s.UploadPatchQuerySerializer],
        responses=s.UploadSessionSerializer,
    )
    def get(self, request):
        session = self._session(self.parse_query(s.UploadPatchQuerySerializer)["patch"])
        response = Response(_session_payload(session))
        response["Upload-Offset"] = str(session.received_size)
        return response

    @extra_operation(
        "x_media_upload_cancel",
        tag="media",
        summary="Cancel a chunked upload and discard its chunks",
        parameters=[s.UploadDeleteQuerySerializer],
        responses={204: None},
    )
    def delete(self, request):
        session = self._session(self.parse_query(s.UploadDeleteQuerySerializer)["deleteId"])
        services.upload_session_discard(session=session)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _session(self, session_id):
        """The caller's own upload; a forged, unknown or foreign id is a 404."""
        return selectors.upload_session_of(user=self.request.user, session_id=session_id)


@seed_operation(
    "media_download_mux_video",
    parameters=[s.MuxDownloadQuerySerializer],
    responses=s.MuxDownloadSerializer,
)
class MuxVideoDownload(ApiView):
    permission_required = "media.view_mediafile"
    allow_portal_admins = True

    def get(self, request):
        mux_id = self.parse_query(s.MuxDownloadQuerySerializer)["mux_id"]
        media = (
            selectors.media_files(scope=self.portal_scope)
            .filter(provider=MediaProvider.MUX, provider_id=mux_id)
            .first()
        )
        if media is None:
            raise Http404
        return Response(s.MuxDownloadSerializer(services.mux_video_download(media=media)).data)


@extra_operation(
    "x_media_save_mux_video",
    tag="media",
    summary="Save a video uploaded to Mux in the media library",
    responses=s.UploadedMediaResponseSerializer,
)
class MuxVideoSave(ApiView):
    """Mux's counterpart of Save Video: Mux confirms the asset, its public playback id is kept."""

    permission_required = ADD_MEDIA
    allow_portal_admins = True
    input_serializer_class = s.MuxSaveInputSerializer

    def post(self, request):
        data = self.parse_body()
        media = services.mux_video_save(
            actor=request.user,
            asset_id=data["mux_id"],
            file_name=data["fileName"],
            portal=upload_portal(self),
        )
        return Response(s.uploaded_media_payload(media, request))


@seed_operation(
    "media_save_video",
    request=None,
    parameters=[s.SaveVideoQuerySerializer],
    responses=s.SavedVideoResponseSerializer,
)
class BunnyVideoSave(ApiView):
    permission_required = ADD_MEDIA
    allow_portal_admins = True

    def post(self, request):
        query = self.parse_query(s.SaveVideoQuerySerializer)
        media = services.bunny_video_save(
            actor=request.user,
            video_guid=query["videoGuid"],
            file_name=query["fileName"],
            mime_type=query["mimeType"],
            portal=upload_portal(self),
        )
        payload = {"is_success": True, "code": 200, "errorMessage": None, "uploadedMedia": media}
        return Response(s.SavedVideoResponseSerializer(payload).data)


@seed_operation("media_get_bunnycdn_details", responses=s.BunnyDetailsSerializer)
class BunnyDetails(ApiView):
    """The library browsers upload videos to (its key lets them do so): staff who may add media."""

    permission_required = ADD_MEDIA

    def get(self, request):
        library_id, api_key = selectors.bunny_library_credentials()
        return Response(s.BunnyDetailsSerializer({"libraryId": library_id, "apiKey": api_key}).data)


@seed_operation(
    "media_create_bunny_video_library",
    request=None,
    responses={201: s.BunnyLibraryCreatedSerializer},
)
class BunnyLibraryCreate(ApiView):
    permission_required = "media.add_bunnyvideolibrary"

    def post(self, request):
        library = services.bunny_video_library_create(actor=request.user)
        payload = {
            "is_success": True,
            "bunny_library_id": library.library_id,
            "bunny_api_key": library.api_key,
        }
        return Response(s.BunnyLibraryCreatedSerializer(payload).data, status=status.HTTP_201_CREATED)
