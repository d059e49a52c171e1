"""Signing in and out of the API; each sign-in is written to the activity log."""

from django.contrib.auth import authenticate
from django.db import transaction
from knox.models import AuthToken

from lms.audit.models import ActivityAction
from lms.audit.services import activity_record
from website.api.errors import Unprocessable

INVALID_CREDENTIALS = "These credentials do not match our records."


@transaction.atomic
def api_login(*, request, email: str, password: str) -> tuple[object, str]:
    """Check the credentials and issue a token; only its digest is stored. Returns (user, token)."""
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise Unprocessable({"email": [INVALID_CREDENTIALS]})
    _instance, token = AuthToken.objects.create(user=user)
    activity_record(actor=user, action=ActivityAction.LOGIN, subject=user)
    return user, token


def api_logout(*, token: AuthToken | None) -> None:
    """Revoke the token the request came with (a session caller has none to revoke)."""
    if token is not None:
        token.delete()
