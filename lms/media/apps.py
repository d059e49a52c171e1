from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "lms.media"
    label = "media"
    verbose_name = "Media"
