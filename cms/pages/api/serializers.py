from django.core.validators import URLValidator
from rest_framework import serializers

from cms.pages import selectors
from cms.pages.access import Restriction
from cms.pages.content import stream_summary, stream_to_content
from cms.pages.models import AccessibleBy, LayoutContext, PageLayoutChoice
from cms.pages.services import restriction_from_seed
from website.api.fields import IdListField, JSONObjectField, LenientCharField, LenientIntegerField
from website.api.formats import TimestampField
from website.api.views import TabularQuerySerializer
from website.html import sanitise_html

NULL_TEXTS = ("null", "none", "undefined")


class NullableTextField(serializers.CharField):
    """Text where null, "" and the seed's "null" all mean empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(allow_blank=True, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if data is None or (isinstance(data, str) and data.strip().lower() in NULL_TEXTS):
            return ""
        return super().to_internal_value(data)


class ContentField(serializers.JSONField):
    """The page content: a JSON list of typed blocks, or that list as JSON text."""


class PageInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    content = ContentField(
        required=False, help_text='A JSON list of blocks: [{"type": "text", "text": "<p>…</p>"}].'
    )
    layout = serializers.ChoiceField(choices=PageLayoutChoice.choices)
    seo_title = NullableTextField(max_length=255)
    seo_description = NullableTextField(max_length=1000)
    seo_thumbnail_url = NullableTextField(max_length=1000)
    restrictedToLoginUser = serializers.BooleanField(required=False, default=False)
    accessibleBy = serializers.ChoiceField(choices=AccessibleBy.choices, required=False, allow_null=True)
    userCategory = serializers.ListField(child=LenientCharField(), required=False, default=list)
    userType = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    category = NullableTextField(max_length=64, help_text="A page category key (Page Category Lookup).")

    def validate_seo_thumbnail_url(self, value):
        if value:
            URLValidator(schemes=["http", "https"])(value)
        return value

    def validate(self, attrs):
        if attrs.get("restrictedToLoginUser") and not attrs.get("accessibleBy"):
            raise serializers.ValidationError({"accessibleBy": ["Say who may access a restricted page."]})
        return attrs


def page_fields(data: dict) -> dict:
    """Service keyword arguments for a validated PageInputSerializer payload."""
    restriction = restriction_from_seed(
        restricted=data["restrictedToLoginUser"], accessible_by=data.get("accessibleBy")
    )
    fields = {
        "title": data["title"].strip(),
        "layout": data["layout"],
        "seo_title": data.get("seo_title") or "",
        "search_description": data.get("seo_description") or "",
        "seo_thumbnail_url": data.get("seo_thumbnail_url") or "",
        "restriction": restriction,
        "user_categories": selectors.user_category_ids_for(data["userCategory"])
        if restriction == Restriction.USER_CATEGORY
        else [],
        "user_types": selectors.user_types_for(data["userType"])
        if restriction == Restriction.USER_TYPE
        else [],
        "category": selectors.page_category_by_key(data.get("category")),
    }
    if "content" in data:
        fields["content"] = data["content"]
    return fields


class MetaSerializer(serializers.Serializer):
    name = serializers.CharField()
    content = serializers.CharField()


class PageDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    content = serializers.SerializerMethodField()
    layout = serializers.CharField()
    seo_title = serializers.CharField()
    seo_description = serializers.CharField(source="search_description")
    seo_thumbnail_url = serializers.CharField()
    restrictedToLoginUser = serializers.SerializerMethodField()
    accessibleBy = serializers.SerializerMethodField()
    metas = serializers.SerializerMethodField()
    userCategory = serializers.SerializerMethodField()
    userType = serializers.ListField(child=serializers.CharField(), source="user_types")
    category = serializers.SerializerMethodField()
    live = serializers.BooleanField()

    def get_content(self, page) -> list[dict]:
        return stream_to_content(page.body)

    def get_restrictedToLoginUser(self, page) -> bool:
        return page.restriction != Restriction.NONE

    def get_accessibleBy(self, page) -> str:
        return (
            page.restriction
            if page.restriction in (AccessibleBy.USER_CATEGORY, AccessibleBy.USER_TYPE)
            else "all"
        )

    def get_userCategory(self, page) -> list[str]:
        return selectors.user_category_names(page.user_categories)

    def get_category(self, page) -> str | None:
        return page.category.key if page.category_id else None

    def get_metas(self, page) -> list[dict]:
        metas = [("title", page.seo_title or page.title), ("description", page.search_description)]
        metas.append(("og:image", page.seo_thumbnail_url))
        return MetaSerializer(
            [{"name": name, "content": value} for name, value in metas if value], many=True
        ).data


class PageRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    author = serializers.SerializerMethodField()
    created_at = TimestampField()
    live = serializers.BooleanField()

    def get_author(self, page) -> str:
        owner = page.owner
        return owner.get_full_name() if owner is not None else ""


class PortalPageRowSerializer(PageRowSerializer):
    content = serializers.SerializerMethodField()
    portal_id = serializers.IntegerField()

    def get_content(self, page) -> str:
        return stream_summary(page.body)


class PageTabularQuerySerializer(TabularQuerySerializer):
    type = serializers.ChoiceField(
        choices=[(0, "Published"), (1, "Drafts")], required=False, help_text="0: published pages, 1: drafts."
    )


class PageIdsSerializer(serializers.Serializer):
    page_ids = IdListField(allow_empty=False, help_text='Page ids: a JSON array or "[1,2,3]".')


class SlugQuerySerializer(serializers.Serializer):
    slug = serializers.CharField(max_length=255)


class PageIdTitleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class DashboardMenuSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    pages = PageIdTitleSerializer(many=True)
    menus = DashboardMenuSerializer(many=True)


class ContactInputSerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=255)
    lastName = serializers.CharField(max_length=255)
    email = serializers.EmailField(
        required=False, help_text="The sender's address (the caller's when absent)."
    )
    phoneNo = serializers.CharField(max_length=64)
    content = serializers.CharField(max_length=5000)
    toEmail = serializers.EmailField(required=False, allow_blank=True)
    portalId = LenientIntegerField(
        required=False, allow_null=True, help_text="The portal whose admins receive it."
    )


class LayoutQuerySerializer(serializers.Serializer):
    context = serializers.ChoiceField(choices=LayoutContext.choices)
    search = JSONObjectField(required=False, help_text='{"title": "...", "category": ["category 1"]}')
    portalId = LenientIntegerField(required=False, allow_null=True)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        search = dict(values.get("search") or {})
        if hasattr(data, "getlist"):  # search.title=...&search.category=a&search.category=b
            if data.get("search.title"):
                search["title"] = data.get("search.title")
            if data.getlist("search.category"):
                search["category"] = data.getlist("search.category")
        category = search.get("category") or []
        search["category"] = [category] if isinstance(category, str) else list(category)
        values["search"] = search
        return values


class LayoutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    context = serializers.CharField()
    category = serializers.SerializerMethodField()
    data = serializers.CharField()
    portal_id = serializers.IntegerField(allow_null=True)

    def get_category(self, layout) -> str | None:
        return layout.category.name if layout.category_id else None


class LayoutInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    context = serializers.ChoiceField(choices=LayoutContext.choices)
    data = serializers.CharField(max_length=200_000)
    portalId = LenientIntegerField(allow_null=True, help_text="-1 or null: a layout of the academy.")
    category = NullableTextField(max_length=64, help_text="A page category key.")

    def validate_data(self, value):
        return sanitise_html(value)


class SnippetSerializer(serializers.Serializer):
    name = serializers.CharField()
    html = serializers.CharField()


class PortalPageDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    content = serializers.SerializerMethodField()
    layout = serializers.CharField()
    portal_id = serializers.IntegerField()
    live = serializers.BooleanField()

    def get_content(self, page) -> str:
        return str(page.body.render_as_block(context={"page": page, "portal": page.portal}))


class PortalPageInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    content = ContentField(required=False)


class PortalPageCreateSerializer(PortalPageInputSerializer):
    portalId = LenientIntegerField()


class PageDropdownQuerySerializer(serializers.Serializer):
    portalId = LenientIntegerField(required=False, allow_null=True)
    search_term = serializers.CharField(required=False, allow_blank=True, default="")


class PortalIdBodySerializer(serializers.Serializer):
    portalId = LenientIntegerField()


class PortalDashboardSerializer(serializers.Serializer):
    pages = PageIdTitleSerializer(many=True)
    menus = serializers.ListField(child=serializers.CharField())
