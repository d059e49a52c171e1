import factory

from lms.ratings.models import CourseRating
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory


class CourseRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseRating

    course = factory.SubFactory(CourseFactory, enable_course_rating=True)
    user = factory.SubFactory(UserFactory)
    rating = 4
    reviews = "Useful"
