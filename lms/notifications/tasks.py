"""Thin Celery wrappers over the outbox services; both are idempotent and safe to retry."""

from celery import shared_task

from lms.notifications import services


@shared_task(
    bind=True, name="notifications.send_outbox_email", acks_late=True, max_retries=services.MAX_ATTEMPTS
)
def send_outbox_email(self, email_id: int) -> bool:
    """Send one outbox row; a failed attempt is retried with exponential backoff on a worker.

    Run eagerly (no broker), a failure is left to the periodic sweep instead of retrying in-process.
    """
    sent = services.outbox_email_send(email_id=email_id)
    if not sent and not self.request.is_eager:
        from lms.notifications.models import OutboxEmail, OutboxStatus

        email = OutboxEmail.objects.filter(pk=email_id).only("attempts", "status").first()
        if email is not None and email.status == OutboxStatus.PENDING:
            raise self.retry(countdown=services.backoff_seconds(email.attempts))
    return sent


@shared_task(name="notifications.sweep_outbox", acks_late=True)
def sweep_outbox() -> int:
    """Periodic (Celery beat): re-dispatch outbox rows not yet sent."""
    return services.outbox_sweep()
