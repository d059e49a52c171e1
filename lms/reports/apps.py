from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from lms.accounts.signals import user_created
        from lms.reports.services import auto_enroll_new_user

        def enrol_in_free_courses(sender, user, actor, **kwargs):
            auto_enroll_new_user(actor=actor, user=user)

        user_created.connect(enrol_in_free_courses, dispatch_uid="reports.auto_enroll")
