"""Writes of the reports app: auto-enrol courses, the current portal, content-view settings."""

from django.db import transaction

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.enrollments.services import enrollments_enroll
from lms.reports.models import AutoEnrollCourse, ContentType, ContentViewSetting, CurrentPortal
from website.api.errors import Unprocessable


@transaction.atomic
def auto_enroll_courses_set(*, actor, courses) -> list[AutoEnrollCourse]:
    """Make `courses` the list new users are enrolled in (others leave the list)."""
    wanted = {course.pk: course for course in courses}
    for row in AutoEnrollCourse.objects.exclude(course_id__in=wanted).select_related("course"):
        logged_delete(actor=actor, instance=row, tracked=("course",))
    present = set(AutoEnrollCourse.objects.values_list("course_id", flat=True))
    for pk, course in wanted.items():
        if pk not in present:
            logged_create(actor=actor, instance=AutoEnrollCourse(course=course), tracked=("course",))
    return list(AutoEnrollCourse.objects.select_related("course"))


def auto_enroll_new_user(*, actor, user) -> int:
    """Enrol a just-created user in the auto-enrol courses (call from user creation). A course whose
    portal refuses the learner (its seat or e-mail rules) is skipped, not fatal. Returns how many."""
    enrolled = 0
    for row in AutoEnrollCourse.objects.select_related("course", "course__portal"):
        try:
            created, _already = enrollments_enroll(actor=actor, course=row.course, users=[user])
        except Unprocessable:
            continue  # enrollments_enroll is atomic: its savepoint is rolled back
        enrolled += len(created)
    return enrolled


@transaction.atomic
def current_portal_set(*, actor, user, portal) -> CurrentPortal:
    row = CurrentPortal.objects.select_for_update().filter(user=user).first()
    if row is None:
        return logged_create(
            actor=actor, instance=CurrentPortal(user=user, portal=portal), tracked=("portal",)
        )
    return logged_update(actor=actor, instance=row, tracked=("portal",), fields={"portal": portal})


VIEW_CHOICES = ("grid", "list")
VIEW_MODES = ("enroll", "view", "")


@transaction.atomic
def content_view_setting_update(
    *,
    actor,
    user,
    content_type: str,
    course_view: str,
    learning_path_view: str,
    course_view_mode: str,
    learning_path_view_mode: str,
) -> ContentViewSetting:
    """Save the catalogue views and enable self-enrolment for the given content type."""
    errors = {}
    if content_type not in ContentType.values:
        errors["type"] = ["Must be either 'course' or 'learningPath'."]
    for key, value in (("selectedCourseView", course_view), ("selectedLearningPathView", learning_path_view)):
        if value not in VIEW_CHOICES:
            errors[key] = [f"Must be one of {', '.join(VIEW_CHOICES)}."]
    for key, value in (
        ("selectedCourseViewMode", course_view_mode),
        ("selectedLearningPathViewMode", learning_path_view_mode),
    ):
        if value not in VIEW_MODES:
            errors[key] = ["Must be enroll or view."]
    if errors:
        raise Unprocessable(errors)
    fields = {
        "course_view": course_view,
        "learning_path_view": learning_path_view,
        "course_view_mode": course_view_mode,
        "learning_path_view_mode": learning_path_view_mode,
    }
    if content_type == ContentType.COURSE:
        fields["enroll_courses"] = course_view_mode == "enroll"
    else:
        fields["enroll_learning_paths"] = learning_path_view_mode == "enroll"
    tracked = (*fields,)
    row = ContentViewSetting.objects.select_for_update().filter(user=user).first()
    if row is None:
        return logged_create(actor=actor, instance=ContentViewSetting(user=user, **fields), tracked=tracked)
    return logged_update(actor=actor, instance=row, tracked=tracked, fields=fields)


# --- The admin's face of the auto-enrol list (same rules as the API) -------------------------------


def _refuse_duplicate(course, exclude_pk=None) -> None:
    taken = AutoEnrollCourse.objects.filter(course=course).exclude(pk=exclude_pk)
    if taken.exists():
        raise Unprocessable({"course": ["This course is already auto-enrolled."]})


@transaction.atomic
def auto_enroll_course_create(*, actor, course) -> AutoEnrollCourse:
    _refuse_duplicate(course)
    return logged_create(actor=actor, instance=AutoEnrollCourse(course=course), tracked=("course",))


@transaction.atomic
def auto_enroll_course_update(*, actor, auto_enroll_course: AutoEnrollCourse, course) -> AutoEnrollCourse:
    _refuse_duplicate(course, exclude_pk=auto_enroll_course.pk)
    return logged_update(
        actor=actor, instance=auto_enroll_course, tracked=("course",), fields={"course": course}
    )


@transaction.atomic
def auto_enroll_courses_bulk_delete(*, actor, ids) -> str:
    rows = list(AutoEnrollCourse.objects.filter(pk__in=ids).select_related("course"))
    for row in rows:
        logged_delete(actor=actor, instance=row, tracked=("course",))
    return f"{len(rows)} course(s) removed from the auto-enrol list"
