from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lms.staff"
    label = "staff"
