"""What the learner's pages read, composed from the apps that own the rules; each list is one query,
whatever the number of courses, certificates or modules."""

from dataclasses import dataclass

from django.db.models import QuerySet

from lms.announcements.models import Announcement
from lms.announcements.selectors import announcements_for_learner
from lms.enrollments.models import Enrollment, ModuleProgressStatus
from lms.enrollments.services import is_expired
from lms.media.models import MediaProvider
from lms.media.selectors import bunny_library_credentials
from lms.modules.models import VideoProvider
from lms.player.selectors import Curriculum, learning_resources
from lms.ratings.models import CourseRating
from lms.ratings.selectors import learner_may_rate, learner_rating
from lms.reports.selectors import dashboard_statistics

DASHBOARD_ANNOUNCEMENTS = 10


@dataclass
class Dashboard:
    enrollments: list[Enrollment]
    certificates: list[Enrollment]
    announcements: list[Announcement]
    statistics: dict


def my_enrollments(user) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(user=user).select_related("course")


def dashboard(user) -> Dashboard:
    """My courses (the most recently worked on first), my certificates, announcements meant for me and
    my totals: four queries."""
    enrollments = list(my_enrollments(user).order_by("-last_accessed_at", "-enrolled_at", "-pk"))
    certificates = sorted(
        (row for row in enrollments if row.has_certificate),
        key=lambda row: row.certificate_issued_at,
        reverse=True,
    )
    return Dashboard(
        enrollments=enrollments,
        certificates=certificates,
        announcements=list(announcements_for_learner(user).order_by("-created_at")[:DASHBOARD_ANNOUNCEMENTS]),
        statistics=dashboard_statistics(Enrollment.objects.filter(user=user)),
    )


def resume_row(plan: Curriculum):
    """Where the learner picks up: the first open module not yet completed (else the first open one)."""
    open_rows = [row for row in plan.rows if plan.availability[row.pk].available]
    for row in open_rows:
        progress = plan.progress.get(row.pk)
        if progress is None or progress.status != ModuleProgressStatus.COMPLETED:
            return row
    return open_rows[0] if open_rows else None


@dataclass
class CoursePage:
    plan: Curriculum
    resume: object
    resources: list
    may_rate: bool
    rating: CourseRating | None
    expired: bool


def course_page(plan: Curriculum) -> CoursePage:
    enrollment = plan.enrollment
    may_rate = learner_may_rate(enrollment.user, enrollment.course)
    return CoursePage(
        plan=plan,
        resume=resume_row(plan),
        resources=list(learning_resources(enrollment.course_id, active_only=True)),
        may_rate=may_rate,
        rating=learner_rating(enrollment.user, enrollment.course) if may_rate else None,
        expired=is_expired(enrollment),
    )


@dataclass(frozen=True)
class VideoSource:
    """How the player shows a video: `kind` is "file" (our own <video>), "youtube", "vimeo", "mux" or
    "bunny" (the provider's embedded player), or "" when there is nothing to play yet; `seek_control`
    says whether the page can hold the position (the forward-seek block)."""

    kind: str
    url: str
    seek_control: bool


def video_source(video) -> VideoSource:
    media = video.media if video is not None else None
    if media is not None:
        if media.file:
            return VideoSource("file", media.file.url, True)
        if media.provider == MediaProvider.MUX and media.playback_id:
            # Mux's HLS stream plays natively only in Safari; its embedded player plays it everywhere.
            return VideoSource("mux", f"https://player.mux.com/{media.playback_id}", False)
        library_id, _key = bunny_library_credentials()
        if media.provider == MediaProvider.BUNNY and media.provider_id and library_id:
            return VideoSource(
                "bunny", f"https://iframe.mediadelivery.net/embed/{library_id}/{media.provider_id}", True
            )
        return VideoSource("", "", False)
    if video is not None and video.video_id and video.provider == VideoProvider.YOUTUBE:
        return VideoSource("youtube", f"https://www.youtube-nocookie.com/embed/{video.video_id}", True)
    if video is not None and video.video_id and video.provider == VideoProvider.VIMEO:
        return VideoSource("vimeo", f"https://player.vimeo.com/video/{video.video_id}", True)
    return VideoSource("", "", False)
