"""Course ratings: a learner rates a course once (a repeat updates it), only after completing it and only
when the course enables rating; a new rating is e-mailed to the course's author. The course's average is
computed on read (selectors.rating_summary), so saving or deleting a rating needs no second write.
"""

from django.db import transaction

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.courses.models import Course
from lms.enrollments.models import Enrollment, EnrollmentStatus
from lms.notifications.services import email_enqueue
from lms.ratings.models import MAX_RATING, MIN_RATING, CourseRating
from website.api.errors import Unprocessable
from website.bulk import bulk_delete

RATING_FIELDS = ("course", "user", "rating", "reviews", "display_name")
EDITABLE_FIELDS = ("rating", "reviews", "display_name")


def _check_rating(rating) -> None:
    if rating is None or not MIN_RATING <= int(rating) <= MAX_RATING:
        raise Unprocessable({"rating": [f"The rating must be between {MIN_RATING} and {MAX_RATING}."]})


def _check_may_rate(user, course: Course, *, lock: bool = True) -> None:
    if not course.enable_course_rating:
        raise Unprocessable({"course_id": ["Rating is not enabled for this course."]})
    # Locking the enrolment serialises two saves by the same learner (one rating, not two).
    enrollments = Enrollment.objects.select_for_update() if lock else Enrollment.objects.all()
    completed = enrollments.filter(user=user, course=course, status=EnrollmentStatus.COMPLETED).exists()
    if not completed:
        raise Unprocessable({"course_id": ["A course can be rated once it is completed."]})


def course_rating_validate(course_rating: CourseRating) -> None:
    """The admin form's check of a new rating: the same rules as a save (an edit keeps its learner)."""
    _check_rating(course_rating.rating)
    if course_rating.pk is None and course_rating.course_id and course_rating.user_id:
        _check_may_rate(course_rating.user, course_rating.course, lock=False)
        if CourseRating.objects.filter(user=course_rating.user, course=course_rating.course).exists():
            raise Unprocessable({"course_id": ["This learner has already rated this course."]})


@transaction.atomic
def course_rating_save(
    *, actor, user, course: Course, rating: int, reviews: str = "", display_name: str = ""
) -> tuple[CourseRating, bool]:
    """Create `user`'s rating of `course`, or update it on a repeat. Returns (rating, created)."""
    _check_rating(rating)
    _check_may_rate(user, course)
    portal = course.portal
    fields = {"rating": rating, "reviews": reviews or "", "display_name": display_name or ""}
    existing = CourseRating.objects.select_for_update().filter(user=user, course=course).first()
    if existing is not None:
        return logged_update(
            actor=actor, instance=existing, tracked=RATING_FIELDS, fields=fields, portal=portal
        ), False
    created = logged_create(
        actor=actor,
        instance=CourseRating(user=user, course=course, **fields),
        tracked=RATING_FIELDS,
        portal=portal,
    )
    _notify_course_author(created)
    return created, True


def _notify_course_author(rating: CourseRating) -> None:
    """The course's author hears of a new rating (an e-mail through the outbox, sent after commit)."""
    author = rating.course.author
    if author is None or not author.email or author.pk == rating.user_id:
        return
    reviewer = rating.display_name or rating.user.get_full_name() or "A learner"
    email_enqueue(
        to=author.email,
        template="course_rated",
        context={"author": author, "course": rating.course, "rating": rating, "reviewer": reviewer},
    )


def course_rating_create(*, actor, user, course, rating, reviews="", display_name="") -> CourseRating:
    """The admin's create: the same rules as the learner's own save."""
    return course_rating_save(
        actor=actor, user=user, course=course, rating=rating, reviews=reviews, display_name=display_name
    )[0]


@transaction.atomic
def course_rating_update(*, actor, course_rating: CourseRating, **fields) -> CourseRating:
    """Staff edit the rating, review and display name; the learner and the course stay."""
    fields = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}
    if "rating" in fields:
        _check_rating(fields["rating"])
    return logged_update(
        actor=actor,
        instance=course_rating,
        tracked=RATING_FIELDS,
        fields=fields,
        portal=course_rating.course.portal,
    )


def course_rating_delete(*, actor, course_rating: CourseRating) -> None:
    logged_delete(
        actor=actor, instance=course_rating, tracked=RATING_FIELDS, portal=course_rating.course.portal
    )


def course_ratings_bulk_delete(*, actor, ids: list[int], queryset=None) -> str:
    outcome = bulk_delete(
        queryset=queryset if queryset is not None else CourseRating.objects.all(),
        ids=ids,
        keep_rules=[],
        delete=lambda row: course_rating_delete(actor=actor, course_rating=row),
    )
    return f"{len(outcome.deleted)} course rating(s) deleted"
