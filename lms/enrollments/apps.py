from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "lms.enrollments"
    label = "enrollments"
    verbose_name = "Enrolments"

    def ready(self):
        from lms.enrollments import registrations

        registrations.register_all()
