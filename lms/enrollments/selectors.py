"""Reads of enrolments, scoped to the caller's portals (through the course's portal)."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.http import Http404

from lms.accounts.models import User
from lms.enrollments.models import Enrollment, EnrollmentStatus
from website.tenancy import PortalScope

HAS_CERTIFICATE = Case(
    When(certificate_issued_at__isnull=False, then=Value(1)), default=Value(0), output_field=IntegerField()
)


def enrollments(scope: PortalScope | None = None) -> QuerySet[Enrollment]:
    """Enrolments in the courses `scope` may see (academy staff: all)."""
    queryset = Enrollment.objects.all()
    return scope.filter(queryset, "course__portal") if scope is not None else queryset


def enrollments_of_course(scope: PortalScope, course_id: int) -> QuerySet[Enrollment]:
    """A course's learners for the tabular list: the user joined, the certificate counted."""
    return (
        enrollments(scope)
        .filter(course_id=course_id)
        .select_related("user")
        .annotate(certificate_count=HAS_CERTIFICATE)
    )


def enrollments_of_user(user_id: int, scope: PortalScope | None = None) -> QuerySet[Enrollment]:
    return (
        enrollments(scope)
        .filter(user_id=user_id)
        .select_related("course")
        .annotate(certificate_count=HAS_CERTIFICATE)
    )


def status_totals(queryset: QuerySet[Enrollment]) -> dict[str, int]:
    """How many of `queryset` are not started, in progress and completed (one query)."""
    return queryset.aggregate(
        totalNotStarted=Count("pk", filter=Q(status=EnrollmentStatus.NOT_STARTED)),
        totalInProgress=Count("pk", filter=Q(status=EnrollmentStatus.IN_PROGRESS)),
        totalCompleted=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
    )


def enrolled_users(scope: PortalScope, course_id: int) -> QuerySet[User]:
    """Users enrolled in a course the caller may see, with `name` for lookups."""
    ids = enrollments(scope).filter(course_id=course_id).values("user_id")
    return User.objects.filter(pk__in=ids).annotate(name=Concat("first_name", Value(" "), "last_name"))


def certificates_of_user(user_id: int, scope: PortalScope | None = None) -> QuerySet[Enrollment]:
    return (
        enrollments(scope)
        .filter(user_id=user_id, certificate_issued_at__isnull=False)
        .select_related("course", "course__portal")
    )


def enrollment_get(scope: PortalScope, pk: int) -> Enrollment:
    enrollment = enrollments(scope).select_related("course", "user").filter(pk=pk).first()
    if enrollment is None:
        raise Http404
    return enrollment
