"""Background work of enrolments: thin, idempotent wrappers over services."""

from celery import shared_task

from lms.enrollments import services


@shared_task(acks_late=True)
def issue_certificate(enrollment_id: int) -> bool:
    """Render and store a completed enrolment's certificate; a repeat keeps the issued one."""
    from lms.enrollments.models import Enrollment

    if not Enrollment.objects.filter(pk=enrollment_id).exists():
        return False
    return services.enrollment_issue_certificate(actor=None, enrollment_id=enrollment_id) is not None


@shared_task(acks_late=True)
def expire_enrollments() -> int:
    """Mark enrolments past their expiry as expired (for a periodic schedule); safe to repeat."""
    return services.enrollments_expire()
