"""E-mail a contact form submission to the portal's admins (the academy's admins for academy pages).

The task writes one outbox row per recipient (lms.notifications delivers them at most once) and is
idempotent: a submission whose rows exist is not e-mailed again.
"""

from celery import shared_task
from django.db import transaction

from cms.pages import selectors


@shared_task(name="pages.email_contact_submission", acks_late=True)
def email_contact_submission(submission_id: int) -> int:
    """Returns how many e-mails it queued."""
    from lms.notifications.models import OutboxEmail
    from lms.notifications.tasks import send_outbox_email

    with transaction.atomic():
        submission = selectors.contact_submission(submission_id)
        if submission is None:
            return 0
        template = selectors.contact_email_template(submission)
        if OutboxEmail.objects.filter(template=template).exists():
            return 0
        subject, text, html = selectors.render_contact_email(submission)
        rows = [
            OutboxEmail.objects.create(
                to=to, template=template, subject=subject[:255], body_text=text, body_html=html
            )
            for to in selectors.contact_recipients(submission)
        ]
        for row in rows:
            transaction.on_commit(lambda pk=row.pk: send_outbox_email.delay(pk))
    return len(rows)
