from django.apps import AppConfig


class UserfieldsConfig(AppConfig):
    name = "lms.userfields"
    label = "userfields"
