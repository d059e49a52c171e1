"""Reads of the course player: a learner's enrolment, its curriculum with status and availability,
one module with its content. Every read loads the curriculum once (no query per module); the rules
(availability, completion) come from `lms.enrollments.services`.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from lms.courses.models import CourseModule
from lms.enrollments.models import AccessStatus, Enrollment, ModuleProgress, ModuleProgressStatus
from lms.enrollments.selectors import enrollments
from lms.enrollments.services import Availability, is_expired, module_availability
from lms.modules.models import Module, ModuleType, VideoSubtitle
from lms.modules.selectors import modules_with_details
from lms.modules.types import icon_for
from website.permissions import user_may
from website.tenancy import PortalScope

VIEW_ENROLLMENTS = "enrollments.view_enrollment"


def acts_for_others(user) -> bool:
    """Staff (or portal admins) who may read other learners' enrolments in their portals."""
    return user_may(user, VIEW_ENROLLMENTS, allow_portal_admins=True)


def _player_queryset() -> QuerySet[Enrollment]:
    return enrollments().select_related("course", "user")


def own_enrollment(user, registration_id) -> Enrollment:
    """The caller's own enrolment; another learner's (or none) is a 404."""
    enrollment = _player_queryset().filter(pk=registration_id, user=user).first()
    if enrollment is None:
        raise Http404
    return enrollment


def enrollment_for(user, scope_factory, *, registration_id=None, course_id=None, user_id=None):
    """An enrolment the caller may read: their own, or, for staff acting for a user, one in their
    portals (`scope_factory()` gives the scope, asked only for staff). 404 otherwise."""
    queryset = _player_queryset()
    if registration_id is not None:
        queryset = queryset.filter(pk=registration_id)
    if course_id is not None:
        queryset = queryset.filter(course_id=course_id)
    target = user.pk if user_id in (None, "") else int(user_id)
    queryset = queryset.filter(user_id=target)
    if target != user.pk:
        if not acts_for_others(user):
            raise Http404
        scope: PortalScope = scope_factory()
        queryset = scope.filter(queryset, "course__portal")
    enrollment = queryset.first()
    if enrollment is None:
        raise Http404
    return enrollment


def access_closed_reason(enrollment: Enrollment) -> str:
    """Why the learner may not work in the course now ("" when they may)."""
    if enrollment.access == AccessStatus.REVOKED:
        return "Your access to this course has been revoked."
    if is_expired(enrollment):
        return "Your access to this course has expired."
    return ""


@dataclass
class Curriculum:
    enrollment: Enrollment
    rows: list[CourseModule]
    progress: dict[int, ModuleProgress]
    availability: dict[int, Availability] = field(default_factory=dict)

    def row_of_module(self, module_id: int) -> CourseModule:
        for row in self.rows:
            if row.module_id == module_id:
                return row
        raise Http404

    def neighbours(self, row: CourseModule) -> tuple[CourseModule | None, CourseModule | None]:
        index = self.rows.index(row)
        previous = self.rows[index - 1] if index > 0 else None
        following = self.rows[index + 1] if index + 1 < len(self.rows) else None
        return previous, following


def curriculum_rows(course_id: int) -> list[CourseModule]:
    """A course's modules in order, each with its type's detail (and video subtitles) joined in."""
    details = modules_with_details(Module.objects.all()).prefetch_related(
        Prefetch("video__subtitles", queryset=VideoSubtitle.objects.select_related("media"))
    )
    return list(
        CourseModule.objects.filter(course_id=course_id)
        .prefetch_related(Prefetch("module", queryset=details))
        .order_by("order", "id")
    )


def curriculum(enrollment: Enrollment) -> Curriculum:
    """The enrolment's curriculum: rows, progress and availability in a fixed number of queries."""
    rows = curriculum_rows(enrollment.course_id)
    progress = {row.course_module_id: row for row in ModuleProgress.objects.filter(enrollment=enrollment)}
    availability = module_availability(enrollment, rows, progress)
    return Curriculum(enrollment=enrollment, rows=rows, progress=progress, availability=availability)


def module_detail(module):
    """The type's detail row of a module (None for types without one yet)."""
    accessor = {
        ModuleType.TEXT: "text",
        ModuleType.VIDEO: "video",
        ModuleType.PDF: "pdf",
        ModuleType.POWERPOINT: "powerpoint",
    }.get(module.module_type)
    return getattr(module, accessor, None) if accessor else None


def module_icon(module_type: str) -> str:
    return icon_for(module_type)


def progress_row(user, status_row_id) -> ModuleProgress:
    """The caller's own status row (`statusRowId`); another learner's is a 404."""
    row = (
        ModuleProgress.objects.select_related("enrollment", "enrollment__course", "course_module__module")
        .filter(pk=status_row_id, enrollment__user=user)
        .first()
    )
    if row is None:
        raise Http404
    return row


def module_of_user(user, module_id: int, module_type: str) -> tuple[Enrollment, CourseModule]:
    """The caller's enrolment whose course holds the module (the most recently accessed first)."""
    enrollment = (
        _player_queryset()
        .filter(
            user=user,
            course__course_modules__module_id=module_id,
            course__course_modules__module__module_type=module_type,
        )
        .order_by("-last_accessed_at", "-pk")
        .first()
    )
    if enrollment is None:
        raise Http404
    row = CourseModule.objects.select_related("module").filter(
        course_id=enrollment.course_id, module_id=module_id
    )
    return enrollment, row.order_by("order", "pk").first()


def pending_submissions(scope: PortalScope) -> QuerySet:
    """Per course: how many module submissions wait for review (status Submitted)."""
    rows = ModuleProgress.objects.filter(status=ModuleProgressStatus.SUBMITTED)
    rows = scope.filter(rows, "enrollment__course__portal")
    return (
        rows.values("enrollment__course_id", "enrollment__course__name")
        .annotate(total=Count("pk"))
        .order_by("enrollment__course__name", "enrollment__course_id")
    )


def learning_resources(course_id: int, *, active_only: bool = False) -> QuerySet:
    """A course's learning resources with their media file joined in."""
    from lms.player.models import LearningResource, ResourceStatus

    queryset = LearningResource.objects.filter(course_id=course_id).select_related("media")
    if active_only:
        queryset = queryset.filter(status=ResourceStatus.ACTIVE)
    return queryset.order_by("order", "id")


def course_for_resources(user, course_id: int, scope_factory):
    """The course whose resources the caller may list: staff who may view courses (in their portals)
    or a learner enrolled in it with open access. 404 otherwise."""
    from lms.courses.selectors import courses

    if user_may(user, "courses.view_course", allow_portal_admins=True):
        course = courses(scope_factory()).filter(pk=course_id).first()
        if course is not None:
            return course, False
    enrollment = _player_queryset().filter(course_id=course_id, user=user).first()
    if enrollment is None or access_closed_reason(enrollment):
        raise Http404
    return enrollment.course, True
