from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from lms.media.usage import MediaUsage, register_media_usage

        # A media image used as a template's background is not deleted from the library.
        register_media_usage(MediaUsage(related_name="certificate_templates", noun="certificate template"))
