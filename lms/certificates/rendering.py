"""Certificates as PDF: a template's page, background and placed fields, filled in with `values`.

`render_certificate_pdf(template=, values=)` is what issuing a certificate and the preview use.
WeasyPrint reads nothing from the network: `LocalOnlyFetcher` serves our media files (through
Django storage) and static files, and refuses every other URL. Fonts are the machine's own (DejaVu,
Liberation): each font family of the lookup prints with a local font of the same style.
"""

import mimetypes
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lms.certificates.models import CertificateFieldKey, CertificateTemplate, FontFamily

TEMPLATE_NAME = "certificates/certificate.html"
# Resources are addressed under this origin; the fetcher maps it to storage, never to the network.
BASE_URL = "https://lectern.invalid/"

FONT_STACKS = {
    FontFamily.LATO: '"Liberation Sans", "DejaVu Sans", sans-serif',
    FontFamily.COURIER: '"Liberation Mono", "DejaVu Sans Mono", monospace',
    FontFamily.SOURCE_SANS_PRO: '"Liberation Sans", "DejaVu Sans", sans-serif',
    FontFamily.MONTSERRAT: '"DejaVu Sans", "Liberation Sans", sans-serif',
    FontFamily.ROBOTO_CONDENSED: '"Liberation Sans Narrow", "DejaVu Sans Condensed", sans-serif',
    FontFamily.SPACE_MONO: '"DejaVu Sans Mono", "Liberation Mono", monospace',
    FontFamily.ROBOTO_SLAB: '"DejaVu Serif", "Liberation Serif", serif',
}
DEFAULT_FONT_STACK = FONT_STACKS[FontFamily.LATO]


class RefusedURL(ValueError):
    """A certificate may only use our own media and static files."""


class LocalOnlyFetcher(URLFetcher):
    """Serves `<BASE_URL><MEDIA_URL>...` from default storage and `<BASE_URL><STATIC_URL>...` from
    the static files finders; anything else (http, file, data...) is refused."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)

    def fetch(self, url, headers=None):
        media_prefix = BASE_URL + settings.MEDIA_URL.lstrip("/")
        static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        clean = url.split("?", 1)[0].split("#", 1)[0]
        if ".." in clean.split("/"):
            raise RefusedURL(f"Refused {url}")
        if clean.startswith(media_prefix):
            name = clean.removeprefix(media_prefix)
            with default_storage.open(name, "rb") as stored:
                body = stored.read()
        elif clean.startswith(static_prefix):
            found = finders.find(clean.removeprefix(static_prefix))
            if not found:
                raise RefusedURL(f"No static file at {url}")
            body = Path(found).read_bytes()
        else:
            raise RefusedURL(f"Refused {url}: certificates only use our media and static files.")
        content_type = mimetypes.guess_type(clean)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def background_url(template: CertificateTemplate) -> str | None:
    background = template.background
    if background is None or not background.file:
        return None
    return BASE_URL + settings.MEDIA_URL.lstrip("/") + background.file.name


def field_text(field: dict, values: dict) -> str:
    if field.get("key") == CertificateFieldKey.CUSTOM_TEXT:
        return field.get("value", "")
    value = values.get(field.get("key"), "")
    return "" if value is None else str(value)


def render_certificate_html(*, template: CertificateTemplate, values: dict) -> str:
    """The HTML WeasyPrint lays out (values escaped by the template engine)."""
    fields = [
        {
            **field,
            "text": field_text(field, values),
            "font_stack": FONT_STACKS.get(field.get("font_family"), DEFAULT_FONT_STACK),
        }
        for field in template.fields
    ]
    return render_to_string(
        TEMPLATE_NAME,
        {
            "title": template.name,
            "width": template.width,
            "height": template.height,
            "background_url": background_url(template),
            "fields": fields,
        },
    )


def render_certificate_pdf(*, template: CertificateTemplate, values: dict) -> bytes:
    """A one-page PDF of `template` with `values` ({field key: text}) in its placed fields."""
    html = render_certificate_html(template=template, values=values)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()).write_pdf()


def format_date(day: date | None) -> str:
    return day.strftime("%B %d, %Y") if day else ""


def sample_values(template: CertificateTemplate, *, today: date) -> dict[str, str]:
    """Sample learner data for a preview."""
    return {
        CertificateFieldKey.STUDENT_FIRST_NAME: "Jane",
        CertificateFieldKey.STUDENT_LAST_NAME: "Doe",
        CertificateFieldKey.STUDENT_FULL_NAME: "Jane Doe",
        CertificateFieldKey.COURSE_NAME: "Sample Course",
        CertificateFieldKey.ISSUE_DATE: format_date(today),
        CertificateFieldKey.EXPIRY_DATE: format_date(template.expires_on(today)) or "Never",
        CertificateFieldKey.INSTRUCTOR_NAME: str(template.author) if template.author else "Sample Instructor",
        CertificateFieldKey.CERTIFICATE_CODE: "SAMPLE-0001",
        CertificateFieldKey.COURSE_CREDIT: "10",
        CertificateFieldKey.LEARNING_PATH_NAME: "Sample Learning Path",
        CertificateFieldKey.LEARNING_PATH_CREDIT: "20",
    }
