"""The demo academy's courses: three published courses with real lessons (text and video modules made
through the modules services), sections, drip rules, a course category and, when the certificates
demo has made it, the certificate of completion.

Idempotent: modules are found by type and name, courses by slug; what exists is left as it is.
"""

from lms.certificates.models import CertificateTemplate
from lms.courses import services
from lms.courses.models import (
    CompletionCriteria,
    Course,
    CourseStatus,
    DripRule,
    DurationRule,
    GradingRule,
    RewardType,
)
from lms.modules import services as module_services
from lms.modules.models import Module, ModuleType

DEMO_CERTIFICATE_NAME = "Certificate of Completion"

TEXT = ModuleType.TEXT
VIDEO = ModuleType.VIDEO

# (type, name, content or YouTube address)
DEMO_MODULES = [
    (TEXT, "Safety: Why it matters", (
        "<h2>Why workplace safety matters</h2><p>Most workplace injuries are preventable. This course "
        "walks through the habits that keep you and your colleagues safe: spotting hazards, reporting "
        "them and knowing what to do in an emergency.</p>"
    )),
    (VIDEO, "Safety: Spotting hazards", "https://www.youtube.com/watch?v=Pm5VtpeJc8o"),
    (TEXT, "Safety: Reporting an incident", (
        "<h2>Reporting an incident</h2><ol><li>Make the area safe.</li><li>Get first aid if anyone is "
        "hurt.</li><li>Tell your supervisor the same day.</li><li>Fill in the incident form: what, "
        "where, when and who.</li></ol>"
    )),
    (TEXT, "Safety: Emergency checklist", (
        "<h2>Emergency checklist</h2><ul><li>Know your two nearest exits.</li><li>Know where the fire "
        "extinguishers and first-aid kits are.</li><li>Know the assembly point.</li></ul>"
    )),
    (TEXT, "Service: The first minute", (
        "<h2>The first minute</h2><p>Greet the customer, use their name and listen before you answer. "
        "Customers decide in the first minute whether they trust you.</p>"
    )),
    (VIDEO, "Service: Listening well", "https://www.youtube.com/watch?v=rzsVh8YwZEQ"),
    (TEXT, "Service: Handling complaints", (
        "<h2>Handling complaints</h2><p>Acknowledge, apologise, act: thank the customer for telling you, "
        "say sorry for the trouble, and say what you will do and when.</p>"
    )),
]  # fmt: skip

DEMO_COURSES = [
    {
        "slug": "workplace-safety-essentials",
        "name": "Workplace Safety Essentials",
        "portal": None,
        "categories": ["Compliance"],
        "instructions": "Work through the lessons in order; each one takes about ten minutes.",
        "estimated_completion": 1,
        "estimation_completed_unit": "hours",
        "credits": 2,
        "reward_type": RewardType.POINTS,
        "points": 50,
        "enable_course_rating": True,
        "curriculum": [
            ("Safety: Why it matters", "Getting started", {}),
            ("Safety: Spotting hazards", "Getting started", {"min_time_minutes": 5}),
            ("Safety: Reporting an incident", "In practice", {}),
            ("Safety: Emergency checklist", "In practice", {"is_locked": True}),
        ],
    },
    {
        "slug": "customer-service-foundations",
        "name": "Customer Service Foundations",
        "portal": "Acme Corporation",
        "categories": ["Customer Service"],
        "instructions": "A short course for everyone who talks to customers.",
        "estimated_completion": 45,
        "estimation_completed_unit": "minutes",
        "credits": 1,
        "reward_type": RewardType.POINTS,
        "points": 30,
        "enable_course_rating": False,
        "curriculum": [
            ("Service: The first minute", "", {}),
            ("Service: Listening well", "", {}),
            (
                "Service: Handling complaints",
                "",
                {"drip_rule": DripRule.SPECIFIC_INTERVAL, "drip_interval": 2, "drip_interval_unit": "day"},
            ),
        ],
    },
    {
        "slug": "getting-started-with-the-academy",
        "name": "Getting Started with the Academy",
        "portal": None,
        "categories": ["Onboarding"],
        "instructions": "Four short lessons, one of each kind: text, video, PDF and slides.",
        "estimated_completion": 30,
        "estimation_completed_unit": "minutes",
        "credits": 1,
        "reward_type": RewardType.POINTS,
        "points": 20,
        "enable_course_rating": True,
        # the module library's own demo modules (lms/modules/demo.py), found by name
        "curriculum": [
            ("Welcome to the academy", "", {}),
            ("How the Internet works", "", {}),
            ("Code of conduct", "", {}),
            ("Onboarding slides", "", {"is_locked": True}),
        ],
    },
]


def _demo_module(*, actor, module_type: str, name: str, source: str) -> tuple[Module, bool]:
    existing = Module.objects.filter(module_type=module_type, name=name).first()
    if existing is not None:
        return existing, False
    if module_type == VIDEO:
        module = module_services.video_module_save(actor=actor, name=name, provider="youtube", url=source)
    else:
        module = module_services.text_module_save(actor=actor, name=name, content=source)
    return module, True


def load_demo(*, actor, users, portals) -> int:
    """Returns how many records it created (modules and courses)."""
    created = 0
    modules = {}
    for module_type, name, source in DEMO_MODULES:
        modules[name], made = _demo_module(actor=actor, module_type=module_type, name=name, source=source)
        created += made
    certificate = CertificateTemplate.objects.filter(name=DEMO_CERTIFICATE_NAME).first()
    for spec in DEMO_COURSES:
        if Course.objects.filter(slug=spec["slug"]).exists():
            continue
        names = [name for name, _section, _extra in spec["curriculum"] if name not in modules]
        modules.update({module.name: module for module in Module.objects.filter(name__in=names)})
        if any(name not in modules for name, _section, _extra in spec["curriculum"]):
            continue  # the module library's demo did not run
        curriculum = [
            {"module_id": modules[name].pk, "section": section, **extra}
            for name, section, extra in spec["curriculum"]
        ]
        course = services.course_save(
            actor=actor,
            data={
                "name": spec["name"],
                "status": CourseStatus.PUBLISHED,
                "portal": portals.get(spec["portal"]) if spec["portal"] else None,
                "instructions": spec["instructions"],
                "credits": spec["credits"],
                "estimated_completion": spec["estimated_completion"],
                "estimation_completed_unit": spec["estimation_completed_unit"],
                "grading_rule": GradingRule.NO_GRADING,
                "duration_rule": DurationRule.UNLIMITED,
                "completion_criteria": CompletionCriteria.ALL_MODULES,
                "reward_type": spec["reward_type"],
                "points": spec["points"],
                "enable_course_rating": spec["enable_course_rating"],
                "categories": spec["categories"],
                "certificate_templates": [certificate.pk] if certificate else [],
                "certificate_expires_after": 365 if certificate else None,
                "curriculum": curriculum,
            },
        )
        if course.slug != spec["slug"]:  # the natural key stays stable across loads
            Course.objects.filter(pk=course.pk).update(slug=spec["slug"])
        created += 1
    return created
