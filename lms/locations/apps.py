from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "lms.locations"
    label = "locations"
    verbose_name = "Locations"
