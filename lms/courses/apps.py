from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "lms.courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self):
        from lms.courses import registrations

        registrations.register_all()
