"""Reads: custom fields in order, users with their custom data and consents, scoped to portals."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from lms.portals.models import PortalMembership
from lms.userfields.models import (
    CustomUserField,
    CustomUserFieldType,
    CustomUserValue,
    UserConsent,
    UserUpload,
)
from website.tenancy import PortalScope


def custom_user_fields() -> QuerySet[CustomUserField]:
    return CustomUserField.objects.order_by("position", "pk")


def users_in_scope(scope: PortalScope) -> QuerySet:
    """Users the caller may see: everyone for academy staff; otherwise members of the scope's portals."""
    users = get_user_model().objects.all()
    if scope.is_unrestricted:
        return users
    members = PortalMembership.objects.filter(portal__in=scope.portal_ids, is_active=True)
    return users.filter(pk__in=members.values("user"))


def users_with_custom_data(scope: PortalScope) -> QuerySet:
    values = CustomUserValue.objects.select_related("field").order_by("field__position", "field_id")
    return users_in_scope(scope).prefetch_related(Prefetch("custom_values", queryset=values))


def user_consents(scope: PortalScope) -> QuerySet[UserConsent]:
    consents = UserConsent.objects.select_related("user").order_by("-consent_date", "-pk")
    if scope.is_unrestricted:
        return consents
    return consents.filter(user__in=users_in_scope(scope))


def user_uploads(scope: PortalScope) -> QuerySet[UserUpload]:
    uploads = UserUpload.objects.all()
    if scope.is_unrestricted:
        return uploads
    return uploads.filter(Q(portal__in=scope.portal_ids))


def field_in_use(field: CustomUserField) -> bool:
    """A field some user has answered cannot be deleted."""
    return field.values.exists()


SAMPLE_ROWS = 3
SAMPLE_PASSWORD = "Qwerty@123"
CHECKBOX_SEPARATOR = "|"  # a multiple select's options in one cell


def _sample_value(field: CustomUserField) -> str:
    if field.type == CustomUserFieldType.DATE:
        return "2000-01-31"
    if field.type == CustomUserFieldType.CHECKBOX:
        return CHECKBOX_SEPARATOR.join(map(str, field.options[:2]))
    if field.options:
        return str(field.options[0])
    return f"Fake {field.label} Value"


def user_upload_sample() -> dict:
    """The bulk upload template: the standard columns and every custom field; the first record filled."""
    fields = list(custom_user_fields())
    headers = ["email", "first_name", "last_name", "password", *(field.key for field in fields)]
    records = []
    for number in range(1, SAMPLE_ROWS + 1):
        first = number == 1
        record = {
            "email": f"fake.user{number}@example.com",
            "first_name": f"Fake FName{number}",
            "last_name": f"Fake LName{number}",
            "password": SAMPLE_PASSWORD if first else "",
        }
        record |= {field.key: _sample_value(field) if first else "" for field in fields}
        records.append(record)
    return {"headers": headers, "records": records}
