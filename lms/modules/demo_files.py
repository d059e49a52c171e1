"""Files the demo modules use, made at demo time: a PDF (rendered by WeasyPrint), a PowerPoint
presentation (a small but complete Office Open XML package) and WebVTT subtitles."""

import io
import zipfile
from xml.sax.saxutils import escape

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.presentationml"

HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _rels(*relations: tuple[str, str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{RT}/{kind}" Target="{target}"/>' for rid, kind, target in relations
    )
    return f'{HEADER}<Relationships xmlns="{REL}">{items}</Relationships>'


EMPTY_TREE = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
    '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)


def _text_box(shape_id: int, name: str, y: int, height: int, size: int, text: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8229600" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
        f'<a:p><a:r><a:rPr lang="en-US" sz="{size}"/><a:t>{escape(text)}</a:t></a:r></a:p>'
        "</p:txBody></p:sp>"
    )


def _slide(title: str, body: str) -> str:
    shapes = _text_box(2, "Title", 457200, 1143000, 4000, title) + _text_box(
        3, "Body", 1828800, 3657600, 2400, body
    )
    return (
        f'{HEADER}<p:sld xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
        f"<p:cSld><p:spTree>{EMPTY_TREE}{shapes}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )


def _theme() -> str:
    colours = {
        "dk1": '<a:sysClr val="windowText" lastClr="000000"/>',
        "lt1": '<a:sysClr val="window" lastClr="FFFFFF"/>',
        "dk2": '<a:srgbClr val="1F2937"/>',
        "lt2": '<a:srgbClr val="F3F4F6"/>',
        "accent1": '<a:srgbClr val="2563EB"/>',
        "accent2": '<a:srgbClr val="16A34A"/>',
        "accent3": '<a:srgbClr val="D97706"/>',
        "accent4": '<a:srgbClr val="DC2626"/>',
        "accent5": '<a:srgbClr val="7C3AED"/>',
        "accent6": '<a:srgbClr val="0891B2"/>',
        "hlink": '<a:srgbClr val="2563EB"/>',
        "folHlink": '<a:srgbClr val="7C3AED"/>',
    }
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours.items())
    fonts = '<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        f'{HEADER}<a:theme xmlns:a="{A}" name="Lectern"><a:themeElements>'
        f'<a:clrScheme name="Lectern">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="Lectern"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>'
        '<a:fmtScheme name="Lectern">'
        f"<a:fillStyleLst>{fill * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements></a:theme>"
    )


def pptx_bytes(slides: list[tuple[str, str]]) -> bytes:
    """A PowerPoint file with one text slide per (title, body)."""
    overrides = [
        ("/ppt/presentation.xml", f"{CT}.presentation.main+xml"),
        ("/ppt/slideMasters/slideMaster1.xml", f"{CT}.slideMaster+xml"),
        ("/ppt/slideLayouts/slideLayout1.xml", f"{CT}.slideLayout+xml"),
        ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
    ] + [(f"/ppt/slides/slide{n}.xml", f"{CT}.slide+xml") for n in range(1, len(slides) + 1)]
    content_types = (
        f'{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
        + "</Types>"
    )
    slide_ids = "".join(f'<p:sldId id="{255 + n}" r:id="rId{n + 2}"/>' for n in range(1, len(slides) + 1))
    presentation = (
        f'{HEADER}<p:presentation xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f"<p:sldIdLst>{slide_ids}</p:sldIdLst>"
        '<p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/>'
        "</p:presentation>"
    )
    presentation_rels = _rels(
        ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
        ("rId2", "theme", "theme/theme1.xml"),
        *[(f"rId{n + 2}", "slide", f"slides/slide{n}.xml") for n in range(1, len(slides) + 1)],
    )
    master = (
        f'{HEADER}<p:sldMaster xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
        f"<p:cSld><p:spTree>{EMPTY_TREE}</p:spTree></p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>'
        "</p:sldMaster>"
    )
    layout = (
        f'{HEADER}<p:sldLayout xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}" type="blank" preserve="1">'
        f'<p:cSld name="Blank"><p:spTree>{EMPTY_TREE}</p:spTree></p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": _rels(("rId1", "officeDocument", "ppt/presentation.xml")),
        "ppt/presentation.xml": presentation,
        "ppt/_rels/presentation.xml.rels": presentation_rels,
        "ppt/slideMasters/slideMaster1.xml": master,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": _rels(
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rId2", "theme", "../theme/theme1.xml"),
        ),
        "ppt/slideLayouts/slideLayout1.xml": layout,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": _rels(
            ("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")
        ),
        "ppt/theme/theme1.xml": _theme(),
    }
    for n, (title, body) in enumerate(slides, start=1):
        parts[f"ppt/slides/slide{n}.xml"] = _slide(title, body)
        parts[f"ppt/slides/_rels/slide{n}.xml.rels"] = _rels(
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def pdf_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A small PDF rendered from HTML by WeasyPrint."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        "<html><head><style>body{font-family:sans-serif;margin:2cm}h1{color:#2563eb}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def vtt_text(cues: list[tuple[str, str, str]]) -> str:
    """WebVTT subtitles from (start, end, text) cues such as ("00:00:00.000", "00:00:04.000", "Hello")."""
    return "WEBVTT\n\n" + "\n\n".join(f"{start} --> {end}\n{text}" for start, end, text in cues) + "\n"
