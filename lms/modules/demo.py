"""The demo academy's module library: one module of each type with real content.

`load_demo(actor=, users=, portals=)` is idempotent: a module whose slug exists is left as it is.
The PDF, the PowerPoint presentation and the subtitles are made now and go through the media library.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from lms.categories.models import Category, CategoryType
from lms.modules import services
from lms.modules.demo_files import pdf_bytes, pptx_bytes, vtt_text
from lms.modules.models import Module

WELCOME_HTML = """
<h2>Welcome to the Lectern academy</h2>
<p>This course shows how a Lectern course is put together: <strong>text</strong>, <strong>video</strong>,
<strong>PDF</strong> and <strong>PowerPoint</strong> lessons, placed in order in a curriculum.</p>
<ul>
  <li>Work through the lessons in order; some unlock after the previous one.</li>
  <li>Your progress is saved as you go.</li>
  <li>Finish every tracked lesson to earn the course certificate.</li>
</ul>
<p>Questions? Write to <a href="mailto:academy@lectern.local">academy@lectern.local</a>.</p>
"""

VIDEO_HTML = "<p>A five-minute tour of how the Internet carries a web page from a server to your browser.</p>"
PDF_HTML = "<p>The academy's code of conduct. Read it, then download a copy for your records.</p>"
SLIDES_HTML = "<p>The slides of the onboarding session, for review at your own pace.</p>"

SUBTITLES = vtt_text(
    [
        ("00:00:00.000", "00:00:04.000", "How does the Internet work?"),
        ("00:00:04.000", "00:00:09.000", "Every device on the network has an address."),
        ("00:00:09.000", "00:00:15.000", "Data travels in small packets, routed hop by hop."),
    ]
)

CODE_OF_CONDUCT = [
    "Treat every learner and instructor with respect, in discussions, assignments and live sessions.",
    "Do your own work. Quote and credit the sources you use; share answers only where a lesson invites it.",
    "Keep personal data you see in the academy private, and report anything that looks wrong to the staff.",
    "Use the academy's materials for your own learning; ask before sharing them outside your organisation.",
]

SLIDES = [
    ("Welcome aboard", "Your first week at the academy: who is who, and where to find things."),
    ("Your learning plan", "Courses are assigned by your manager; electives are open to everyone."),
    ("Getting help", "Ask in the course discussion, or write to academy@lectern.local."),
]


def _category(actor, name: str) -> Category:
    category = Category.objects.filter(type=CategoryType.MODULE, name__iexact=name).first()
    if category is None:
        from lms.categories.services import category_create

        category = category_create(actor=actor, name=name, type=CategoryType.MODULE)
    return category


def load_demo(*, actor, users: dict, portals: dict) -> int:
    """Returns how many modules it created."""
    created = 0
    video_lessons = _category(actor, "Video lessons")
    common = {"track_completion": True, "estimation_completed_unit": "minutes"}

    if not Module.objects.filter(slug="welcome-to-the-academy").exists():
        services.text_module_save(
            actor=actor,
            name="Welcome to the academy",
            content=WELCOME_HTML,
            estimated_completion="00:05:00",
            **common,
        )
        created += 1

    if not Module.objects.filter(slug="how-the-internet-works").exists():
        services.video_module_save(
            actor=actor,
            name="How the Internet works",
            content=VIDEO_HTML,
            provider="youtube",
            url="https://www.youtube.com/watch?v=7_LPdttKXPc",
            disable_forward_seek=False,
            subtitle_type="upload",
            subtitles=[{"language": "en", "subtitleContent": SUBTITLES}],
            interactions=[
                {"type": "note", "time": "00:02:30", "title": "Packets", "content": "<p>Notice the hops.</p>"}
            ],
            estimated_completion="00:05:00",
            categories=[video_lessons.pk],
            **common,
        )
        created += 1

    if not Module.objects.filter(slug="code-of-conduct").exists():
        services.pdf_module_save(
            actor=actor,
            name="Code of conduct",
            content=PDF_HTML,
            file=SimpleUploadedFile(
                "code-of-conduct.pdf",
                pdf_bytes("Academy code of conduct", CODE_OF_CONDUCT),
                content_type="application/pdf",
            ),
            allow_download=True,
            default_zoom="page_width",
            show_sidebar=True,
            estimated_completion="00:10:00",
            **common,
        )
        created += 1

    if not Module.objects.filter(slug="onboarding-slides").exists():
        services.powerpoint_module_save(
            actor=actor,
            name="Onboarding slides",
            content=SLIDES_HTML,
            file=SimpleUploadedFile(
                "onboarding.pptx",
                pptx_bytes(SLIDES),
                content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ),
            viewer="microsoft_office",
            allow_download=True,
            estimated_completion="00:10:00",
            **common,
        )
        created += 1
    return created
