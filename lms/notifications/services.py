"""E-mails through the outbox: `email_enqueue` writes the row inside the caller's transaction and
dispatches it on commit; `outbox_email_send` delivers one row at most once; `outbox_sweep` re-dispatches
rows still pending (a lost task, a broker that was down, a failed attempt whose backoff has passed)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lms.notifications.models import OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_BACKOFF_SECONDS = 60
SWEEP_GRACE = timedelta(minutes=2)  # leave a fresh row to the task dispatched on commit


def backoff_seconds(attempts: int) -> int:
    """60 s, 2 min, 4 min, 8 min... after the n-th failed attempt."""
    return BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) from templates/emails/<template>_subject.txt, .txt and .html."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def _dispatch(email_id: int) -> None:
    """Hand a row to Celery; if the broker refuses, the row stays pending and the sweep retries."""
    from lms.notifications.tasks import send_outbox_email

    try:
        send_outbox_email.delay(email_id)
    except Exception:  # noqa: BLE001 - a broker outage must not fail the request that committed
        logger.exception("Could not dispatch outbox e-mail %s; the sweep will retry it.", email_id)


def email_enqueue(*, to: str, template: str, context: dict) -> OutboxEmail:
    """Write the e-mail as an outbox row in the current transaction; send it once that commits."""
    subject, text, html = render_email(template, context)
    email = OutboxEmail.objects.create(
        to=to, template=template, subject=subject[:255], body_text=text, body_html=html
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def outbox_email_send(*, email_id: int) -> bool:
    """Deliver one row. True when it is sent (now or before); False when this attempt failed.

    The row is locked while sending, so two workers cannot both send it; a sent row is skipped.
    """
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutboxStatus.SENT:
            return True
        if email.status == OutboxStatus.FAILED:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboxStatus.FAILED
                email.next_attempt_at = None
            else:
                email.next_attempt_at = timezone.now() + timedelta(seconds=backoff_seconds(email.attempts))
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        email.status = OutboxStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.next_attempt_at = None
        email.save(update_fields=["attempts", "last_error", "status", "sent_at", "next_attempt_at"])
        return True


def outbox_due(now=None):
    """Pending rows whose backoff has passed (or that were never tried and are past the grace time)."""
    now = now or timezone.now()
    pending = OutboxEmail.objects.filter(status=OutboxStatus.PENDING)
    return pending.filter(next_attempt_at__lte=now) | pending.filter(
        next_attempt_at__isnull=True, created_at__lte=now - SWEEP_GRACE
    )


def outbox_sweep(*, limit: int = 500) -> int:
    """Re-dispatch the due rows; returns how many were dispatched."""
    ids = list(outbox_due().order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    for email_id in ids:
        _dispatch(email_id)
    return len(ids)
