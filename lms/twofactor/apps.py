from django.apps import AppConfig


class TwofactorConfig(AppConfig):
    name = "lms.twofactor"
    label = "twofactor"
