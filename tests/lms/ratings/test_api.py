"""Course ratings API: a learner saves their rating after completing a course; details, staff list, delete."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lms.audit.models import Activity
from lms.enrollments.models import EnrollmentStatus
from lms.notifications.models import OutboxEmail
from lms.portals.models import PortalRole
from lms.ratings import selectors
from lms.ratings.models import CourseRating
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.portals import PortalMembershipFactory
from tests.factories.ratings import CourseRatingFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/courses/ratings/"
DETAILS_URL = "/api/v1/courses/ratings/details/"
DELETE_URL = "/api/v1/courses/ratings/delete/"


def local(*args):
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def stamp(rating, created_at):
    CourseRating.objects.filter(pk=rating.pk).update(created_at=created_at)


def state():
    return list(CourseRating.objects.order_by("pk").values()), Activity.objects.count()


def completed(user, **course_fields):
    course = CourseFactory(enable_course_rating=True, **course_fields)
    EnrollmentFactory(user=user, course=course, status=EnrollmentStatus.COMPLETED)
    return course


def seed_body(user, course, **overrides):
    body = {
        "user_id": str(user.pk),
        "course_id": str(course.pk),
        "reviews": "This course is awesome",
        "rating": 5,
        "display_name": "John Doe",
        "portal_id": "1",
    }
    body.update(overrides)
    return body


# --- Save ----------------------------------------------------------------------------------------


class TestSave:
    def test_a_learner_rates_a_completed_course_once_and_a_repeat_updates_it(self, learner, learner_api):
        course = completed(learner)

        first = learner_api.post(LIST_URL, seed_body(learner, course), format="json")
        again = learner_api.post(
            LIST_URL, seed_body(learner, course, rating=3, reviews="Fine"), format="json"
        )

        assert first.status_code == 200, first.json()
        assert first.json() == {"status": "success", "message": "Course Rating saved successfully!"}
        assert again.json() == {"status": "success", "message": "Course Rating updated successfully!"}
        rating = CourseRating.objects.get()
        assert (rating.user, rating.course, rating.rating, rating.reviews) == (learner, course, 3, "Fine")
        assert rating.display_name == "John Doe"
        assert Activity.objects.filter(subject_id=str(rating.pk)).count() == 2

    def test_a_new_rating_is_mailed_to_the_course_author_once(self, learner, learner_api):
        author = UserFactory(email="author@example.org", first_name="Grace")
        course = completed(learner, author=author)

        first = learner_api.post(
            LIST_URL, seed_body(learner, course, rating=4, reviews="Clear <b>examples</b>"), format="json"
        )
        learner_api.post(LIST_URL, seed_body(learner, course, rating=5), format="json")

        assert first.status_code == 200
        [email] = OutboxEmail.objects.all()
        assert email.to == "author@example.org" and course.name in email.subject and "4/5" in email.subject
        assert "John Doe rated your course" in email.body_text
        assert "Clear &lt;b&gt;examples&lt;/b&gt;" in email.body_html

    def test_a_refused_rating_mails_nobody(self, learner, learner_api):
        course = CourseFactory(enable_course_rating=True, author=UserFactory())
        EnrollmentFactory(user=learner, course=course, status=EnrollmentStatus.IN_PROGRESS)
        assert learner_api.post(LIST_URL, seed_body(learner, course), format="json").status_code == 422
        assert not OutboxEmail.objects.exists()

    @pytest.mark.parametrize(
        ("status", "enabled"),
        [(EnrollmentStatus.IN_PROGRESS, True), (EnrollmentStatus.COMPLETED, False)],
    )
    def test_a_course_not_completed_or_not_rated_is_refused(self, learner, learner_api, status, enabled):
        course = CourseFactory(enable_course_rating=enabled)
        EnrollmentFactory(user=learner, course=course, status=status)
        response = learner_api.post(LIST_URL, seed_body(learner, course), format="json")
        assert response.status_code == 422
        assert "course_id" in response.json()["errors"]
        assert not CourseRating.objects.exists()

    def test_a_course_never_enrolled_is_refused(self, learner, learner_api):
        course = CourseFactory(enable_course_rating=True)
        assert learner_api.post(LIST_URL, seed_body(learner, course), format="json").status_code == 422
        assert not CourseRating.objects.exists()

    @pytest.mark.parametrize(
        "overrides", [{"rating": 6}, {"rating": 0}, {"rating": "x"}, {"course_id": "999999"}]
    )
    def test_bad_input_is_refused_and_nothing_is_written(self, learner, learner_api, overrides):
        course = completed(learner)
        response = learner_api.post(LIST_URL, seed_body(learner, course, **overrides), format="json")
        assert response.status_code == 422
        assert not CourseRating.objects.exists()

    def test_a_learner_cannot_rate_for_someone_else(self, learner_api):
        other = UserFactory()
        course = completed(other)
        response = learner_api.post(LIST_URL, seed_body(other, course), format="json")
        assert response.status_code == 404
        assert not CourseRating.objects.exists()

    def test_an_anonymous_caller_is_refused(self, learner):
        course = completed(learner)
        assert APIClient().post(LIST_URL, seed_body(learner, course), format="json").status_code == 401


# --- Details -------------------------------------------------------------------------------------


class TestDetails:
    def test_the_documented_shape_with_average_and_counts_per_star(self, learner_api):
        rater = UserFactory(first_name="John", last_name="Doe")
        course = CourseFactory(name="Course 1", enable_course_rating=True)
        rating = CourseRatingFactory(course=course, user=rater, rating=5, reviews="This is a sample review")
        stamp(rating, local(2020, 2, 10, 10, 0))
        CourseRatingFactory(course=course, rating=4)
        CourseRatingFactory(course=CourseFactory(), rating=1)  # another course

        response = learner_api.get(
            DETAILS_URL, {"page_size": 1, "page_number": 2, "courseIds": f"[{course.pk}]"}
        )

        assert response.status_code == 200
        body = response.json()
        assert body["total"] == 2
        assert body["recordsFiltered"] == 2
        assert body["averageRating"] == 4.5
        assert body["ratingCounts"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
        [row] = body["ratings"]
        assert row.pop("avatar").startswith("<svg")
        assert row == {
            "id": rating.pk,
            "courseName": "Course 1",
            "courseId": course.pk,
            "rating": 5,
            "userId": rater.pk,
            "reviews": "This is a sample review",
            "userDisplayName": "John Doe",
            "submissionDate": "Feb 2020",
        }

    def test_a_learner_does_not_read_another_portals_course_ratings(self, learner, learner_api, portal_tree):
        PortalMembershipFactory(user=learner, portal=portal_tree["child"], role=PortalRole.LEARNER)
        own = CourseRatingFactory(course=CourseFactory(portal=portal_tree["child"]))
        foreign = CourseRatingFactory(course=CourseFactory(portal=portal_tree["second"]))
        ids = json.dumps([own.course_id, foreign.course_id])
        response = learner_api.get(DETAILS_URL, {"courseIds": ids})
        assert [row["id"] for row in response.json()["ratings"]] == [own.pk]

    def test_missing_course_ids_is_a_422(self, learner_api):
        assert learner_api.get(DETAILS_URL, {"courseIds": "not json"}).status_code == 422

    def test_an_anonymous_caller_is_refused(self):
        assert APIClient().get(DETAILS_URL, {"courseIds": "[1]"}).status_code == 401

    def test_the_same_queries_at_page_sizes_1_and_50(self, learner_api, count_queries):
        course = CourseFactory(enable_course_rating=True)
        for _ in range(4):
            CourseRatingFactory(course=course)
        params = {"courseIds": f"[{course.pk}]", "page_number": 1}
        _, small = count_queries(lambda: learner_api.get(DETAILS_URL, {**params, "page_size": 1}))
        _, large = count_queries(lambda: learner_api.get(DETAILS_URL, {**params, "page_size": 50}))
        assert small == large


def test_the_summary_of_no_ratings():
    assert selectors.rating_summary(CourseRating.objects.none()) == {
        "averageRating": None,
        "ratingCounts": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
    }


# --- Staff tabular list ----------------------------------------------------------------------------


class TestList:
    def test_rows_have_the_documented_shape(self, owner_api):
        rater = UserFactory(first_name="John", last_name="Doe")
        rating = CourseRatingFactory(
            course=CourseFactory(name="Course Name"), user=rater, rating=5, reviews="My first comment"
        )
        stamp(rating, local(2020, 8, 11, 5, 56))
        CourseRatingFactory(course=CourseFactory(name="Other"))

        response = owner_api.get(
            LIST_URL,
            {
                "page_size": 50,
                "page_number": 1,
                "order_by": json.dumps({"colName": "created_at", "direction": "desc"}),
                "search_param": json.dumps({"associatedCourse": "course name", "moduleName": ""}),
            },
        )

        assert response.status_code == 200
        assert response.json() == {
            "total": 2,
            "recordsFiltered": 1,
            "ratings": [
                {
                    "id": rating.pk,
                    "courseName": "Course Name",
                    "courseId": rating.course_id,
                    "rating": 5,
                    "userId": rater.pk,
                    "reviews": "My first comment",
                    "userdisplayName": "John Doe",
                    "submissionDate": "Aug 11, 2020 05:56 AM",
                }
            ],
        }

    @pytest.mark.parametrize(("role", "status"), [("learner", 403), ("staff_without_permissions", 403)])
    def test_refused_callers(self, request, role, status):
        client = api_client_for(request.getfixturevalue(role))
        assert client.get(LIST_URL).status_code == status

    def test_an_anonymous_caller_is_refused(self):
        assert APIClient().get(LIST_URL).status_code == 401

    def test_staff_holding_the_view_permission_is_served(self, staff_api_with):
        assert staff_api_with("ratings.view_courserating").get(LIST_URL).status_code == 200

    def test_a_portal_admin_sees_their_portals_ratings(self, portal_tree, portal_admin):
        own = CourseRatingFactory(course=CourseFactory(portal=portal_tree["child"]))
        CourseRatingFactory(course=CourseFactory(portal=portal_tree["second"]))
        response = api_client_for(portal_admin).get(LIST_URL)
        assert [row["id"] for row in response.json()["ratings"]] == [own.pk]

    def test_an_unknown_filter_is_a_422(self, owner_api):
        response = owner_api.get(LIST_URL, {"search_param": json.dumps({"password": "x"})})
        assert response.status_code == 422

    def test_the_same_queries_at_page_sizes_1_and_50(self, owner_api, count_queries):
        for _ in range(4):
            CourseRatingFactory()
        _, small = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 1}))
        _, large = count_queries(lambda: owner_api.get(LIST_URL, {"page_size": 50}))
        assert small == large


# --- Delete --------------------------------------------------------------------------------------


class TestDelete:
    def test_the_seed_request_deletes_the_rating(self, owner_api):
        rating = CourseRatingFactory()
        response = owner_api.post(DELETE_URL, {"id": str(rating.pk)}, format="json")
        assert response.status_code == 200
        assert response.json() == {"status": "success", "message": "Course Rating deleted successfully!"}
        assert not CourseRating.objects.exists()
        assert Activity.objects.filter(subject_id=str(rating.pk)).exists()

    def test_bad_input_is_a_422(self, owner_api):
        CourseRatingFactory()
        before = state()
        assert owner_api.post(DELETE_URL, {"id": "abc"}, format="json").status_code == 422
        assert state() == before

    @pytest.mark.parametrize(("role", "status"), [("learner", 403), ("staff_without_permissions", 403)])
    def test_refused_callers_change_nothing(self, request, role, status):
        rating = CourseRatingFactory()
        before = state()
        response = api_client_for(request.getfixturevalue(role)).post(
            DELETE_URL, {"id": rating.pk}, format="json"
        )
        assert response.status_code == status
        assert state() == before

    def test_a_portal_admin_cannot_delete_another_portals_rating(self, portal_tree, portal_admin):
        foreign = CourseRatingFactory(course=CourseFactory(portal=portal_tree["second"]))
        before = state()
        response = api_client_for(portal_admin).post(DELETE_URL, {"id": foreign.pk}, format="json")
        assert response.status_code == 404
        assert state() == before


def test_the_site_asks_whether_a_learner_may_rate(learner):
    rated = completed(learner)
    started = CourseFactory(enable_course_rating=True)
    EnrollmentFactory(user=learner, course=started, status=EnrollmentStatus.IN_PROGRESS)
    assert selectors.learner_may_rate(learner, rated)
    assert not selectors.learner_may_rate(learner, started)
    unrated = CourseFactory(enable_course_rating=False)
    EnrollmentFactory(user=learner, course=unrated, status=EnrollmentStatus.COMPLETED)
    assert not selectors.learner_may_rate(learner, unrated)
    assert selectors.learner_rating(learner, rated) is None
