"""Reads over categories: academy-wide, counted through the registered usages without N+1."""

from django.db.models import Count, IntegerField, QuerySet, Value

from lms.categories.models import Category
from lms.categories.usage import usages_for


def categories_of_type(category_type: str) -> QuerySet[Category]:
    return Category.objects.filter(type=category_type)


def category_table(category_type: str) -> QuerySet[Category]:
    """Categories of one type with their author and `item_count` (items using them)."""
    count = Value(0, output_field=IntegerField())
    for usage in usages_for(category_type):
        count = count + Count(usage.related_name, distinct=True)
    return categories_of_type(category_type).select_related("created_by").annotate(item_count=count)
