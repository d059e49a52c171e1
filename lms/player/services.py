"""Writes of the course player. The rules themselves (availability, minimum time, completion,
certificates) live in `lms.enrollments.services`; these wrap them for the player's operations.
Every write is transactional and audited; refusals raise `Unprocessable` (422).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.courses.models import CourseModule
from lms.enrollments.models import Enrollment, EnrollmentStatus, ModuleProgress, ModuleProgressStatus
from lms.enrollments.services import (
    ENROLLMENT_FIELDS,
    enrollment_refresh,
    enrollments_set_expiry,
    module_mark_complete,
    module_record_access,
    start_fields,
)
from website.api.errors import Unprocessable

PROGRESS_FIELDS = ("status", "first_accessed_at", "last_accessed_at", "completed_at")


def _locked(enrollment: Enrollment) -> Enrollment:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "course__portal", "user")
        .get(pk=enrollment.pk)
    )


@transaction.atomic
def player_launch(*, actor, enrollment: Enrollment) -> Enrollment:
    """The learner starts (or resumes) the course: first start recorded, last access refreshed."""
    enrollment = _locked(enrollment)
    now = timezone.now()
    fields = {"last_accessed_at": now, **start_fields(enrollment, now)}
    return logged_update(
        actor=actor,
        instance=enrollment,
        tracked=ENROLLMENT_FIELDS,
        fields=fields,
        portal=enrollment.course.portal,
    )


def _complete_when_due(actor, enrollment: Enrollment, course_module: CourseModule, row: ModuleProgress):
    """A module that does not track completion (no "mark complete" step) completes by itself once the
    learner has opened it and spent its minimum time."""
    due = (
        not course_module.module.track_completion
        and row.status != ModuleProgressStatus.COMPLETED
        and row.time_spent_seconds >= course_module.min_time_minutes * 60
    )
    if due:
        row, _ = module_mark_complete(actor=actor, enrollment=enrollment, course_module=course_module)
    return row


@transaction.atomic
def player_open_module(*, actor, enrollment: Enrollment, course_module: CourseModule) -> ModuleProgress:
    """Opening a module counts a visit (422 with the reason for a closed module)."""
    row = module_record_access(actor=actor, enrollment=enrollment, course_module=course_module)
    return _complete_when_due(actor, enrollment, course_module, row)


@transaction.atomic
def player_mark_complete(
    *, actor, row: ModuleProgress, watched_seconds: int | None = None
) -> tuple[ModuleProgress, bool]:
    """Complete the module of a status row. A video's watched time counts, up to the time that has
    really passed since the learner first opened it. Returns (row, whether the course just completed)."""
    enrollment = _locked(row.enrollment)
    was_completed = enrollment.completed_at is not None
    row = ModuleProgress.objects.select_related("course_module").get(pk=row.pk)
    course_module = row.course_module
    if watched_seconds:
        elapsed = int((timezone.now() - (row.first_accessed_at or timezone.now())).total_seconds())
        credit = max(0, min(int(watched_seconds), elapsed) - row.time_spent_seconds)
        if credit:
            module_record_access(
                actor=actor, enrollment=enrollment, course_module=course_module, seconds=credit
            )
    row, _ = module_mark_complete(actor=actor, enrollment=enrollment, course_module=course_module)
    now_completed = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=False).exists()
    return row, now_completed and not was_completed


@transaction.atomic
def player_record_time(*, actor, row: ModuleProgress, seconds: int) -> ModuleProgress:
    """Time the learner spent on a module since the last report, up to the time really passed."""
    enrollment = _locked(row.enrollment)
    row = ModuleProgress.objects.select_related("course_module__module").get(pk=row.pk)
    since = row.last_accessed_at or row.first_accessed_at or timezone.now()
    elapsed = int((timezone.now() - since).total_seconds())
    credit = max(0, min(int(seconds), elapsed))
    course_module = row.course_module
    row = module_record_access(
        actor=actor, enrollment=enrollment, course_module=course_module, seconds=credit
    )
    return _complete_when_due(actor, enrollment, course_module, row)


@transaction.atomic
def player_update_progress(
    *,
    actor,
    enrollment: Enrollment,
    dates: dict[str, datetime | None],
    status: str | None = None,
    modules: list[dict] | None = None,
) -> Enrollment:
    """Staff correct an enrolment: its dates, status and module statuses (then progress, grade and
    completion are recomputed by `enrollment_refresh`)."""
    enrollment = _locked(enrollment)
    if status is not None and status not in EnrollmentStatus.values:
        raise Unprocessable({"status": [f"Unknown status {status!r}."]})
    rows = {row.module_id: row for row in CourseModule.objects.filter(course_id=enrollment.course_id)}
    changes = []
    for item in modules or []:
        module_id, module_status = item.get("module_id"), item.get("status")
        if module_id not in rows:
            raise Unprocessable({"modules": [f"Module {module_id} is not part of this course."]})
        if module_status not in ModuleProgressStatus.values:
            raise Unprocessable({"modules": [f"Unknown module status {module_status!r}."]})
        changes.append((rows[module_id], module_status))
    if "expires_at" in dates:
        enrollments_set_expiry(actor=actor, enrollments=[enrollment], expires_at=dates.pop("expires_at"))
        enrollment = _locked(enrollment)
    now = timezone.now()
    for course_module, module_status in changes:
        progress, _ = ModuleProgress.objects.get_or_create(enrollment=enrollment, course_module=course_module)
        fields = {"status": module_status}
        if module_status == ModuleProgressStatus.COMPLETED:
            fields.update(completed_at=progress.completed_at or now, points=course_module.points)
        else:
            fields["completed_at"] = None
        if module_status != ModuleProgressStatus.NOT_STARTED:
            fields["first_accessed_at"] = progress.first_accessed_at or now
        logged_update(
            actor=actor,
            instance=progress,
            tracked=PROGRESS_FIELDS,
            fields=fields,
            portal=enrollment.course.portal,
        )
    if changes:
        enrollment = enrollment_refresh(actor=actor, enrollment=enrollment, now=now)
    fields = {key: value for key, value in dates.items()}
    if status is not None:
        fields["status"] = status
        if status == EnrollmentStatus.COMPLETED and not (
            fields.get("completed_at") or enrollment.completed_at
        ):
            fields["completed_at"] = now
    if fields:
        logged_update(
            actor=actor,
            instance=enrollment,
            tracked=ENROLLMENT_FIELDS,
            fields=fields,
            portal=enrollment.course.portal,
        )
    return enrollment


# --- Learning resources ----------------------------------------------------------------------------

RESOURCE_FIELDS = ("course", "name", "description", "resource_type", "media", "url", "status", "order")


def _validate_resource(resource) -> None:
    if resource.media_id is None and not resource.url:
        raise Unprocessable({"media": ["Choose a media file or give an address."]})


@transaction.atomic
def learning_resource_create(*, actor, **fields):
    from lms.player.models import LearningResource

    resource = LearningResource(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields
    )
    _validate_resource(resource)
    course = resource.course
    return logged_create(actor=actor, instance=resource, tracked=RESOURCE_FIELDS, portal=course.portal)


@transaction.atomic
def learning_resource_update(*, actor, resource, **fields):
    return logged_update(
        actor=actor,
        instance=resource,
        tracked=RESOURCE_FIELDS,
        fields=fields,
        validate=_validate_resource,
        portal=resource.course.portal,
    )


@transaction.atomic
def learning_resources_bulk_delete(*, actor, ids: list[int]) -> str:
    from lms.player.models import LearningResource

    count = 0
    for resource in LearningResource.objects.filter(pk__in=ids).select_related("course__portal"):
        logged_delete(actor=actor, instance=resource, tracked=RESOURCE_FIELDS, portal=resource.course.portal)
        count += 1
    return f"{count} learning resource(s) deleted"
