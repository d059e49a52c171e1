"""A demo course rating: the demo portal admin (also a learner) takes Workplace Safety Essentials to
completion through the enrolment services, then rates it through the ratings service.

Idempotent: the rating is found by (user, course); an existing one is left as it is.
"""

from lms.courses.models import Course
from lms.enrollments import services as enrollment_services
from lms.enrollments.models import Enrollment, EnrollmentStatus
from lms.ratings import services
from lms.ratings.models import CourseRating

DEMO_RATER = "portaladmin@lectern.local"
DEMO_COURSE = "workplace-safety-essentials"


def _complete(*, actor, learner, course: Course) -> Enrollment:
    enrollment = Enrollment.objects.filter(user=learner, course=course).first()
    if enrollment is None:
        [enrollment], _ = enrollment_services.enrollments_enroll(actor=actor, course=course, users=[learner])
    for row in course.course_modules.order_by("order", "id"):
        enrollment_services.module_record_access(
            actor=learner, enrollment=enrollment, course_module=row, seconds=row.min_time_minutes * 60
        )
        enrollment_services.module_mark_complete(actor=learner, enrollment=enrollment, course_module=row)
    enrollment.refresh_from_db()
    return enrollment


def load_demo(*, actor, users, portals) -> int:
    learner = users.get(DEMO_RATER)
    course = Course.objects.filter(slug=DEMO_COURSE, enable_course_rating=True).first()
    if learner is None or course is None or CourseRating.objects.filter(user=learner, course=course).exists():
        return 0
    enrollment = _complete(actor=actor, learner=learner, course=course)
    if enrollment.status != EnrollmentStatus.COMPLETED:
        return 0
    services.course_rating_save(
        actor=learner,
        user=learner,
        course=course,
        rating=5,
        reviews="Clear, practical lessons: the incident checklist is already on our wall.",
        display_name=learner.full_name,
    )
    return 1
