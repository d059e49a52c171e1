"""django.contrib.admin with Lectern's site (its own module: an apps module may declare only one config)."""

from django.contrib.admin.apps import AdminConfig


class LecternAdminConfig(AdminConfig):
    default_site = "website.admin.LecternAdminSite"
