from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "lms.announcements"
    label = "announcements"
    verbose_name = "Announcements"
