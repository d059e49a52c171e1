"""Content detection: the bytes decide, the name only has to agree."""

import io

import pytest

from lms.media.content import UnsupportedContent, detect
from tests.lms.media.samples import EXE, VTT, pdf_bytes, png_bytes, pptx_bytes, zip_bytes


def kind_of(data: bytes, name: str):
    detected = detect(io.BytesIO(data), name)
    return detected.kind, detected.mime, detected.extension


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (png_bytes, "photo.png", ("image", "image/png", "png")),
        (png_bytes, "no-extension", ("image", "image/png", "png")),
        (png_bytes, "photo.jpeg", ("image", "image/png", "png")),  # same kind: fine, stored as .png
        (pdf_bytes, "handbook.pdf", ("pdf", "application/pdf", "pdf")),
        (lambda: VTT, "english.vtt", ("subtitle", "text/vtt", "vtt")),
        (lambda: b"\xef\xbb\xbf" + VTT, "bom.vtt", ("subtitle", "text/vtt", "vtt")),
        (
            pptx_bytes,
            "slides.pptx",
            (
                "powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "pptx",
            ),
        ),
        (
            lambda: zip_bytes({"word/document.xml": "<w/>"}),
            "letter.docx",
            ("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        ),
        (lambda: zip_bytes({"notes.txt": "hello"}), "bundle.zip", ("archive", "application/zip", "zip")),
    ],
)
def test_accepted_content(make, name, expected):
    assert kind_of(make(), name) == expected


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (EXE, "setup.png", "not supported"),  # a program calling itself a picture
        (b"just some text", "notes.pdf", "not supported"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "not supported"),
        (png_bytes(), "handbook.pdf", "does not match its name"),
        (pdf_bytes(), "picture.png", "does not match its name"),
        (pptx_bytes(), "archive.zip", "does not match its name"),
        (VTT + b"\xff\xfe bad bytes", "english.vtt", "not UTF-8"),
        (b"PK\x03\x04" + b"\x00" * 40, "broken.zip", "damaged ZIP"),
    ],
)
def test_refused_content(data, name, reason):
    with pytest.raises(UnsupportedContent, match=reason):
        detect(io.BytesIO(data), name)
