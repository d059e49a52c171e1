"""Demo announcements: one for everyone, one for a demo course's learners, one for a portal's members.

Idempotent: an announcement is found by its heading; an existing one is left as it is.
"""

from lms.announcements import services
from lms.announcements.models import Announcement, SendingRule
from lms.courses.models import Course

DEMO_ANNOUNCEMENTS = [
    {
        "heading": "Welcome to the Lectern Academy",
        "content": "<p>Your courses are on your dashboard. <strong>Happy learning!</strong></p>",
        "sending_rule": SendingRule.ALL,
    },
    {
        "heading": "New lesson in Workplace Safety Essentials",
        "content": "<p>The emergency checklist is now part of the course.</p>",
        "sending_rule": SendingRule.SPECIFIC_COURSE_USERS,
        "course_slugs": ["workplace-safety-essentials"],
    },
    {
        "heading": "Acme Sales kick-off",
        "content": "<p>The sales team meets on Monday at 9:00 in the main hall.</p>",
        "sending_rule": SendingRule.SPECIFIC_PORTALS,
        "portal_names": ["Acme Sales"],
    },
]


def load_demo(*, actor, users, portals) -> int:
    """Returns how many announcements it created."""
    created = 0
    for spec in DEMO_ANNOUNCEMENTS:
        if Announcement.objects.filter(heading=spec["heading"]).exists():
            continue
        courses = list(Course.objects.filter(slug__in=spec.get("course_slugs", [])))
        targets = [portals[name] for name in spec.get("portal_names", []) if name in portals]
        if spec.get("course_slugs") and not courses or spec.get("portal_names") and not targets:
            continue  # the course or portal is not in this demo
        services.announcement_create(
            actor=actor,
            heading=spec["heading"],
            content=spec["content"],
            sending_rule=spec["sending_rule"],
            courses=courses,
            portals=targets,
        )
        created += 1
    return created
