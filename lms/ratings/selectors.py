"""Reads of course ratings: staff's (scoped to their portals through the course) and readers' (courses they
may see), and the summary (average and count per star) in one aggregate query."""

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from lms.enrollments.models import Enrollment, EnrollmentStatus
from lms.portals.models import PortalMembership
from lms.ratings.models import MAX_RATING, MIN_RATING, CourseRating
from website.permissions import user_may
from website.tenancy import PortalScope, portal_scope


def course_ratings(scope: PortalScope | None = None) -> QuerySet[CourseRating]:
    queryset = CourseRating.objects.select_related("course", "user")
    return scope.filter(queryset, "course__portal") if scope is not None else queryset


def course_ratings_readable_by(user) -> QuerySet[CourseRating]:
    """Staff (and portal admins) read the ratings of their portals' courses; a learner those of the
    academy's courses, of their portals' courses and of the courses they are enrolled in."""
    if user_may(user, "ratings.view_courserating", allow_portal_admins=True):
        return course_ratings(portal_scope(user))
    memberships = PortalMembership.objects.filter(user=user, is_active=True).values("portal_id")
    enrolled = Enrollment.objects.filter(user=user, course_id=OuterRef("course_id"))
    return course_ratings().filter(
        Q(course__portal__isnull=True) | Q(course__portal_id__in=memberships) | Exists(enrolled)
    )


def rating_summary(queryset: QuerySet[CourseRating]) -> dict:
    """{"averageRating": 4.2 or None, "ratingCounts": {"1": n, ..., "5": n}} in one query."""
    stars = range(MIN_RATING, MAX_RATING + 1)
    totals = queryset.order_by().aggregate(
        average=Avg("rating"), **{f"star{star}": Count("pk", filter=Q(rating=star)) for star in stars}
    )
    average = totals["average"]
    return {
        "averageRating": round(float(average), 2) if average is not None else None,
        "ratingCounts": {str(star): totals[f"star{star}"] for star in stars},
    }


def learner_may_rate(user, course) -> bool:
    """Whether the course offers rating and `user` completed it (the site shows the rating form then)."""
    return bool(
        course.enable_course_rating
        and Enrollment.objects.filter(user=user, course=course, status=EnrollmentStatus.COMPLETED).exists()
    )


def learner_rating(user, course) -> CourseRating | None:
    """`user`'s own rating of `course`, to pre-fill the form (a repeat updates it)."""
    return CourseRating.objects.filter(user=user, course=course).first()
