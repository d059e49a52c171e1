import factory
from django.utils import timezone

from lms.enrollments.models import Enrollment, ModuleProgress
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


class ModuleProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleProgress

    enrollment = factory.SubFactory(EnrollmentFactory)
    course_module = factory.SubFactory(CourseModuleFactory)
