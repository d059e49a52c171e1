"""The player's request and response shapes, with the seed's field names."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from website.api.fields import MAX_DB_INTEGER, JSONObjectField, LenientIntegerField


class LaunchQuerySerializer(serializers.Serializer):
    info = serializers.CharField(required=False, allow_blank=True, help_text="Present: information only.")
    portalId = LenientIntegerField(required=False, allow_null=True)
    moduleIds = serializers.ListField(child=serializers.IntegerField(), required=False)


class CourseInformationQuerySerializer(serializers.Serializer):
    courseId = serializers.IntegerField(max_value=MAX_DB_INTEGER)
    portalId = LenientIntegerField(required=False, allow_null=True)
    userId = serializers.IntegerField(required=False, max_value=MAX_DB_INTEGER)


class CourseDetailsQuerySerializer(serializers.Serializer):
    userId = serializers.IntegerField(required=False, max_value=MAX_DB_INTEGER)


class StatusRowQuerySerializer(serializers.Serializer):
    statusRowId = serializers.IntegerField()


class VideoCompleteQuerySerializer(StatusRowQuerySerializer):
    videoDuration = serializers.IntegerField(min_value=0)
    portalId = LenientIntegerField(required=False, allow_null=True)


class RecordTimeSerializer(StatusRowQuerySerializer):
    seconds = serializers.IntegerField(min_value=0, max_value=86400)


class RecordTimeResultSerializer(serializers.Serializer):
    statusRowId = serializers.IntegerField()
    status = serializers.CharField()
    timeSpent = serializers.IntegerField()


class ModuleIdQuerySerializer(serializers.Serializer):
    moduleId = serializers.IntegerField(max_value=MAX_DB_INTEGER)


class ModuleStatusItemSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    status = serializers.CharField()


@extend_schema_field(OpenApiTypes.STR)
class JSONListField(serializers.Field):
    """A JSON array, given as a list or as JSON text (query strings)."""

    def to_internal_value(self, data):
        import json

        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError("Must be a JSON array.") from exc
        if not isinstance(data, list):
            raise serializers.ValidationError("Must be a JSON array.")
        item = ModuleStatusItemSerializer(data=data, many=True)
        item.is_valid(raise_exception=True)
        return item.validated_data

    def to_representation(self, value):
        return value


TIMESTAMP_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "iso-8601"]


class UpdateProgressSerializer(serializers.Serializer):
    userId = serializers.IntegerField()
    enrollmentDate = serializers.DateTimeField(required=False, input_formats=TIMESTAMP_FORMATS)
    expiryDate = serializers.DateTimeField(required=False, allow_null=True, input_formats=TIMESTAMP_FORMATS)
    startDate = serializers.DateTimeField(required=False, allow_null=True, input_formats=TIMESTAMP_FORMATS)
    completionDate = serializers.DateTimeField(
        required=False, allow_null=True, input_formats=TIMESTAMP_FORMATS
    )
    lastAccessed = serializers.DateTimeField(required=False, allow_null=True, input_formats=TIMESTAMP_FORMATS)
    status = serializers.CharField(required=False)
    modules = JSONListField(required=False, help_text='JSON: [{"module_id": 16, "status": "Not Started"}].')


# --- Responses -------------------------------------------------------------------------------------


class LaunchModuleSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    display_type = serializers.CharField()
    section = serializers.CharField()
    display_order = serializers.IntegerField()
    status_row_id = serializers.IntegerField()
    status = serializers.CharField()
    display_status = serializers.CharField()
    completion_percentage = serializers.IntegerField()
    started_on = serializers.CharField(allow_null=True)
    completed_on = serializers.CharField(allow_null=True)
    last_accessed_on = serializers.CharField()
    total_time_spent = serializers.CharField()
    min_time_spent = serializers.IntegerField()
    estimatedCompletion_time = serializers.CharField()
    isAvailable = serializers.BooleanField()
    lockReason = serializers.CharField()
    availableFrom = serializers.CharField(allow_null=True)


class LaunchSerializer(serializers.Serializer):
    name = serializers.CharField()
    id = serializers.IntegerField()
    course_id = serializers.IntegerField()
    instructions = serializers.CharField()
    rating = serializers.FloatField(allow_null=True)
    enableCourseRating = serializers.BooleanField()
    accessStatus = serializers.CharField()
    status = serializers.CharField()
    display_status = serializers.CharField()
    completionPercentage = serializers.IntegerField()
    timeSpent = serializers.CharField()
    enrollmentDate = serializers.CharField()
    isExpired = serializers.BooleanField()
    lastAccessed = serializers.CharField()
    estimatedCompletionTime = serializers.CharField()
    expireOn = serializers.CharField(allow_null=True)
    modules = LaunchModuleSerializer(many=True)
    daysToExpire = serializers.IntegerField(allow_null=True)


class InfoModuleSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    display_type = serializers.CharField()
    last_accessed_on = serializers.CharField()
    status = serializers.CharField()
    display_status = serializers.CharField()
    completion_percentage = serializers.IntegerField()
    estimatedCompletion_time = serializers.CharField()


class ResourceSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class CourseInformationSerializer(serializers.Serializer):
    name = serializers.CharField()
    modules = InfoModuleSerializer(many=True)
    webinarList = serializers.ListField(child=serializers.DictField(), help_text="Webinars arrive later.")
    learningResources = ResourceSummarySerializer(many=True)


class DetailModuleSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    status_row_id = serializers.IntegerField()
    status = serializers.CharField()
    started_on = serializers.DateTimeField(allow_null=True)
    completed_on = serializers.DateTimeField(allow_null=True)
    last_accessed_on = serializers.DateTimeField(allow_null=True)
    total_time_spent = serializers.CharField(allow_null=True)
    completion_percentage = serializers.IntegerField()
    no_of_times_accessed = serializers.IntegerField()
    totalMarks = serializers.IntegerField(allow_null=True)
    obtainedMarks = serializers.FloatField(allow_null=True)


class CourseDetailsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    course_id = serializers.IntegerField()
    userId = serializers.IntegerField()
    userName = serializers.CharField()
    featuredImageUrl = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    completionPercentage = serializers.IntegerField()
    enrollmentDate = serializers.DateTimeField()
    expiryDate = serializers.DateTimeField(allow_null=True)
    completionDate = serializers.DateTimeField(allow_null=True)
    startDate = serializers.DateTimeField(allow_null=True)
    lastAccessed = serializers.DateTimeField(allow_null=True)
    modules = DetailModuleSerializer(many=True)
    hasSection = serializers.BooleanField()


class OtherModuleSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    module_name = serializers.CharField()
    module_slug = serializers.CharField()
    display_order = serializers.IntegerField()


class LaunchCheckSerializer(serializers.Serializer):
    canbeLaunched = serializers.BooleanField()
    errDesc = serializers.CharField(allow_blank=True)


class ModuleDetailsSerializer(serializers.Serializer):
    """What every module type's player view shares."""

    name = serializers.CharField()
    slug = serializers.CharField()
    content = serializers.CharField(allow_blank=True)
    courseName = serializers.CharField()
    courseSlug = serializers.CharField()
    min_time_spent = serializers.IntegerField()
    otherModules = OtherModuleSerializer(many=True)
    launchCheck = LaunchCheckSerializer()
    prevSlug = serializers.CharField(allow_null=True)
    nextSlug = serializers.CharField(allow_null=True)
    courseStatus = serializers.CharField()
    status = serializers.CharField()
    statusRowId = serializers.IntegerField()
    timeSpent = serializers.IntegerField()
    timeToBeSpent = serializers.IntegerField()
    trackCompletion = serializers.BooleanField()
    course_newly_completed = serializers.BooleanField()
    currentUserId = serializers.IntegerField()
    currentUserName = serializers.CharField()


class SubtitleSerializer(serializers.Serializer):
    language = serializers.CharField()
    filePath = serializers.CharField()


class VideoDetailsSerializer(ModuleDetailsSerializer):
    subtitleType = serializers.CharField(allow_blank=True)
    subtitleFilePath = SubtitleSerializer(many=True)
    provider = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    videoId = serializers.CharField(allow_blank=True)
    coverUrl = serializers.CharField(allow_blank=True)
    disableForwardSeek = serializers.BooleanField()
    interactions = serializers.ListField(child=serializers.DictField())
    lastWatchedTime = serializers.IntegerField()
    isReady = serializers.BooleanField()


class DocumentDetailsSerializer(ModuleDetailsSerializer):
    """PDF and PowerPoint modules."""

    totalPoints = serializers.IntegerField()
    shouldBeEvaluated = serializers.BooleanField()
    instructorResponse = serializers.CharField(allow_null=True)
    fileUrl = serializers.CharField(allow_blank=True)
    allowDownload = serializers.BooleanField()
    viewer = serializers.CharField(required=False)
    url = serializers.CharField(required=False)


class PowerPointInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    viewer = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    content = serializers.CharField(allow_blank=True)
    timeSpent = serializers.IntegerField()


class TextCompleteSerializer(serializers.Serializer):
    is_success = serializers.BooleanField()
    message = serializers.CharField()
    course_newly_completed = serializers.BooleanField()


class VideoCompleteSerializer(serializers.Serializer):
    status = serializers.BooleanField()
    message = serializers.CharField()
    course_newly_completed = serializers.BooleanField()


class PendingCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    totalSubmission = serializers.IntegerField()


class PendingSubmissionsSerializer(serializers.Serializer):
    totalPending = serializers.IntegerField()
    data = PendingCourseSerializer(many=True)


class ResourcesQuerySerializer(serializers.Serializer):
    search_param = JSONObjectField(required=False, help_text='JSON: {"name": "<part of the name>"}.')


class LearningResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField(source="resource_type")
    file_name = serializers.SerializerMethodField()
    file_type = serializers.SerializerMethodField()
    status = serializers.CharField()
    url = serializers.SerializerMethodField()
    mux_id = serializers.SerializerMethodField()
    bunny_video_id = serializers.SerializerMethodField()
    mime_type = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(format="%Y-%m-%d %H:%M:%S")

    def _provider_id(self, resource, provider) -> str | None:
        media = resource.media
        return media.provider_id if media is not None and media.provider == provider else None

    def get_file_name(self, resource) -> str:
        if resource.media is not None:
            return resource.media.name
        return resource.url.rstrip("/").rsplit("/", 1)[-1]

    def get_file_type(self, resource) -> str:
        name = self.get_file_name(resource)
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""

    def get_url(self, resource) -> str:
        from lms.player.api.presenters import media_url

        return media_url(resource.media, resource.url)

    def get_mux_id(self, resource) -> str | None:
        return self._provider_id(resource, "mux")

    def get_bunny_video_id(self, resource) -> str | None:
        return self._provider_id(resource, "bunny")

    def get_mime_type(self, resource) -> str:
        return resource.media.content_type if resource.media is not None else ""
