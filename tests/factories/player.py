"""A course ready to play: one module of each player type, a learner enrolled."""

from lms.enrollments.models import Enrollment
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.modules import (
    PdfModuleFactory,
    PowerPointModuleFactory,
    TextModuleFactory,
    VideoModuleFactory,
)

DETAIL_FACTORIES = {
    "text": TextModuleFactory,
    "video": VideoModuleFactory,
    "pdf": PdfModuleFactory,
    "powerpoint": PowerPointModuleFactory,
}


def playable_course(*, types=("text", "video", "pdf", "powerpoint"), user=None, course=None, **row_fields):
    """(enrollment, [course modules]) for a course whose modules are of `types`, in that order."""
    course = course or CourseFactory()
    rows = []
    for order, module_type in enumerate(types, start=1):
        detail = DETAIL_FACTORIES[module_type]()
        rows.append(CourseModuleFactory(course=course, module=detail.module, order=order, **row_fields))
    enrollment: Enrollment = EnrollmentFactory(course=course, user=user or UserFactory())
    return enrollment, rows
