import factory

from lms.certificates.models import CertificateTemplate

COURSE_NAME_FIELD = {
    "key": "course_name",
    "value": "Course Name",
    "font_size": 20,
    "font_family": "Lato",
    "font_color": "#222",
    "top": 432,
    "left": 469,
    "align_center": False,
    "width": 200,
    "height": 40,
}


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """A landscape 1075x680 template with the seed's course name field, no background, no portal."""

    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    slug = factory.Sequence(lambda n: f"template-{n}")
    width = 1075
    height = 680
    fields = factory.LazyFunction(lambda: [dict(COURSE_NAME_FIELD)])
