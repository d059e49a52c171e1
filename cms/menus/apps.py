from django.apps import AppConfig


class MenusConfig(AppConfig):
    name = "cms.menus"
    label = "menus"
    verbose_name = "Menus"
