"""A learner takes a course in a real browser (Debian's Chromium through Playwright) against the live
server: signs in, opens the dashboard, launches the course, works through a text, a video, a PDF and a
PowerPoint module (the last one locked until the PDF is done), downloads the certificate and rates the
course. The player's own script runs for real: time reports and the video's forward-seek block.
"""

import base64
import io
import wave

import pytest

from lms.enrollments.models import EnrollmentStatus, ModuleProgress
from lms.modules.models import Module, PdfModule, PowerPointModule, VideoModule
from lms.ratings.models import CourseRating
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory
from tests.factories.media import MediaFileFactory
from tests.factories.player import playable_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def silent_wav_data_uri(seconds: int = 10) -> str:
    """A real, playable media file for the <video> element (Chromium plays PCM WAV without codecs)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(8000)
        sound.writeframes(b"\x80" * 8000 * seconds)
    return "data:audio/wav;base64," + base64.b64encode(buffer.getvalue()).decode()


def sign_in(page, email: str) -> None:
    """Through the sign-in form, as learners do; they land on their dashboard."""
    page.goto("/sign-in/?next=/dashboard/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/")


@pytest.fixture
def course_to_take(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = CourseFactory(name="Safety at Work", enable_course_rating=True)
    course.certificate_templates.add(CertificateTemplateFactory())
    learner = UserFactory(email="ada@example.org", first_name="Ada")
    enrollment, rows = playable_course(
        types=["text", "video", "pdf", "powerpoint"], course=course, user=learner
    )
    names = ["Why safety matters", "Spotting hazards", "The safety handbook", "Briefing slides"]
    for row, name in zip(rows, names, strict=True):
        Module.objects.filter(pk=row.module_id).update(name=name)
    VideoModule.objects.filter(pk=rows[1].module_id).update(
        media=MediaFileFactory(name="hazards.mp4", content_type="video/mp4"),
        video_id="",
        url="",
        disable_forward_seek=True,
    )
    PdfModule.objects.filter(pk=rows[2].module_id).update(
        media=MediaFileFactory(name="handbook.pdf", content_type="application/pdf"),
        url="",
        allow_download=True,
    )
    PowerPointModule.objects.filter(pk=rows[3].module_id).update(allow_download=True)
    rows[3].is_locked = True
    rows[3].save()
    return enrollment, rows


def test_a_learner_takes_a_course_to_its_certificate(browser, live_server, course_to_take):
    enrollment, rows = course_to_take
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    # The office viewer is an outside service: a stand-in answers for it, as for every provider in tests.
    context.route("https://view.officeapps.live.com/**", lambda route: route.fulfill(body="<p>Slides</p>"))
    page = context.new_page()
    blocked = []  # what the pages' Content-Security-Policy refused: nothing of ours may be
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text)
    )

    # Sign in and open the dashboard.
    sign_in(page, "ada@example.org")
    card = page.locator(f".course-card[data-course='{enrollment.course.slug}']")
    assert "Not Started" in card.inner_text()

    # Launch the course: the slides are locked, with the reason.
    card.get_by_role("link", name="Start").click()
    page.wait_for_url(f"**/learn/{enrollment.pk}/")
    locked = page.locator(".curriculum .module.locked")
    assert locked.count() == 1 and "Complete The safety handbook first." in locked.inner_text()
    response = page.goto(f"/learn/{enrollment.pk}/modules/{rows[3].pk}/")
    assert response.status == 403 and "Complete The safety handbook first." in page.inner_text("main")
    page.goto(f"/learn/{enrollment.pk}/")
    page.get_by_role("link", name="Start: Why safety matters").click()

    # Text: time spent is reported before the module completes.
    page.wait_for_selector("[data-player]")
    page.wait_for_timeout(3500)  # a few seconds on the page, reported with "Mark complete"
    page.get_by_role("button", name="Mark complete").click()
    page.wait_for_url(f"**/modules/{rows[1].pk}/")
    text_row = ModuleProgress.objects.get(enrollment=enrollment, course_module=rows[0])
    assert text_row.status == "Completed" and text_row.time_spent_seconds >= 2

    # Video: skipping ahead is refused, the position snaps back to what was watched.
    assert page.locator("video[data-no-forward-seek]").count() == 1
    page.evaluate(
        """uri => new Promise(resolve => {
            const video = document.querySelector('video');
            video.addEventListener('loadedmetadata', resolve, {once: true});
            video.src = uri;
        })""",
        silent_wav_data_uri(),
    )
    page.evaluate("document.querySelector('video').currentTime = 8")
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelector('video').currentTime") < 1
    page.get_by_role("button", name="Mark complete").click()
    page.wait_for_url(f"**/modules/{rows[2].pk}/")

    # PDF: the document is embedded, and downloadable as the module allows.
    assert page.locator("iframe.document").count() == 1
    assert page.get_by_role("link", name="Download the PDF").count() == 1
    page.get_by_role("button", name="Mark complete").click()

    # PowerPoint, now open: completing it completes the course.
    page.wait_for_url(f"**/modules/{rows[3].pk}/")
    assert (
        page.locator("iframe.document").get_attribute("src").startswith("https://view.officeapps.live.com/")
    )
    button = page.get_by_role("button", name="Mark complete")
    button.scroll_into_view_if_needed()  # below a cross-origin frame: let the scroll settle, then click
    page.wait_for_timeout(300)
    button.click()
    page.wait_for_url(f"**/learn/{enrollment.pk}/")
    assert "You completed Safety at Work. Well done!" in page.inner_text(".messages")

    # The certificate, issued by the Celery task on completion, downloads as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename == f"certificate-{enrollment.course.slug}.pdf"

    # Rate the course.
    page.locator("input[name=rating][value='5']").check()
    page.fill("textarea[name=reviews]", "Clear and practical.")
    page.get_by_role("button", name="Submit rating").click()
    page.wait_for_url(f"**/learn/{enrollment.pk}/#rating")
    assert "Thank you for rating this course." in page.inner_text(".messages")
    assert CourseRating.objects.get(course=enrollment.course, user=enrollment.user).rating == 5

    # The dashboard lists the certificate.
    page.goto("/dashboard/")
    assert "Safety at Work" in page.inner_text("#my-certificates + table")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.progress_percent == 100
    assert blocked == []
    context.close()


# Stands in for YouTube's embedded player: answers "listening" with a position 30 s ahead, as a learner
# dragging the bar would, and keeps the commands it receives for the test to read.
FAKE_YOUTUBE_PLAYER = """<!doctype html><script>
window.received = [];
window.addEventListener("message", function (event) {
  var data = JSON.parse(event.data);
  window.received.push(data);
  if (data.event === "listening") {
    parent.postMessage(JSON.stringify({event: "infoDelivery", info: {currentTime: 30}}), "*");
  }
});
</script>"""


def test_a_youtube_video_cannot_be_skipped_forward_when_the_module_says_so(
    browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    enrollment, rows = playable_course(types=["video"], user=UserFactory(email="ada@example.org"))
    VideoModule.objects.filter(pk=rows[0].module_id).update(disable_forward_seek=True)
    context = browser.new_context(base_url=live_server.url)
    context.route(
        "https://www.youtube-nocookie.com/embed/**",
        lambda route: route.fulfill(body=FAKE_YOUTUBE_PLAYER, content_type="text/html"),
    )
    page = context.new_page()
    sign_in(page, "ada@example.org")

    page.goto(f"/learn/{enrollment.pk}/modules/{rows[0].pk}/")

    player = next(frame for frame in page.frames if "youtube-nocookie.com" in frame.url)
    player.wait_for_function("window.received.some(m => m.func === 'seekTo')")
    seek = player.evaluate("window.received.find(m => m.func === 'seekTo')")
    assert seek["args"] == [0, True]
    assert page.input_value("input[name=watched]") == ""  # the skipped part does not count as watched
    context.close()


def test_time_stops_counting_while_the_learner_is_idle(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LECTERN_PLAYER_IDLE_SECONDS = 1
    enrollment, rows = playable_course(types=["text", "text"], user=UserFactory(email="ada@example.org"))
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "ada@example.org")

    page.goto(f"/learn/{enrollment.pk}/modules/{rows[0].pk}/")
    page.wait_for_timeout(4000)  # no pointer, key or scroll: the learner stepped away
    page.get_by_role("button", name="Mark complete").click()
    page.wait_for_url(f"**/modules/{rows[1].pk}/")

    row = ModuleProgress.objects.get(enrollment=enrollment, course_module=rows[0])
    assert row.status == "Completed" and row.time_spent_seconds <= 2
    context.close()
