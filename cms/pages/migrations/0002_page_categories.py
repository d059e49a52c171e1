"""The seed's page categories (Page Category Lookup); marketers add more in /cms/."""

from django.db import migrations

CATEGORIES = [
    ("call_to_action", "Call to Action"),
    ("faq", "FAQs"),
    ("features", "Features"),
    ("pages", "Pages"),
    ("products", "Products"),
    ("team", "Team"),
    ("testimonial", "Testimonial"),
]


def create_categories(apps, schema_editor):
    PageCategory = apps.get_model("pages", "PageCategory")
    for key, name in CATEGORIES:
        PageCategory.objects.get_or_create(key=key, defaults={"name": name})


def remove_categories(apps, schema_editor):
    apps.get_model("pages", "PageCategory").objects.filter(key__in=[key for key, _ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
