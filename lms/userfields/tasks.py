"""Background work: large bulk uploads of users."""

from celery import shared_task

from lms.userfields import services

MAX_ATTEMPTS = 3


@shared_task(
    bind=True,
    name="userfields.process_user_upload",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_ATTEMPTS,
)
def process_user_upload(self, upload_id: int) -> None:
    """Import a queued upload; a retry resumes where the previous attempt stopped."""
    try:
        services.user_upload_process(upload_id=upload_id)
    except Exception as exc:
        if self.request.retries >= MAX_ATTEMPTS:
            services.user_upload_fail(upload_id=upload_id)
            raise
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc
