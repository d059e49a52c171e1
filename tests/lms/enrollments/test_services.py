from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.audit.models import Activity
from lms.courses.models import CompletionCriteria, DripRule, DurationRule, GradingRule
from lms.enrollments import services, tasks
from lms.enrollments.models import AccessStatus, Enrollment, EnrollmentStatus, ModuleProgress
from lms.portals.models import SeatAccess
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, CourseModuleFactory
from tests.factories.enrollments import EnrollmentFactory, ModuleProgressFactory
from tests.factories.portals import PortalFactory

pytestmark = pytest.mark.django_db


def test_enrol_is_idempotent_and_logged(owner):
    course = CourseFactory(duration_rule=DurationRule.X_DAYS_AFTER_ENROLLMENT, duration_days=10)
    users = [UserFactory(), UserFactory()]
    created, already = services.enrollments_enroll(actor=owner, course=course, users=users)
    assert (len(created), already) == (2, 0)
    assert created[0].expires_at is not None
    created, already = services.enrollments_enroll(actor=owner, course=course, users=users)
    assert (len(created), already) == (0, 2)
    assert Enrollment.objects.count() == 2
    assert Activity.objects.filter(subject_kind="Enrollment").count() == 2


def test_enrol_honours_portal_seats(owner):
    portal = PortalFactory(seat_access=SeatAccess.LIMITED, total_seats=1)
    course = CourseFactory(portal=portal)
    with pytest.raises(services.Unprocessable):
        services.enrollments_enroll(actor=owner, course=course, users=[UserFactory(), UserFactory()])
    assert not Enrollment.objects.exists()
    created, _ = services.enrollments_enroll(actor=owner, course=course, users=[UserFactory()])
    assert len(created) == 1 and portal.memberships.count() == 1


def _curriculum(course, n=3, **kwargs):
    return [CourseModuleFactory(course=course, order=i, **kwargs) for i in range(1, n + 1)]


def _spend(enrollment, row, seconds=0):
    services.module_record_access(
        actor=enrollment.user, enrollment=enrollment, course_module=row, seconds=seconds
    )


def test_completion_of_all_modules_issues_one_certificate(owner, django_capture_on_commit_callbacks):
    course = CourseFactory()
    course.certificate_templates.add(CertificateTemplateFactory(expiry_type="days", expiry_value=30))
    rows = _curriculum(course, 2)
    enrollment = EnrollmentFactory(course=course)
    services.module_mark_complete(actor=enrollment.user, enrollment=enrollment, course_module=rows[0])
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.progress_percent) == (EnrollmentStatus.IN_PROGRESS, 50)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _, done = services.module_mark_complete(
            actor=enrollment.user, enrollment=enrollment, course_module=rows[1]
        )
    assert len(callbacks) == 1
    _, again = services.module_mark_complete(
        actor=enrollment.user, enrollment=enrollment, course_module=rows[1]
    )
    assert (done, again) == (True, False)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.progress_percent == 100
    assert enrollment.certificate_file.name.endswith(".pdf")
    assert enrollment.certificate_file.read(4) == b"%PDF"
    assert enrollment.certificate_expires_at.date() == timezone.localdate() + timedelta(days=30)
    first_file = enrollment.certificate_file.name
    services.enrollment_issue_certificate(actor=None, enrollment_id=enrollment.pk)
    enrollment.refresh_from_db()
    assert enrollment.certificate_file.name == first_file


def test_selected_modules_and_passing_percentage(owner):
    course = CourseFactory(completion_criteria=CompletionCriteria.SELECTED_MODULES)
    required, optional = (
        CourseModuleFactory(course=course, counts_for_completion=True),
        CourseModuleFactory(course=course),
    )
    enrollment = EnrollmentFactory(course=course)
    services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=required)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert not ModuleProgress.objects.filter(course_module=optional).exists()

    graded = CourseFactory(
        completion_criteria=CompletionCriteria.PASSING_PERCENTAGE,
        grading_rule=GradingRule.AVG_SPECIFIC_MODULES,
        min_passing_percentage=Decimal("60"),
    )
    quiz = CourseModuleFactory(course=graded, is_graded=True)
    other = CourseModuleFactory(course=graded)
    learner = EnrollmentFactory(course=graded)
    services.module_mark_complete(actor=owner, enrollment=learner, course_module=quiz, score=Decimal("50"))
    services.module_mark_complete(actor=owner, enrollment=learner, course_module=other)
    learner.refresh_from_db()
    assert learner.score == Decimal("50.00") and learner.status == EnrollmentStatus.IN_PROGRESS


def test_availability_drip_lock_revoke_expiry(django_assert_num_queries):
    course = CourseFactory()
    now = timezone.now()
    open_row, locked, dated, interval = _curriculum(course, 4)
    locked.is_locked = True
    dated.drip_rule, dated.drip_fixed_date = DripRule.FIXED_DATE, date(2099, 1, 1)
    interval.drip_rule, interval.drip_interval = DripRule.SPECIFIC_INTERVAL, 3
    enrollment = EnrollmentFactory(course=course, enrolled_at=now)
    rows = [open_row, locked, dated, interval]
    with django_assert_num_queries(0):
        result = services.module_availability(enrollment, rows, {}, now=now)
    assert result[open_row.pk].available
    assert result[locked.pk].reason == f"Complete {open_row.module.name} first."
    assert result[dated.pk].reason == "Available on January 01, 2099."
    assert not result[interval.pk].available
    later = services.module_availability(enrollment, rows, {}, now=now + timedelta(days=4))
    assert later[interval.pk].available

    done = ModuleProgressFactory(enrollment=enrollment, course_module=open_row, status="Completed")
    assert services.module_availability(enrollment, rows, {open_row.pk: done}, now=now)[locked.pk].available

    enrollment.access = AccessStatus.REVOKED
    assert "revoked" in services.module_availability(enrollment, rows, {}, now=now)[open_row.pk].reason
    enrollment.access, enrollment.expires_at = AccessStatus.GRANTED, now - timedelta(days=1)
    assert "expired" in services.module_availability(enrollment, rows, {}, now=now)[open_row.pk].reason


def test_closed_module_and_min_time_refused(owner):
    course = CourseFactory()
    first, second = _curriculum(course, 2)
    second.is_locked = True
    second.save()
    first.min_time_minutes = 1
    first.save()
    enrollment = EnrollmentFactory(course=course)
    with pytest.raises(services.Unprocessable):
        services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=second)
    with pytest.raises(services.Unprocessable):
        services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=first)
    _spend(enrollment, first, seconds=60)
    services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=first)
    services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=second)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.time_spent_seconds == 60

    expired = EnrollmentFactory(course=course, expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.Unprocessable):
        _spend(expired, first)


def test_reset_access_expiry(owner):
    course = CourseFactory()
    row = CourseModuleFactory(course=course)
    enrollment = EnrollmentFactory(course=course)
    services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=row)
    services.enrollments_reset_progress(actor=owner, enrollments=[enrollment])
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.NOT_STARTED and not enrollment.module_progress.exists()
    services.enrollments_set_access(actor=owner, enrollments=[enrollment], access=AccessStatus.REVOKED)
    enrollment.refresh_from_db()
    assert enrollment.access == AccessStatus.REVOKED
    when = timezone.now() + timedelta(days=5)
    services.enrollments_set_expiry(actor=owner, enrollments=[enrollment], expires_at=when)
    enrollment.refresh_from_db()
    assert enrollment.expires_at == when


def test_expiry_after_start_is_set_on_first_access(owner):
    course = CourseFactory(duration_rule=DurationRule.X_DAYS_AFTER_START, duration_days=7)
    row = CourseModuleFactory(course=course)
    enrollment = EnrollmentFactory(course=course)
    assert enrollment.expires_at is None
    _spend(enrollment, row)
    enrollment.refresh_from_db()
    assert enrollment.expires_at == enrollment.started_at + timedelta(days=7)


def test_expire_marks_past_enrolments(owner):
    enrollment = EnrollmentFactory(expires_at=timezone.now() - timedelta(days=1))
    assert tasks.expire_enrollments.delay().get() == 1
    assert services.enrollments_expire() == 0
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EXPIRED


def test_revoked_access_is_enforced(owner):
    row = CourseModuleFactory()
    enrollment = EnrollmentFactory(course=row.course, access=AccessStatus.REVOKED)
    with pytest.raises(services.Unprocessable) as refused:
        services.module_mark_complete(actor=owner, enrollment=enrollment, course_module=row)
    assert "revoked" in str(refused.value.detail)
    assert not ModuleProgress.objects.exists()
