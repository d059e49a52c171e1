from rest_framework import serializers

from lms.categories.models import Category, CategoryType
from website.api.fields import IdListField
from website.api.formats import MonthFirstDateTimeField, TimestampField


class CategoryTypeField(serializers.ChoiceField):
    """A category type; also takes "learning-path", "Learning Path" and "learningPath"."""

    def __init__(self, **kwargs):
        super().__init__(choices=CategoryType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            compact = data.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
            for value in CategoryType.values:
                if value.replace("_", "") == compact:
                    return value
        return super().to_internal_value(data)


class CategoryInputSerializer(serializers.Serializer):
    category_name = serializers.CharField(max_length=255, source="name")
    categoryType = CategoryTypeField(source="type")


class CategoryRowSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    count = serializers.IntegerField(source="item_count")
    created_at = MonthFirstDateTimeField()

    class Meta:
        model = Category
        fields = ["id", "name", "author", "count", "created_at"]

    def get_author(self, category) -> str:
        return str(category.created_by) if category.created_by else ""


class CategoryDetailSerializer(serializers.ModelSerializer):
    created_at = TimestampField()
    updated_at = TimestampField()
    deleted_at = TimestampField()

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "type",
            "created_by",
            "updated_by",
            "deleted_by",
            "created_at",
            "updated_at",
            "deleted_at",
        ]


class CategoryDeleteSerializer(serializers.Serializer):
    type = CategoryTypeField()
    delete_ids = IdListField(allow_empty=False)
    categoryName = serializers.CharField(
        required=False, allow_blank=True, help_text="Shown by front ends; unused."
    )


class CategoryDeleteResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    deletedCategories = serializers.ListField(child=serializers.IntegerField())
    notDeletedCategories = serializers.ListField(child=serializers.IntegerField())
    usedInPlaces = serializers.ListField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
    )


class CategoryIdsQuerySerializer(serializers.Serializer):
    array = IdListField(required=False, help_text="Only these category ids, e.g. [1,2].")


class SearchTermQuerySerializer(serializers.Serializer):
    search_term = serializers.CharField(required=False, allow_blank=True)
