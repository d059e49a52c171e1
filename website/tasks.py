"""Platform-level tasks that belong to no domain."""

from celery import shared_task


@shared_task(name="website.ping", acks_late=True)
def ping(payload: str) -> str:
    """Echo a payload back: proves a broker, a worker and the result backend work together."""
    return f"pong:{payload}"
