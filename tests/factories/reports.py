import factory

from lms.reports.models import AutoEnrollCourse, CurrentPortal
from tests.factories.courses import CourseFactory


class AutoEnrollCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AutoEnrollCourse

    course = factory.SubFactory(CourseFactory)


class CurrentPortalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurrentPortal

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    portal = factory.SubFactory("tests.factories.portals.PortalFactory")
