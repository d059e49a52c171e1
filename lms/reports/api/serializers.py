from django.utils import timezone
from rest_framework import serializers

from lms.enrollments.api.serializers import AgoField, SeedDateField, estimated_time
from lms.enrollments.models import EnrollmentStatus
from website.api.fields import IdListField, JSONObjectField, LenientIntegerField
from website.api.formats import DATE
from website.api.views import MAX_PAGE_NUMBER, MAX_PAGE_SIZE, TabularQuerySerializer

REPORT_DATE = "%d-%b-%Y"  # "10-Aug-2020"
TIMESTAMP = "%Y-%m-%d %H:%M:%S"


def _object_or_empty(value):
    """The seed sends `[]` for "no ordering / no search": read it as an empty object."""
    if value in (None, "", []):
        return {}
    return value


class PortalIdsField(IdListField):
    def to_internal_value(self, data):
        if data in (None, "", []):
            return []
        return super().to_internal_value(data)


# --- Overview and course detail report -------------------------------------------------------------


class OverviewInputSerializer(serializers.Serializer):
    searchPortalIds = PortalIdsField(required=False, help_text="Portal ids; empty: every visible portal.")


class OverviewSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    totalNotStarted = serializers.ListField(child=serializers.IntegerField())
    totalInProgress = serializers.ListField(child=serializers.IntegerField())
    totalCompleted = serializers.ListField(child=serializers.IntegerField())
    percentageCompleted = serializers.ListField(child=serializers.IntegerField())
    sumNotStarted = serializers.IntegerField()
    sumInProgress = serializers.IntegerField()
    sumCompleted = serializers.IntegerField()
    sumPercentageCompleted = serializers.IntegerField()


class BodyTabularSerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=10)
    page_number = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    order_by = JSONObjectField(required=False, help_text='{"colName": "<column>", "direction": "asc"|"desc"}')
    search_param = JSONObjectField(required=False, help_text="The documented filter keys.")

    def to_internal_value(self, data):
        if hasattr(data, "copy"):
            data = data.copy()
            for key in ("order_by", "search_param"):
                if key in data:
                    data[key] = _object_or_empty(data[key])
        return super().to_internal_value(data)


class CourseDetailInputSerializer(BodyTabularSerializer):
    course_ids = PortalIdsField(required=False)
    userCategoryId = LenientIntegerField(required=False, allow_null=True)
    registered_between = serializers.ListField(child=serializers.DateField(), required=False)
    searchPortalIds = PortalIdsField(required=False)

    def validate_registered_between(self, value):
        if value and (len(value) != 2 or value[0] > value[1]):
            raise serializers.ValidationError("Give two dates, the first not after the second.")
        return value


def _time_spent_text(seconds: int) -> str:
    return f"{seconds // 3600}h {seconds % 3600 // 60}m"


class EnrollmentReportRowSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    course_id = serializers.IntegerField()
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    email = serializers.CharField(source="user.email")
    course_name = serializers.CharField(source="course.name")
    portal_name = serializers.SerializerMethodField()
    status = serializers.CharField()
    display_status = serializers.CharField(source="get_status_display")
    percent_complete = serializers.IntegerField(source="progress_percent")
    access_status = serializers.CharField(source="get_access_display")
    registered_on = SeedDateField(source="enrolled_at", fmt=REPORT_DATE)
    started_on = SeedDateField(source="started_at", fmt=REPORT_DATE)
    completed_on = SeedDateField(source="completed_at", fmt=REPORT_DATE)
    expire_on = SeedDateField(source="expires_at", fmt=REPORT_DATE, empty="Never")
    last_accessed_on = AgoField(source="last_accessed_at")
    percent_achieved = serializers.DecimalField(
        source="score", max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    total_time_spent = serializers.SerializerMethodField()
    certifcate_issued = serializers.SerializerMethodField()
    certifcate_count = serializers.SerializerMethodField()
    certifcate_issued_date = SeedDateField(source="certificate_issued_at", fmt=REPORT_DATE)
    certificate_expire = SeedDateField(source="certificate_expires_at", fmt=REPORT_DATE, empty="Never")

    def get_portal_name(self, enrollment) -> str:
        portal = enrollment.course.portal
        return portal.name if portal else ""

    def get_total_time_spent(self, enrollment) -> str:
        return _time_spent_text(enrollment.time_spent_seconds)

    def get_certifcate_issued(self, enrollment) -> str:
        return "Yes" if enrollment.certificate_issued_at else "No"

    def get_certifcate_count(self, enrollment) -> str:
        return "1" if enrollment.certificate_issued_at else "0"


class UserEnrollmentReportRowSerializer(EnrollmentReportRowSerializer):
    """The same row, in a user's report (its own schema component: another envelope)."""


class StatusTotalsSerializer(serializers.Serializer):
    totalNotStarted = serializers.IntegerField()
    totalInProgress = serializers.IntegerField()
    totalCompleted = serializers.IntegerField()


class UserReportQuerySerializer(TabularQuerySerializer):
    user_id = LenientIntegerField(help_text="The user.")
    portalId = serializers.CharField(required=False, allow_blank=True)
    searchPortalIds = serializers.CharField(required=False, allow_blank=True)


class UserReportExtraSerializer(StatusTotalsSerializer):
    courseName = serializers.CharField(help_text="The user's name (the report is about one user).")
    featuredImage = serializers.CharField(allow_null=True)


# --- Dashboard -------------------------------------------------------------------------------------


class DashboardQuerySerializer(serializers.Serializer):
    user_id = LenientIntegerField()
    portalId = LenientIntegerField(required=False, allow_null=True)


class DashboardStatisticsSerializer(serializers.Serializer):
    totalCourses = serializers.IntegerField()
    completedCourses = serializers.IntegerField()
    inProgressCourses = serializers.IntegerField()
    notStartedCourses = serializers.IntegerField()
    timeSpent = serializers.IntegerField(help_text="Hours.")


class LearnerCoursesInputSerializer(BodyTabularSerializer):
    portalId = LenientIntegerField()


class LearnerCourseSerializer(serializers.Serializer):
    courseId = serializers.IntegerField(source="course_id")
    registrationId = serializers.IntegerField(source="pk")
    type = serializers.SerializerMethodField()
    contentName = serializers.CharField(source="course.name")
    rating = serializers.FloatField(source="course_rating", allow_null=True)
    enableCourseRating = serializers.BooleanField(source="course.enable_course_rating")
    launchUrl = serializers.SerializerMethodField()
    canRecertify = serializers.SerializerMethodField()
    isEnrolled = serializers.SerializerMethodField()
    lastAccessed = AgoField(source="last_accessed_at")
    display_status = serializers.CharField(source="get_status_display")
    percentComplete = serializers.IntegerField(source="progress_percent")
    isExpired = serializers.SerializerMethodField()
    registered_on = SeedDateField(source="enrolled_at", fmt=TIMESTAMP)
    estimatedCompletionTime = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_type(self, enrollment) -> str:
        return "course"

    def get_launchUrl(self, enrollment) -> str:
        return f"/portal/course/{enrollment.course.slug}/launch"

    def get_canRecertify(self, enrollment) -> bool:
        expires = enrollment.certificate_expires_at
        return expires is not None and expires <= timezone.now()

    def get_isEnrolled(self, enrollment) -> bool:
        return True

    def get_isExpired(self, enrollment) -> bool:
        return enrollment.status == EnrollmentStatus.EXPIRED or (
            enrollment.expires_at is not None and enrollment.expires_at <= timezone.now()
        )

    def get_estimatedCompletionTime(self, enrollment) -> str:
        return estimated_time(enrollment.course)


class LearnerCoursesSerializer(serializers.Serializer):
    courses = LearnerCourseSerializer(many=True)
    totalRecords = serializers.IntegerField()
    recordsFiltered = serializers.IntegerField()


# --- Gradebook -------------------------------------------------------------------------------------


class GradebookQuerySerializer(serializers.Serializer):
    userId = LenientIntegerField()


class TimeSpentSerializer(serializers.Serializer):
    hours = serializers.IntegerField()
    minutes = serializers.IntegerField()
    seconds = serializers.IntegerField()
    totalSeconds = serializers.IntegerField()


def time_spent(seconds: int) -> dict:
    return {
        "hours": seconds // 3600,
        "minutes": seconds % 3600 // 60,
        "seconds": seconds % 60,
        "totalSeconds": seconds,
    }


class GradebookModuleSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    type = serializers.CharField()
    icon = serializers.CharField()
    status_row_id = serializers.IntegerField()
    status = serializers.CharField()
    started_on = serializers.CharField()
    completed_on = serializers.CharField()
    last_accessed_on = serializers.CharField()
    total_time_spent = serializers.JSONField(help_text='{hours, minutes, seconds, totalSeconds} or "".')
    points_awarded = serializers.JSONField(help_text='Points, or "" when not started.')
    completion_percentage = serializers.IntegerField()
    no_of_times_accessed = serializers.IntegerField()
    totalMarks = serializers.IntegerField(allow_null=True)
    obtainedMarks = serializers.FloatField(allow_null=True)


class GradebookSerializer(serializers.Serializer):
    name = serializers.CharField()
    modules = GradebookModuleSerializer(many=True)
    id = serializers.IntegerField()
    userId = serializers.IntegerField()
    featuredImageUrl = serializers.CharField(allow_null=True)
    instructions = serializers.CharField(allow_null=True)
    accessStatus = serializers.CharField()
    status = serializers.CharField()
    completionPercentage = serializers.IntegerField()
    timeSpent = TimeSpentSerializer()
    enrollmentDate = serializers.CharField()
    isExpired = serializers.BooleanField()
    daysToExpire = serializers.CharField()
    lastAccessed = serializers.CharField()
    isCertificateAvailable = serializers.BooleanField()
    totalMarks = serializers.IntegerField(allow_null=True)
    obtainedMarks = serializers.FloatField(allow_null=True)
    percentage = serializers.FloatField(allow_null=True, help_text="The course grade (course_grade).")


# --- Activities ------------------------------------------------------------------------------------


class ActivitiesQuerySerializer(TabularQuerySerializer):
    course_id = LenientIntegerField()
    context = serializers.CharField(required=False, allow_blank=True)
    portalId = LenientIntegerField(required=False, allow_null=True)


class CourseActivityRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.SerializerMethodField()
    created_at = SeedDateField(fmt="%b %d, %Y %I:%M %p")
    message = serializers.SerializerMethodField()
    student = serializers.SerializerMethodField()

    def get_verb(self, activity) -> str:
        from lms.reports.selectors import activity_verb

        return activity_verb(activity)

    def get_student(self, activity) -> str:
        return (activity.student or "").strip() or (activity.learner_email or "")

    def get_message(self, activity) -> str:
        course = activity.course_name
        verb = self.get_verb(activity)
        student = self.get_student(activity) or "A learner"
        if verb == "COMPLETED":
            return f"{course} was completed by {student}"
        if verb == "ENROLLED":
            return f"{student} has been enrolled in {course}"
        if verb == "ACHIEVED CERTIFICATE":
            return f"{student} has achieved certificate for {course}"
        return f"{student}: {verb.lower()} in {course}"


class ActivitiesExtraSerializer(serializers.Serializer):
    courseName = serializers.CharField()
    featuredImage = serializers.CharField(allow_null=True)


# --- Submissions -----------------------------------------------------------------------------------


class SubmissionsQuerySerializer(TabularQuerySerializer):
    portalId = LenientIntegerField(required=False, allow_null=True)
    course_id = LenientIntegerField(required=False, allow_null=True, help_text="Narrow to one course.")


class SubmissionRowSerializer(serializers.Serializer):
    status_row_id = serializers.IntegerField(source="pk")
    module_id = serializers.IntegerField(source="course_module.module_id")
    module_name = serializers.CharField(source="course_module.module.name")
    module_type = serializers.CharField(source="course_module.module.module_type")
    module_status = serializers.CharField(source="status")
    first_name = serializers.CharField(source="enrollment.user.first_name")
    last_name = serializers.CharField(source="enrollment.user.last_name")
    submission_id = serializers.IntegerField(source="pk")
    submitted_on = SeedDateField(source="last_accessed_at", fmt=DATE)


class SubmissionCourseRowSerializer(SubmissionRowSerializer):
    course_name = serializers.CharField(source="course_module.course.name")


class SubmissionsExtraSerializer(serializers.Serializer):
    courseName = serializers.CharField()
    totalPending = serializers.IntegerField()


class PendingExtraSerializer(serializers.Serializer):
    totalPending = serializers.IntegerField()


# --- Portals ---------------------------------------------------------------------------------------


class PortalQuerySerializer(TabularQuerySerializer):
    portalId = LenientIntegerField()


class StatsSerializer(serializers.Serializer):
    notStarted = serializers.IntegerField()
    inProgress = serializers.IntegerField()
    completed = serializers.IntegerField()
    total = serializers.IntegerField()


class CourseStatsSerializer(StatsSerializer):
    notStarted = serializers.IntegerField(source="not_started")
    inProgress = serializers.IntegerField(source="in_progress")


class PortalCourseRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    courseId = serializers.IntegerField(source="pk")
    portalId = serializers.IntegerField(source="portal_id")
    name = serializers.CharField()
    last24hCount = serializers.IntegerField(source="last24h")
    stats = CourseStatsSerializer(source="*")


class PortalNameSerializer(serializers.Serializer):
    portalName = serializers.CharField()


class PortalUsersQuerySerializer(PortalQuerySerializer):
    userType = serializers.CharField(required=False, allow_blank=True)
    isInPortal = serializers.BooleanField(required=False, default=True)


class UserStatsSerializer(serializers.Serializer):
    notStarted = serializers.IntegerField(source="stat_not_started")
    inProgress = serializers.IntegerField(source="stat_in_progress")
    completed = serializers.IntegerField(source="stat_completed")
    total = serializers.IntegerField(source="stat_total")


class PortalUserRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    userType = serializers.CharField(source="user_type")
    stats = UserStatsSerializer(source="*")
    status = serializers.SerializerMethodField()
    lastLogin = AgoField(source="last_login")
    createdBy = serializers.SerializerMethodField()
    createdAt = SeedDateField(source="date_joined", fmt=TIMESTAMP)
    portals = serializers.SerializerMethodField()
    portalNameForAdmins = serializers.SerializerMethodField()
    portalUserType = serializers.SerializerMethodField()
    is_learner = serializers.SerializerMethodField()
    userCategory = serializers.SerializerMethodField()
    permissionsDisplayNames = serializers.SerializerMethodField()
    permissionsNames = serializers.SerializerMethodField()

    def get_status(self, user) -> str:
        return "active" if user.is_active else "inactive"

    def get_createdBy(self, user) -> str:
        return ""

    def get_portals(self, user) -> str:
        return ", ".join(m.portal.name for m in user.portal_memberships.all())

    def get_portalNameForAdmins(self, user) -> str:
        return ", ".join(m.portal.name for m in user.portal_memberships.all() if m.role == "admin")

    def get_portalUserType(self, user) -> str:
        return "portal_admin" if user.portal_role == "admin" else "learner"

    def get_is_learner(self, user) -> bool:
        return user.portal_role != "admin" or bool(user.portal_is_learner)

    def get_userCategory(self, user) -> str:
        return ", ".join(category.name for category in user.categories.all())

    def _permissions(self, user) -> list[str]:
        value = user.portal_permissions
        if isinstance(value, str):
            import json

            value = json.loads(value or "[]")
        return [str(item) for item in value or []]

    def get_permissionsDisplayNames(self, user) -> str:
        return ", ".join(name.replace("_", " ").title() for name in self._permissions(user))

    def get_permissionsNames(self, user) -> list[str]:
        return self._permissions(user)


class PortalUsersExtraSerializer(PortalNameSerializer):
    recordIdsFiltered = serializers.ListField(child=serializers.IntegerField())


class CurrentPortalQuerySerializer(serializers.Serializer):
    portalId = LenientIntegerField()
    userId = LenientIntegerField(required=False, allow_null=True)


class PortalDetailsQuerySerializer(TabularQuerySerializer):
    portalId = LenientIntegerField(required=False, allow_null=True)


class PortalUserDetailSerializer(serializers.Serializer):
    firstName = serializers.CharField(source="user.first_name")
    lastName = serializers.CharField(source="user.last_name")
    isLearner = serializers.SerializerMethodField()
    isAdmin = serializers.SerializerMethodField()

    def get_isLearner(self, membership) -> bool:
        return membership.role == "learner" or membership.is_learner

    def get_isAdmin(self, membership) -> str:
        return "admin" if membership.role == "admin" else ""


class PortalDetailRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parentPortalName = serializers.CharField(source="parent_name", allow_null=True)
    totalSeat = serializers.IntegerField(source="total_seats", allow_null=True)
    usedSeat = serializers.IntegerField(source="seat_count")
    status = serializers.CharField()
    seatAccess = serializers.CharField(source="seat_access")
    portalUserIds = serializers.SerializerMethodField()
    portalAdminsCount = serializers.IntegerField(source="admin_count")
    created_by = serializers.SerializerMethodField()
    created_at = SeedDateField(fmt=TIMESTAMP)
    portalExpireOn = serializers.SerializerMethodField()
    totalLearner = serializers.IntegerField(source="learner_count")
    portalUserDetails = PortalUserDetailSerializer(source="member_rows", many=True)

    def get_portalUserIds(self, portal) -> list[int]:
        return [membership.user_id for membership in portal.member_rows]

    def get_created_by(self, portal) -> str:
        user = portal.created_by
        return (user.full_name or user.email) if user else ""

    def get_portalExpireOn(self, portal) -> str:
        return portal.expiry_date.strftime("%Y-%m-%d 23:59:59") if portal.expiry_date else ""


# --- Settings ----------------------------------------------------------------------------------------


class EnrollContentQuerySerializer(serializers.Serializer):
    userId = LenientIntegerField()
    selectedCourseView = serializers.CharField()
    selectedLearningPathView = serializers.CharField()
    selectedCourseViewMode = serializers.CharField(allow_blank=True)
    selectedLearningPathViewMode = serializers.CharField(allow_blank=True)
    type = serializers.CharField()

    def to_internal_value(self, data):
        # The seed quotes its examples ('grid'): accept the quotes.
        values = super().to_internal_value(data)
        return {key: value.strip("'\"") if isinstance(value, str) else value for key, value in values.items()}


class AutoEnrollInputSerializer(serializers.Serializer):
    courses = IdListField(
        allow_empty=True, help_text="Course ids new users are enrolled in (replaces the list)."
    )


class AutoEnrollResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
