from django.apps import AppConfig


class PlayerConfig(AppConfig):
    name = "lms.player"
    label = "player"
    verbose_name = "Player"
