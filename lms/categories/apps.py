from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "lms.categories"
    label = "categories"
    verbose_name = "Categories"
