from datetime import UTC

from rest_framework import serializers

from lms.media.models import MediaFile, MediaProvider
from website.api.fields import IdListField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField

MUX_STREAM_URL = "https://stream.mux.com/{playback_id}.m3u8"


class IsoMicrosecondsField(serializers.DateTimeField):
    """ "2021-08-05T06:44:12.000000Z", as Save Video writes its dates (UTC)."""

    def to_representation(self, value):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value else None


class MediaRowSerializer(serializers.ModelSerializer):
    """A media library row in the seed's shape, plus the file's address (`url`) and `size`."""

    id = serializers.IntegerField()
    file_name = serializers.CharField(source="name")
    file_type = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(source="get_status_display")
    mux_url = serializers.SerializerMethodField()
    mime_type = serializers.CharField(source="content_type")
    url = serializers.SerializerMethodField()
    size = serializers.IntegerField()
    created_at = MonthFirstDateTimeField()

    class Meta:
        model = MediaFile
        fields = [
            "id",
            "file_name",
            "file_type",
            "status",
            "mux_url",
            "mime_type",
            "url",
            "size",
            "created_at",
        ]

    def get_mux_url(self, media) -> str | None:
        if media.provider == MediaProvider.MUX and media.playback_id:
            return MUX_STREAM_URL.format(playback_id=media.playback_id)
        return None

    def get_url(self, media) -> str | None:
        if not media.file:
            return None
        url = media.file.url
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class UploadedMediaResponseSerializer(serializers.Serializer):
    is_success = serializers.BooleanField()
    code = serializers.IntegerField()
    errorMessage = serializers.CharField(allow_null=True)
    uploadedMedia = MediaRowSerializer()


def uploaded_media_payload(media, request) -> dict:
    return {
        "is_success": True,
        "code": 200,
        "errorMessage": None,
        "uploadedMedia": MediaRowSerializer(media, context={"request": request}).data,
    }


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        allow_empty_file=True,  # the service answers "The file is empty." in the documented shape
        help_text="The whole file (plain upload). Without it, a chunked upload starts.",
    )
    file_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="Chunked: the file's name (or Upload-Name).",
    )
    total_size = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Chunked: the file's length in bytes (or the Upload-Length header).",
    )
    portalId = LenientIntegerField(
        required=False,
        allow_null=True,
        help_text="The portal the file belongs to; -1 or absent: the academy.",
    )


class UploadSessionSerializer(serializers.Serializer):
    """A chunked upload in progress: send the next chunk (PATCH ?patch=<id>) at `offset`."""

    id = serializers.UUIDField(help_text="The upload's id: the `patch` and `deleteId` parameters.")
    file_name = serializers.CharField(source="name")
    total_size = serializers.IntegerField()
    offset = serializers.IntegerField(source="received_size")
    next_index = serializers.IntegerField()
    max_chunk_size = serializers.IntegerField()


class UploadPatchQuerySerializer(serializers.Serializer):
    patch = serializers.CharField(help_text="The chunked upload's id.")


class UploadDeleteQuerySerializer(serializers.Serializer):
    deleteId = serializers.CharField(help_text="The id of the chunked upload to cancel.")


class MediaDeleteQuerySerializer(serializers.Serializer):
    delete_ids = IdListField(allow_empty=False, help_text='Media ids: a JSON array or "[1,2,3]".')


class MediaDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    errorMessage = serializers.CharField(allow_null=True)
    fileNotDeleted = serializers.IntegerField()


class MuxDownloadQuerySerializer(serializers.Serializer):
    mux_id = serializers.CharField(max_length=255, help_text="The MUX ID of the video to download.")


class MuxDownloadSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="Mux's master status: preparing, ready or errored.")
    url = serializers.CharField(allow_null=True, help_text="The download address, once ready.")


class MuxSaveInputSerializer(serializers.Serializer):
    mux_id = serializers.CharField(max_length=255, help_text="The Mux asset id of the uploaded video.")
    fileName = serializers.CharField(max_length=255)
    portalId = LenientIntegerField(required=False, allow_null=True)


class SaveVideoQuerySerializer(serializers.Serializer):
    videoGuid = serializers.CharField(max_length=255)
    fileName = serializers.CharField(max_length=255)
    mimeType = serializers.CharField(max_length=255)
    portalId = LenientIntegerField(required=False, allow_null=True)


class SavedVideoSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField(source="name")
    mime_type = serializers.CharField(source="content_type")
    bunny_video_id = serializers.CharField(source="provider_id")
    file_type = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(source="get_status_display")
    created_at = IsoMicrosecondsField()
    updated_at = IsoMicrosecondsField()

    class Meta:
        model = MediaFile
        fields = [
            "id",
            "file_name",
            "mime_type",
            "bunny_video_id",
            "file_type",
            "status",
            "created_at",
            "updated_at",
        ]


class SavedVideoResponseSerializer(serializers.Serializer):
    is_success = serializers.BooleanField()
    code = serializers.IntegerField()
    errorMessage = serializers.CharField(allow_null=True)
    uploadedMedia = SavedVideoSerializer()


class BunnyDetailsSerializer(serializers.Serializer):
    libraryId = serializers.CharField()
    apiKey = serializers.CharField()


class BunnyLibraryCreatedSerializer(serializers.Serializer):
    is_success = serializers.BooleanField()
    bunny_library_id = serializers.CharField()
    bunny_api_key = serializers.CharField()
