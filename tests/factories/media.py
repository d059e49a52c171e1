"""Media library rows for tests (bypassing the upload checks: use the API or services to test those)."""

import io

import factory
from PIL import Image

from lms.media.models import MediaFile, MediaKind, MediaProvider, MediaStatus


def png_bytes(size=(8, 8), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class MediaFileFactory(factory.django.DjangoModelFactory):
    """A small PNG in storage (set `settings.MEDIA_ROOT` to a temporary folder first)."""

    class Meta:
        model = MediaFile

    name = factory.Sequence(lambda n: f"picture-{n}.png")
    file = factory.django.FileField(filename="picture.png", data=factory.LazyFunction(png_bytes))
    kind = MediaKind.IMAGE
    content_type = "image/png"
    size = factory.LazyAttribute(lambda media: media.file.size if media.file else 0)
    status = MediaStatus.COMPLETED
    provider = MediaProvider.STORAGE


class MuxVideoFactory(MediaFileFactory):
    """A video hosted by Mux (no local file)."""

    name = factory.Sequence(lambda n: f"lecture-{n}.mp4")
    file = ""
    kind = MediaKind.VIDEO
    content_type = "video/mp4"
    size = 0
    provider = MediaProvider.MUX
    provider_id = factory.Sequence(lambda n: f"mux-asset-{n}")
    playback_id = factory.Sequence(lambda n: f"playback-{n}")


class BunnyVideoFactory(MuxVideoFactory):
    provider = MediaProvider.BUNNY
    provider_id = factory.Sequence(lambda n: f"00000000-0000-4000-8000-{n:012d}")
    playback_id = ""
