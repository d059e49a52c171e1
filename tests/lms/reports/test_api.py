import json
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.enrollments import services as enrollment_services
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgressStatus
from lms.reports.models import AutoEnrollCourse, ContentViewSetting, CurrentPortal
from lms.reports.services import auto_enroll_new_user
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory
from tests.factories.enrollments import EnrollmentFactory, ModuleProgressFactory
from tests.factories.portals import PortalMembershipFactory
from tests.factories.reports import AutoEnrollCourseFactory

pytestmark = pytest.mark.django_db


def _course_with_learners(portal=None, learners=2):
    course = CourseFactory(portal=portal, name="Safety", grading_rule="avg_specific_modules")
    rows = [CourseModuleFactory(course=course, is_graded=True, points=50) for _ in range(2)]
    enrollments = []
    for index in range(learners):
        enrollment = EnrollmentFactory(course=course, status=EnrollmentStatus.IN_PROGRESS)
        ModuleProgressFactory(
            enrollment=enrollment,
            course_module=rows[0],
            status=ModuleProgressStatus.SUBMITTED if index == 0 else ModuleProgressStatus.COMPLETED,
            score=Decimal("80"),
            last_accessed_at=timezone.now(),
        )
        enrollments.append(enrollment)
    return course, rows, enrollments


def _same_queries(count_queries, client, url, method="get", body=None, **params):
    def run(size):
        if method == "get":
            return client.get(url, {**params, "page_size": size})
        return client.post(url, {**(body or {}), "page_size": size}, format="json")

    (small, n_small), (large, n_large) = count_queries(lambda: run(1)), count_queries(lambda: run(50))
    assert small.status_code == large.status_code == 200, large.json()
    assert n_small == n_large
    return large.json()


# --- Overview and course detail report -------------------------------------------------------------


def test_overview_report(owner_api, portal_tree):
    _course_with_learners(portal=portal_tree["first"])
    url = "/api/v1/reports/lms-overview/"
    data = owner_api.post(url, {"searchPortalIds": [portal_tree["first"].pk]}, format="json").json()
    assert data["labels"] == ["Safety"]
    assert data["totalInProgress"] == [2] and data["sumInProgress"] == 2
    assert data["percentageCompleted"] == [0] and data["sumPercentageCompleted"] == 0
    assert owner_api.post(url, {"searchPortalIds": ["x"]}, format="json").status_code == 422
    assert owner_api.post(url, {"searchPortalIds": [999999]}, format="json").status_code == 404


def test_overview_refused(anonymous, learner_api, portal_tree, portal_admin):
    _course_with_learners(portal=portal_tree["second"])
    url = "/api/v1/reports/lms-overview/"
    assert anonymous.post(url, {}, format="json").status_code == 401
    assert learner_api.post(url, {}, format="json").status_code == 403
    data = api_client_for(portal_admin).post(url, {}, format="json").json()
    assert data["labels"] == []
    other = {"searchPortalIds": [portal_tree["second"].pk]}
    assert api_client_for(portal_admin).post(url, other, format="json").status_code == 404


def test_course_detail_report(owner_api, count_queries):
    course, _rows, enrollments = _course_with_learners(learners=3)
    body = {
        "course_ids": [course.pk],
        "page_number": 1,
        "order_by": [],
        "search_param": [],
        "registered_between": [],
        "searchPortalIds": [],
    }
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/course-detail/", "post", body)
    assert data["recordsTotal"] == 3 and data["totalInProgress"] == 3
    record = data["records"][0]
    assert record["course_name"] == "Safety" and record["certifcate_issued"] == "No"
    assert set(record) >= {"user_id", "email", "percent_complete", "total_time_spent", "certificate_expire"}
    bad = {**body, "order_by": {"colName": "nope"}}
    assert owner_api.post("/api/v1/reports/course-detail/", bad, format="json").status_code == 422
    assert owner_api.get("/api/v1/reports/course-detail/").status_code == 405


def test_course_detail_report_scoped(portal_tree, portal_admin):
    _course_with_learners(portal=portal_tree["second"])
    mine, _rows, _e = _course_with_learners(portal=portal_tree["child"], learners=1)
    data = api_client_for(portal_admin).post("/api/v1/reports/course-detail/", {}, format="json").json()
    assert data["recordsTotal"] == 1 and data["records"][0]["course_id"] == mine.pk


# --- A user's report, dashboard, own courses -------------------------------------------------------


def test_user_courses_report(owner_api, count_queries):
    user = UserFactory(first_name="Ann")
    for _ in range(3):
        EnrollmentFactory(user=user)
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/user-courses/", user_id=user.pk)
    assert (
        data["recordsTotal"] == 3
        and data["totalNotStarted"] == 3
        and data["records"][0]["first_name"] == "Ann"
    )
    bad = owner_api.get("/api/v1/reports/user-courses/", {"user_id": user.pk, "search_param": '{"x":1}'})
    assert bad.status_code == 422


def test_user_courses_report_refused(learner_api, portal_tree, portal_admin):
    stranger = PortalMembershipFactory(portal=portal_tree["second"]).user
    url = "/api/v1/reports/user-courses/"
    assert learner_api.get(url, {"user_id": stranger.pk}).status_code == 403
    assert api_client_for(portal_admin).get(url, {"user_id": stranger.pk}).status_code == 404


def test_dashboard_statistics(learner, learner_api, portal_tree):
    EnrollmentFactory(user=learner, status=EnrollmentStatus.COMPLETED, time_spent_seconds=7200)
    EnrollmentFactory(user=learner, course=CourseFactory(portal=portal_tree["first"]))
    url = "/api/v1/reports/dashboard-statistics/"
    assert learner_api.get(url, {"user_id": learner.pk}).json() == {
        "totalCourses": 2,
        "completedCourses": 1,
        "inProgressCourses": 0,
        "notStartedCourses": 1,
        "timeSpent": 2,
    }
    assert (
        learner_api.get(url, {"user_id": learner.pk, "portalId": portal_tree["first"].pk}).json()[
            "totalCourses"
        ]
        == 1
    )
    assert learner_api.get(url, {"user_id": "x"}).status_code == 422
    assert learner_api.get(url, {"user_id": UserFactory().pk}).status_code == 404


def test_learner_portal_courses(learner, learner_api, portal_tree):
    course = CourseFactory(portal=portal_tree["child"], enable_course_rating=True)
    enrollment = EnrollmentFactory(user=learner, course=course)
    EnrollmentFactory(user=learner, course=CourseFactory(portal=portal_tree["second"]))
    EnrollmentFactory(course=course)
    url = "/api/v1/reports/my-portal-courses/"
    body = {
        "portalId": portal_tree["first"].pk,
        "page_size": 17,
        "page_number": 1,
        "order_by": [],
        "search_param": [],
    }
    data = learner_api.post(url, body, format="json").json()
    assert data["totalRecords"] == 1 and data["recordsFiltered"] == 1
    row = data["courses"][0]
    assert row["registrationId"] == enrollment.pk and row["type"] == "course" and row["isEnrolled"] is True
    assert row["launchUrl"].endswith(f"/{course.slug}/launch")
    assert learner_api.post(url, {**body, "portalId": "x"}, format="json").status_code == 422


# --- Gradebook -------------------------------------------------------------------------------------


def test_gradebook(owner_api):
    _course, rows, enrollments = _course_with_learners()
    enrollment = enrollments[1]
    url = f"/api/v1/reports/gradebook/{enrollment.pk}/"
    data = owner_api.get(url, {"userId": enrollment.user_id}).json()
    assert data["id"] == enrollment.pk and data["userId"] == enrollment.user_id
    first, second = data["modules"]
    assert first["status"] == "Completed" and first["obtainedMarks"] == 80.0
    assert second["status_row_id"] == -1 and second["last_accessed_on"] == "Never"
    assert (
        data["percentage"] == 40.0 and data["totalMarks"] == 100 and data["daysToExpire"] == "Unlimited days"
    )
    assert owner_api.get(url, {"userId": enrollments[0].user_id}).status_code == 404
    assert owner_api.get(url, {"userId": "x"}).status_code == 422


def test_gradebook_refused(learner, learner_api, portal_tree, portal_admin):
    enrollment = EnrollmentFactory(user=learner, course=CourseFactory(portal=portal_tree["second"]))
    url = f"/api/v1/reports/gradebook/{enrollment.pk}/"
    assert learner_api.get(url, {"userId": learner.pk}).status_code == 403
    assert api_client_for(portal_admin).get(url, {"userId": learner.pk}).status_code == 404


def test_course_gradebook_queries(count_queries):
    from lms.reports.selectors import course_gradebook

    course, rows, enrollments = _course_with_learners(learners=5)
    result, queries = count_queries(
        lambda: course_gradebook(course, Enrollment.objects.filter(course=course))
    )
    assert queries == 3
    assert result[-1]["course_grade"] == Decimal("40.00")


# --- Activities ------------------------------------------------------------------------------------


def test_course_activities(owner, owner_api, count_queries):
    course = CourseFactory(name="Fire")
    users = [UserFactory(first_name="Ann", last_name="Lee"), UserFactory()]
    created, _ = enrollment_services.enrollments_enroll(actor=owner, course=course, users=users)
    enrollment_services.enrollments_set_access(actor=owner, enrollments=[created[0]], access="revoked")
    enrollment_services.enrollments_remove(
        actor=owner, enrollments=[Enrollment.objects.get(pk=created[1].pk)]
    )
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/course-activities/", course_id=course.pk)
    assert data["courseName"] == "Fire" and data["recordsTotal"] == 4
    verbs = [record["verb"] for record in data["records"]]
    assert sorted(verbs) == ["ENROLLED", "ENROLLED", "REMOVED", "REVOKED"]
    assert "Ann Lee" in {record["student"] for record in data["records"]}
    search = owner_api.get(
        "/api/v1/reports/course-activities/",
        {"course_id": course.pk, "search_param": json.dumps({"nameOrEmail": "Ann"})},
    ).json()
    assert search["recordsFiltered"] == 2
    assert owner_api.get("/api/v1/reports/course-activities/", {"course_id": "x"}).status_code == 422


def test_activity_lookup(owner_api, learner_api):
    data = owner_api.get("/api/v1/reports/activity-lookup/").json()
    assert {"db_value": "ENROLLED", "display_value": "ENROLLED"} in data
    assert learner_api.get("/api/v1/reports/activity-lookup/").status_code == 403


def test_activities_refused(portal_tree, portal_admin):
    course = CourseFactory(portal=portal_tree["second"])
    url = "/api/v1/reports/course-activities/"
    assert api_client_for(portal_admin).get(url, {"course_id": course.pk}).status_code == 404


# --- Submissions -----------------------------------------------------------------------------------


def test_submissions(owner_api, count_queries):
    course, _rows, _enrollments = _course_with_learners(learners=3)
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/submissions/", course_id=course.pk)
    assert data["totalPending"] == 1 and data["courseName"] == "Safety"
    assert data["records"][0]["module_status"] == "Submitted"
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/course-submissions/")
    assert data["records"][0]["course_name"] == "Safety" and data["totalPending"] == 1
    assert owner_api.get("/api/v1/reports/submissions/", {"page_size": 0}).status_code == 422


def test_submissions_scoped(portal_tree, portal_admin, learner_api):
    _course_with_learners(portal=portal_tree["second"])
    client = api_client_for(portal_admin)
    assert client.get("/api/v1/reports/course-submissions/").json()["recordsTotal"] == 0
    assert learner_api.get("/api/v1/reports/course-submissions/").status_code == 403


# --- Portals ---------------------------------------------------------------------------------------


def test_portal_courses(owner_api, portal_tree, count_queries):
    _course_with_learners(portal=portal_tree["child"])
    CourseFactory(portal=portal_tree["second"])
    data = _same_queries(
        count_queries, owner_api, "/api/v1/reports/portal-courses/", portalId=portal_tree["first"].pk
    )
    assert data["portalName"] == "Acme" and data["recordsTotal"] == 1
    record = data["records"][0]
    assert record["last24hCount"] == 2 and record["stats"] == {
        "notStarted": 0,
        "inProgress": 2,
        "completed": 0,
        "total": 2,
    }
    assert owner_api.get("/api/v1/reports/portal-courses/").status_code == 422


def test_portal_lists_refused(portal_tree, portal_admin, learner_api):
    client = api_client_for(portal_admin)
    for url in ("/api/v1/reports/portal-courses/", "/api/v1/reports/portal-users/"):
        assert client.get(url, {"portalId": portal_tree["second"].pk}).status_code == 404
        assert learner_api.get(url, {"portalId": portal_tree["first"].pk}).status_code == 403
    assert (
        client.get("/api/v1/reports/portal-users/", {"portalId": portal_tree["first"].pk}).status_code == 200
    )


def test_portal_users(owner_api, portal_tree, count_queries):
    portal = portal_tree["first"]
    for index in range(3):
        member = PortalMembershipFactory(portal=portal, role="admin" if index == 0 else "learner").user
        EnrollmentFactory(user=member, course=CourseFactory(portal=portal))
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/portal-users/", portalId=portal.pk)
    assert data["recordsTotal"] == 3 and len(data["recordIdsFiltered"]) == 3
    record = data["records"][0]
    assert record["stats"]["total"] == 1 and record["portals"] == "Acme"
    admins = owner_api.get(
        "/api/v1/reports/portal-users/", {"portalId": portal.pk, "userType": "portal_admin"}
    )
    assert (
        admins.json()["recordsTotal"] == 1 and admins.json()["records"][0]["portalUserType"] == "portal_admin"
    )
    outsider = UserFactory()
    others = owner_api.get("/api/v1/reports/portal-users/", {"portalId": portal.pk, "isInPortal": "false"})
    assert outsider.pk in others.json()["recordIdsFiltered"] and others.json()["recordsTotal"] >= 1
    assert not set(others.json()["recordIdsFiltered"]) & set(data["recordIdsFiltered"])
    bad = owner_api.get("/api/v1/reports/portal-users/", {"portalId": portal.pk, "userType": "x"})
    assert bad.status_code == 422


def test_portal_details_report(owner_api, portal_tree, count_queries):
    PortalMembershipFactory(portal=portal_tree["child"])
    data = _same_queries(count_queries, owner_api, "/api/v1/reports/portal-details/")
    child = next(row for row in data["records"] if row["name"] == "Acme Sales")
    assert (
        child["parentPortalName"] == "Acme"
        and child["totalLearner"] == 1
        and len(child["portalUserIds"]) == 1
    )
    assert owner_api.get("/api/v1/reports/portal-details/", {"page_number": 0}).status_code == 422


def test_portal_details_scoped(portal_tree, portal_admin, learner_api):
    data = api_client_for(portal_admin).get("/api/v1/reports/portal-details/").json()
    assert {row["name"] for row in data["records"]} == {"Acme", "Acme Sales"}
    assert learner_api.get("/api/v1/reports/portal-details/").status_code == 403


def test_current_portal(portal_tree):
    member = PortalMembershipFactory(portal=portal_tree["child"]).user
    client = api_client_for(member)
    url = "/api/v1/reports/current-portal/"
    response = client.post(f"{url}?portalId={portal_tree['child'].pk}")
    assert response.json() == {"message": "Current portal updated successfully"}
    assert CurrentPortal.objects.get(user=member).portal == portal_tree["child"]
    assert client.post(f"{url}?portalId={portal_tree['second'].pk}").status_code == 404
    assert client.post(f"{url}?portalId=x").status_code == 422
    other = UserFactory()
    assert client.post(f"{url}?portalId={portal_tree['child'].pk}&userId={other.pk}").status_code == 404
    assert CurrentPortal.objects.count() == 1


def test_current_portal_for_another_user(owner_api, portal_tree):
    user = UserFactory()
    url = f"/api/v1/reports/current-portal/?portalId={portal_tree['second'].pk}&userId={user.pk}"
    assert owner_api.post(url).status_code == 200
    assert CurrentPortal.objects.get(user=user).portal == portal_tree["second"]


# --- Settings: enrol content, auto-enrol -----------------------------------------------------------


def test_enroll_content(owner_api, learner_api):
    user = UserFactory()
    query = (
        f"userId={user.pk}&selectedCourseView='grid'&selectedLearningPathView='list'"
        "&selectedCourseViewMode='enroll'&selectedLearningPathViewMode='enroll'&type='course'"
    )
    url = "/api/v1/reports/enroll-content/"
    assert owner_api.post(f"{url}?{query}").json() == {"message": "Setting Updated Successfully"}
    setting = ContentViewSetting.objects.get(user=user)
    assert (
        setting.enroll_courses and not setting.enroll_learning_paths and setting.learning_path_view == "list"
    )
    assert owner_api.post(f"{url}?{query.replace('course', 'book')}").status_code == 422
    assert learner_api.post(f"{url}?{query}").status_code == 403
    assert ContentViewSetting.objects.count() == 1


def test_auto_enroll_courses(owner, owner_api, learner_api):
    first, second = CourseFactory(), CourseFactory()
    AutoEnrollCourseFactory(course=second)
    url = "/api/v1/reports/auto-enroll-courses/"
    assert owner_api.post(url, {"courses": [first.pk]}, format="json").json() == {
        "message": "Course Updated Successfully",
        "type": "success",
        "title": "Success",
    }
    assert list(AutoEnrollCourse.objects.values_list("course_id", flat=True)) == [first.pk]
    assert owner_api.post(url, {"courses": [first.pk, 999999]}, format="json").status_code == 422
    assert learner_api.post(url, {"courses": [second.pk]}, format="json").status_code == 403
    assert list(AutoEnrollCourse.objects.values_list("course_id", flat=True)) == [first.pk]
    newcomer = UserFactory()
    assert auto_enroll_new_user(actor=owner, user=newcomer) == 1
    assert Enrollment.objects.filter(user=newcomer, course=first).exists()


def test_a_new_user_is_enrolled_in_the_free_courses(owner):
    from lms.accounts.services import user_create

    free = AutoEnrollCourseFactory().course
    newcomer = user_create(actor=owner, email="newcomer@example.com", first_name="New")
    assert list(Enrollment.objects.filter(user=newcomer).values_list("course_id", flat=True)) == [free.pk]


def test_auto_enroll_skips_a_full_portal(owner, portal_tree):
    portal = portal_tree["second"]
    portal.seat_access, portal.total_seats = "limited", 0
    portal.save()
    AutoEnrollCourseFactory(course=CourseFactory(portal=portal))
    free = AutoEnrollCourseFactory().course
    newcomer = UserFactory()
    assert auto_enroll_new_user(actor=owner, user=newcomer) == 1
    assert list(Enrollment.objects.filter(user=newcomer).values_list("course_id", flat=True)) == [free.pk]


def test_learner_portal_courses_queries(learner, learner_api, portal_tree, count_queries):
    for _ in range(3):
        EnrollmentFactory(user=learner, course=CourseFactory(portal=portal_tree["first"]))
    body = {"portalId": portal_tree["first"].pk, "page_number": 1}
    _same_queries(count_queries, learner_api, "/api/v1/reports/my-portal-courses/", "post", body)
