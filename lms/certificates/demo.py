"""The demo academy's certificate template: a landscape certificate of completion on a generated
background image (stored through the media library), with the learner, course and dates placed.

Idempotent: the template is found by its name; what exists is left as it is.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from lms.certificates import services
from lms.certificates.models import CertificateTemplate, ExpiryType
from lms.media.models import MediaKind
from lms.media.services import media_create

DEMO_TEMPLATE_NAME = "Certificate of Completion"
WIDTH, HEIGHT = 1075, 680

DEMO_FIELDS = [
    {"key": "custom_text", "value": "Certificate of Completion", "font_size": 44, "font_family": "Roboto Slab",
     "font_color": "#1f3a5f", "top": 90, "left": 0, "align_center": True, "width": WIDTH, "height": 60},
    {"key": "custom_text", "value": "This certifies that", "font_size": 20, "font_family": "Lato",
     "font_color": "#444444", "top": 200, "left": 0, "align_center": True, "width": WIDTH, "height": 30},
    {"key": "student_full_name", "value": "Student Full Name", "font_size": 38, "font_family": "Montserrat",
     "font_color": "#222222", "top": 250, "left": 0, "align_center": True, "width": WIDTH, "height": 56},
    {"key": "custom_text", "value": "has successfully completed", "font_size": 20, "font_family": "Lato",
     "font_color": "#444444", "top": 330, "left": 0, "align_center": True, "width": WIDTH, "height": 30},
    {"key": "course_name", "value": "Course Name", "font_size": 30, "font_family": "Roboto Slab",
     "font_color": "#1f3a5f", "top": 375, "left": 0, "align_center": True, "width": WIDTH, "height": 46},
    {"key": "issue_date", "value": "Date of Issue", "font_size": 16, "font_family": "Lato",
     "font_color": "#444444", "top": 520, "left": 120, "align_center": False, "width": 300, "height": 26},
    {"key": "expiry_date", "value": "Date of Expiry", "font_size": 16, "font_family": "Lato",
     "font_color": "#444444", "top": 550, "left": 120, "align_center": False, "width": 300, "height": 26},
    {"key": "certificate_code", "value": "Certificate Code", "font_size": 14, "font_family": "Courier",
     "font_color": "#666666", "top": 550, "left": 655, "align_center": False, "width": 300, "height": 24},
]  # fmt: skip


def background_png() -> bytes:
    """A cream page with a double navy border and a gold rule."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#fbf8ef")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, WIDTH - 21, HEIGHT - 21), outline="#1f3a5f", width=8)
    draw.rectangle((40, 40, WIDTH - 41, HEIGHT - 41), outline="#c9a227", width=3)
    draw.line((WIDTH // 2 - 200, 170, WIDTH // 2 + 200, 170), fill="#c9a227", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_demo(*, actor, users, portals) -> int:
    """Returns how many records it created (the template and its background image)."""
    if CertificateTemplate.objects.filter(name=DEMO_TEMPLATE_NAME, portal=None).exists():
        return 0
    background = media_create(
        actor=actor,
        uploaded_file=SimpleUploadedFile("certificate-background.png", background_png(), "image/png"),
        kinds={MediaKind.IMAGE},
    )
    services.certificate_template_create(
        actor=actor,
        name=DEMO_TEMPLATE_NAME,
        width=WIDTH,
        height=HEIGHT,
        background=background,
        fields=DEMO_FIELDS,
        expiry_type=ExpiryType.MONTHS,
        expiry_value=24,
    )
    return 2
