"""The demo academy's custom user fields, answers, consents and one finished bulk upload.

Called by the `load_demo` command with the `userfields` section of fixtures/demo_academy.json;
idempotent like the rest of the demo (what exists is left as it is).
"""

from lms.userfields import services
from lms.userfields.models import CustomUserField, CustomUserValue, UserConsent, UserUpload


def load_demo(*, actor, section: dict, users: dict, portals: dict) -> int:
    """Returns how many records it created."""
    created = 0
    for spec in section.get("custom_user_fields", []):
        if not CustomUserField.objects.filter(key=spec["key"]).exists():
            services.custom_user_field_create(actor=actor, **spec)
            created += 1
    fields = {field.key: field for field in CustomUserField.objects.all()}
    for spec in section.get("values", []):
        user, field = users[spec["email"]], fields[spec["key"]]
        if not CustomUserValue.objects.filter(user=user, field=field).exists():
            value = services.clean_custom_value(field, spec["value"])
            services.user_custom_values_set(actor=actor, user=user, values={field: value})
            created += 1
    for spec in section.get("consents", []):
        spec = dict(spec)
        user = users[spec.pop("email")]
        if not UserConsent.objects.filter(user=user, consent_id=spec["consent_id"]).exists():
            services.consent_record(actor=actor, user=user, **spec)
            created += 1
    upload = section.get("upload")
    if upload and not UserUpload.objects.exists():
        services.users_bulk_upload(actor=actor, portal=portals[upload["portal"]], rows=upload["rows"])
        created += 1
    return created
