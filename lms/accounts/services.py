"""People: creating users, signing in and out of the API. Every write is in the activity log."""

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from knox.models import AuthToken

from lms.accounts.models import User, UserType
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create
from website.api.errors import Unprocessable

USER_FIELDS = ("email", "first_name", "last_name", "user_type", "is_active")
EMAIL_TAKEN = "The email has already been taken."

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


def ensure_acceptable_password(password: str, *, user: User | None = None, field: str = "password") -> None:
    """Django's password validators, as a 422 on `field`."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise Unprocessable({field: exc.messages}) from exc


@transaction.atomic
def user_create(
    *,
    actor,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    user_type: str = UserType.GENERAL,
    is_active: bool = True,
) -> User:
    """Create a user. Without a password the account cannot sign in until one is set."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Unprocessable({"email": [EMAIL_TAKEN]})
    user = User(
        email=email, first_name=first_name, last_name=last_name, user_type=user_type, is_active=is_active
    )
    if password:
        ensure_acceptable_password(password, user=user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    return logged_create(actor=actor, instance=user, tracked=USER_FIELDS)
