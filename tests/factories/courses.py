import factory

from lms.courses.models import Course, CourseModule
from lms.modules.models import Module, ModuleType, TextModule


class TextModuleFactory(factory.django.DjangoModelFactory):
    """A text module with its detail row (what the module library's lists expect)."""

    class Meta:
        model = Module
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    module_type = ModuleType.TEXT
    content = "<p>Lesson</p>"

    @factory.post_generation
    def detail(self, create, extracted, **kwargs):
        if create:
            TextModule.objects.create(module=self)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    name = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")


class CourseModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseModule

    course = factory.SubFactory(CourseFactory)
    module = factory.SubFactory(TextModuleFactory)
    order = factory.Sequence(lambda n: n + 1)
