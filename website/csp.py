"""A strict Content-Security-Policy for the pages whose markup is all ours (the learner's pages and the
site's Wagtail pages): our own scripts and styles only, no inline code, and frames only from the
players those pages embed. A stored-XSS payload that slipped past the sanitiser still could not run
there. The admin, Wagtail's editor and the API's docs pages are not covered."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy() -> str:
    files = _origin(settings.MEDIA_URL)  # files served from a bucket or CDN rather than from us
    frames = " ".join(["'self'", files, *settings.LECTERN_CSP_FRAME_SOURCES]).strip()
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: https: {files}".strip(),
            f"media-src 'self' data: blob: https: {files}".strip(),
            f"frame-src {frames}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def strict_csp(view):
    """Send the policy with the view's responses (a view that set its own keeps it)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response

    return wrapped


class SitePagesContentSecurityPolicy:
    """Middleware: the same policy on the pages Wagtail serves to visitors (not on its editor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "wagtail_serve":
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response
