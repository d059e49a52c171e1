"""Report reads: aggregations in the database (annotate/aggregate, Subquery), never a query per row,
all scoped by the caller's portal scope."""

from datetime import timedelta

from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Concat, Length, Substr
from django.utils import timezone

from lms.accounts.models import User
from lms.audit.models import Activity, ActivityAction
from lms.courses.models import Course, CourseModule
from lms.courses.selectors import courses
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgress, ModuleProgressStatus
from lms.enrollments.selectors import enrollments
from lms.enrollments.services import course_grade
from lms.portals.models import Portal, PortalMembership, PortalRole
from website.tenancy import PortalScope

STATUS_COUNTS = {
    "not_started": Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.NOT_STARTED)),
    "in_progress": Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.IN_PROGRESS)),
    "completed": Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.COMPLETED)),
    "total": Count("enrollments"),
}


def _percent(part: int, whole: int) -> int:
    return int(part * 100 / whole) if whole else 0


# --- LMS overview ----------------------------------------------------------------------------------


def overview_report(scope: PortalScope, portal_ids: list[int] | None = None) -> dict:
    """Per course: learners not started, in progress, completed and the completion percentage (1 query)."""
    rows = courses(scope)
    if portal_ids:
        rows = rows.filter(portal_id__in=portal_ids)
    rows = list(rows.annotate(**STATUS_COUNTS).order_by("name", "pk").values("name", *STATUS_COUNTS))
    sums = {key: sum(row[key] for row in rows) for key in STATUS_COUNTS}
    return {
        "labels": [row["name"] for row in rows],
        "totalNotStarted": [row["not_started"] for row in rows],
        "totalInProgress": [row["in_progress"] for row in rows],
        "totalCompleted": [row["completed"] for row in rows],
        "percentageCompleted": [_percent(row["completed"], row["total"]) for row in rows],
        "sumNotStarted": sums["not_started"],
        "sumInProgress": sums["in_progress"],
        "sumCompleted": sums["completed"],
        "sumPercentageCompleted": _percent(sums["completed"], sums["total"]),
    }


# --- Enrolment rows (course detail report, a user's report) ----------------------------------------


def report_enrollments(scope: PortalScope) -> QuerySet[Enrollment]:
    """Enrolments with learner, course and portal joined (no query per row)."""
    return enrollments(scope).select_related("user", "course", "course__portal")


def course_detail_enrollments(
    scope: PortalScope,
    *,
    course_ids=None,
    user_category_id=None,
    registered_between=None,
    portal_ids=None,
) -> QuerySet[Enrollment]:
    rows = report_enrollments(scope)
    if course_ids:
        rows = rows.filter(course_id__in=course_ids)
    if portal_ids:
        rows = rows.filter(course__portal_id__in=portal_ids)
    if user_category_id:
        rows = rows.filter(user__categories__pk=user_category_id)
    if registered_between:
        first, last = registered_between
        rows = rows.filter(enrolled_at__date__gte=first, enrolled_at__date__lte=last)
    return rows


# --- Dashboard -------------------------------------------------------------------------------------


def dashboard_statistics(queryset: QuerySet[Enrollment]) -> dict:
    """A learner's totals (one query); time spent in whole hours."""
    totals = queryset.aggregate(
        totalCourses=Count("pk"),
        completedCourses=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
        inProgressCourses=Count("pk", filter=Q(status=EnrollmentStatus.IN_PROGRESS)),
        notStartedCourses=Count("pk", filter=Q(status=EnrollmentStatus.NOT_STARTED)),
        seconds=Coalesce(Sum("time_spent_seconds"), 0),
    )
    totals["timeSpent"] = totals.pop("seconds") // 3600
    return totals


def courses_of_learner(user, portal: Portal | None) -> QuerySet[Enrollment]:
    """A learner's own enrolments, in a portal's courses (and its sub-portals') when given."""
    rows = Enrollment.objects.filter(user=user).select_related("course")
    if portal is not None:
        rows = rows.filter(course__portal__path__startswith=portal.path)
    return rows.annotate(course_rating=Avg("course__ratings__rating"))


# --- Gradebook -------------------------------------------------------------------------------------


def gradebook(enrollment: Enrollment) -> tuple[list[CourseModule], dict[int, ModuleProgress], object]:
    """The curriculum, the learner's progress per row and the course grade (2 queries)."""
    rows = list(
        CourseModule.objects.filter(course_id=enrollment.course_id)
        .select_related("module")
        .order_by("order", "id")
    )
    progress = {row.course_module_id: row for row in ModuleProgress.objects.filter(enrollment=enrollment)}
    return rows, progress, course_grade(enrollment.course, rows, progress)


def course_gradebook(course: Course, enrollment_rows) -> list[dict]:
    """Per learner × graded module: the scores and the course grade (2 queries for any page size)."""
    rows = list(CourseModule.objects.filter(course=course).select_related("module").order_by("order", "id"))
    enrollment_rows = list(enrollment_rows)
    progress: dict[int, dict[int, ModuleProgress]] = {e.pk: {} for e in enrollment_rows}
    for row in ModuleProgress.objects.filter(enrollment__in=[e.pk for e in enrollment_rows]):
        progress[row.enrollment_id][row.course_module_id] = row
    graded = [row for row in rows if row.is_graded] or rows
    return [
        {
            "enrollment": enrollment,
            "scores": {r.pk: getattr(progress[enrollment.pk].get(r.pk), "score", None) for r in graded},
            "course_grade": course_grade(course, rows, progress[enrollment.pk]),
        }
        for enrollment in enrollment_rows
    ]


# --- Course activities -----------------------------------------------------------------------------


def course_activities(course: Course) -> QuerySet[Activity]:
    """Activity rows about the course's enrolments (also removed ones), with the learner's name."""
    kept = Enrollment.objects.filter(course=course).annotate(text=Cast("pk", CharField())).values("text")
    rows = Activity.objects.filter(subject_kind="Enrollment").filter(
        Q(subject_id__in=Subquery(kept)) | Q(changes__attributes__course=course.pk)
    )
    enrolment_user = Enrollment.objects.filter(pk=OuterRef("enrollment_pk")).values("user_id")[:1]
    rows = rows.annotate(
        enrollment_pk=Cast(F("subject_id"), IntegerField()),
        learner_id=Coalesce(
            Subquery(enrolment_user),
            Cast(KT("changes__attributes__user"), IntegerField()),
            output_field=IntegerField(),
        ),
    )
    learner = User.objects.filter(pk=OuterRef("learner_id"))
    full_name = learner.annotate(full=Concat("first_name", Value(" "), "last_name")).values("full")[:1]
    return rows.annotate(student=Subquery(full_name), learner_email=Subquery(learner.values("email")[:1]))


def activity_verb(activity: Activity) -> str:
    """The seed's verb for an enrolment's activity entry."""
    if activity.action == ActivityAction.CREATED:
        return "ENROLLED"
    if activity.action == ActivityAction.DELETED:
        return "REMOVED"
    changed = (activity.changes or {}).get("attributes", {})
    if changed.get("certificate_issued_at"):
        return "ACHIEVED CERTIFICATE"
    if "access" in changed:
        return "REVOKED" if changed["access"] == "revoked" else "GRANTED"
    status = changed.get("status")
    if status == EnrollmentStatus.COMPLETED:
        return "COMPLETED"
    if status == EnrollmentStatus.IN_PROGRESS:
        return "STARTED"
    if status == EnrollmentStatus.NOT_STARTED:
        return "RESET"
    if "expires_at" in changed:
        return "UPDATED EXPIRY DATE"
    if "progress_percent" in changed or "score" in changed:
        return "ACCESSED"
    return "MANUALLY UPDATED"


# --- Submissions -----------------------------------------------------------------------------------


def submissions(scope: PortalScope) -> QuerySet[ModuleProgress]:
    """Module work submitted and awaiting evaluation, in courses the caller may see."""
    return ModuleProgress.objects.filter(
        status=ModuleProgressStatus.SUBMITTED, enrollment__in=enrollments(scope).values("pk")
    ).select_related("course_module__module", "course_module__course", "enrollment__user")


# --- Portals ---------------------------------------------------------------------------------------


def portal_courses(portal: Portal) -> QuerySet[Course]:
    """A portal's courses (and its sub-portals') with learner figures (one query per page)."""
    since = timezone.now() - timedelta(hours=24)
    return Course.objects.filter(portal__path__startswith=portal.path).annotate(
        **STATUS_COUNTS, last24h=Count("enrollments", filter=Q(enrollments__enrolled_at__gte=since))
    )


def portal_users(portal: Portal, *, candidates: QuerySet[User] | None = None) -> QuerySet[User]:
    """Members of a portal's tree, with enrolment figures and their membership in `portal`.
    With `candidates`: those of them who are NOT members of the tree (to add them)."""
    from django.db.models import Prefetch

    from lms.categories.models import Category

    members = PortalMembership.objects.filter(portal__path__startswith=portal.path, user=OuterRef("pk"))
    own = PortalMembership.objects.filter(portal=portal, user=OuterRef("pk"))
    tree_courses = Q(enrollments__course__portal__path__startswith=portal.path)
    tree_members = PortalMembership.objects.filter(portal__path__startswith=portal.path).values("user_id")
    if candidates is None:
        base = User.objects.filter(pk__in=tree_members)
    else:
        base = candidates.exclude(pk__in=tree_members)
    return base.annotate(
        stat_not_started=Count(
            "enrollments", filter=tree_courses & Q(enrollments__status=EnrollmentStatus.NOT_STARTED)
        ),
        stat_in_progress=Count(
            "enrollments", filter=tree_courses & Q(enrollments__status=EnrollmentStatus.IN_PROGRESS)
        ),
        stat_completed=Count(
            "enrollments", filter=tree_courses & Q(enrollments__status=EnrollmentStatus.COMPLETED)
        ),
        stat_total=Count("enrollments", filter=tree_courses),
        portal_role=Coalesce(Subquery(own.values("role")[:1]), Subquery(members.values("role")[:1])),
        portal_is_learner=Subquery(members.values("is_learner")[:1]),
        portal_permissions=Subquery(own.values("permissions")[:1]),
    ).prefetch_related(
        Prefetch(
            "portal_memberships",
            queryset=PortalMembership.objects.select_related("portal").order_by("portal__name", "pk"),
        ),
        Prefetch("categories", queryset=Category.objects.order_by("name", "pk")),
    )


def portal_details(scope: PortalScope) -> QuerySet[Portal]:
    """Portals the caller may see, with seat and learner figures and the parent's name (no N+1)."""
    from django.db.models import Prefetch

    rows = Portal.objects.all()
    if not scope.is_unrestricted:
        rows = rows.filter(pk__in=scope.portal_ids)
    parent = Portal.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Portal.steplen)
    ).values("name")[:1]
    active = Q(memberships__is_active=True)
    return (
        rows.select_related("created_by")
        .annotate(
            parent_name=Subquery(parent),
            learner_count=Count("memberships", filter=active & Q(memberships__role=PortalRole.LEARNER)),
            admin_count=Count("memberships", filter=active & Q(memberships__role=PortalRole.ADMIN)),
            seat_count=Count(
                "memberships",
                filter=active & (Q(memberships__role=PortalRole.LEARNER) | Q(memberships__is_learner=True)),
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=PortalMembership.objects.select_related("user").order_by("pk"),
                to_attr="member_rows",
            )
        )
    )
