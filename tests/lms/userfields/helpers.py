"""Shared by the userfields API tests."""

from lms.accounts.models import User
from lms.audit.models import Activity
from lms.portals.models import PortalMembership
from lms.userfields.models import CustomUserField, CustomUserValue, UserConsent, UserUpload

UNAUTHENTICATED = {"message": "Unauthenticated."}
UNAUTHORIZED = {"message": "This action is unauthorized."}
NOT_FOUND = {"message": "Not found."}
INVALID = "The given data was invalid."


def invalid(errors):
    return {"message": INVALID, "errors": errors}


def state():
    """Everything a refused or invalid request must leave untouched."""
    return (
        list(CustomUserField.objects.order_by("pk").values()),
        list(CustomUserValue.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "email", "first_name", "last_name", "password")),
        list(PortalMembership.objects.order_by("pk").values()),
        UserConsent.objects.count(),
        UserUpload.objects.count(),
        Activity.objects.count(),
    )
