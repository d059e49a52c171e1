"""Demo enrolments: the demo learner in the three demo courses, the first one in progress.

Idempotent: an enrolment is found by (learner, course); an existing one is left as it is.
"""

from lms.courses.models import Course
from lms.enrollments import services
from lms.enrollments.models import Enrollment

DEMO_LEARNER = "learner@lectern.local"
# (course slug, how many of its first modules the learner has completed)
DEMO_ENROLMENTS = [
    ("workplace-safety-essentials", 1),
    ("customer-service-foundations", 0),
    ("getting-started-with-the-academy", 0),
]


def load_demo(*, actor, users, portals) -> int:
    learner = users.get(DEMO_LEARNER)
    if learner is None:
        return 0
    created = 0
    for slug, completed in DEMO_ENROLMENTS:
        course = Course.objects.filter(slug=slug).first()
        if course is None or Enrollment.objects.filter(user=learner, course=course).exists():
            continue
        [enrollment], _ = services.enrollments_enroll(actor=actor, course=course, users=[learner])
        created += 1
        for row in course.course_modules.order_by("order", "id")[:completed]:
            services.module_record_access(actor=learner, enrollment=enrollment, course_module=row)
            services.module_mark_complete(actor=learner, enrollment=enrollment, course_module=row)
    return created
