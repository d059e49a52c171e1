import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.courses.models import CourseStatus, DripRule
from lms.enrollments.models import AccessStatus, EnrollmentStatus, ModuleProgress, ModuleProgressStatus
from lms.modules.models import Module
from tests.conftest import api_client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory, ModuleProgressFactory
from tests.factories.player import playable_course

pytestmark = pytest.mark.django_db


def _details_url(kind, enrollment, row):
    return f"/api/v1/{kind}-modules/details/{enrollment.pk}/{row.module_id}/-1/"


# --- Launch ----------------------------------------------------------------------------------------


def test_launch_starts_the_course_with_the_curriculum():
    enrollment, rows = playable_course()
    client = api_client_for(enrollment.user)
    response = client.get(f"/api/v1/courses/launch/{enrollment.pk}/", {"portalId": 1})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) >= {
        "name", "id", "instructions", "rating", "enableCourseRating", "accessStatus", "status",
        "display_status", "completionPercentage", "timeSpent", "enrollmentDate", "isExpired",
        "lastAccessed", "estimatedCompletionTime", "expireOn", "modules", "daysToExpire",
    }  # fmt: skip
    assert body["id"] == enrollment.pk and body["accessStatus"] == "Allowed"
    assert body["status"] == "In Progress" and body["timeSpent"] == "00:00:00"
    assert [m["type"] for m in body["modules"]] == ["text", "video", "pdf", "powerpoint"]
    assert body["modules"][0]["status_row_id"] == -1 and body["modules"][0]["isAvailable"] is True
    enrollment.refresh_from_db()
    assert enrollment.started_at is not None


def test_launch_info_does_not_start_and_filters_modules():
    enrollment, rows = playable_course()
    client = api_client_for(enrollment.user)
    response = client.get(
        f"/api/v1/courses/launch/{enrollment.pk}/?info=true&portalId=1&moduleIds={rows[1].module_id}"
    )
    assert response.status_code == 200
    assert [m["module_id"] for m in response.json()["modules"]] == [rows[1].module_id]
    enrollment.refresh_from_db()
    assert enrollment.started_at is None and enrollment.status == EnrollmentStatus.NOT_STARTED


def test_launch_refused(anonymous, learner_api):
    enrollment, _rows = playable_course()
    url = f"/api/v1/courses/launch/{enrollment.pk}/"
    assert anonymous.get(url).status_code == 401
    assert learner_api.get(url).status_code == 404  # another learner's enrolment
    assert api_client_for(enrollment.user).get(url, {"moduleIds": "x"}).status_code == 422
    enrollment.access = AccessStatus.REVOKED
    enrollment.save()
    client = api_client_for(enrollment.user)
    assert client.get(url).status_code == 403
    assert client.get(url, {"info": "true"}).json()["accessStatus"] == "Revoked"
    enrollment.access, enrollment.expires_at = AccessStatus.GRANTED, timezone.now() - timedelta(days=1)
    enrollment.save()
    assert client.get(url).status_code == 403
    assert client.get(url, {"info": "true"}).json()["isExpired"] is True
    enrollment.refresh_from_db()
    assert enrollment.started_at is None


def test_query_counts_same_for_5_and_50_modules(count_queries):
    counts = []
    for size in (5, 50):
        enrollment, _rows = playable_course(
            types=["text", "video", "pdf", "powerpoint", "text"] * (size // 5)
        )
        client = api_client_for(enrollment.user)
        client.get(f"/api/v1/courses/launch/{enrollment.pk}/")
        urls = [
            (f"/api/v1/courses/launch/{enrollment.pk}/", {}),
            ("/api/v1/courses/course-information/", {"courseId": enrollment.course_id}),
            (f"/api/v1/courses/registrations/{enrollment.pk}/details/", {}),
        ]
        counts.append([count_queries(lambda u=u, q=q, c=client: c.get(u, q))[1] for u, q in urls])
    assert counts[0] == counts[1]


# --- Course information and details ----------------------------------------------------------------


def test_course_information_for_learner_and_visitor(owner_api):
    enrollment, rows = playable_course()
    client = api_client_for(enrollment.user)
    body = client.get(
        "/api/v1/courses/course-information/", {"courseId": enrollment.course_id, "portalId": 1}
    ).json()
    assert set(body) == {"name", "modules", "webinarList", "learningResources"}
    assert body["modules"][0]["status"] == "Not Started" and body["modules"][0]["display_type"] == "Text"
    stranger = api_client_for(UserFactory())
    url = "/api/v1/courses/course-information/"
    assert stranger.get(url, {"courseId": enrollment.course_id}).status_code == 404  # draft course
    enrollment.course.status = CourseStatus.PUBLISHED
    enrollment.course.save()
    assert (
        stranger.get(url, {"courseId": enrollment.course_id}).json()["modules"][0]["status"] == "Not Enrolled"
    )
    assert (
        stranger.get(url, {"courseId": enrollment.course_id, "userId": enrollment.user_id}).status_code == 404
    )
    assert stranger.get(url, {"courseId": "x"}).status_code == 422
    staff_view = owner_api.get(url, {"courseId": enrollment.course_id, "userId": enrollment.user_id})
    assert staff_view.json()["modules"][0]["status"] == "Not Started"


def test_course_details_of_a_registration(owner_api, learner_api):
    enrollment, rows = playable_course()
    ModuleProgressFactory(
        enrollment=enrollment, course_module=rows[0], status=ModuleProgressStatus.COMPLETED, times_accessed=2
    )
    url = f"/api/v1/courses/registrations/{enrollment.pk}/details/"
    body = api_client_for(enrollment.user).get(url).json()
    assert body["id"] == enrollment.pk and body["userId"] == enrollment.user_id
    assert (
        body["modules"][0]["completion_percentage"] == 100 and body["modules"][0]["no_of_times_accessed"] == 2
    )
    assert body["modules"][1]["status_row_id"] == -1 and body["hasSection"] is False
    assert owner_api.get(url, {"userId": enrollment.user_id}).status_code == 200
    assert learner_api.get(url).status_code == 404
    assert learner_api.get(url, {"userId": enrollment.user_id}).status_code == 404
    assert owner_api.get(url, {"userId": "abc"}).status_code == 422


# --- Module details --------------------------------------------------------------------------------


def test_text_module_details_records_the_visit():
    enrollment, rows = playable_course()
    client = api_client_for(enrollment.user)
    response = client.get(_details_url("text", enrollment, rows[0]))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["content"] == rows[0].module.content and body["prevSlug"] is None
    assert body["nextSlug"] == rows[1].module.slug and len(body["otherModules"]) == 4
    assert body["status"] == "In Progress" and body["launchCheck"] == {"canbeLaunched": True, "errDesc": ""}
    row = ModuleProgress.objects.get(pk=body["statusRowId"])
    assert row.times_accessed == 1 and row.first_accessed_at is not None
    assert client.get(_details_url("video", enrollment, rows[0])).status_code == 404  # wrong type


def test_video_pdf_powerpoint_details():
    enrollment, rows = playable_course()
    client = api_client_for(enrollment.user)
    video = client.get(_details_url("video", enrollment, rows[1])).json()
    assert video["provider"] == "youtube" and video["disableForwardSeek"] is False
    assert video["url"] and video["subtitleFilePath"] == [] and video["isReady"] is True
    pdf = client.get(_details_url("pdf", enrollment, rows[2])).json()
    assert pdf["fileUrl"] == "https://example.org/handbook.pdf" and pdf["allowDownload"] is False
    ppt = client.get(_details_url("powerpoint", enrollment, rows[3])).json()
    assert ppt["url"].startswith("//view.officeapps.live.com/") and ppt["nextSlug"] is None
    info = client.get("/api/v1/powerpoint-modules/detailed-info/", {"moduleId": rows[3].module_id}).json()
    assert set(info) == {"name", "slug", "viewer", "url", "content", "timeSpent"}
    assert client.get("/api/v1/powerpoint-modules/detailed-info/", {"moduleId": "x"}).status_code == 422
    other = api_client_for(UserFactory())
    assert (
        other.get("/api/v1/powerpoint-modules/detailed-info/", {"moduleId": rows[3].module_id}).status_code
        == 404
    )


def test_locked_and_dripped_modules_are_refused():
    enrollment, rows = playable_course(types=["text", "text", "text"])
    rows[1].is_locked = True
    rows[1].save()
    rows[2].drip_rule, rows[2].drip_fixed_date = DripRule.FIXED_DATE, timezone.localdate() + timedelta(days=3)
    rows[2].save()
    client = api_client_for(enrollment.user)
    locked = client.get(_details_url("text", enrollment, rows[1]))
    assert locked.status_code == 403 and "first" in locked.json()["message"]
    dripped = client.get(_details_url("text", enrollment, rows[2]))
    assert dripped.status_code == 403 and "Available on" in dripped.json()["message"]
    launch = client.get(f"/api/v1/courses/launch/{enrollment.pk}/").json()
    assert [m["isAvailable"] for m in launch["modules"]] == [True, False, False]
    assert launch["modules"][1]["lockReason"].startswith("Complete ")
    assert not ModuleProgress.objects.filter(course_module__in=rows[1:]).exists()


def test_module_details_refused(learner_api):
    enrollment, rows = playable_course()
    url = _details_url("text", enrollment, rows[0])
    assert learner_api.get(url).status_code == 404
    enrollment.access = AccessStatus.REVOKED
    enrollment.save()
    assert api_client_for(enrollment.user).get(url).status_code == 403
    assert not ModuleProgress.objects.exists()


# --- Mark complete ---------------------------------------------------------------------------------


def test_mark_complete_text_and_course_completion():
    enrollment, rows = playable_course(types=["text", "video"])
    client = api_client_for(enrollment.user)
    text_row = client.get(_details_url("text", enrollment, rows[0])).json()["statusRowId"]
    response = client.post(f"/api/v1/text-modules/mark-complete/?statusRowId={text_row}")
    assert response.json() == {
        "is_success": True,
        "message": "Module Completed Successfully",
        "course_newly_completed": False,
    }
    video_row = client.get(_details_url("video", enrollment, rows[1])).json()["statusRowId"]
    assert client.post(f"/api/v1/text-modules/mark-complete/?statusRowId={video_row}").status_code == 404
    response = client.post(f"/api/v1/video-modules/mark-complete/?statusRowId={video_row}&videoDuration=90")
    assert response.json() == {
        "status": True,
        "message": "Module completed successfully",
        "course_newly_completed": True,
    }
    again = client.post(f"/api/v1/video-modules/mark-complete/?statusRowId={video_row}&videoDuration=90")
    assert again.json()["course_newly_completed"] is False
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.progress_percent == 100


def test_mark_complete_refusals(learner_api):
    enrollment, rows = playable_course(types=["text", "video"], min_time_minutes=5)
    client = api_client_for(enrollment.user)
    status_row = client.get(_details_url("text", enrollment, rows[0])).json()["statusRowId"]
    refused = client.post(f"/api/v1/text-modules/mark-complete/?statusRowId={status_row}")
    assert refused.status_code == 422  # minimum time not spent
    assert client.post("/api/v1/text-modules/mark-complete/?statusRowId=abc").status_code == 422
    video_row = client.get(_details_url("video", enrollment, rows[1])).json()["statusRowId"]
    # a claimed duration counts only up to the time really passed since the module was opened
    long_claim = client.post(
        f"/api/v1/video-modules/mark-complete/?statusRowId={video_row}&videoDuration=3600"
    )
    assert long_claim.status_code == 422
    assert client.post(f"/api/v1/video-modules/mark-complete/?statusRowId={video_row}").status_code == 422
    assert (
        learner_api.post(f"/api/v1/text-modules/mark-complete/?statusRowId={status_row}").status_code == 404
    )
    assert not ModuleProgress.objects.filter(status=ModuleProgressStatus.COMPLETED).exists()


def test_video_duration_counts_up_to_elapsed_time():
    enrollment, rows = playable_course(types=["video"], min_time_minutes=1)
    client = api_client_for(enrollment.user)
    status_row = client.get(_details_url("video", enrollment, rows[0])).json()["statusRowId"]
    ModuleProgress.objects.filter(pk=status_row).update(
        first_accessed_at=timezone.now() - timedelta(minutes=3)
    )
    response = client.post(f"/api/v1/video-modules/mark-complete/?statusRowId={status_row}&videoDuration=90")
    assert response.status_code == 200, response.json()
    assert ModuleProgress.objects.get(pk=status_row).time_spent_seconds == 90


# --- Update progress (staff) -----------------------------------------------------------------------


def test_update_course_progress(owner_api):
    enrollment, rows = playable_course(types=["text", "text"])
    modules = json.dumps([{"module_id": rows[0].module_id, "status": "Completed"}])
    url = f"/api/v1/courses/{enrollment.course_id}/update-progress/"
    response = owner_api.post(
        f"{url}?userId={enrollment.user_id}&expiryDate=2030-01-01 00:00:00&modules={modules}"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"message": "Course updated Successfully"}
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 50 and enrollment.expires_at.year == 2030
    assert enrollment.status == EnrollmentStatus.IN_PROGRESS
    response = owner_api.post(url, {"userId": enrollment.user_id, "status": "Completed"}, format="json")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.completed_at is not None


def test_update_course_progress_refused(owner_api, learner_api, staff_without_permissions):
    enrollment, rows = playable_course(types=["text"])
    url = f"/api/v1/courses/{enrollment.course_id}/update-progress/"
    bad_module = json.dumps([{"module_id": 999999, "status": "Completed"}])
    assert owner_api.post(f"{url}?userId={enrollment.user_id}&modules={bad_module}").status_code == 422
    assert owner_api.post(f"{url}?userId={enrollment.user_id}&status=Bogus").status_code == 422
    assert owner_api.post(f"{url}?userId={enrollment.user_id}&expiryDate=someday").status_code == 422
    assert owner_api.post(f"{url}?userId={UserFactory().pk}").status_code == 404
    assert learner_api.post(f"{url}?userId={enrollment.user_id}").status_code == 403
    staff = api_client_for(staff_without_permissions)
    assert staff.post(f"{url}?userId={enrollment.user_id}").status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 0 and enrollment.expires_at is None
    assert not ModuleProgress.objects.exists()


def test_update_course_progress_portal_admin_scope(portal_tree, portal_admin):
    course = CourseFactory(portal=portal_tree["second"])
    enrollment, _rows = playable_course(types=["text"], course=course)
    url = f"/api/v1/courses/{course.pk}/update-progress/?userId={enrollment.user_id}&status=Completed"
    assert api_client_for(portal_admin).post(url).status_code == 404


# --- Pending submissions ---------------------------------------------------------------------------


def test_pending_submissions(owner_api, learner_api, portal_tree, portal_admin):
    enrollment, rows = playable_course(
        types=["text", "text"], course=CourseFactory(portal=portal_tree["second"])
    )
    ModuleProgressFactory(enrollment=enrollment, course_module=rows[0], status=ModuleProgressStatus.SUBMITTED)
    other = EnrollmentFactory(course=enrollment.course)
    ModuleProgressFactory(enrollment=other, course_module=rows[1], status=ModuleProgressStatus.SUBMITTED)
    ModuleProgressFactory(enrollment=other, course_module=rows[0], status=ModuleProgressStatus.COMPLETED)
    body = owner_api.get("/api/v1/modules/pending-submissions/").json()
    assert body == {
        "totalPending": 2,
        "data": [{"id": enrollment.course_id, "name": enrollment.course.name, "totalSubmission": 2}],
    }
    assert learner_api.get("/api/v1/modules/pending-submissions/").status_code == 403
    admin_view = api_client_for(portal_admin).get("/api/v1/modules/pending-submissions/").json()
    assert admin_view == {"totalPending": 0, "data": []}
    assert owner_api.get("/api/v1/modules/pending-submissions/", {"portalId": "x"}).status_code == 422


# --- Learning resources ----------------------------------------------------------------------------


def test_learning_resources(owner_api, learner_api):
    from lms.player import services as player_services
    from lms.player.models import LearningResource, ResourceStatus
    from tests.factories.media import MediaFileFactory

    enrollment, _rows = playable_course(types=["text"])
    course = enrollment.course
    media = MediaFileFactory(name="LR2.pdf", content_type="application/pdf")
    player_services.learning_resource_create(actor=None, course=course, name="Handbook", media=media)
    player_services.learning_resource_create(
        actor=None,
        course=course,
        name="Old link",
        url="https://example.org/a.mp4",
        status=ResourceStatus.INACTIVE,
    )
    url = f"/api/v1/courses/{course.pk}/learning-resources/"
    rows = owner_api.get(url, {"search_param": "{}"}).json()
    assert [r["name"] for r in rows] == ["Handbook", "Old link"]
    assert rows[0]["file_name"] == "LR2.pdf" and rows[0]["file_type"] == "pdf"
    assert rows[0]["mime_type"] == "application/pdf" and rows[1]["file_type"] == "mp4"
    assert set(rows[0]) >= {"id", "name", "type", "status", "mux_id", "bunny_video_id", "created_at"}
    assert [r["name"] for r in owner_api.get(url, {"search_param": '{"name": "old"}'}).json()] == ["Old link"]
    learner_rows = api_client_for(enrollment.user).get(url).json()
    assert [r["name"] for r in learner_rows] == ["Handbook"]
    info = api_client_for(enrollment.user).get("/api/v1/courses/course-information/", {"courseId": course.pk})
    assert info.json()["learningResources"] == [{"id": rows[0]["id"], "name": "Handbook", "description": ""}]
    assert learner_api.get(url).status_code == 404
    assert owner_api.get(url, {"search_param": "[1"}).status_code == 422
    count = LearningResource.objects.count()
    with pytest.raises(Exception, match="media"):
        player_services.learning_resource_create(actor=None, course=course, name="Nothing")
    assert LearningResource.objects.count() == count


def test_demo_is_idempotent(owner):
    from lms.player.demo import load_demo
    from lms.player.models import LearningResource

    CourseFactory(slug="workplace-safety-essentials")
    assert load_demo(actor=owner, users={}, portals={}) == 2
    assert load_demo(actor=owner, users={}, portals={}) == 0
    assert LearningResource.objects.count() == 2


def test_record_time_counts_up_to_elapsed_time(learner_api):
    enrollment, rows = playable_course(types=["text"], min_time_minutes=1)
    client = api_client_for(enrollment.user)
    status_row = client.get(_details_url("text", enrollment, rows[0])).json()["statusRowId"]
    ModuleProgress.objects.filter(pk=status_row).update(
        last_accessed_at=timezone.now() - timedelta(seconds=70)
    )
    response = client.post("/api/v1/player/time/", {"statusRowId": status_row, "seconds": 600}, format="json")
    assert response.status_code == 200, response.json()
    assert 70 <= response.json()["timeSpent"] < 80
    assert client.post(f"/api/v1/text-modules/mark-complete/?statusRowId={status_row}").status_code == 200
    assert client.post("/api/v1/player/time/", {"statusRowId": status_row, "seconds": -1}).status_code == 422
    assert (
        learner_api.post("/api/v1/player/time/", {"statusRowId": status_row, "seconds": 5}).status_code == 404
    )


# --- Modules that do not track completion ---------------------------------------------------------


def test_an_untracked_module_completes_when_opened():
    enrollment, rows = playable_course(types=["text", "text"])
    Module.objects.filter(pk=rows[0].module_id).update(track_completion=False)
    client = api_client_for(enrollment.user)
    body = client.get(_details_url("text", enrollment, rows[0])).json()
    assert body["status"] == "Completed" and body["trackCompletion"] is False
    tracked = client.get(_details_url("text", enrollment, rows[1])).json()
    assert tracked["status"] == "In Progress"
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 50


def test_an_untracked_module_with_a_minimum_time_completes_once_the_time_is_spent():
    enrollment, rows = playable_course(types=["text"], min_time_minutes=1)
    Module.objects.filter(pk=rows[0].module_id).update(track_completion=False)
    client = api_client_for(enrollment.user)
    status_row = client.get(_details_url("text", enrollment, rows[0])).json()["statusRowId"]
    assert ModuleProgress.objects.get(pk=status_row).status == "In Progress"
    ModuleProgress.objects.filter(pk=status_row).update(
        last_accessed_at=timezone.now() - timedelta(seconds=30)
    )
    half = client.post("/api/v1/player/time/", {"statusRowId": status_row, "seconds": 30}, format="json")
    assert half.json()["status"] == "In Progress"
    ModuleProgress.objects.filter(pk=status_row).update(
        last_accessed_at=timezone.now() - timedelta(seconds=40)
    )
    done = client.post("/api/v1/player/time/", {"statusRowId": status_row, "seconds": 40}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "Completed"
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
