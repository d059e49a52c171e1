from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework.response import Response

from lms.accounts.models import STAFF_TYPES
from lms.accounts.selectors import user_get, users_search, users_visible
from lms.courses.selectors import courses
from lms.enrollments import selectors, services
from lms.enrollments.api import serializers as s
from lms.enrollments.models import AccessStatus, EnrollmentStatus
from website.api.errors import Unprocessable
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation
from website.api.views import ApiView, QueryLookupView, TabularListView
from website.permissions import user_may


def _status_filter(queryset, value):
    values = value if isinstance(value, list) else [value]
    values = [str(v) for v in values if v not in (None, "")]
    unknown = sorted(set(values) - set(EnrollmentStatus.values))
    if unknown:
        raise ValueError(unknown)
    return queryset.filter(status__in=values) if values else queryset


def _name_or_email(prefix: str):
    def apply(queryset, value):
        term = str(value or "").strip()
        if not term:
            return queryset
        ids = users_search(users_visible_all(), term).values("pk")
        return queryset.filter(**{f"{prefix}__in": ids})

    return apply


def users_visible_all():
    from lms.accounts.models import User

    return User.objects.all()


class CourseEnrollmentAction(ApiView):
    """A staff operation on a course's enrolments: the course must be visible (404 otherwise)."""

    allow_portal_admins = True
    permission_required = "enrollments.change_enrollment"
    input_serializer_class = s.EnrollmentIdsSerializer

    def course(self, pk):
        return get_object_or_404(courses(self.portal_scope), pk=pk)

    def selected(self, course, ids):
        rows = list(
            selectors.enrollments(self.portal_scope)
            .filter(course=course, pk__in=ids)
            .select_related("course", "user")
        )
        missing = sorted(set(ids) - {row.pk for row in rows})
        if missing:
            raise Unprocessable(
                {"enrollmentIds": [f"Enrolment(s) {', '.join(map(str, missing))} are not in this course."]}
            )
        return rows


@seed_operation("courses_enroll_learners", responses=s.EnrollResultSerializer)
class EnrollLearners(CourseEnrollmentAction):
    permission_required = "enrollments.add_enrollment"
    input_serializer_class = s.EnrollInputSerializer

    def post(self, request, pk):
        course = self.course(pk)
        ids = self.parse_body()["studentIds"]
        users = list(users_visible(self.portal_scope).filter(pk__in=ids))
        missing = sorted(set(ids) - {user.pk for user in users})
        if missing:
            raise Unprocessable({"studentIds": [f"Unknown user(s): {', '.join(map(str, missing))}."]})
        created, already = services.enrollments_enroll(actor=request.user, course=course, users=users)
        return message_response(
            f"{len(created)} student(s) enrolled successfully",
            enrolledUsersCount=len(created),
            notEnrolledUsers=already,
        )


@seed_operation("courses_remove_learners", responses=MessageSerializer)
class RemoveLearners(CourseEnrollmentAction):
    permission_required = "enrollments.delete_enrollment"

    def post(self, request, pk):
        course = self.course(pk)
        rows = self.selected(course, self.parse_body()["enrollmentIds"])
        count = services.enrollments_remove(actor=request.user, enrollments=rows)
        return message_response(f"{count} student(s) removed successfully")


@seed_operation("courses_reset_progress", responses=MessageSerializer)
class ResetProgress(CourseEnrollmentAction):
    def post(self, request, pk):
        course = self.course(pk)
        rows = self.selected(course, self.parse_body()["enrollmentIds"])
        count = services.enrollments_reset_progress(actor=request.user, enrollments=rows)
        return message_response(f"{count} student(s) progress is reset successfully")


@seed_operation("courses_revoke_access", responses=MessageSerializer)
class RevokeAccess(CourseEnrollmentAction):
    def post(self, request, pk):
        course = self.course(pk)
        rows = self.selected(course, self.parse_body()["enrollmentIds"])
        count = services.enrollments_set_access(
            actor=request.user, enrollments=rows, access=AccessStatus.REVOKED
        )
        return message_response(f"{count} learner(s) access has been revoked successfully")


@seed_operation("courses_grant_access", responses=MessageSerializer)
class GrantAccess(CourseEnrollmentAction):
    def post(self, request, pk):
        course = self.course(pk)
        rows = self.selected(course, self.parse_body()["enrollmentIds"])
        count = services.enrollments_set_access(
            actor=request.user, enrollments=rows, access=AccessStatus.GRANTED
        )
        return message_response(f"{count} learner(s) access has been granted successfully")


@seed_operation("courses_set_expiry", responses=MessageSerializer)
class SetExpiry(CourseEnrollmentAction):
    input_serializer_class = s.SetExpirySerializer

    def post(self, request, pk):
        course = self.course(pk)
        body = self.parse_body()
        rows = self.selected(course, body["enrollmentIds"])
        count = services.enrollments_set_expiry(
            actor=request.user, enrollments=rows, expires_at=body["expiryDate"]
        )
        return message_response(f"Expiration date is successfully updated for {count} student(s)")


@seed_operation("courses_assign_certificate", responses=MessageSerializer)
class AssignCertificate(CourseEnrollmentAction):
    def post(self, request, pk):
        course = self.course(pk)
        rows = self.selected(course, self.parse_body()["enrollmentIds"])
        count = services.enrollments_assign_certificate(actor=request.user, course=course, enrollments=rows)
        return message_response(f"Certificate is successfully assigned to {count} student(s)")


@seed_operation("courses_enrolled_learners")
class EnrolledLearners(TabularListView):
    permission_required = "enrollments.view_enrollment"
    allow_portal_admins = True
    query_serializer_class = s.EnrolledLearnersQuerySerializer
    row_serializer_class = s.EnrolledLearnerRowSerializer
    envelope_extra_serializer = s.EnrolledLearnersExtraSerializer
    order_columns = {
        "registered_on": "enrolled_at",
        "first_name": "user__first_name",
        "last_name": "user__last_name",
        "status": "status",
        "percentComplete": "progress_percent",
        "started_on": "started_at",
        "completed_on": "completed_at",
        "expire_on": "expires_at",
        "last_accessed_on": "last_accessed_at",
    }
    default_ordering = ("-enrolled_at",)
    search_filters = {"status": _status_filter, "nameOrEmail": _name_or_email("user")}

    def get_queryset(self):
        self.course = get_object_or_404(courses(self.portal_scope), pk=self.query["course_id"])
        return selectors.enrollments_of_course(self.portal_scope, self.course.pk)

    def get_extra_payload(self, visible):
        return {"courseName": self.course.name, **selectors.status_totals(visible)}


@seed_operation("courses_enrolled_user_lookup")
class EnrolledUserLookup(QueryLookupView):
    permission_required = "enrollments.view_enrollment"
    allow_portal_admins = True
    query_serializer_class = s.EnrolledUserLookupQuerySerializer
    label_field = "name"

    def get_queryset(self):
        course = get_object_or_404(courses(self.portal_scope), pk=self.query["id"])
        users = selectors.enrolled_users(self.portal_scope, course.pk)
        return users_search(users, self.query["search_term"].strip('"'))


def _viewed_user(view):
    """Yourself (blank, "undefined" or your id), or a user you manage (404 for anyone else)."""
    request = view.request
    raw = str(view.user_ref or "").strip().strip('"')
    if raw in ("", "undefined", "null") or raw == str(request.user.pk):
        return request.user, None
    try:
        user_id = int(raw)
    except ValueError as exc:
        raise Unprocessable({"user_id": ["The user id must be an integer."]}) from exc
    if not user_may(request.user, "enrollments.view_enrollment", allow_portal_admins=True):
        raise Http404
    return user_get(view.portal_scope, user_id), view.portal_scope


@seed_operation("users_enrolled_courses")
class UserEnrolledCourses(TabularListView):
    """A learner's own courses, or (with view_enrollment) those of a user the caller manages."""

    permission_required = None
    query_serializer_class = s.UserCoursesQuerySerializer
    row_serializer_class = s.UserCourseRowSerializer
    envelope_extra_serializer = s.UserCoursesExtraSerializer
    order_columns = {
        "created_at": "enrolled_at",
        "registered_on": "enrolled_at",
        "courseName": "course__name",
        "status": "status",
        "percentComplete": "progress_percent",
        "lastAccessed": "last_accessed_at",
        "expire_on": "expires_at",
    }
    default_ordering = ("-enrolled_at",)
    search_filters = {
        "status": _status_filter,
        "nameOrEmail": lambda queryset, value: queryset.filter(
            course__name__icontains=str(value or "").strip()
        ),
        "courseName": lambda queryset, value: queryset.filter(
            course__name__icontains=str(value or "").strip()
        ),
    }

    def get_queryset(self):
        self.user_ref = self.query["user_id"]
        self.viewed, scope = _viewed_user(self)
        return selectors.enrollments_of_user(self.viewed.pk, scope)

    def get_extra_payload(self, visible):
        user = self.viewed
        is_learner = user.user_type not in STAFF_TYPES
        return {
            "name": user.full_name or user.email,
            "userType": "learner" if is_learner else user.user_type,
            "isLearner": is_learner,
        }


CERTIFICATE_ORDER = {
    "issued_at": "certificate_issued_at",
    "valid_till": "certificate_expires_at",
    "title": "course__name",
}


@seed_operation("users_get_user_certificates", responses=s.UserCertificateSerializer(many=True))
class UserCertificates(ApiView):
    permission_required = None
    query_serializer_class = s.CertificatesQuerySerializer

    def get(self, request, user_ref):
        query = self.parse_query()
        self.user_ref = user_ref
        user, scope = _viewed_user(self)
        rows = selectors.certificates_of_user(user.pk, scope)
        for entry in query.get("search_param") or []:
            value = str(entry.get("value") or "").strip()
            if entry["field"] == "title" and value:
                rows = rows.filter(course__name__icontains=value)
            elif entry["field"] == "status" and value in ("active", "expired"):
                lookup = {"certificate_expires_at__lte": timezone.now()}
                rows = rows.filter(**lookup) if value == "expired" else rows.exclude(**lookup)
        ordering = [
            ("-" if str(entry.get("direction", "asc")).lower() == "desc" else "")
            + CERTIFICATE_ORDER[entry["field"]]
            for entry in query.get("order_by") or []
        ] or ["-certificate_issued_at"]
        start = (query["page_number"] - 1) * query["page_size"]
        page = rows.order_by(*ordering, "-pk")[start : start + query["page_size"]]
        return Response(s.UserCertificateSerializer(page, many=True).data)


@seed_operation("users_update_certificate_issue_and_expiry_dates", responses=MessageSerializer)
class CertificateDates(ApiView):
    permission_required = "enrollments.change_enrollment"
    allow_portal_admins = True
    input_serializer_class = s.CertificateDatesSerializer

    def post(self, request):
        body = self.parse_body()
        enrollment = selectors.enrollment_get(self.portal_scope, body["rowId"])
        services.certificate_update_dates(
            actor=request.user,
            enrollment=enrollment,
            issued_at=body["newIssueDate"],
            expires_at=body["newExpiryDate"],
        )
        return message_response("Date Updated Successfully")
