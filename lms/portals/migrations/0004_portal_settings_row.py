from django.db import migrations


def create_settings_row(apps, schema_editor):
    apps.get_model("portals", "PortalSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    """The academy's one portal settings row (custom domains off)."""

    dependencies = [("portals", "0003_portal_profile_seats_domains")]

    operations = [migrations.RunPython(create_settings_row, migrations.RunPython.noop)]
