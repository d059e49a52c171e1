"""What enrolments register with other apps.

`ENROLLED_COURSES_RULE`: the courses' bulk delete keeps a course with learners and reports it as
"enrolled" (`enrolledCourses`). Registered by `register_all()` from `EnrollmentsConfig.ready()`.
"""

from django.db.models import Exists, OuterRef, QuerySet

from lms.courses.services import CourseKeepRule, register_course_keep_rule
from lms.enrollments.models import Enrollment


def courses_with_enrollments(courses: QuerySet) -> QuerySet:
    return courses.filter(Exists(Enrollment.objects.filter(course=OuterRef("pk"))))


ENROLLED_COURSES_RULE = CourseKeepRule(
    reason="enrolled",
    message="it has enrollments. Please remove the students from the course and try again",
    blocking=courses_with_enrollments,
)


def register_all() -> None:
    register_course_keep_rule(ENROLLED_COURSES_RULE)
