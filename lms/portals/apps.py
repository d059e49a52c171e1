from django.apps import AppConfig


class PortalsConfig(AppConfig):
    name = "lms.portals"
    label = "portals"
    verbose_name = "Portals"
