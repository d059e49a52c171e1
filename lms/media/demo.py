"""The demo academy's media library: a course handbook (a real PDF, drawn by WeasyPrint), a course
banner (a real PNG, drawn by Pillow) and English subtitles (WebVTT), all uploaded through
`media_create` like any other file, so the admin and the API list them.

Idempotent: a file whose name is already in the library is left as it is. Other apps' demos may
call `demo_media_file(actor=..., name=...)` to reuse one of these files.
"""

import io

from django.core.files.base import ContentFile

from lms.media.models import MediaFile, MediaProvider
from lms.media.services import media_create

HANDBOOK = "Course handbook.pdf"
BANNER = "Course banner.png"
SUBTITLES = "Welcome video (English).vtt"

HANDBOOK_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 2cm; }
  body { font-family: sans-serif; color: #1f2937; }
  h1 { color: #1d4ed8; }
</style></head><body>
  <h1>Lectern Academy: course handbook</h1>
  <p>Welcome! This handbook explains how courses, modules and certificates work at the academy.</p>
  <h2>How a course is organised</h2>
  <ol>
    <li>Modules are completed in the order of the curriculum.</li>
    <li>Some modules unlock after a number of days (drip).</li>
    <li>A certificate is issued when every required module is complete.</li>
  </ol>
</body></html>"""

SUBTITLES_TEXT = """WEBVTT

00:00:00.000 --> 00:00:04.000
Welcome to Lectern Academy.

00:00:04.000 --> 00:00:08.000
In this course you will learn how the curriculum works.
"""


def _handbook_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=HANDBOOK_HTML).write_pdf()


def _banner_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 400), (29, 78, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1160, 360), outline=(255, 255, 255), width=6)
    draw.text((80, 180), "Lectern Academy", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _subtitles_vtt() -> bytes:
    return SUBTITLES_TEXT.encode("utf-8")


DEMO_FILES = {HANDBOOK: _handbook_pdf, BANNER: _banner_png, SUBTITLES: _subtitles_vtt}


def demo_media_file(*, actor, name: str) -> tuple[MediaFile, bool]:
    """The demo file called `name` (one of DEMO_FILES), uploaded if missing; (file, created)."""
    existing = MediaFile.objects.filter(name=name, provider=MediaProvider.STORAGE).order_by("pk").first()
    if existing is not None:
        return existing, False
    content = ContentFile(DEMO_FILES[name](), name=name)
    return media_create(actor=actor, uploaded_file=content), True


def load_demo(*, actor, users: dict, portals: dict) -> int:
    """Returns how many files it uploaded."""
    return sum(demo_media_file(actor=actor, name=name)[1] for name in DEMO_FILES)
