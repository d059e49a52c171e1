"""Modules and their details (text, video, PDF, PowerPoint)."""

import factory

from lms.modules.models import (
    Module,
    ModuleType,
    PdfModule,
    PowerPointModule,
    TextModule,
    VideoModule,
    VideoProvider,
)


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module row without its detail; use the typed factories below for a complete module."""

    class Meta:
        model = Module

    name = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    module_type = ModuleType.TEXT
    content = "<p>Lesson content</p>"
    track_completion = True  # the learner marks it complete, as in the seed's samples
    author = factory.SubFactory("tests.factories.accounts.StaffFactory")


class TextModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TextModule

    module = factory.SubFactory(ModuleFactory, module_type=ModuleType.TEXT)


class VideoModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VideoModule

    module = factory.SubFactory(ModuleFactory, module_type=ModuleType.VIDEO)
    provider = VideoProvider.YOUTUBE
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    video_id = "dQw4w9WgXcQ"


class PdfModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PdfModule

    module = factory.SubFactory(ModuleFactory, module_type=ModuleType.PDF)
    url = "https://example.org/handbook.pdf"


class PowerPointModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PowerPointModule

    module = factory.SubFactory(ModuleFactory, module_type=ModuleType.POWERPOINT)
    url = "https://example.org/slides.pptx"
