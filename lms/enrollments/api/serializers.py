from django.utils import timezone
from django.utils.timesince import timesince
from rest_framework import serializers

from lms.courses.models import CourseStatus
from lms.enrollments.models import EnrollmentStatus
from website.api.fields import IdListField, LenientIntegerField
from website.api.formats import DATE, TIMESTAMP
from website.api.views import MAX_PAGE_NUMBER, MAX_PAGE_SIZE, TabularQuerySerializer

SEED_DATE = "%b %d, %Y"  # "Aug 09, 2020"
_ABSENT = object()


class SeedDateField(serializers.CharField):
    """A date as the seed writes it; `empty` ("" or "Never") when there is none."""

    def __init__(self, *, empty: str = "", fmt: str = SEED_DATE, **kwargs):
        self.empty, self.fmt = empty, fmt
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return _ABSENT if value is None else value

    def to_representation(self, value):
        if value is _ABSENT:
            return self.empty
        return timezone.localtime(value).strftime(self.fmt)


class AgoField(SeedDateField):
    """ "2 days ago", or "Never"."""

    def __init__(self, **kwargs):
        super().__init__(empty="Never", **kwargs)

    def to_representation(self, value):
        if value is _ABSENT:
            return self.empty
        return f"{timesince(value).split(',')[0]} ago"


# --- Staff operations ------------------------------------------------------------------------------


class EnrollInputSerializer(serializers.Serializer):
    studentIds = IdListField(allow_empty=False, help_text="User ids to enrol.")
    portalId = LenientIntegerField(required=False, allow_null=True)


class EnrollResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    enrolledUsersCount = serializers.IntegerField()
    notEnrolledUsers = serializers.IntegerField()


class EnrollmentIdsSerializer(serializers.Serializer):
    enrollmentIds = IdListField(allow_empty=False, help_text="Enrolment (registration) ids of this course.")


class SetExpirySerializer(EnrollmentIdsSerializer):
    expiryDate = serializers.DateTimeField(
        input_formats=[TIMESTAMP, DATE, "iso-8601"], help_text="Y-m-d (the end of that day) or Y-m-d H:i:s."
    )

    def validate_expiryDate(self, value):
        raw = str(self.initial_data.get("expiryDate", "")).strip()
        if len(raw) == len("2020-08-15"):  # a date alone: access lasts through that day
            value = value.replace(hour=23, minute=59, second=59)
        return value


class CertificateDatesSerializer(serializers.Serializer):
    rowId = LenientIntegerField(min_value=1, help_text="The user certificate row (enrolment) id.")
    newIssueDate = serializers.DateTimeField(input_formats=[TIMESTAMP, "iso-8601"])
    newExpiryDate = serializers.DateTimeField(input_formats=[TIMESTAMP, "iso-8601"])


# --- Enrolled learners -----------------------------------------------------------------------------


class EnrolledLearnersQuerySerializer(TabularQuerySerializer):
    course_id = LenientIntegerField(min_value=1)
    portalId = LenientIntegerField(required=False, allow_null=True)


class EnrolledLearnerRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    status = serializers.CharField()
    display_status = serializers.CharField(source="get_status_display")
    percentComplete = serializers.IntegerField(source="progress_percent")
    access_status = serializers.CharField(source="get_access_display")
    registered_on = SeedDateField(source="enrolled_at")
    started_on = SeedDateField(source="started_at")
    completed_on = SeedDateField(source="completed_at")
    expire_on = SeedDateField(source="expires_at", empty="Never")
    last_accessed_on = SeedDateField(source="last_accessed_at", empty="Never")
    certificate_count = serializers.IntegerField()
    user_type = serializers.CharField(source="user.get_user_type_display")
    raw_user_type = serializers.CharField(source="user.user_type")


class EnrolledLearnersExtraSerializer(serializers.Serializer):
    courseName = serializers.CharField()
    totalNotStarted = serializers.IntegerField()
    totalInProgress = serializers.IntegerField()
    totalCompleted = serializers.IntegerField()


class EnrolledUserLookupQuerySerializer(serializers.Serializer):
    id = LenientIntegerField(min_value=1, help_text="The course.")
    search_term = serializers.CharField(allow_blank=True, required=False, default="")
    portalId = LenientIntegerField(required=False, allow_null=True)


# --- A user's courses and certificates -------------------------------------------------------------


class UserCoursesQuerySerializer(TabularQuerySerializer):
    user_id = serializers.CharField(required=False, default="", help_text="A user id; blank: yourself.")
    portalId = LenientIntegerField(required=False, allow_null=True)
    viewType = serializers.CharField(required=False, default="self", help_text='"self" or "manage".')
    manage_course = serializers.CharField(required=False, default="false")

    def validate_viewType(self, value):
        value = value.strip('"').lower()
        if value not in ("self", "manage"):
            raise serializers.ValidationError('viewType must be "self" or "manage".')
        return value


def estimated_time(course) -> str:
    if not course.estimated_completion or not course.estimation_completed_unit:
        return ""
    return f"{course.estimated_completion} {course.get_estimation_completed_unit_display().lower()}"


class UserCourseRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    courseId = serializers.IntegerField(source="course_id")
    courseSlug = serializers.CharField(source="course.slug")
    courseName = serializers.CharField(source="course.name")
    lastAccessed = AgoField(source="last_accessed_at")
    status = serializers.CharField()
    display_status = serializers.CharField(source="get_status_display")
    accessStatus = serializers.CharField(source="get_access_display")
    percentComplete = serializers.IntegerField(source="progress_percent")
    courseStatus = serializers.SerializerMethodField()
    registered_on = SeedDateField(source="enrolled_at")
    started_on = SeedDateField(source="started_at")
    completed_on = SeedDateField(source="completed_at")
    expire_on = SeedDateField(source="expires_at", empty="Never")
    isExpired = serializers.SerializerMethodField()
    canRecertify = serializers.SerializerMethodField()
    estimatedCompletionTime = serializers.SerializerMethodField()
    certificate_count = serializers.IntegerField()
    enableCourseRating = serializers.BooleanField(source="course.enable_course_rating")

    def get_courseStatus(self, enrollment) -> str:
        return "publish" if enrollment.course.status == CourseStatus.PUBLISHED else "draft"

    def get_isExpired(self, enrollment) -> bool:
        return enrollment.status == EnrollmentStatus.EXPIRED or (
            enrollment.expires_at is not None and enrollment.expires_at <= timezone.now()
        )

    def get_canRecertify(self, enrollment) -> bool:
        expires = enrollment.certificate_expires_at
        return expires is not None and expires <= timezone.now()

    def get_estimatedCompletionTime(self, enrollment) -> str:
        return estimated_time(enrollment.course)


class UserCoursesExtraSerializer(serializers.Serializer):
    name = serializers.CharField()
    userType = serializers.CharField()
    isLearner = serializers.BooleanField()


class CertificatesQuerySerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=10)
    page_number = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    order_by = serializers.JSONField(
        required=False, help_text='[{"field": "issued_at", "direction": "desc"}]'
    )
    search_param = serializers.JSONField(required=False, help_text='[{"field": "title", "value": "AWS"}]')
    return_type = serializers.CharField(required=False, allow_blank=True)
    portalId = LenientIntegerField(required=False, allow_null=True)

    def _entries(self, value, name):
        if value in (None, "", []):
            return []
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise serializers.ValidationError(f"{name} must be a JSON array of objects.")
        return value

    def validate_order_by(self, value):
        entries = self._entries(value, "order_by")
        for entry in entries:
            if entry.get("field") not in ("issued_at", "valid_till", "title"):
                raise serializers.ValidationError("Sortable fields: issued_at, valid_till, title.")
            if str(entry.get("direction", "asc")).lower() not in ("asc", "desc"):
                raise serializers.ValidationError("The direction must be asc or desc.")
        return entries

    def validate_search_param(self, value):
        entries = self._entries(value, "search_param")
        for entry in entries:
            if entry.get("field") not in ("title", "status"):
                raise serializers.ValidationError("Searchable fields: title, status.")
        return entries


class UserCertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="course.name")
    issued_at = SeedDateField(source="certificate_issued_at", fmt=DATE)
    valid_till = SeedDateField(source="certificate_expires_at", fmt=DATE, empty="Never")
    issuer = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    def get_issuer(self, enrollment) -> str:
        portal = enrollment.course.portal
        return portal.name if portal is not None else "Lectern"

    def get_status(self, enrollment) -> str:
        expires = enrollment.certificate_expires_at
        return "expired" if expires is not None and expires <= timezone.now() else "active"

    def get_file_url(self, enrollment) -> str:
        return enrollment.certificate_file.url if enrollment.certificate_file else ""
