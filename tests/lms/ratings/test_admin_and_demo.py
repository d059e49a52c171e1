"""The ratings admin applies the same rules as the API; the demo is idempotent; the learner sees the rating."""

import pytest
from django.core.management import call_command

from lms.accounts.models import User
from lms.enrollments.models import EnrollmentStatus
from lms.portals.models import Portal
from lms.ratings import demo
from lms.ratings.models import CourseRating
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/ratings/courserating/add/"


def test_the_admin_refuses_a_rating_for_a_course_not_completed(client, owner):
    client.force_login(owner)
    learner, course = UserFactory(), CourseFactory(enable_course_rating=True)
    EnrollmentFactory(user=learner, course=course, status=EnrollmentStatus.IN_PROGRESS)
    form = {"course": course.pk, "user": learner.pk, "rating": 4, "reviews": "", "display_name": ""}

    response = client.post(ADD_URL, form)

    assert response.status_code == 200
    assert "A course can be rated once it is completed." in response.content.decode()
    assert not CourseRating.objects.exists()


def test_the_admin_adds_a_rating_for_a_completed_course(client, owner):
    client.force_login(owner)
    learner, course = UserFactory(), CourseFactory(enable_course_rating=True)
    EnrollmentFactory(user=learner, course=course, status=EnrollmentStatus.COMPLETED)
    form = {"course": course.pk, "user": learner.pk, "rating": 4, "reviews": "Good", "display_name": ""}

    response = client.post(ADD_URL, form)

    assert response.status_code == 302
    assert CourseRating.objects.get().rating == 4


def test_the_demo_rates_a_completed_course_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)
    rating = CourseRating.objects.get()
    assert rating.user.email == demo.DEMO_RATER
    assert rating.course.slug == demo.DEMO_COURSE
    users = {user.email: user for user in User.objects.all()}
    portals = {portal.name: portal for portal in Portal.objects.all()}
    assert demo.load_demo(actor=users["admin@lectern.local"], users=users, portals=portals) == 0
    assert CourseRating.objects.count() == 1
