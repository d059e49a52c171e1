"""Thin Celery wrappers over the media services; idempotent and safe to retry."""

from celery import shared_task

from lms.media import services


@shared_task(name="media.purge_stale_uploads", acks_late=True)
def purge_stale_uploads() -> int:
    """Periodic (Celery beat): discard chunked uploads abandoned for a day, with their chunk files."""
    return services.upload_sessions_purge()


@shared_task(name="media.purge_orphan_files", acks_late=True)
def purge_orphan_files() -> int:
    """Periodic (Celery beat): remove library files whose row never committed (a rolled-back upload)."""
    return services.media_orphans_purge()
