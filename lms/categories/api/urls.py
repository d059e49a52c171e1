from django.urls import path

from lms.categories.api import views

urlpatterns = [
    path("categories/", views.CategoryCreate.as_view(), name="category-create"),
    path("categories/delete/", views.CategoryDelete.as_view(), name="category-delete"),
    path("categories/<int:pk>/", views.CategoryDetail.as_view(), name="category-detail"),
    path("categories/course/", views.CourseCategoryTable.as_view(), name="category-course-table"),
    path("categories/module/", views.ModuleCategoryTable.as_view(), name="category-module-table"),
    path("categories/product/", views.ProductCategoryTable.as_view(), name="category-product-table"),
    path("categories/question/", views.QuestionCategoryTable.as_view(), name="category-question-table"),
    path(
        "categories/learning-path/",
        views.LearningPathCategoryTable.as_view(),
        name="category-learning-path-table",
    ),
    path("categories/course/lookup/", views.CourseCategoryLookup.as_view(), name="category-course-lookup"),
    path(
        "categories/question/lookup/", views.QuestionCategoryLookup.as_view(), name="category-question-lookup"
    ),
    path("categories/user/lookup/", views.UserCategoryLookup.as_view(), name="category-user-lookup"),
    path(
        "categories/learning-path/lookup/",
        views.LearningPathCategoryLookup.as_view(),
        name="category-learning-path-lookup",
    ),
]
