"""Module serializers: the seed's field names (camelCase where it writes them) mapped to ours."""

import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.modules.models import Module, ModuleType, PowerPointViewer, SubtitleType, VideoProvider
from lms.modules.types import icon_for
from lms.modules.video import embed_url
from website.api.fields import IdListField, LenientCharField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField, TimestampField

# --- Tolerant inputs ---------------------------------------------------------------------------


def _decode_list(data, message):
    if isinstance(data, str):
        text = data.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise serializers.ValidationError(message) from exc
        else:
            data = [text]
    if not isinstance(data, list):
        raise serializers.ValidationError(message)
    return data


@extend_schema_field(
    {"type": "array", "items": {"oneOf": [{"type": "integer"}, {"type": "string"}]}},
)
class CategoryListField(serializers.Field):
    """Module categories by id (1, "1") or by name ("Category 1": created if new), as a JSON array,
    a JSON array in a string, or repeated form/query keys."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            return values[0] if len(values) == 1 and str(values[0]).strip().startswith("[") else values
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        items = _decode_list(data, "Give a list of category ids or names.")
        cleaned = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise serializers.ValidationError("Give a list of category ids or names.")
            cleaned.append(item)
        return cleaned

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": True}})
class ObjectListField(serializers.Field):
    """A list of JSON objects, given as an array or as JSON text (multipart forms carry text)."""

    def to_internal_value(self, data):
        items = _decode_list(data, "Give a list of objects.")
        if not all(isinstance(item, dict) for item in items):
            raise serializers.ValidationError("Give a list of objects.")
        return items

    def to_representation(self, value):
        return value


@extend_schema_field(
    {"type": "string", "description": "A module type: " + ", ".join(ModuleType.values) + "."}
)
class ModuleTypeField(serializers.ChoiceField):
    """A module type (documented as text: the enum name "type" is taken by other components)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ModuleType.choices, **kwargs)


class ModuleCommonInputSerializer(serializers.Serializer):
    """What every module type takes."""

    name = LenientCharField(max_length=255)
    content = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    trackCompletion = serializers.BooleanField(required=False, source="track_completion")
    estimatedCompletion = LenientCharField(
        required=False, allow_blank=True, allow_null=True, max_length=32, source="estimated_completion"
    )
    estimationCompletedUnit = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=16, source="estimation_completed_unit"
    )
    categories = CategoryListField(
        required=False, help_text="Category ids, or names (new names are created)."
    )


class TextModuleInputSerializer(ModuleCommonInputSerializer):
    content = serializers.CharField(allow_blank=False, trim_whitespace=False)
    trackCompletion = serializers.BooleanField(source="track_completion")


class FileModuleInputSerializer(ModuleCommonInputSerializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    mediaId = LenientIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        source="media_id",
        help_text="A file from the media library.",
    )
    file = serializers.FileField(required=False, help_text="A file to upload (multipart).")
    allowDownload = serializers.BooleanField(required=False, source="allow_download")


class PdfModuleInputSerializer(FileModuleInputSerializer):
    defaultZoom = serializers.CharField(required=False, max_length=16, source="default_zoom")
    showSidebar = serializers.BooleanField(required=False, source="show_sidebar")


class PowerPointModuleInputSerializer(FileModuleInputSerializer):
    viewer = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="microsoft_office or google_docs (an embed snippet naming either is understood).",
    )
    id = LenientIntegerField(required=False, write_only=True, help_text="The module id (as in the path).")


class VideoModuleInputSerializer(ModuleCommonInputSerializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    provider = serializers.ChoiceField(choices=VideoProvider.choices)
    mediaId = LenientIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        source="media_id",
        help_text="An in-house video's media id.",
    )
    file = serializers.FileField(required=False, help_text="An in-house video to upload (multipart).")
    coverUrl = serializers.CharField(required=False, allow_blank=True, max_length=1000, source="cover_url")
    disableForwardSeek = serializers.BooleanField(required=False, source="disable_forward_seek")
    subtitleType = serializers.ChoiceField(
        choices=SubtitleType.choices, required=False, allow_blank=True, source="subtitle_type"
    )
    interactions = ObjectListField(required=False, help_text='[{"type": "quiz", "time": "00:05:00"}, ...]')
    subtitles = ObjectListField(
        required=False,
        help_text='[{"language": "en", "subtitleContent": "WEBVTT ..."} or {"language", "mediaId"}]',
    )


class VideoModuleUpdateSerializer(VideoModuleInputSerializer):
    provider = serializers.ChoiceField(choices=VideoProvider.choices, required=False)


class BlankModuleInputSerializer(serializers.Serializer):
    name = LenientCharField(max_length=255)
    type = ModuleTypeField()


class ModuleQuickEditSerializer(serializers.Serializer):
    module_ids = IdListField(allow_empty=False)
    type = ModuleTypeField()
    author_id = LenientIntegerField(required=False, allow_null=True, min_value=1)
    noOfRetakesAllowed = LenientIntegerField(required=False, allow_null=True, min_value=0)
    minimumPassingMarks = LenientIntegerField(required=False, allow_null=True, min_value=0, max_value=100)


class ModuleDeleteSerializer(serializers.Serializer):
    delete_ids = IdListField(allow_empty=False, help_text='Ids to delete: a JSON array or "[1,2,3]".')
    type = ModuleTypeField(required=False)


class ModuleCloneSerializer(serializers.Serializer):
    moduleId = LenientIntegerField(min_value=1)
    isDeepCopy = serializers.BooleanField(default=False, help_text="Also copy the module's files.")


class SearchTermSerializer(serializers.Serializer):
    search_term = serializers.CharField(required=False, allow_blank=True, default="")


# --- Outputs -----------------------------------------------------------------------------------


class CreatedModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    icon = serializers.CharField()


class ModuleDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    deletedModules = serializers.IntegerField()


class ModuleLookupItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    value = serializers.IntegerField()
    label = serializers.CharField()


class ModuleRowSerializer(serializers.ModelSerializer):
    """A row of the mixed module list."""

    id = serializers.IntegerField()
    type = serializers.CharField(source="module_type")
    icon = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    created_at = TimestampField()

    class Meta:
        model = Module
        fields = ["id", "name", "slug", "type", "icon", "author", "created_at"]

    def get_icon(self, module) -> str:
        return icon_for(module.module_type)

    def get_author(self, module) -> str:
        return module.author.full_name or module.author.email if module.author_id else ""


class TypedModuleRowSerializer(ModuleRowSerializer):
    """A row of one type's list (text, video, PDF, PowerPoint)."""

    created_at = MonthFirstDateTimeField()
    course_count = serializers.IntegerField()

    class Meta(ModuleRowSerializer.Meta):
        fields = [*ModuleRowSerializer.Meta.fields, "course_count"]


class PowerPointModuleRowSerializer(TypedModuleRowSerializer):
    showMappedCourses = serializers.SerializerMethodField()

    class Meta(TypedModuleRowSerializer.Meta):
        fields = [
            "id",
            "name",
            "slug",
            "type",
            "icon",
            "author",
            "showMappedCourses",
            "created_at",
            "course_count",
        ]

    def get_showMappedCourses(self, module) -> bool:  # noqa: N802 (the seed's name)
        return module.course_count > 0


class ModuleCourseSerializer(serializers.Serializer):
    course_id = serializers.IntegerField()
    course_name = serializers.CharField()


def _blank_as_null(value):
    return value or None


class ModuleDetailSerializer(serializers.Serializer):
    """What every type's detail shows. The view sets `courses` on the module before serializing."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    content = serializers.CharField()
    trackCompletion = serializers.BooleanField(source="track_completion")
    estimatedCompletion = serializers.SerializerMethodField()
    estimationCompletedUnit = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    courses = ModuleCourseSerializer(many=True, source="course_list", default=list)

    def get_estimatedCompletion(self, module) -> str | None:  # noqa: N802
        return _blank_as_null(module.estimated_completion)

    def get_estimationCompletedUnit(self, module) -> str | None:  # noqa: N802
        return _blank_as_null(module.estimation_completed_unit)

    def get_categories(self, module) -> list[int]:
        return [category.pk for category in module.categories.all()]


def _file_url(media) -> str:
    return media.file.url if media is not None and media.file else ""


class TextModuleDetailSerializer(ModuleDetailSerializer):
    pass


class FileModuleDetailMixin(serializers.Serializer):
    url = serializers.SerializerMethodField()
    mediaId = serializers.SerializerMethodField()
    fileName = serializers.SerializerMethodField()
    allowDownload = serializers.SerializerMethodField()

    def detail(self, module):
        raise NotImplementedError

    def get_url(self, module) -> str:
        detail = self.detail(module)
        return detail.url or _file_url(detail.media)

    def get_mediaId(self, module) -> int | None:  # noqa: N802
        return self.detail(module).media_id

    def get_fileName(self, module) -> str:  # noqa: N802
        media = self.detail(module).media
        return media.name if media is not None else ""

    def get_allowDownload(self, module) -> bool:  # noqa: N802
        return self.detail(module).allow_download


class PdfModuleDetailSerializer(FileModuleDetailMixin, ModuleDetailSerializer):
    defaultZoom = serializers.CharField(source="pdf.default_zoom")
    showSidebar = serializers.BooleanField(source="pdf.show_sidebar")

    def detail(self, module):
        return module.pdf


class PowerPointModuleDetailSerializer(FileModuleDetailMixin, ModuleDetailSerializer):
    viewer = serializers.ChoiceField(source="powerpoint.viewer", choices=PowerPointViewer.choices)

    def detail(self, module):
        return module.powerpoint


class SubtitlePathSerializer(serializers.Serializer):
    language = serializers.CharField()
    filePath = serializers.CharField()


class SubtitleContentSerializer(serializers.Serializer):
    subtitleContent = serializers.CharField()
    language = serializers.CharField()


def _read_text(media) -> str:
    if media is None or not media.file:
        return ""
    with media.file.open("rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


class VideoModuleDetailSerializer(ModuleDetailSerializer):
    provider = serializers.CharField(source="video.provider")
    url = serializers.CharField(source="video.url")
    videoId = serializers.CharField(source="video.video_id")
    embedUrl = serializers.SerializerMethodField()
    mediaId = serializers.IntegerField(source="video.media_id", allow_null=True)
    videoUrl = serializers.SerializerMethodField()
    coverUrl = serializers.CharField(source="video.cover_url")
    disableForwardSeek = serializers.BooleanField(source="video.disable_forward_seek")
    subtitleType = serializers.CharField(source="video.subtitle_type")
    subtitleFilePath = serializers.SerializerMethodField()
    subtitleDetails = serializers.SerializerMethodField()
    interactions = serializers.JSONField(source="video.interactions")

    def get_embedUrl(self, module) -> str:  # noqa: N802
        return embed_url(module.video.provider, module.video.video_id) if module.video.video_id else ""

    def get_videoUrl(self, module) -> str:  # noqa: N802
        return _file_url(module.video.media)

    @extend_schema_field(SubtitlePathSerializer(many=True))
    def get_subtitleFilePath(self, module):  # noqa: N802
        return [
            {"language": subtitle.language, "filePath": _file_url(subtitle.media)}
            for subtitle in module.video.subtitles.all()
        ]

    @extend_schema_field(SubtitleContentSerializer(many=True))
    def get_subtitleDetails(self, module):  # noqa: N802
        return [
            {"subtitleContent": _read_text(subtitle.media), "language": subtitle.language}
            for subtitle in module.video.subtitles.all()
        ]
