"""The card's `site/` package (renamed: the standard library owns the import name `site`).

Settings, URLs, WSGI/ASGI, the Celery app, the shared API toolkit and tenancy. It knows no domain.
"""

from website.celery import app as celery_app

__all__ = ["celery_app"]
