from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "lms.ratings"
    label = "ratings"
    verbose_name = "Ratings"
