from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "lms.modules"
    label = "modules"
    verbose_name = "Modules"

    def ready(self):
        from lms.categories.usage import CategoryUsage, register_category_usage
        from lms.media.usage import MediaUsage, register_media_usage
        from lms.modules import types  # noqa: F401  (registers the text, video, PDF and PowerPoint types)

        register_category_usage(CategoryUsage("module", "modules", "module"))
        register_media_usage(MediaUsage("pdf_modules", "PDF module"))
        register_media_usage(MediaUsage("powerpoint_modules", "PowerPoint module"))
        register_media_usage(MediaUsage("video_modules", "video module"))
        register_media_usage(MediaUsage("video_subtitles", "video subtitle"))
