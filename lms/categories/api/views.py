from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from lms.categories import selectors, services
from lms.categories.api import serializers as s
from lms.categories.models import Category, CategoryType
from website.api.responses import MessageSerializer, message_response
from website.api.schema import seed_operation
from website.api.views import ApiView, QueryLookupView, TabularListView, contains

PERMISSIONS = {
    "GET": "categories.view_category",
    "POST": "categories.add_category",
    "PUT": "categories.change_category",
    "PATCH": "categories.change_category",
}


class CategoryTable(TabularListView):
    category_type: str
    permission_required = "categories.view_category"
    row_serializer_class = s.CategoryRowSerializer
    order_columns = {
        "name": "name",
        "author": "created_by__first_name",
        "count": "item_count",
        "created_at": "created_at",
    }
    default_ordering = ("-created_at",)
    search_filters = {"categoryName": contains("name")}

    def get_queryset(self):
        return selectors.category_table(self.category_type)


@seed_operation("categories_course_category_tabular_list")
class CourseCategoryTable(CategoryTable):
    category_type = CategoryType.COURSE


@seed_operation("categories_module_category_tabular_list")
class ModuleCategoryTable(CategoryTable):
    category_type = CategoryType.MODULE


@seed_operation("categories_product_category_tabular_list")
class ProductCategoryTable(CategoryTable):
    category_type = CategoryType.PRODUCT


@seed_operation("categories_question_category_tabular_list")
class QuestionCategoryTable(CategoryTable):
    category_type = CategoryType.QUESTION


@seed_operation("categories_learning_path_category_tabular_list")
class LearningPathCategoryTable(CategoryTable):
    category_type = CategoryType.LEARNING_PATH


class CategoryLookup(QueryLookupView):
    """Dropdowns of one category type: open to portal admins, who pick categories for their items."""

    category_type: str
    permission_required = "categories.view_category"
    allow_portal_admins = True

    def get_queryset(self):
        return selectors.categories_of_type(self.category_type)


@seed_operation("categories_course_category_lookup")
class CourseCategoryLookup(CategoryLookup):
    category_type = CategoryType.COURSE
    query_serializer_class = s.CategoryIdsQuerySerializer

    def get_queryset(self):
        ids = self.query.get("array")
        return super().get_queryset().filter(pk__in=ids) if ids else super().get_queryset()


@seed_operation("categories_question_category_lookup")
class QuestionCategoryLookup(CategoryLookup):
    category_type = CategoryType.QUESTION


class SearchableCategoryLookup(CategoryLookup):
    query_serializer_class = s.SearchTermQuerySerializer

    def get_queryset(self):
        return contains("name")(super().get_queryset(), self.query.get("search_term"))


@seed_operation("categories_user_category_lookup")
class UserCategoryLookup(SearchableCategoryLookup):
    category_type = CategoryType.USER


@seed_operation("categories_learning_path_category_lookup")
class LearningPathCategoryLookup(SearchableCategoryLookup):
    category_type = CategoryType.LEARNING_PATH


@seed_operation("categories_create_category", responses=MessageSerializer)
class CategoryCreate(ApiView):
    permission_required = "categories.add_category"
    input_serializer_class = s.CategoryInputSerializer

    def post(self, request):
        services.category_create(actor=request.user, **self.parse_body())
        return message_response("Category Created Successfully")


class CategoryDetail(ApiView):
    permission_required = PERMISSIONS
    input_serializer_class = s.CategoryInputSerializer

    @seed_operation("categories_get_category", responses=s.CategoryDetailSerializer)
    def get(self, request, pk):
        return Response(s.CategoryDetailSerializer(get_object_or_404(Category.objects, pk=pk)).data)

    @seed_operation("categories_update_category", responses=MessageSerializer)
    def put(self, request, pk):
        category = get_object_or_404(Category.objects, pk=pk)
        services.category_update(actor=request.user, category=category, **self.parse_body())
        return message_response("Category Updated Successfully")


@seed_operation("categories_delete_categories_of_given_type", responses=s.CategoryDeleteResultSerializer)
class CategoryDelete(ApiView):
    permission_required = "categories.delete_category"
    input_serializer_class = s.CategoryDeleteSerializer

    def post(self, request):
        data = self.parse_body()
        outcome = services.categories_bulk_delete(
            actor=request.user, category_type=data["type"], ids=data["delete_ids"]
        )
        return message_response(
            outcome.message,
            deletedCategories=outcome.deleted_ids,
            notDeletedCategories=outcome.kept_ids,
            usedInPlaces=outcome.used_in_places,
        )
