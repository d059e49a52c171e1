"""Real small files of each kind the library accepts, and some it refuses."""

import io
import zipfile

from tests.factories.media import png_bytes

__all__ = ["EXE", "VTT", "pdf_bytes", "png_bytes", "pptx_bytes", "zip_bytes"]

_pdf_cache: dict[str, bytes] = {}


def pdf_bytes() -> bytes:
    """A real one-page PDF (WeasyPrint), made once per test run."""
    if "pdf" not in _pdf_cache:
        from weasyprint import HTML

        _pdf_cache["pdf"] = HTML(string="<h1>Handbook</h1><p>Page one.</p>").write_pdf()
    return _pdf_cache["pdf"]


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    """The parts of a PowerPoint file that tell it apart from other ZIPs."""
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "ppt/presentation.xml": "<p:presentation/>",
        }
    )


VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
