"""The learner site's pages: sign-in, the dashboard and the course player (Django's test client; the
browser journey is in test_browser.py)."""

from datetime import timedelta

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from lms.courses.models import DripRule
from lms.enrollments.models import AccessStatus, EnrollmentStatus, ModuleProgress, ModuleProgressStatus
from lms.modules.models import Module, VideoModule, VideoProvider
from lms.ratings.models import CourseRating
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.announcements import AnnouncementFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory
from tests.factories.enrollments import EnrollmentFactory
from tests.factories.media import BunnyVideoFactory, MediaFileFactory, MuxVideoFactory
from tests.factories.player import playable_course
from tests.factories.twofactor import TwoFactorDeviceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def module_url(enrollment, row) -> str:
    return f"/learn/{enrollment.pk}/modules/{row.pk}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Sign-in ---------------------------------------------------------------------------------------


def test_a_learner_signs_in_and_lands_on_the_dashboard():
    learner = UserFactory(email="ada@example.org")
    client = Client()
    assert client.get("/dashboard/")["Location"] == "/sign-in/?next=/dashboard/"
    response = client.post("/sign-in/", {"username": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").context["user"] == learner


def test_a_wrong_password_is_refused_with_a_message():
    UserFactory(email="ada@example.org")
    response = Client().post("/sign-in/", {"username": "ada@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower() or response.context["form"].errors
    assert "_auth_user_id" not in Client().session


def test_an_inactive_learner_cannot_sign_in():
    UserFactory(email="ada@example.org", is_active=False)
    response = Client().post("/sign-in/", {"username": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 200 and response.context["form"].errors


def test_two_factor_learners_need_their_code():
    device = TwoFactorDeviceFactory(user=UserFactory(email="ada@example.org"))
    client = Client()
    refused = client.post("/sign-in/", {"username": "ada@example.org", "password": PASSWORD})
    assert refused.status_code == 200 and "otp_token" in refused.context["form"].errors
    code = pyotp.TOTP(device.secret).now()
    accepted = client.post(
        "/sign-in/", {"username": "ada@example.org", "password": PASSWORD, "otp_token": code}
    )
    assert accepted.status_code == 302


def test_sign_out_is_a_post():
    client = client_for(UserFactory())
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_the_old_accounts_login_address_leads_to_the_sign_in_page():
    response = Client().get("/accounts/login/?next=/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/?next=/dashboard/"


# --- Dashboard -------------------------------------------------------------------------------------


def test_the_dashboard_shows_my_courses_certificates_announcements_and_totals():
    learner = UserFactory()
    done = EnrollmentFactory(
        user=learner,
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
        certificate_issued_at=timezone.now(),
        certificate_file="certificates/issued/x.pdf",
    )
    EnrollmentFactory(user=learner, status=EnrollmentStatus.IN_PROGRESS, progress_percent=40)
    someone_elses = EnrollmentFactory()
    AnnouncementFactory(heading="Welcome week")
    AnnouncementFactory(heading="Only for others", sending_rule="specific_users", users=[UserFactory()])

    response = client_for(learner).get("/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    board = response.context["dashboard"]
    assert {e.pk for e in board.enrollments} == {done.pk, done.pk + 1}
    assert someone_elses.course.name not in html
    assert [e.pk for e in board.certificates] == [done.pk]
    assert f"/learn/{done.pk}/certificate/" in html
    assert "Welcome week" in html and "Only for others" not in html
    assert board.statistics["totalCourses"] == 2 and board.statistics["completedCourses"] == 1


def test_the_dashboard_costs_the_same_queries_for_3_and_30_courses(count_queries):
    few, many = UserFactory(), UserFactory()
    for _ in range(3):
        EnrollmentFactory(user=few)
    for _ in range(30):
        EnrollmentFactory(user=many)
    client_few, client_many = client_for(few), client_for(many)
    _, small = count_queries(lambda: client_few.get("/dashboard/"))
    _, large = count_queries(lambda: client_many.get("/dashboard/"))
    assert small == large


# --- The course page -------------------------------------------------------------------------------


def test_the_course_page_starts_the_course_and_shows_locks_with_their_reasons():
    enrollment, rows = playable_course(types=["text", "text", "text"])
    rows[1].is_locked = True
    rows[1].save()
    rows[2].drip_rule = DripRule.SPECIFIC_INTERVAL
    rows[2].drip_interval = 3
    rows[2].save()

    response = client_for(enrollment.user).get(f"/learn/{enrollment.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Complete {rows[0].module.name} first." in html
    assert "Available on" in html
    assert module_url(enrollment, rows[0]) in html and module_url(enrollment, rows[1]) not in html
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.IN_PROGRESS and enrollment.started_at is not None


def test_another_learners_course_page_is_not_found():
    enrollment, rows = playable_course(types=["text"])
    intruder = client_for(UserFactory())
    assert intruder.get(f"/learn/{enrollment.pk}/").status_code == 404
    assert intruder.get(module_url(enrollment, rows[0])).status_code == 404
    assert intruder.post(module_url(enrollment, rows[0]) + "complete/").status_code == 404
    assert intruder.get(f"/learn/{enrollment.pk}/certificate/").status_code == 404
    assert not ModuleProgress.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in():
    enrollment, rows = playable_course(types=["text"])
    response = Client().get(module_url(enrollment, rows[0]))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")


def test_revoked_access_closes_the_course_with_its_reason():
    enrollment, rows = playable_course(types=["text"])
    enrollment.access = AccessStatus.REVOKED
    enrollment.save()
    client = client_for(enrollment.user)
    page = client.get(f"/learn/{enrollment.pk}/")
    assert page.status_code == 200 and "revoked" in page.content.decode()
    module = client.get(module_url(enrollment, rows[0]))
    assert module.status_code == 403 and "revoked" in module.content.decode()
    assert not ModuleProgress.objects.exists()


def test_expired_access_closes_the_modules():
    enrollment, rows = playable_course(types=["text"])
    enrollment.expires_at = timezone.now() - timedelta(days=1)
    enrollment.save()
    response = client_for(enrollment.user).get(module_url(enrollment, rows[0]))
    assert response.status_code == 403 and "expired" in response.content.decode()


def test_a_locked_module_answers_403_with_the_reason_and_records_nothing():
    enrollment, rows = playable_course(types=["text", "text"])
    rows[1].is_locked = True
    rows[1].save()
    response = client_for(enrollment.user).get(module_url(enrollment, rows[1]))
    assert response.status_code == 403
    assert f"Complete {rows[0].module.name} first." in response.content.decode()
    assert not ModuleProgress.objects.filter(course_module=rows[1]).exists()


def test_a_module_of_another_course_is_not_found():
    enrollment, _rows = playable_course(types=["text"])
    _other, other_rows = playable_course(types=["text"])
    assert client_for(enrollment.user).get(module_url(enrollment, other_rows[0])).status_code == 404


def test_the_course_page_costs_the_same_queries_for_5_and_50_modules(count_queries):
    small, _ = playable_course(types=["text"] * 5)
    large, _ = playable_course(types=["text"] * 50)
    small_client, large_client = client_for(small.user), client_for(large.user)
    small_client.get(f"/learn/{small.pk}/")
    large_client.get(f"/learn/{large.pk}/")  # the first visit starts the course (more writes)
    _, few = count_queries(lambda: small_client.get(f"/learn/{small.pk}/"))
    _, many = count_queries(lambda: large_client.get(f"/learn/{large.pk}/"))
    assert few == many


# --- Modules ---------------------------------------------------------------------------------------


def test_a_text_module_shows_its_content_and_records_the_visit():
    enrollment, rows = playable_course(types=["text", "text"])
    response = client_for(enrollment.user).get(module_url(enrollment, rows[0]))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows[0].module.content in html
    row = ModuleProgress.objects.get(enrollment=enrollment, course_module=rows[0])
    assert row.times_accessed == 1 and row.status == ModuleProgressStatus.IN_PROGRESS
    assert f'data-status-row="{row.pk}"' in html and "/api/v1/player/time/" in html
    assert 'rel="next"' in html and "Mark complete" in html


def test_the_module_page_costs_the_same_queries_for_5_and_50_modules(count_queries):
    small, small_rows = playable_course(types=["text"] * 5)
    large, large_rows = playable_course(types=["text"] * 50)
    small_client, large_client = client_for(small.user), client_for(large.user)
    for client, enrollment, rows in ((small_client, small, small_rows), (large_client, large, large_rows)):
        client.get(module_url(enrollment, rows[1]))
    _, few = count_queries(lambda: small_client.get(module_url(small, small_rows[1])))
    _, many = count_queries(lambda: large_client.get(module_url(large, large_rows[1])))
    assert few == many


def test_a_youtube_video_is_embedded_with_forward_seek_blocked_when_the_module_says_so():
    enrollment, rows = playable_course(types=["video"])
    VideoModule.objects.filter(pk=rows[0].module_id).update(disable_forward_seek=True)
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    assert 'data-embed="youtube" data-no-forward-seek' in html


def test_a_vimeo_video_is_embedded():
    enrollment, rows = playable_course(types=["video"])
    VideoModule.objects.filter(pk=rows[0].module_id).update(provider=VideoProvider.VIMEO, video_id="76979871")
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert "player.vimeo.com/video/76979871" in html and "data-no-forward-seek" not in html


def test_an_in_house_video_plays_from_the_library():
    enrollment, rows = playable_course(types=["video"])
    media = MediaFileFactory(name="lecture.mp4", content_type="video/mp4")
    VideoModule.objects.filter(pk=rows[0].module_id).update(
        provider=VideoProvider.YOUTUBE, video_id="", url="", media=media, disable_forward_seek=True
    )
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert f'src="{media.file.url}"' in html and "data-video data-no-forward-seek" in html


def test_hosted_videos_play_in_their_providers_player(settings):
    settings.BUNNY_LIBRARY_ID = "4242"
    enrollment, rows = playable_course(types=["video", "video"])
    mux, bunny = MuxVideoFactory(playback_id="mux-playback"), BunnyVideoFactory(provider_id="bunny-guid")
    for row, media in zip(rows, (mux, bunny), strict=True):
        VideoModule.objects.filter(pk=row.module_id).update(media=media, disable_forward_seek=True)
    client = client_for(enrollment.user)

    mux_page = client.get(module_url(enrollment, rows[0])).content.decode()
    bunny_page = client.get(module_url(enrollment, rows[1])).content.decode()

    assert 'data-embed="mux" src="https://player.mux.com/mux-playback"' in mux_page
    assert "Skipping ahead is turned off" not in mux_page  # Mux's player offers no way to hold it
    assert (
        'data-embed="bunny" data-no-forward-seek src="https://iframe.mediadelivery.net/embed/4242/bunny-guid"'
        in (bunny_page)
    )
    assert "Skipping ahead is turned off" in bunny_page


def test_a_pdf_module_embeds_the_document_and_offers_the_download_when_allowed():
    enrollment, rows = playable_course(types=["pdf"])
    pdf = rows[0].module.pdf
    pdf.allow_download = True
    pdf.save()
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert 'class="document"' in html and "https://example.org/handbook.pdf#view=FitH" in html
    assert "Download the PDF" in html


def test_a_powerpoint_module_opens_in_its_office_viewer():
    enrollment, rows = playable_course(types=["powerpoint"])
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert (
        "https://view.officeapps.live.com/op/embed.aspx?src=https%3A%2F%2Fexample.org%2Fslides.pptx" in html
    )
    assert "Download the slides" not in html


# --- Mark complete, certificate, rating ------------------------------------------------------------


def test_mark_complete_moves_on_to_the_next_module():
    enrollment, rows = playable_course(types=["text", "text"])
    client = client_for(enrollment.user)
    client.get(module_url(enrollment, rows[0]))
    response = client.post(module_url(enrollment, rows[0]) + "complete/")
    assert response.status_code == 302 and response["Location"] == module_url(enrollment, rows[1])
    assert ModuleProgress.objects.get(course_module=rows[0]).status == ModuleProgressStatus.COMPLETED
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 50


def test_mark_complete_before_the_minimum_time_is_refused_with_the_reason():
    enrollment, rows = playable_course(types=["text"], min_time_minutes=2)
    client = client_for(enrollment.user)
    client.get(module_url(enrollment, rows[0]))
    response = client.post(module_url(enrollment, rows[0]) + "complete/", follow=True)
    assert "Spend at least 2 minute(s) on this module first." in messages_of(response)
    assert ModuleProgress.objects.get(course_module=rows[0]).status == ModuleProgressStatus.IN_PROGRESS
    assert (
        "disabled" in response.content.decode()
        and "Spend 2:00 more on this module." in response.content.decode()
    )


def test_mark_complete_must_be_a_post():
    enrollment, rows = playable_course(types=["text"])
    assert client_for(enrollment.user).get(module_url(enrollment, rows[0]) + "complete/").status_code == 405


def test_completing_the_course_issues_the_certificate_to_download(django_capture_on_commit_callbacks):
    course = CourseFactory(enable_course_rating=True)
    course.certificate_templates.add(CertificateTemplateFactory())
    enrollment, rows = playable_course(types=["text", "pdf"], course=course)
    client = client_for(enrollment.user)
    for row in rows:
        client.get(module_url(enrollment, row))
        with django_capture_on_commit_callbacks(execute=True):  # the certificate task, after commit
            last = client.post(module_url(enrollment, row) + "complete/")
    assert last["Location"] == f"/learn/{enrollment.pk}/"
    page = client.get(last["Location"])
    html = page.content.decode()
    assert f"You completed {course.name}. Well done!" in messages_of(page)
    assert "Download certificate (PDF)" in html and "Rate this course" in html
    download = client.get(f"/learn/{enrollment.pk}/certificate/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert f'filename="certificate-{course.slug}.pdf"' in download["Content-Disposition"]


def test_no_certificate_yet_is_not_found():
    enrollment, _rows = playable_course(types=["text"])
    assert client_for(enrollment.user).get(f"/learn/{enrollment.pk}/certificate/").status_code == 404


def test_the_course_page_says_when_the_certificate_is_still_being_made():
    course = CourseFactory()
    course.certificate_templates.add(CertificateTemplateFactory())
    enrollment = EnrollmentFactory(
        course=course, status=EnrollmentStatus.COMPLETED, started_at=timezone.now()
    )
    html = client_for(enrollment.user).get(f"/learn/{enrollment.pk}/").content.decode()
    assert "Your certificate is being prepared." in html and "Rate this course" not in html


def test_opening_a_course_staff_marked_completed_keeps_it_completed():
    enrollment, _rows = playable_course(types=["text"])
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.save()
    client_for(enrollment.user).get(f"/learn/{enrollment.pk}/")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.started_at is not None


def test_a_learner_rates_a_completed_course_and_can_update_the_rating():
    course = CourseFactory(enable_course_rating=True)
    enrollment = EnrollmentFactory(course=course, status=EnrollmentStatus.COMPLETED)
    client = client_for(enrollment.user)
    first = client.post(f"/learn/{enrollment.pk}/rating/", {"rating": 4, "reviews": "Clear"}, follow=True)
    assert "Thank you for rating this course." in messages_of(first)
    again = client.post(f"/learn/{enrollment.pk}/rating/", {"rating": 5}, follow=True)
    assert "Your rating is updated." in messages_of(again)
    assert CourseRating.objects.get(course=course, user=enrollment.user).rating == 5


def test_rating_before_completion_or_out_of_range_is_refused():
    course = CourseFactory(enable_course_rating=True)
    enrollment = EnrollmentFactory(course=course, status=EnrollmentStatus.IN_PROGRESS)
    client = client_for(enrollment.user)
    early = client.post(f"/learn/{enrollment.pk}/rating/", {"rating": 4}, follow=True)
    assert "A course can be rated once it is completed." in messages_of(early)
    wrong = client.post(f"/learn/{enrollment.pk}/rating/", {"rating": 9}, follow=True)
    assert any(message.startswith("Rating:") for message in messages_of(wrong))
    assert not CourseRating.objects.exists()


def test_another_learner_cannot_rate_through_my_enrolment():
    course = CourseFactory(enable_course_rating=True)
    enrollment = EnrollmentFactory(course=course, status=EnrollmentStatus.COMPLETED)
    assert client_for(UserFactory()).post(f"/learn/{enrollment.pk}/rating/", {"rating": 1}).status_code == 404
    assert not CourseRating.objects.exists()


def test_an_untracked_module_completes_on_opening_and_shows_no_button():
    enrollment, rows = playable_course(types=["text", "text"])
    Module.objects.filter(pk=rows[0].module_id).update(track_completion=False)
    html = client_for(enrollment.user).get(module_url(enrollment, rows[0])).content.decode()
    assert "Mark complete" not in html and 'class="badge completed"' in html


def test_the_learners_pages_send_a_strict_content_security_policy():
    enrollment, rows = playable_course(types=["video"])
    client = client_for(enrollment.user)
    for url in ("/dashboard/", f"/learn/{enrollment.pk}/", module_url(enrollment, rows[0])):
        policy = client.get(url)["Content-Security-Policy"]
        assert (
            "script-src 'self';" in policy and "style-src 'self';" in policy and "object-src 'none'" in policy
        )
        assert "https://www.youtube-nocookie.com" in policy.split("frame-src")[1].split(";")[0]
    assert "Content-Security-Policy" in Client().get("/sign-in/")
