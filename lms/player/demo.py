"""Demo learning resources: the course handbook (from the demo media library) and a reading link
attached to the demo courses, so the player's "learning resources" and the admin show rows.

Idempotent: a resource is found by (course, name); an existing one is left as it is.
"""

from lms.courses.models import Course
from lms.media.demo import HANDBOOK, demo_media_file
from lms.player import services
from lms.player.models import LearningResource, ResourceType

DEMO_RESOURCES = [
    ("workplace-safety-essentials", "Course handbook", ResourceType.DOCUMENT, HANDBOOK, ""),
    (
        "workplace-safety-essentials",
        "Further reading: workplace safety",
        ResourceType.LINK,
        None,
        "https://www.osha.gov/workers",
    ),
    ("customer-service-foundations", "Course handbook", ResourceType.DOCUMENT, HANDBOOK, ""),
]


def load_demo(*, actor, users, portals) -> int:
    created = 0
    for order, (slug, name, resource_type, media_name, url) in enumerate(DEMO_RESOURCES, start=1):
        course = Course.objects.filter(slug=slug).first()
        if course is None or LearningResource.objects.filter(course=course, name=name).exists():
            continue
        media = demo_media_file(actor=actor, name=media_name)[0] if media_name else None
        services.learning_resource_create(
            actor=actor,
            course=course,
            name=name,
            description=f"{name} for {course.name}.",
            resource_type=resource_type,
            media=media,
            url=url,
            order=order,
        )
        created += 1
    return created
