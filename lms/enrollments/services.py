"""The enrolment rules, in one place: enrol, remove, reset, access, expiry, certificates, progress,
completion (by the course's completion criteria and grading rule), drip and locks.

Every write is transactional and logged through `lms.audit.services`; refusals raise `Unprocessable`.
`module_availability` is a pure function over rows already loaded (no query per module).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_update, snapshot
from lms.certificates.models import CertificateFieldKey, add_months
from lms.certificates.rendering import format_date, render_certificate_pdf
from lms.courses.models import (
    CompletionCriteria,
    Course,
    CourseModule,
    DripIntervalUnit,
    DripReference,
    DripRule,
    DurationRule,
    GradingRule,
)
from lms.enrollments.models import (
    AccessStatus,
    Enrollment,
    EnrollmentStatus,
    ModuleProgress,
    ModuleProgressStatus,
)
from website.api.errors import Unprocessable

ENROLLMENT_FIELDS = (
    "user",
    "course",
    "status",
    "progress_percent",
    "enrolled_at",
    "started_at",
    "completed_at",
    "expires_at",
    "access",
    "certificate_template",
    "certificate_issued_at",
    "certificate_expires_at",
)


def _portal(enrollment: Enrollment):
    return enrollment.course.portal


def _end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max.replace(microsecond=0)))


def _start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Expiry ----------------------------------------------------------------------------------------


def expiry_for(course: Course, *, enrolled_at: datetime, started_at: datetime | None) -> datetime | None:
    """When access ends under the course's duration rule (None: never, or not yet known)."""
    rule = course.duration_rule
    if rule == DurationRule.ON_SPECIFIC_DATE and course.duration_specific_date:
        return _end_of_day(course.duration_specific_date)
    if rule == DurationRule.X_DAYS_AFTER_ENROLLMENT and course.duration_days:
        return enrolled_at + timedelta(days=course.duration_days)
    if rule == DurationRule.X_DAYS_AFTER_START and course.duration_days and started_at:
        return started_at + timedelta(days=course.duration_days)
    return None


def is_expired(enrollment: Enrollment, *, now: datetime | None = None) -> bool:
    return enrollment.expires_at is not None and enrollment.expires_at <= (now or timezone.now())


# --- Enrol and remove ------------------------------------------------------------------------------


def _take_seats(actor, portal, users) -> None:
    """Users outside the course's portal tree join its portal as learners, under its seat limit."""
    from lms.portals.models import PortalMembership
    from lms.portals.selectors import portal_subtree
    from lms.portals.services import portal_add_learners

    members = set(
        PortalMembership.objects.filter(
            portal__in=portal_subtree(portal), user__in=users, is_active=True
        ).values_list("user_id", flat=True)
    )
    outsiders = [user for user in users if user.pk not in members]
    if outsiders:
        portal_add_learners(actor=actor, portal=portal, users=outsiders, field="studentIds")


@transaction.atomic
def enrollments_enroll(*, actor, course: Course, users) -> tuple[list[Enrollment], int]:
    """Enrol `users` in `course`; idempotent: users already enrolled are left as they are.
    A course of a portal makes new learners from outside its portal tree learners of that portal,
    through the portal's seat rules (`portal_add_learners`: 422 rather than overbook).
    Returns (new enrolments, how many were already enrolled)."""
    users = list(users)
    enrolled = set(Enrollment.objects.filter(course=course, user__in=users).values_list("user_id", flat=True))
    joining = [user for user in users if user.pk not in enrolled]
    if joining and course.portal_id is not None:
        _take_seats(actor, course.portal, joining)
    now = timezone.now()
    created = []
    for user in joining:
        enrollment = Enrollment(
            user=user,
            course=course,
            enrolled_at=now,
            enrolled_by=actor if getattr(actor, "is_authenticated", False) else None,
            expires_at=expiry_for(course, enrolled_at=now, started_at=None),
        )
        created.append(
            logged_create(actor=actor, instance=enrollment, tracked=ENROLLMENT_FIELDS, portal=course.portal)
        )
    return created, len(users) - len(joining)


@transaction.atomic
def enrollments_remove(*, actor, enrollments) -> int:
    count = 0
    for enrollment in enrollments:
        activity_record(
            actor=actor,
            action=ActivityAction.DELETED,
            subject=enrollment,
            changes={"attributes": snapshot(enrollment, ENROLLMENT_FIELDS)},
            portal=_portal(enrollment),
        )
        enrollment.delete()
        count += 1
    return count


def _locked_rows(enrollments) -> list[Enrollment]:
    """The rows again, locked for this transaction: a staff action never saves a stale copy over
    the learner's progress written meanwhile."""
    ids = [enrollment.pk for enrollment in enrollments]
    return list(
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "course__portal")
        .filter(pk__in=ids)
        .order_by("pk")
    )


def _update(actor, enrollment: Enrollment, **fields) -> Enrollment:
    return logged_update(
        actor=actor, instance=enrollment, tracked=ENROLLMENT_FIELDS, fields=fields, portal=_portal(enrollment)
    )


@transaction.atomic
def enrollments_reset_progress(*, actor, enrollments) -> int:
    """Back to not started: module progress deleted, time and grade cleared. An issued certificate
    stays (it was earned); the expiry is recomputed from the course's duration rule."""
    count = 0
    for enrollment in _locked_rows(enrollments):
        ModuleProgress.objects.filter(enrollment=enrollment).delete()
        _update(
            actor,
            enrollment,
            status=EnrollmentStatus.NOT_STARTED,
            progress_percent=0,
            score=None,
            time_spent_seconds=0,
            started_at=None,
            completed_at=None,
            expires_at=expiry_for(enrollment.course, enrolled_at=enrollment.enrolled_at, started_at=None),
        )
        count += 1
    return count


@transaction.atomic
def enrollments_set_access(*, actor, enrollments, access: str) -> int:
    count = 0
    for enrollment in _locked_rows(enrollments):
        _update(actor, enrollment, access=access)
        count += 1
    return count


@transaction.atomic
def enrollments_set_expiry(*, actor, enrollments, expires_at: datetime | None) -> int:
    """A new expiry (None: never). An expired enrolment with a later expiry is active again."""
    count = 0
    now = timezone.now()
    for enrollment in _locked_rows(enrollments):
        fields = {"expires_at": expires_at}
        if enrollment.status == EnrollmentStatus.EXPIRED and (expires_at is None or expires_at > now):
            fields["status"] = _status_from_progress(enrollment)
        _update(actor, enrollment, **fields)
        count += 1
    return count


def _status_from_progress(enrollment: Enrollment) -> str:
    if enrollment.completed_at:
        return EnrollmentStatus.COMPLETED
    if enrollment.started_at:
        return EnrollmentStatus.IN_PROGRESS
    return EnrollmentStatus.NOT_STARTED


# --- Certificates ----------------------------------------------------------------------------------


def _course_template(course: Course):
    return course.certificate_templates.order_by("pk").first()


def certificate_values(enrollment: Enrollment, *, template, issued_on, code: str) -> dict[str, str]:
    user, course = enrollment.user, enrollment.course
    expires_on = template.expires_on(issued_on)
    return {
        CertificateFieldKey.STUDENT_FIRST_NAME: user.first_name,
        CertificateFieldKey.STUDENT_LAST_NAME: user.last_name,
        CertificateFieldKey.STUDENT_FULL_NAME: f"{user.first_name} {user.last_name}".strip() or user.email,
        CertificateFieldKey.COURSE_NAME: course.name,
        CertificateFieldKey.ISSUE_DATE: format_date(issued_on),
        CertificateFieldKey.EXPIRY_DATE: format_date(expires_on) or "Never",
        CertificateFieldKey.INSTRUCTOR_NAME: str(course.author) if course.author_id else "",
        CertificateFieldKey.CERTIFICATE_CODE: code,
        CertificateFieldKey.COURSE_CREDIT: "" if course.credits is None else str(course.credits),
    }


def enrollment_issue_certificate(*, actor, enrollment_id: int, template=None) -> Enrollment | None:
    """Render and store the certificate of an enrolment; idempotent (an issued one is kept).
    None when the course has no certificate template."""
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("user", "course", "course__author")
            .get(pk=enrollment_id)
        )
        if enrollment.certificate_file:
            return enrollment
        template = template or _course_template(enrollment.course)
        if template is None:
            return None
        now = timezone.now()
        issued_on = timezone.localdate(now)
        code = f"LEC-{enrollment.pk:06d}-{secrets.token_hex(3).upper()}"
        pdf = render_certificate_pdf(
            template=template,
            values=certificate_values(enrollment, template=template, issued_on=issued_on, code=code),
        )
        enrollment.certificate_file.save(
            f"certificate-{enrollment.pk}-{code}.pdf", ContentFile(pdf), save=False
        )
        expires_on = template.expires_on(issued_on)
        return _update(
            actor,
            enrollment,
            certificate_template=template,
            certificate_issued_at=now,
            certificate_expires_at=_end_of_day(expires_on) if expires_on else None,
        )


def enrollments_assign_certificate(*, actor, course: Course, enrollments) -> int:
    """Issue the course's certificate to `enrollments` (whatever their progress)."""
    template = _course_template(course)
    if template is None:
        raise Unprocessable({"enrollmentIds": ["The course has no certificate template."]})
    count = 0
    for enrollment in enrollments:
        enrollment_issue_certificate(actor=actor, enrollment_id=enrollment.pk, template=template)
        count += 1
    return count


@transaction.atomic
def certificate_update_dates(*, actor, enrollment: Enrollment, issued_at: datetime, expires_at: datetime):
    if not enrollment.has_certificate:
        raise Unprocessable({"rowId": ["No certificate has been issued for this enrolment."]})
    if expires_at < issued_at:
        raise Unprocessable({"newExpiryDate": ["The expiry date must not be before the issue date."]})
    return _update(actor, enrollment, certificate_issued_at=issued_at, certificate_expires_at=expires_at)


# --- Drip and locks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str = ""
    available_from: datetime | None = None


def _drip_start(row: CourseModule, enrollment: Enrollment) -> datetime | None:
    if row.drip_rule == DripRule.FIXED_DATE and row.drip_fixed_date:
        return _start_of_day(row.drip_fixed_date)
    if row.drip_rule == DripRule.SPECIFIC_INTERVAL and row.drip_interval:
        reference = enrollment.enrolled_at
        if row.drip_reference == DripReference.STARTED_DATE and enrollment.started_at:
            reference = enrollment.started_at
        if row.drip_interval_unit == DripIntervalUnit.WEEK:
            return reference + timedelta(weeks=row.drip_interval)
        if row.drip_interval_unit == DripIntervalUnit.MONTH:
            local = timezone.localtime(reference)
            return local.replace(
                **{
                    k: getattr(add_months(local.date(), row.drip_interval), k)
                    for k in ("year", "month", "day")
                }
            )
        return reference + timedelta(days=row.drip_interval)
    return None


def module_availability(
    enrollment: Enrollment, rows, progress: dict | None = None, *, now: datetime | None = None
) -> dict[int, Availability]:
    """Per course module id: may the learner open it, and if not, why.

    `rows`: the course's curriculum (CourseModule with `module` loaded), in order. `progress`:
    {course_module_id: ModuleProgress} (read once when omitted). Revoked and expired access close
    everything; a dripped module opens on its date; a locked module needs the one before it completed.
    """
    now = now or timezone.now()
    rows = list(rows)
    if progress is None:
        progress = {p.course_module_id: p for p in enrollment.module_progress.all()}
    if enrollment.access == AccessStatus.REVOKED:
        closed = Availability(False, "Your access to this course has been revoked.")
        return {row.pk: closed for row in rows}
    if is_expired(enrollment, now=now):
        when = format_date(timezone.localdate(enrollment.expires_at))
        closed = Availability(False, f"Your access to this course expired on {when}.")
        return {row.pk: closed for row in rows}
    result = {}
    previous = None
    for row in rows:
        opens = _drip_start(row, enrollment)
        if opens is not None and opens > now:
            result[row.pk] = Availability(
                False, f"Available on {format_date(timezone.localdate(opens))}.", opens
            )
        elif row.is_locked and previous is not None and not _is_complete(progress.get(previous.pk)):
            result[row.pk] = Availability(False, f"Complete {previous.module.name} first.")
        else:
            result[row.pk] = Availability(True)
        previous = row
    return result


def _is_complete(row: ModuleProgress | None) -> bool:
    return row is not None and row.status == ModuleProgressStatus.COMPLETED


# --- Progress and completion -----------------------------------------------------------------------


def course_grade(course: Course, rows, progress: dict) -> Decimal | None:
    """The grade under the course's grading rule (None: no grading, or nothing graded yet)."""
    if course.grading_rule == GradingRule.NO_GRADING:
        return None
    if course.grading_rule == GradingRule.AVG_SPECIFIC_MODULES:
        graded = [row for row in rows if row.is_graded]
        if not graded:
            return None
        scores = [(progress[r.pk].score if r.pk in progress else None) or Decimal(0) for r in graded]
    else:
        scores = [p.score for p in progress.values() if p.score is not None]
        if not scores:
            return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))


def completion_state(course: Course, rows, progress: dict) -> tuple[int, Decimal | None, bool]:
    """(progress percent, grade, complete?) under the course's completion criteria."""
    rows = list(rows)
    required = rows
    if course.completion_criteria == CompletionCriteria.SELECTED_MODULES:
        required = [row for row in rows if row.counts_for_completion] or rows
    done = sum(1 for row in required if _is_complete(progress.get(row.pk)))
    percent = int(done * 100 / len(required)) if required else 0
    grade = course_grade(course, rows, progress)
    complete = bool(required) and done == len(required)
    if complete and course.completion_criteria == CompletionCriteria.PASSING_PERCENTAGE:
        complete = grade is not None and grade >= (course.min_passing_percentage or Decimal(0))
    return percent, grade, complete


def enrollment_refresh(*, actor, enrollment: Enrollment, now: datetime | None = None) -> Enrollment:
    """Recompute progress, grade and status from the module rows; on completion, issue the
    certificate (a Celery task, after commit). Call inside a transaction holding the enrolment row."""
    now = now or timezone.now()
    course = enrollment.course
    rows = list(CourseModule.objects.filter(course=course).order_by("order", "id"))
    progress = {p.course_module_id: p for p in ModuleProgress.objects.filter(enrollment=enrollment)}
    percent, grade, complete = completion_state(course, rows, progress)
    fields = {"progress_percent": percent, "score": grade}
    newly_completed = complete and enrollment.completed_at is None
    if newly_completed:
        fields.update(status=EnrollmentStatus.COMPLETED, completed_at=now)
    elif not complete and progress:
        fields.update(status=EnrollmentStatus.IN_PROGRESS, completed_at=None)
    enrollment = _update(actor, enrollment, **fields)
    if newly_completed:
        from lms.enrollments.tasks import issue_certificate

        pk = enrollment.pk
        transaction.on_commit(lambda: issue_certificate.delay(pk))
    return enrollment


def start_fields(enrollment: Enrollment, now: datetime) -> dict:
    """What changes when the learner first starts: the start date, the status (a row staff already
    marked further along keeps its status) and an expiry counted from the start."""
    if enrollment.started_at is not None:
        return {}
    fields = {"started_at": now}
    if enrollment.status == EnrollmentStatus.NOT_STARTED:
        fields["status"] = EnrollmentStatus.IN_PROGRESS
    if enrollment.course.duration_rule == DurationRule.X_DAYS_AFTER_START:
        fields["expires_at"] = expiry_for(
            enrollment.course, enrolled_at=enrollment.enrolled_at, started_at=now
        )
    return fields


def _ensure_open(enrollment: Enrollment, course_module: CourseModule, now: datetime) -> None:
    rows = CourseModule.objects.filter(course_id=enrollment.course_id).select_related("module")
    availability = module_availability(enrollment, rows.order_by("order", "id"), now=now)
    state = availability.get(course_module.pk)
    if state is None:
        raise Unprocessable({"module": ["The module is not part of this course."]})
    if not state.available:
        raise Unprocessable({"module": [state.reason]})


def _locked_enrollment(enrollment: Enrollment) -> Enrollment:
    return Enrollment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrollment.pk)


@transaction.atomic
def module_record_access(
    *, actor, enrollment: Enrollment, course_module: CourseModule, seconds: int = 0
) -> ModuleProgress:
    """The learner opened (or keeps working on) a module: counts the visit and the time spent."""
    now = timezone.now()
    enrollment = _locked_enrollment(enrollment)
    _ensure_open(enrollment, course_module, now)
    row, created = ModuleProgress.objects.get_or_create(enrollment=enrollment, course_module=course_module)
    seconds = max(int(seconds), 0)
    row.first_accessed_at = row.first_accessed_at or now
    row.last_accessed_at = now
    row.times_accessed += 0 if seconds and not created else 1
    row.time_spent_seconds += seconds
    if row.status == ModuleProgressStatus.NOT_STARTED:
        row.status = ModuleProgressStatus.IN_PROGRESS
    row.save()
    fields = {"last_accessed_at": now, "time_spent_seconds": enrollment.time_spent_seconds + seconds}
    _update(actor, enrollment, **fields, **start_fields(enrollment, now))
    return row


@transaction.atomic
def module_mark_complete(
    *, actor, enrollment: Enrollment, course_module: CourseModule, score: Decimal | None = None
) -> tuple[ModuleProgress, bool]:
    """Complete a module once (concurrent calls queue on the enrolment row). Refuses a closed module
    and one whose minimum time is not spent. Returns (row, whether this call completed it)."""
    now = timezone.now()
    enrollment = _locked_enrollment(enrollment)
    _ensure_open(enrollment, course_module, now)
    row, _ = ModuleProgress.objects.get_or_create(enrollment=enrollment, course_module=course_module)
    if row.status == ModuleProgressStatus.COMPLETED:
        return row, False
    if row.time_spent_seconds < course_module.min_time_minutes * 60:
        raise Unprocessable(
            {"module": [f"Spend at least {course_module.min_time_minutes} minute(s) on this module first."]}
        )
    row.status = ModuleProgressStatus.COMPLETED
    row.completed_at = now
    row.first_accessed_at = row.first_accessed_at or now
    row.last_accessed_at = now
    row.points = course_module.points
    if score is not None:
        row.score = score
    row.save()
    if enrollment.started_at is None:
        _update(actor, enrollment, last_accessed_at=now, **start_fields(enrollment, now))
    enrollment_refresh(actor=actor, enrollment=enrollment, now=now)
    return row, True


@transaction.atomic
def enrollments_expire(*, actor=None, now: datetime | None = None) -> int:
    """Mark enrolments past their expiry as expired (a periodic task may call this)."""
    now = now or timezone.now()
    count = 0
    for enrollment in (
        Enrollment.objects.filter(expires_at__lte=now)
        .exclude(status__in=[EnrollmentStatus.EXPIRED, EnrollmentStatus.COMPLETED])
        .select_for_update(of=("self",))
        .select_related("course", "course__portal")
    ):
        _update(actor, enrollment, status=EnrollmentStatus.EXPIRED)
        count += 1
    return count


# --- Single rows (the admin's form) ----------------------------------------------------------------


@transaction.atomic
def enrollment_create(*, actor, user, course: Course, access: str = AccessStatus.GRANTED, expires_at=None):
    """One enrolment; 422 when the user is already enrolled."""
    created, _ = enrollments_enroll(actor=actor, course=course, users=[user])
    if not created:
        raise Unprocessable({"user": ["This user is already enrolled in the course."]})
    enrollment = created[0]
    fields = {}
    if access != enrollment.access:
        fields["access"] = access
    if expires_at is not None:
        fields["expires_at"] = expires_at
    return _update(actor, enrollment, **fields) if fields else enrollment


@transaction.atomic
def enrollment_update(*, actor, enrollment: Enrollment, **fields) -> Enrollment:
    """What staff edit on one enrolment: its access and its expiry."""
    unknown = sorted(set(fields) - {"access", "expires_at"})
    if unknown:
        raise Unprocessable({name: ["This field cannot be changed here."] for name in unknown})
    if "expires_at" in fields:
        enrollments_set_expiry(actor=actor, enrollments=[enrollment], expires_at=fields["expires_at"])
    if "access" in fields:
        enrollments_set_access(actor=actor, enrollments=[enrollment], access=fields["access"])
    enrollment.refresh_from_db()
    return enrollment


def enrollments_bulk_delete(*, actor, ids: list[int]) -> str:
    rows = Enrollment.objects.filter(pk__in=ids).select_related("course", "course__portal", "user")
    return f"{enrollments_remove(actor=actor, enrollments=rows)} student(s) removed successfully"
