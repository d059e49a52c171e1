from django.db.models import TextChoices, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework.response import Response

from lms.accounts.selectors import user_get, users_search, users_visible
from lms.courses.selectors import courses
from lms.enrollments.models import EnrollmentStatus, ModuleProgressStatus
from lms.enrollments.selectors import enrollment_get, status_totals
from lms.enrollments.services import is_expired
from lms.portals.models import Portal, PortalMembership
from lms.reports import selectors, services
from lms.reports.api import serializers as s
from website.api.errors import Unprocessable
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation, seed_operations_view
from website.api.views import ApiView, ChoicesLookupView, TabularListView, contains, tabular_envelope
from website.permissions import user_may
from website.tenancy import portal_scope

REPORT_PERMISSION = "enrollments.view_enrollment"


def _status_filter(queryset, value):
    values = value if isinstance(value, list) else [value]
    values = [str(v) for v in values if v not in (None, "")]
    unknown = sorted(set(values) - set(EnrollmentStatus.values))
    if unknown:
        raise ValueError(unknown)
    return queryset.filter(status__in=values) if values else queryset


def _name_or_email(prefix: str):
    from lms.accounts.models import User

    def apply(queryset, value):
        term = str(value or "").strip()
        if not term:
            return queryset
        return queryset.filter(**{f"{prefix}__in": users_search(User.objects.all(), term).values("pk")})

    return apply


def _visible_portal_ids(user, ids) -> list[int]:
    """Each id must be a portal the caller may see (404 otherwise)."""
    for pk in ids:
        portal_scope(user, pk)
    return list(ids)


class BodyTabularView(TabularListView):
    """A tabular list whose page, order and search come in a POST body."""

    http_method_names = ["post", "options"]

    def parse_query(self, serializer_class=None):
        return self.parse_body(serializer_class or self.input_serializer_class)

    def post(self, request, *args, **kwargs):
        return TabularListView.get(self, request, *args, **kwargs)


ENROLLMENT_ORDER = {
    "first_name": "user__first_name",
    "last_name": "user__last_name",
    "email": "user__email",
    "course_name": "course__name",
    "status": "status",
    "percent_complete": "progress_percent",
    "registered_on": "enrolled_at",
    "started_on": "started_at",
    "completed_on": "completed_at",
    "expire_on": "expires_at",
    "last_accessed_on": "last_accessed_at",
    "percent_achieved": "score",
}


@seed_operation(
    "courses_api_to_fetch_lms_overview_report",
    request=s.OverviewInputSerializer,
    responses=s.OverviewSerializer,
)
class OverviewReport(ApiView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    input_serializer_class = s.OverviewInputSerializer

    def post(self, request):
        ids = _visible_portal_ids(request.user, self.parse_body().get("searchPortalIds") or [])
        return Response(selectors.overview_report(self.portal_scope, ids))


@seed_operations_view(
    post=(
        "courses_api_to_get_course_detail_report",
        {
            "request": s.CourseDetailInputSerializer,
            "responses": tabular_envelope(s.EnrollmentReportRowSerializer, True, s.StatusTotalsSerializer),
        },
    )
)
class CourseDetailReport(BodyTabularView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    input_serializer_class = s.CourseDetailInputSerializer
    row_serializer_class = s.EnrollmentReportRowSerializer
    envelope_extra_serializer = s.StatusTotalsSerializer
    order_columns = ENROLLMENT_ORDER
    default_ordering = ("-enrolled_at",)
    search_filters = {"status": _status_filter, "nameOrEmail": _name_or_email("user")}

    def get_queryset(self):
        query = self.query
        return selectors.course_detail_enrollments(
            self.portal_scope,
            course_ids=query.get("course_ids"),
            user_category_id=query.get("userCategoryId"),
            registered_between=query.get("registered_between"),
            portal_ids=_visible_portal_ids(self.request.user, query.get("searchPortalIds") or []),
        )

    def get_extra_payload(self, visible):
        return status_totals(visible)


@seed_operation("users_retrieves_the_detailed_report_for_all_courses_of_a_user")
class UserCoursesReport(TabularListView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    query_serializer_class = s.UserReportQuerySerializer
    row_serializer_class = s.UserEnrollmentReportRowSerializer
    envelope_extra_serializer = s.UserReportExtraSerializer
    order_columns = ENROLLMENT_ORDER
    default_ordering = ("-enrolled_at",)
    search_filters = {"status": _status_filter, "nameOrEmail": contains("course__name")}

    def get_queryset(self):
        self.viewed = user_get(self.portal_scope, self.query["user_id"])
        return selectors.report_enrollments(self.portal_scope).filter(user=self.viewed)

    def get_extra_payload(self, visible):
        return {
            "courseName": self.viewed.full_name or self.viewed.email,
            "featuredImage": None,
            **status_totals(visible),
        }


def _self_or_managed(view, user_id):
    """Yourself, or (with view_enrollment) a user the caller manages; 404 for anyone else."""
    request = view.request
    if user_id == request.user.pk:
        return request.user
    if not user_may(request.user, REPORT_PERMISSION, allow_portal_admins=True):
        raise Http404
    return user_get(view.portal_scope, user_id)


def _portal_or_none(portal_id):
    if portal_id in (None, -1):
        return None
    return get_object_or_404(Portal, pk=portal_id)


@seed_operation("users_retrieve_user_dashboard_statistics", responses=s.DashboardStatisticsSerializer)
class DashboardStatistics(ApiView):
    permission_required = None
    query_serializer_class = s.DashboardQuerySerializer

    def get(self, request):
        query = self.parse_query()
        user = _self_or_managed(self, query["user_id"])
        portal = _portal_or_none(query.get("portalId"))
        return Response(selectors.dashboard_statistics(selectors.courses_of_learner(user, portal)))


LEARNER_ORDER = {
    "name": "course__name",
    "contentName": "course__name",
    "registered_on": "enrolled_at",
    "lastAccessed": "last_accessed_at",
    "percentComplete": "progress_percent",
    "status": "status",
}


@seed_operation(
    "users_get_courses_enrolled_by_a_user_in_a_particular_portal",
    request=s.LearnerCoursesInputSerializer,
    responses=s.LearnerCoursesSerializer,
)
class LearnerPortalCourses(ApiView):
    """The caller's own courses in a portal (and its sub-portals)."""

    permission_required = None
    input_serializer_class = s.LearnerCoursesInputSerializer

    def post(self, request):
        body = self.parse_body()
        portal = _portal_or_none(body["portalId"])
        helper = TabularListView()
        helper.order_columns = LEARNER_ORDER
        helper.default_ordering = ("-enrolled_at",)
        helper.search_filters = {
            "name": contains("course__name"),
            "status": _status_filter,
            "categories": _categories,
        }
        visible = selectors.courses_of_learner(request.user, portal)
        matching = helper.search(visible, body.get("search_param") or {})
        start = (body["page_number"] - 1) * body["page_size"]
        rows = matching.order_by(*helper.ordering(body.get("order_by")))[start : start + body["page_size"]]
        return Response(
            {
                "courses": s.LearnerCourseSerializer(rows, many=True).data,
                "totalRecords": visible.count(),
                "recordsFiltered": matching.count(),
            }
        )


def _categories(queryset, value):
    ids = value if isinstance(value, list) else [value]
    ids = [int(v) for v in ids if v not in (None, "")]
    return queryset.filter(course__categories__pk__in=ids).distinct() if ids else queryset


def _days_to_expire(enrollment) -> str:
    if enrollment.expires_at is None:
        return "Unlimited days"
    days = max((enrollment.expires_at - timezone.now()).days, 0)
    return f"{days} days"


def _ago(value, empty="Never") -> str:
    from django.utils.timesince import timesince

    return f"{timesince(value).split(',')[0]} ago" if value else empty


def _iso(value) -> str:
    return value.isoformat() if value else ""


@seed_operation("courses_gradebook_data", responses=s.GradebookSerializer)
class Gradebook(ApiView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    query_serializer_class = s.GradebookQuerySerializer

    def get(self, request, pk):
        query = self.parse_query()
        enrollment = enrollment_get(self.portal_scope, pk)
        if enrollment.user_id != query["userId"]:
            raise Http404
        rows, progress, grade = selectors.gradebook(enrollment)
        modules = []
        total_marks = obtained = 0
        for row in rows:
            state = progress.get(row.pk)
            marks = row.points or None
            total_marks += row.points if row.is_graded else 0
            if row.is_graded and state is not None and state.score is not None:
                obtained += float(state.score)
            modules.append(
                {
                    "module_id": row.module_id,
                    "name": row.module.name,
                    "slug": row.module.slug,
                    "type": row.module.module_type,
                    "icon": "",
                    "status_row_id": state.pk if state else -1,
                    "status": state.status if state else ModuleProgressStatus.NOT_STARTED,
                    "started_on": _iso(state and state.first_accessed_at),
                    "completed_on": _iso(state and state.completed_at),
                    "last_accessed_on": _ago(state and state.last_accessed_at),
                    "total_time_spent": s.time_spent(state.time_spent_seconds) if state else "",
                    "points_awarded": state.points if state else "",
                    "completion_percentage": 100
                    if state and state.status == ModuleProgressStatus.COMPLETED
                    else 0,
                    "no_of_times_accessed": state.times_accessed if state else 0,
                    "totalMarks": marks,
                    "obtainedMarks": float(state.score) if state and state.score is not None else None,
                }
            )
        course = enrollment.course
        payload = {
            "name": course.name,
            "modules": modules,
            "id": enrollment.pk,
            "userId": enrollment.user_id,
            "featuredImageUrl": course.featured_image_url or None,
            "instructions": course.instructions or None,
            "accessStatus": enrollment.get_access_display(),
            "status": enrollment.status,
            "completionPercentage": enrollment.progress_percent,
            "timeSpent": s.time_spent(enrollment.time_spent_seconds),
            "enrollmentDate": timezone.localtime(enrollment.enrolled_at).strftime("%d %b %Y"),
            "isExpired": is_expired(enrollment),
            "daysToExpire": _days_to_expire(enrollment),
            "lastAccessed": _ago(enrollment.last_accessed_at),
            "isCertificateAvailable": enrollment.certificate_issued_at is not None,
            "totalMarks": total_marks or None,
            "obtainedMarks": obtained if total_marks else None,
            "percentage": float(grade) if grade is not None else None,
        }
        return Response(s.GradebookSerializer(payload).data)


class ActivityVerb(TextChoices):
    ENROLLED = "ENROLLED", "ENROLLED"
    STARTED = "STARTED", "STARTED"
    ACCESSED = "ACCESSED", "ACCESSED"
    COMPLETED = "COMPLETED", "COMPLETED"
    ACHIEVED_CERTIFICATE = "ACHIEVED CERTIFICATE", "ACHIEVED CERTIFICATE"
    RESET = "RESET", "RESET"
    REMOVED = "REMOVED", "REMOVED"
    REVOKED = "REVOKED", "REVOKED"
    GRANTED = "GRANTED", "GRANTED"
    UPDATED_EXPIRY_DATE = "UPDATED EXPIRY DATE", "UPDATED EXPIRY DATE"
    MANUALLY_UPDATED = "MANUALLY UPDATED", "MANUALLY UPDATED"


@seed_operation("courses_course_activity_lookup")
class ActivityLookup(ChoicesLookupView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    choices = ActivityVerb


@seed_operation("courses_retrieve_course_activities")
class CourseActivities(TabularListView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    query_serializer_class = s.ActivitiesQuerySerializer
    row_serializer_class = s.CourseActivityRowSerializer
    envelope_extra_serializer = s.ActivitiesExtraSerializer
    order_columns = {"created_at": "created_at", "student": "student"}
    default_ordering = ("-created_at",)
    search_filters = {"nameOrEmail": lambda qs, value: _activity_search(qs, value)}

    def get_queryset(self):
        self.course = get_object_or_404(courses(self.portal_scope), pk=self.query["course_id"])
        return selectors.course_activities(self.course).annotate(course_name=Value(self.course.name))

    def get_extra_payload(self, visible):
        return {"courseName": self.course.name, "featuredImage": self.course.featured_image_url or None}


def _activity_search(queryset, value):
    from django.db.models import Q

    term = str(value or "").strip()
    if not term:
        return queryset
    return queryset.filter(Q(student__icontains=term) | Q(learner_email__icontains=term))


SUBMISSION_ORDER = {
    "name": "enrollment__user__first_name",
    "first_name": "enrollment__user__first_name",
    "last_name": "enrollment__user__last_name",
    "module_name": "course_module__module__name",
    "course_name": "course_module__course__name",
    "submitted_on": "last_accessed_at",
}


def _submission_name(queryset, value):
    return _name_or_email("enrollment__user")(queryset, value)


class SubmissionsBase(TabularListView):
    permission_required = REPORT_PERMISSION
    allow_portal_admins = True
    query_serializer_class = s.SubmissionsQuerySerializer
    order_columns = SUBMISSION_ORDER
    default_ordering = ("-last_accessed_at",)

    def get_queryset(self):
        rows = selectors.submissions(self.portal_scope)
        self.course = None
        if self.query.get("course_id"):
            self.course = get_object_or_404(courses(self.portal_scope), pk=self.query["course_id"])
            rows = rows.filter(course_module__course=self.course)
        return rows


@seed_operation("courses_retrieves_all_the_submissions_for_all_the_courses_a_user_is")
class LearnerSubmissions(SubmissionsBase):
    row_serializer_class = s.SubmissionRowSerializer
    envelope_extra_serializer = s.SubmissionsExtraSerializer
    search_filters = {
        "name": _submission_name,
        "type": contains("course_module__module__module_type"),
        "status": contains("status"),
    }

    def get_extra_payload(self, visible):
        return {"courseName": self.course.name if self.course else "", "totalPending": visible.count()}


@seed_operation("courses_retrieves_all_the_submissions_for_all_the_courses_a_user_is_2")
class CourseSubmissions(SubmissionsBase):
    row_serializer_class = s.SubmissionCourseRowSerializer
    envelope_extra_serializer = s.PendingExtraSerializer
    search_filters = {
        "name": contains("course_module__course__name"),
        "type": contains("course_module__module__module_type"),
        "status": contains("status"),
    }

    def get_extra_payload(self, visible):
        return {"totalPending": visible.count()}


class PortalListBase(TabularListView):
    permission_required = "portals.view_portal"
    allow_portal_admins = True
    query_serializer_class = s.PortalQuerySerializer

    def portal(self):
        self.portal_scope  # noqa: B018  (404 for a portal the caller may not see)
        return get_object_or_404(Portal, pk=self.query["portalId"])


@seed_operation("portals_returns_a_list_of_courses_for_a_given_portal")
class PortalCourses(PortalListBase):
    row_serializer_class = s.PortalCourseRowSerializer
    envelope_extra_serializer = s.PortalNameSerializer
    order_columns = {"name": "name", "created_at": "created_at", "last24hCount": "last24h", "total": "total"}
    default_ordering = ("name",)
    search_filters = {"name": contains("name")}

    def get_queryset(self):
        self.viewed_portal = self.portal()
        return selectors.portal_courses(self.viewed_portal)

    def get_extra_payload(self, visible):
        return {"portalName": self.viewed_portal.name}


def _user_search(queryset, value):
    return users_search(queryset, str(value or ""))


@seed_operation("portals_retrieves_a_paginated_and_filtered_list_of_users_for_a")
class PortalUsers(PortalListBase):
    query_serializer_class = s.PortalUsersQuerySerializer
    row_serializer_class = s.PortalUserRowSerializer
    envelope_extra_serializer = s.PortalUsersExtraSerializer
    order_columns = {
        "firstName": "first_name",
        "lastName": "last_name",
        "createdAt": "date_joined",
        "lastLogin": "last_login",
        "userType": "user_type",
    }
    default_ordering = ("first_name", "last_name")
    search_filters = {"nameOrEmail": _user_search, "name": _user_search}

    def get_queryset(self):
        self.viewed_portal = self.portal()
        candidates = None
        if not self.query["isInPortal"]:  # users the caller manages who are not in this portal yet
            candidates = users_visible(portal_scope(self.request.user, None))
        rows = selectors.portal_users(self.viewed_portal, candidates=candidates)
        user_type = (self.query.get("userType") or "").strip("'\"")
        if user_type == "portal_admin":
            rows = rows.filter(portal_role="admin")
        elif user_type == "learner":
            rows = rows.exclude(portal_role="admin")
        elif user_type:
            raise Unprocessable({"userType": ["Must be portal_admin or learner."]})
        return rows

    def search(self, queryset, search_param):
        self.filtered = super().search(queryset, search_param)
        return self.filtered

    def get_extra_payload(self, visible):
        return {
            "portalName": self.viewed_portal.name,
            "recordIdsFiltered": list(self.filtered.order_by("pk").values_list("pk", flat=True)),
        }


@seed_operation(
    "portals_updates_the_current_portal_for_a_user",
    parameters=[s.CurrentPortalQuerySerializer],
    responses=MessageSerializer,
)
class CurrentPortalUpdate(ApiView):
    """Yourself: a portal you belong to (staff: any). Someone else: a user you manage, a portal you see."""

    permission_required = None
    query_serializer_class = s.CurrentPortalQuerySerializer

    def post(self, request):
        query = self.parse_query()
        portal = get_object_or_404(Portal, pk=query["portalId"])
        user_id = query.get("userId") or request.user.pk
        if user_id == request.user.pk:
            user = request.user
            if (
                not user.is_staff
                and not PortalMembership.objects.filter(
                    user=user,
                    portal__in=Portal.objects.filter(pk=portal.pk) | portal.get_ancestors(),
                    is_active=True,
                ).exists()
            ):
                raise Http404
        else:
            if not user_may(request.user, "accounts.change_user", allow_portal_admins=True):
                raise Http404
            portal_scope(request.user, portal.pk)  # 404 for a portal the caller may not see
            user = user_get(portal_scope(request.user, None), user_id)
        services.current_portal_set(actor=request.user, user=user, portal=portal)
        return message_response("Current portal updated successfully")


@seed_operation("portals_retrieve_portal_details_report")
class PortalDetailsReport(TabularListView):
    permission_required = "portals.view_portal"
    allow_portal_admins = True
    query_serializer_class = s.PortalDetailsQuerySerializer
    row_serializer_class = s.PortalDetailRowSerializer
    order_columns = {
        "name": "name",
        "created_at": "created_at",
        "totalSeat": "total_seats",
        "usedSeat": "seat_count",
        "totalLearner": "learner_count",
        "status": "status",
    }
    default_ordering = ("name",)
    search_filters = {"name": contains("name"), "status": contains("status")}

    def get_queryset(self):
        return selectors.portal_details(self.portal_scope)


@seed_operation(
    "users_enables_enroll_content_for_a_user",
    parameters=[s.EnrollContentQuerySerializer],
    responses=MessageSerializer,
)
class EnrollContent(ApiView):
    permission_required = "accounts.change_user"
    allow_portal_admins = True
    query_serializer_class = s.EnrollContentQuerySerializer

    def post(self, request):
        query = self.parse_query()
        user = user_get(self.portal_scope, query["userId"])
        services.content_view_setting_update(
            actor=request.user,
            user=user,
            content_type=query["type"],
            course_view=query["selectedCourseView"],
            learning_path_view=query["selectedLearningPathView"],
            course_view_mode=query["selectedCourseViewMode"],
            learning_path_view_mode=query["selectedLearningPathViewMode"],
        )
        return message_response("Setting Updated Successfully")


@seed_operation(
    "courses_update_the_list_of_courses_which_are_auto_enrolled_for_free",
    request=s.AutoEnrollInputSerializer,
    responses=s.AutoEnrollResultSerializer,
)
class AutoEnrollCourses(ApiView):
    permission_required = "courses.change_course"
    input_serializer_class = s.AutoEnrollInputSerializer

    def post(self, request):
        ids = self.parse_body()["courses"]
        found = list(courses(self.portal_scope).filter(pk__in=ids))
        missing = sorted(set(ids) - {course.pk for course in found})
        if missing:
            raise Unprocessable({"courses": [f"Unknown course(s): {', '.join(map(str, missing))}."]})
        services.auto_enroll_courses_set(actor=request.user, courses=found)
        return Response({"message": "Course Updated Successfully", "type": "success", "title": "Success"})
