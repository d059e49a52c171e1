"""Demo rows of the reports app: the first published demo course is auto-enrolled for new users,
and the demo learner's current portal is their first portal.

Idempotent: rows are found by their natural key (course; user).
"""

from lms.courses.models import Course
from lms.portals.models import PortalMembership
from lms.reports import services
from lms.reports.models import AutoEnrollCourse, CurrentPortal

DEMO_LEARNER = "learner@lectern.local"
AUTO_ENROLL_SLUG = "customer-service-foundations"


def load_demo(*, actor, users, portals) -> int:
    created = 0
    course = Course.objects.filter(slug=AUTO_ENROLL_SLUG).first()
    if course is not None and not AutoEnrollCourse.objects.filter(course=course).exists():
        current = list(Course.objects.filter(auto_enroll__isnull=False))
        services.auto_enroll_courses_set(actor=actor, courses=[*current, course])
        created += 1
    learner = users.get(DEMO_LEARNER)
    if learner is not None and not CurrentPortal.objects.filter(user=learner).exists():
        membership = PortalMembership.objects.filter(user=learner).select_related("portal").first()
        if membership is not None:
            services.current_portal_set(actor=actor, user=learner, portal=membership.portal)
            created += 1
    return created
