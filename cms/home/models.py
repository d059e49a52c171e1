"""The learner site's home page: the root page of each Wagtail site, edited by marketers in /cms/."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page


class HomePage(Page):
    headline = models.CharField(max_length=255, blank=True, help_text="The banner's main line.")
    lead = models.TextField(blank=True, help_text="A sentence or two under the headline.")
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("headline"), FieldPanel("lead"), FieldPanel("body")]
    max_count_per_parent = 1
    template = "home/home_page.html"
