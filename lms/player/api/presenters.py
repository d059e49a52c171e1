"""Build the player's payloads (plain dicts in the seed's shape) from rows already loaded."""

from urllib.parse import quote

from django.db.models import Avg
from django.utils import timezone

from lms.courses.models import Course
from lms.enrollments.models import AccessStatus, Enrollment, ModuleProgressStatus
from lms.enrollments.services import is_expired
from lms.media.api.serializers import MUX_STREAM_URL
from lms.modules.models import ModuleType, PowerPointViewer
from lms.player.selectors import Curriculum, module_detail, module_icon

DAY_MONTH_YEAR = "%d-%m-%Y"
MODULE_DATE = "%b %d, %Y %I:%M %p"


def clock(seconds: int | None) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _local(value, fmt: str) -> str | None:
    return timezone.localtime(value).strftime(fmt) if value else None


def _estimate(amount, unit: str) -> str:
    if amount in (None, ""):
        return ""
    return f"{amount} {unit}".strip()


def course_rating(course: Course) -> float | None:
    average = Course.objects.filter(pk=course.pk).aggregate(value=Avg("ratings__rating"))["value"]
    return round(float(average), 1) if average is not None else None


def media_url(media, fallback: str = "") -> str:
    if media is None:
        return fallback
    if media.file:
        return media.file.url
    if media.playback_id:
        return MUX_STREAM_URL.format(playback_id=media.playback_id)
    return fallback


def _module_base(row) -> dict:
    module = row.module
    return {
        "module_id": module.pk,
        "name": module.name,
        "slug": module.slug,
        "type": module.module_type,
        "icon": module_icon(module.module_type),
        "display_type": ModuleType(module.module_type).label,
        "estimatedCompletion_time": _estimate(module.estimated_completion, module.estimation_completed_unit),
    }


def launch_modules(plan: Curriculum, module_ids=None) -> list[dict]:
    result = []
    for index, row in enumerate(plan.rows, start=1):
        if module_ids and row.module_id not in module_ids:
            continue
        progress = plan.progress.get(row.pk)
        state = plan.availability[row.pk]
        status = progress.status if progress else ModuleProgressStatus.NOT_STARTED
        result.append(
            {
                **_module_base(row),
                "section": row.section,
                "display_order": index,
                "status_row_id": progress.pk if progress else -1,
                "status": status,
                "display_status": status if state.available else "Locked",
                "completion_percentage": 100 if status == ModuleProgressStatus.COMPLETED else 0,
                "started_on": _local(progress and progress.first_accessed_at, MODULE_DATE),
                "completed_on": _local(progress and progress.completed_at, MODULE_DATE),
                "last_accessed_on": _local(progress and progress.last_accessed_at, MODULE_DATE) or "Never",
                "total_time_spent": clock(progress.time_spent_seconds if progress else 0),
                "min_time_spent": row.min_time_minutes,
                "isAvailable": state.available,
                "lockReason": state.reason,
                "availableFrom": _local(state.available_from, MODULE_DATE),
            }
        )
    return result


def launch(plan: Curriculum, module_ids=None) -> dict:
    enrollment, course = plan.enrollment, plan.enrollment.course
    now = timezone.now()
    days_to_expire = None
    if enrollment.expires_at is not None:
        days_to_expire = max((enrollment.expires_at - now).days, 0)
    return {
        "name": course.name,
        "id": enrollment.pk,
        "course_id": course.pk,
        "instructions": course.instructions,
        "rating": course_rating(course),
        "enableCourseRating": course.enable_course_rating,
        "accessStatus": AccessStatus(enrollment.access).label,
        "status": enrollment.status,
        "display_status": "Expired" if is_expired(enrollment, now=now) else enrollment.status,
        "completionPercentage": enrollment.progress_percent,
        "timeSpent": clock(enrollment.time_spent_seconds),
        "enrollmentDate": _local(enrollment.enrolled_at, DAY_MONTH_YEAR),
        "isExpired": is_expired(enrollment, now=now),
        "lastAccessed": _local(enrollment.last_accessed_at, MODULE_DATE) or "Never",
        "estimatedCompletionTime": _estimate(course.estimated_completion, course.estimation_completed_unit),
        "expireOn": _local(enrollment.expires_at, DAY_MONTH_YEAR),
        "modules": launch_modules(plan, module_ids),
        "daysToExpire": days_to_expire,
    }


def course_information(course: Course, rows, plan: Curriculum | None, resources=()) -> dict:
    modules = []
    for row in rows:
        progress = plan.progress.get(row.pk) if plan else None
        if plan is None:
            status = "Not Enrolled"
        elif not plan.availability[row.pk].available:
            status = "Locked"
        else:
            status = progress.status if progress else ModuleProgressStatus.NOT_STARTED
        modules.append(
            {
                **_module_base(row),
                "last_accessed_on": _local(progress and progress.last_accessed_at, MODULE_DATE) or "Never",
                "status": progress.status if progress else status,
                "display_status": status,
                "completion_percentage": 100
                if progress and progress.status == ModuleProgressStatus.COMPLETED
                else 0,
            }
        )
    return {
        "name": course.name,
        "modules": modules,
        "webinarList": [],
        "learningResources": [
            {"id": resource.pk, "name": resource.name, "description": resource.description}
            for resource in resources
        ],
    }


def course_details(plan: Curriculum) -> dict:
    enrollment, course, user = plan.enrollment, plan.enrollment.course, plan.enrollment.user
    modules = []
    for row in plan.rows:
        progress = plan.progress.get(row.pk)
        completed = progress is not None and progress.status == ModuleProgressStatus.COMPLETED
        modules.append(
            {
                "module_id": row.module_id,
                "name": row.module.name,
                "slug": row.module.slug,
                "type": row.module.module_type,
                "icon": module_icon(row.module.module_type),
                "status_row_id": progress.pk if progress else -1,
                "status": progress.status if progress else ModuleProgressStatus.NOT_STARTED,
                "started_on": progress and progress.first_accessed_at,
                "completed_on": progress and progress.completed_at,
                "last_accessed_on": progress and progress.last_accessed_at,
                "total_time_spent": clock(progress.time_spent_seconds) if progress else None,
                "completion_percentage": 100 if completed else 0,
                "no_of_times_accessed": progress.times_accessed if progress else 0,
                "totalMarks": row.points or None,
                "obtainedMarks": float(progress.score) if progress and progress.score is not None else None,
            }
        )
    return {
        "id": enrollment.pk,
        "name": course.name,
        "course_id": course.pk,
        "userId": user.pk,
        "userName": f"{user.first_name} {user.last_name}".strip() or user.email,
        "featuredImageUrl": course.featured_image_url or None,
        "status": enrollment.status,
        "completionPercentage": enrollment.progress_percent,
        "enrollmentDate": enrollment.enrolled_at,
        "expiryDate": enrollment.expires_at,
        "completionDate": enrollment.completed_at,
        "startDate": enrollment.started_at,
        "lastAccessed": enrollment.last_accessed_at,
        "modules": modules,
        "hasSection": any(row.section for row in plan.rows),
    }


def module_details(plan: Curriculum, row, progress, user, *, course_newly_completed=False) -> dict:
    enrollment: Enrollment = plan.enrollment
    previous, following = plan.neighbours(row)
    module = row.module
    return {
        "name": module.name,
        "slug": module.slug,
        "content": module.content,
        "courseName": enrollment.course.name,
        "courseSlug": enrollment.course.slug,
        "min_time_spent": row.min_time_minutes,
        "otherModules": [
            {
                "module_id": other.module_id,
                "module_name": other.module.name,
                "module_slug": other.module.slug,
                "display_order": index,
            }
            for index, other in enumerate(plan.rows, start=1)
        ],
        "launchCheck": {"canbeLaunched": True, "errDesc": ""},
        "prevSlug": previous.module.slug if previous else None,
        "nextSlug": following.module.slug if following else None,
        "courseStatus": enrollment.status,
        "status": progress.status,
        "statusRowId": progress.pk,
        "timeSpent": progress.time_spent_seconds,
        "timeToBeSpent": max(row.min_time_minutes * 60 - progress.time_spent_seconds, 0),
        "trackCompletion": module.track_completion,
        "course_newly_completed": course_newly_completed,
        "currentUserId": user.pk,
        "currentUserName": f"{user.first_name} {user.last_name}".strip() or user.email,
    }


def video_details(plan, row, progress, user) -> dict:
    video = module_detail(row.module)
    media = video.media if video else None
    return {
        **module_details(plan, row, progress, user),
        "subtitleType": video.subtitle_type if video else "",
        "subtitleFilePath": [
            {"language": subtitle.language, "filePath": media_url(subtitle.media)}
            for subtitle in (video.subtitles.all() if video else [])
        ],
        "provider": video.provider if video else "",
        "url": media_url(media, video.url) if video else "",
        "videoId": video.video_id if video else "",
        "coverUrl": video.cover_url if video else "",
        "disableForwardSeek": video.disable_forward_seek if video else False,
        "interactions": video.interactions if video else [],
        "lastWatchedTime": progress.time_spent_seconds,
        "isReady": media is None or media.status == "completed",
    }


def viewer_url(viewer: str, url: str) -> str:
    """The embed address of an office viewer for a document's address."""
    if not url:
        return ""
    if viewer == PowerPointViewer.GOOGLE_DOCS:
        return f"//docs.google.com/viewer?url={quote(url, safe='')}&embedded=true"
    return f"//view.officeapps.live.com/op/embed.aspx?src={quote(url, safe='')}"


def document_details(plan, row, progress, user, *, absolute=lambda url: url) -> dict:
    detail = module_detail(row.module)
    url = absolute(media_url(detail.media, detail.url)) if detail else ""
    payload = {
        **module_details(plan, row, progress, user),
        "totalPoints": row.points,
        "shouldBeEvaluated": row.is_graded,
        "instructorResponse": None,
        "fileUrl": url,
        "allowDownload": detail.allow_download if detail else False,
    }
    if row.module.module_type == ModuleType.POWERPOINT and detail is not None:
        payload.update(viewer=detail.viewer, url=viewer_url(detail.viewer, url))
    return payload
