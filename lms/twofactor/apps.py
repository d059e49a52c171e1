from django.apps import AppConfig


class TwofactorConfig(AppConfig):
    name = "lms.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor authentication"

    def ready(self):
        from django.contrib import admin

        from lms.twofactor import signals  # noqa: F401  (sign-in throttle wiring)
        from lms.twofactor.forms import TwoFactorAdminAuthenticationForm

        admin.site.login_form = TwoFactorAdminAuthenticationForm
        admin.site.login_template = "admin/twofactor_login.html"
