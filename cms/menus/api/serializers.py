from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.pages.access import Restriction
from cms.pages.selectors import user_category_names
from website.api.fields import LenientIntegerField


class RestrictionsSerializer(serializers.Serializer):
    accessibleBy = serializers.CharField(help_text="logged_in, user_category or user_type.")
    userCategory = serializers.ListField(child=serializers.CharField())
    userType = serializers.ListField(child=serializers.CharField())


class MenuItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    type = serializers.CharField()
    custom_link = serializers.SerializerMethodField()
    page_id = serializers.IntegerField(source="link_page_id", allow_null=True)
    display_order = serializers.SerializerMethodField()
    icon = serializers.CharField()
    css_class = serializers.SerializerMethodField()
    restrictions = serializers.SerializerMethodField()
    open_in_new_tab = serializers.BooleanField()
    level = serializers.IntegerField()
    isCollapsed = serializers.SerializerMethodField()
    hyperlink = serializers.SerializerMethodField()

    def get_custom_link(self, item) -> str | None:
        return item.custom_link or None

    def get_display_order(self, item) -> int:
        return item.sort_order + 1 if item.sort_order is not None else 1

    def get_css_class(self, item) -> str | None:
        return item.css_class or None

    def get_isCollapsed(self, item) -> bool:
        return True

    def get_hyperlink(self, item) -> str | None:
        return item.hyperlink(self.context.get("request"))

    @staticmethod
    def _restrictions(item):
        if item.restriction == Restriction.NONE:
            return None
        return {
            "accessibleBy": item.restriction,
            "userCategory": user_category_names(item.user_categories) if item.user_categories else [],
            "userType": list(item.user_types or []),
        }

    @extend_schema_field(RestrictionsSerializer(allow_null=True))
    def get_restrictions(self, item):
        return self._restrictions(item)


class MenuSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    portal_id = serializers.IntegerField(allow_null=True)
    items = MenuItemSerializer(many=True)


class MenuItemInputSerializer(serializers.Serializer):
    """Documented for the schema; the service validates each item (so every item's error is reported)."""

    label = serializers.CharField()
    icon = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    type = serializers.ChoiceField(choices=["page", "custom", "custom_link"])
    page_id = LenientIntegerField(required=False, allow_null=True)
    custom_link = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    css_class = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    restrictions = serializers.JSONField(required=False, allow_null=True)
    open_in_new_tab = serializers.BooleanField(required=False, default=False)
    level = serializers.IntegerField(required=False, default=1)


class MenuInputSerializer(serializers.Serializer):
    id = LenientIntegerField(
        required=False, allow_null=True, help_text="An existing menu; absent: a new one."
    )
    name = serializers.CharField(required=False, max_length=255, help_text="A new menu's name.")
    items = serializers.ListField(child=serializers.JSONField(), allow_empty=True)


class MenuListInputSerializer(serializers.Serializer):
    menuList = MenuInputSerializer(many=True, allow_empty=False)


class PortalMenuListInputSerializer(MenuListInputSerializer):
    portalId = LenientIntegerField()
