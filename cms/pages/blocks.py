"""The blocks of a page body (a StreamField). Every block that holds HTML sanitises it with nh3."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from website.html import sanitise_html

COURSE_LIST_LIMIT = 24
SAFE_URL_PREFIXES = ("/", "http://", "https://", "mailto:", "#")


class SanitisedHTMLBlock(blocks.RawHTMLBlock):
    """Raw HTML for marketers, cleaned by the nh3 allow-list when saved and again when rendered."""

    def clean(self, value):
        return mark_safe(sanitise_html(super().clean(value)))  # noqa: S308 - sanitised just now

    def get_prep_value(self, value):
        return sanitise_html(value)

    def to_python(self, value):
        return mark_safe(sanitise_html(value))  # noqa: S308 - sanitised just now

    def render_basic(self, value, context=None):
        return mark_safe(sanitise_html(value))  # noqa: S308 - sanitised just now

    class Meta:
        icon = "code"
        label = "HTML"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=80)
    url = blocks.CharBlock(
        max_length=1000, help_text="A path on this site (/courses/) or a full web address."
    )

    def clean(self, value):
        cleaned = super().clean(value)
        url = (cleaned.get("url") or "").strip()
        if not url.lower().startswith(SAFE_URL_PREFIXES):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Use a path (/courses/) or an http(s) address.")}
            )
        return cleaned

    class Meta:
        icon = "pick"
        template = "pages/blocks/call_to_action.html"


class CourseListBlock(blocks.StructBlock):
    """The academy's published courses (the portal's own on a portal site)."""

    heading = blocks.CharBlock(max_length=255, required=False)
    limit = blocks.IntegerBlock(min_value=1, max_value=COURSE_LIST_LIMIT, default=6)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["courses"] = published_courses(
            limit=value["limit"], portal=(parent_context or {}).get("portal")
        )
        return context

    class Meta:
        icon = "list-ul"
        template = "pages/blocks/course_list.html"


def published_courses(*, limit: int, portal=None):
    Course = apps.get_model("courses", "Course")
    courses = Course.objects.filter(status="published").only("id", "name", "slug", "featured_image_url")
    courses = courses.filter(portal=portal) if portal is not None else courses.filter(portal__isnull=True)
    return list(courses.order_by("name")[:limit])


class ColumnContentBlock(blocks.StreamBlock):
    text = SanitisedHTMLBlock()
    rich_text = blocks.RichTextBlock()
    image = ImageChooserBlock()


class ColumnsBlock(blocks.StructBlock):
    columns = blocks.ListBlock(ColumnContentBlock(), min_num=1, max_num=4)

    class Meta:
        icon = "grip"
        template = "pages/blocks/columns.html"


class PageBodyBlock(blocks.StreamBlock):
    """The block types of a page body; the API's `content` uses the same type names."""

    text = SanitisedHTMLBlock(label="Text (HTML)")
    rich_text = blocks.RichTextBlock()
    html = SanitisedHTMLBlock()
    image = ImageChooserBlock(template="pages/blocks/image.html")
    video = EmbedBlock(icon="media")
    call_to_action = CallToActionBlock()
    course_list = CourseListBlock()
    columns = ColumnsBlock()
