import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lms.media.models import MediaKind
from lms.media.services import media_create


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded backgrounds land in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(60, 40), colour="#1f3a5f") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="background.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def library_image(owner):
    """An image of the media library."""
    return media_create(actor=owner, uploaded_file=png_upload(), kinds={MediaKind.IMAGE})
