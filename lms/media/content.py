"""What a file is, judged by its bytes (never by its name or the client's content type).

`filetype` recognises most binary formats by their magic numbers; PDF, WebVTT and the ZIP family
(PowerPoint, Word, Excel, plain archives) are told apart here, because their signatures need more
than the first bytes (a .pptx is a ZIP whose entries say "ppt/").
"""

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from lms.media.models import MediaKind

HEAD_BYTES = 8192
READ_BLOCK = 1024 * 1024
UTF8_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class Detected:
    kind: str
    mime: str
    extension: str


# mime -> (kind, extension) for the binary formats the library accepts through `filetype`.
ACCEPTED_MIMES: dict[str, tuple[str, str]] = {
    "image/jpeg": (MediaKind.IMAGE, "jpg"),
    "image/png": (MediaKind.IMAGE, "png"),
    "image/gif": (MediaKind.IMAGE, "gif"),
    "image/webp": (MediaKind.IMAGE, "webp"),
    "image/bmp": (MediaKind.IMAGE, "bmp"),
    "video/mp4": (MediaKind.VIDEO, "mp4"),
    "video/x-m4v": (MediaKind.VIDEO, "m4v"),
    "video/quicktime": (MediaKind.VIDEO, "mov"),
    "video/webm": (MediaKind.VIDEO, "webm"),
    "video/x-matroska": (MediaKind.VIDEO, "mkv"),
    "video/mpeg": (MediaKind.VIDEO, "mpg"),
    "video/x-msvideo": (MediaKind.VIDEO, "avi"),
    "audio/mpeg": (MediaKind.AUDIO, "mp3"),
    "audio/mp4": (MediaKind.AUDIO, "m4a"),
    "audio/ogg": (MediaKind.AUDIO, "ogg"),
    "audio/x-wav": (MediaKind.AUDIO, "wav"),
    "audio/x-flac": (MediaKind.AUDIO, "flac"),
    "audio/aac": (MediaKind.AUDIO, "aac"),
    "application/vnd.ms-powerpoint": (MediaKind.POWERPOINT, "ppt"),
    "application/msword": (MediaKind.DOCUMENT, "doc"),
    "application/vnd.ms-excel": (MediaKind.DOCUMENT, "xls"),
    "application/rtf": (MediaKind.DOCUMENT, "rtf"),
}

PDF = Detected(MediaKind.PDF, "application/pdf", "pdf")
VTT = Detected(MediaKind.SUBTITLE, "text/vtt", "vtt")
ZIP = Detected(MediaKind.ARCHIVE, "application/zip", "zip")
# A ZIP holding this entry is that Office Open XML document.
OOXML_MARKERS: tuple[tuple[str, Detected], ...] = (
    (
        "ppt/presentation.xml",
        Detected(
            MediaKind.POWERPOINT,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
    ),
    (
        "word/document.xml",
        Detected(
            MediaKind.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
    ),
    (
        "xl/workbook.xml",
        Detected(
            MediaKind.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    ),
)
# OpenDocument: the first entry, "mimetype", names the type.
ODF_MIMES: dict[str, Detected] = {
    "application/vnd.oasis.opendocument.presentation": Detected(
        MediaKind.POWERPOINT, "application/vnd.oasis.opendocument.presentation", "odp"
    ),
    "application/vnd.oasis.opendocument.text": Detected(
        MediaKind.DOCUMENT, "application/vnd.oasis.opendocument.text", "odt"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": Detected(
        MediaKind.DOCUMENT, "application/vnd.oasis.opendocument.spreadsheet", "ods"
    ),
}

# What a file name's extension claims; a name claiming another kind than the content is a lie.
EXTENSION_KINDS: dict[str, str] = {
    **{ext: kind for kind, ext in ACCEPTED_MIMES.values()},
    "jpeg": MediaKind.IMAGE,
    "pdf": MediaKind.PDF,
    "vtt": MediaKind.SUBTITLE,
    "zip": MediaKind.ARCHIVE,
    "pptx": MediaKind.POWERPOINT,
    "odp": MediaKind.POWERPOINT,
    "docx": MediaKind.DOCUMENT,
    "xlsx": MediaKind.DOCUMENT,
    "odt": MediaKind.DOCUMENT,
    "ods": MediaKind.DOCUMENT,
    "svg": MediaKind.IMAGE,
    "srt": MediaKind.SUBTITLE,
    "html": MediaKind.DOCUMENT,
    "htm": MediaKind.DOCUMENT,
    "txt": MediaKind.DOCUMENT,
    "exe": MediaKind.OTHER,
}


class UnsupportedContent(ValueError):
    """The bytes are not a format the library accepts, or the name claims another kind."""


def _is_utf8_text(fileobj) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    fileobj.seek(0)
    try:
        while block := fileobj.read(READ_BLOCK):
            if b"\x00" in block:
                return False
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_family(fileobj) -> Detected:
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                odf = ODF_MIMES.get(archive.read("mimetype").decode("ascii", "replace").strip())
                if odf:
                    return odf
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedContent("The file is a damaged ZIP archive.") from exc
    entries = set(names)
    for marker, detected in OOXML_MARKERS:
        if marker in entries:
            return detected
    return ZIP


def _by_content(fileobj) -> Detected:
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    text_head = head.removeprefix(UTF8_BOM)
    if text_head.startswith(b"WEBVTT") and text_head[6:7] in (b"", b"\n", b"\r", b" ", b"\t"):
        if _is_utf8_text(fileobj):
            return VTT
        raise UnsupportedContent("The subtitle file is not UTF-8 text.")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_family(fileobj)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime in ACCEPTED_MIMES:
        kind, extension = ACCEPTED_MIMES[guessed.mime]
        return Detected(kind, guessed.mime, extension)
    raise UnsupportedContent("This type of file is not supported.")


def detect(fileobj, name: str) -> Detected:
    """The kind of `fileobj` (seekable, read from the start) or UnsupportedContent.

    The content decides; `name` only has to agree with it (a PNG called "notes.pdf" is refused).
    """
    detected = _by_content(fileobj)
    fileobj.seek(0)
    claimed = EXTENSION_KINDS.get(PurePath(name or "").suffix.lower().lstrip("."))
    if claimed is not None and claimed != detected.kind:
        raise UnsupportedContent(f"The file's content ({detected.extension}) does not match its name.")
    return detected
