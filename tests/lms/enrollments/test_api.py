import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.enrollments.models import AccessStatus, Enrollment, EnrollmentStatus
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.portals import PortalMembershipFactory

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, format="json")


def test_enroll_learners(owner_api):
    course = CourseFactory()
    users = [UserFactory(), UserFactory()]
    url = f"/api/v1/courses/{course.pk}/enroll-learners/"
    response = _post(owner_api, url, {"studentIds": [u.pk for u in users], "portalId": -1})
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "message": "2 student(s) enrolled successfully",
        "enrolledUsersCount": 2,
        "notEnrolledUsers": 0,
    }
    assert _post(owner_api, url, {"studentIds": f"[{users[0].pk}]"}).json()["notEnrolledUsers"] == 1
    assert _post(owner_api, url, {"studentIds": [users[0].pk, 999999]}).status_code == 422
    assert _post(owner_api, url, {"studentIds": []}).status_code == 422
    assert Enrollment.objects.count() == 2


def test_enroll_refused(learner_api, staff_without_permissions, anonymous, portal_tree, portal_admin):
    course = CourseFactory(portal=portal_tree["second"])
    url = f"/api/v1/courses/{course.pk}/enroll-learners/"
    body = {"studentIds": [UserFactory().pk]}
    assert _post(anonymous, url, body).status_code == 401
    assert _post(learner_api, url, body).status_code == 403
    assert _post(api_client_for(staff_without_permissions), url, body).status_code == 403
    assert _post(api_client_for(portal_admin), url, body).status_code == 404
    assert not Enrollment.objects.exists()


def test_portal_admin_enrols_own_portal_learners(portal_tree, portal_admin):
    course = CourseFactory(portal=portal_tree["first"])
    member = PortalMembershipFactory(portal=portal_tree["first"]).user
    stranger = PortalMembershipFactory(portal=portal_tree["second"]).user
    client, url = api_client_for(portal_admin), f"/api/v1/courses/{course.pk}/enroll-learners/"
    assert _post(client, url, {"studentIds": [stranger.pk]}).status_code == 422
    assert _post(client, url, {"studentIds": [member.pk]}).json()["enrolledUsersCount"] == 1


@pytest.mark.parametrize(
    ("action", "message", "check"),
    [
        ("remove-learners", "2 student(s) removed successfully", lambda qs: not qs.exists()),
        (
            "reset-progress",
            "2 student(s) progress is reset successfully",
            lambda qs: set(qs.values_list("status", flat=True)) == {EnrollmentStatus.NOT_STARTED},
        ),
        (
            "revoke-access",
            "2 learner(s) access has been revoked successfully",
            lambda qs: set(qs.values_list("access", flat=True)) == {AccessStatus.REVOKED},
        ),
        (
            "grant-access",
            "2 learner(s) access has been granted successfully",
            lambda qs: set(qs.values_list("access", flat=True)) == {AccessStatus.GRANTED},
        ),
    ],
)
def test_bulk_actions(owner_api, learner_api, action, message, check):
    course = CourseFactory()
    rows = [
        EnrollmentFactory(course=course, status=EnrollmentStatus.IN_PROGRESS, access=AccessStatus.REVOKED)
        for _ in range(2)
    ]
    other = EnrollmentFactory()
    url = f"/api/v1/courses/{course.pk}/{action}/"
    ids = [row.pk for row in rows]
    assert _post(learner_api, url, {"enrollmentIds": ids}).status_code == 403
    before = list(Enrollment.objects.order_by("pk").values())
    assert _post(owner_api, url, {"enrollmentIds": [*ids, other.pk]}).status_code == 422
    assert list(Enrollment.objects.order_by("pk").values()) == before
    response = _post(owner_api, url, {"enrollmentIds": ids})
    assert response.status_code == 200 and response.json() == {"message": message}
    assert check(Enrollment.objects.filter(pk__in=ids))
    assert Enrollment.objects.filter(pk=other.pk).exists()


def test_set_expiry(owner_api):
    row = EnrollmentFactory()
    url = f"/api/v1/courses/{row.course_id}/set-expiry/"
    response = _post(owner_api, url, {"enrollmentIds": [row.pk], "expiryDate": "2030-01-31"})
    assert response.json() == {"message": "Expiration date is successfully updated for 1 student(s)"}
    row.refresh_from_db()
    assert timezone.localtime(row.expires_at).date().isoformat() == "2030-01-31"
    assert _post(owner_api, url, {"enrollmentIds": [row.pk], "expiryDate": "porro"}).status_code == 422


def test_assign_certificate_and_certificates(owner_api, django_capture_on_commit_callbacks):
    course = CourseFactory()
    row = EnrollmentFactory(course=course)
    url = f"/api/v1/courses/{course.pk}/assign-certificate/"
    assert _post(owner_api, url, {"enrollmentIds": [row.pk]}).status_code == 422  # no template
    course.certificate_templates.add(CertificateTemplateFactory())
    response = _post(owner_api, url, {"enrollmentIds": [row.pk]})
    assert response.json() == {"message": "Certificate is successfully assigned to 1 student(s)"}
    row.refresh_from_db()
    assert row.certificate_file.read(4) == b"%PDF"

    listing = owner_api.get(f"/api/v1/users/{row.user_id}/certificates/", {"page_size": 10, "page_number": 1})
    assert listing.status_code == 200
    [item] = listing.json()
    assert set(item) >= {"id", "title", "issued_at", "valid_till", "issuer", "status"}
    assert (item["id"], item["title"], item["status"], item["valid_till"]) == (
        row.pk,
        course.name,
        "active",
        "Never",
    )
    own = api_client_for(row.user).get("/api/v1/users/undefined/certificates/")
    assert [entry["id"] for entry in own.json()] == [row.pk]
    assert api_client_for(UserFactory()).get(f"/api/v1/users/{row.user_id}/certificates/").status_code == 404
    bad = owner_api.get(f"/api/v1/users/{row.user_id}/certificates/", {"order_by": '[{"field":"nope"}]'})
    assert bad.status_code == 422

    dates = "/api/v1/users/certificates/update-dates/"
    body = {"rowId": row.pk, "newIssueDate": "2020-08-15 10:00:00", "newExpiryDate": "2021-08-15 10:00:00"}
    assert _post(api_client_for(row.user), dates, body).status_code == 403
    assert _post(owner_api, dates, {**body, "newExpiryDate": "2019-01-01 00:00:00"}).status_code == 422
    assert _post(owner_api, dates, body).json() == {"message": "Date Updated Successfully"}
    row.refresh_from_db()
    assert row.certificate_expires_at.year == 2021


def _list(client, course, page_size, **extra):
    return client.get(
        "/api/v1/courses/enrolled-learners/",
        {"course_id": course.pk, "portalId": -1, "page_size": page_size, "page_number": 1, **extra},
    )


def test_enrolled_learners(owner_api, learner_api, count_queries):
    course = CourseFactory(name="course 1")
    EnrollmentFactory(course=course, user=UserFactory(first_name="John", last_name="Doe"))
    EnrollmentFactory(course=course, status=EnrollmentStatus.COMPLETED)
    EnrollmentFactory()
    response = _list(owner_api, course, 10)
    assert response.status_code == 200
    body = response.json()
    assert (body["courseName"], body["recordsTotal"], body["totalNotStarted"], body["totalCompleted"]) == (
        "course 1",
        2,
        1,
        1,
    )
    record = _list(owner_api, course, 10, search_param=json.dumps({"nameOrEmail": "John Doe"})).json()[
        "records"
    ]
    assert len(record) == 1
    assert record[0]["first_name"] == "John" and record[0]["expire_on"] == "Never"
    assert record[0]["access_status"] == "Allowed" and record[0]["started_on"] == ""
    assert _list(owner_api, course, 10, search_param=json.dumps({"status": ["Nope"]})).status_code == 422
    assert _list(learner_api, course, 10).status_code == 403
    for _ in range(5):
        EnrollmentFactory(course=course, certificate_issued_at=timezone.now())
    _, small = count_queries(lambda: _list(owner_api, course, 1))
    _, large = count_queries(lambda: _list(owner_api, course, 50))
    assert small == large


def test_enrolled_user_lookup(owner_api, learner_api):
    course = CourseFactory()
    row = EnrollmentFactory(course=course, user=UserFactory(first_name="John", last_name="Doe"))
    EnrollmentFactory(course=course, user=UserFactory(first_name="Jane", last_name="Roe"))
    url = "/api/v1/courses/enrolled-user-lookup/"
    response = owner_api.get(url, {"id": course.pk, "search_term": '"John Doe"'})
    assert response.json() == [{"id": row.user_id, "name": "John Doe"}]
    assert owner_api.get(url, {"search_term": "x"}).status_code == 422
    assert learner_api.get(url, {"id": course.pk, "search_term": ""}).status_code == 403


def test_users_enrolled_courses(owner_api, count_queries):
    learner = UserFactory(first_name="John", last_name="Doe")
    row = EnrollmentFactory(user=learner, expires_at=timezone.now() - timedelta(days=1))
    EnrollmentFactory()
    url = "/api/v1/users/enrolled-courses/"
    own = api_client_for(learner).get(
        url, {"viewType": '"self"', "page_size": 10, "page_number": 1, "portalId": -1}
    )
    body = own.json()
    assert (body["name"], body["userType"], body["isLearner"], body["recordsTotal"]) == (
        "John Doe",
        "learner",
        True,
        1,
    )
    record = body["records"][0]
    assert (record["id"], record["courseId"], record["isExpired"], record["lastAccessed"]) == (
        row.pk,
        row.course_id,
        True,
        "Never",
    )
    other = UserFactory()
    assert api_client_for(other).get(url, {"user_id": learner.pk}).status_code == 404
    assert owner_api.get(url, {"user_id": learner.pk, "viewType": "manage"}).json()["recordsTotal"] == 1
    assert owner_api.get(url, {"user_id": learner.pk, "viewType": "bogus"}).status_code == 422
    for _ in range(5):
        EnrollmentFactory(user=learner)
    _, small = count_queries(lambda: owner_api.get(url, {"user_id": learner.pk, "page_size": 1}))
    _, large = count_queries(lambda: owner_api.get(url, {"user_id": learner.pk, "page_size": 50}))
    assert small == large


def test_a_course_with_learners_is_kept_by_the_courses_delete(owner_api):
    from lms.courses.models import Course

    held, free = CourseFactory(name="Held"), CourseFactory()
    EnrollmentFactory(course=held)
    body = _post(owner_api, "/api/v1/courses/delete/", {"delete_ids": [held.pk, free.pk]}).json()
    assert body["message"] == (
        "1 course(s) deleted, 1 course(s) not deleted as it has enrollments. "
        "Please remove the students from the course and try again."
    )
    assert body["enrolledCourses"] == [{"id": held.pk, "name": "Held"}]
    assert list(Course.objects.values_list("pk", flat=True)) == [held.pk]


def test_portal_admin_lists_only_their_portals_courses(portal_tree, portal_admin):
    mine = CourseFactory(portal=portal_tree["child"])
    theirs = CourseFactory(portal=portal_tree["second"])
    EnrollmentFactory(course=mine)
    client = api_client_for(portal_admin)
    assert _list(client, mine, 10).json()["recordsTotal"] == 1
    assert _list(client, theirs, 10).status_code == 404
    other_portal = client.get(
        "/api/v1/courses/enrolled-learners/",
        {"course_id": mine.pk, "portalId": portal_tree["second"].pk},
    )
    assert other_portal.status_code == 404
