from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "lms.enrollments"
    label = "enrollments"
    verbose_name = "Enrolments"
