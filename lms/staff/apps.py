from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_after_last_app(sender, **kwargs):
    """post_migrate runs once per app with models; permissions exist for all after the last one."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        from lms.staff.services import permission_set_groups_sync

        permission_set_groups_sync()


class StaffConfig(AppConfig):
    name = "lms.staff"
    label = "staff"
    verbose_name = "Staff"

    def ready(self):
        # Permission sets are Django groups; keep them in step with the catalogue after migrate.
        post_migrate.connect(_sync_after_last_app, dispatch_uid="staff_permission_sets")
