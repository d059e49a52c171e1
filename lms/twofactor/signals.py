"""Wiring Django's sign-in signals to the sign-in throttle."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from lms.twofactor import throttle


@receiver(user_login_failed, dispatch_uid="twofactor_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    field = get_user_model().USERNAME_FIELD
    username = credentials.get("username", credentials.get(field))
    if username:
        throttle.sign_in_failure_record(username=username, request=request)


@receiver(user_logged_in, dispatch_uid="twofactor_signed_in")
def _signed_in(sender, request, user, **kwargs):
    throttle.sign_in_success_record(username=user.get_username(), request=request)
