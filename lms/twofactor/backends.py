"""Authentication backend that refuses while a sign-in is locked (see lms.twofactor.throttle).

Replace `django.contrib.auth.backends.ModelBackend` with
`lms.twofactor.backends.ThrottledModelBackend` in AUTHENTICATION_BACKENDS.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from lms.twofactor.selectors import two_factor_enabled
from lms.twofactor.throttle import locked_until, sign_in_success_record


class SignInLocked(PermissionDenied):
    """Raised by the backend: `authenticate()` stops and reports a failed sign-in."""


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None and locked_until(username=username, request=request):
            raise SignInLocked("Too many failed sign-in attempts.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not two_factor_enabled(user):
            # Signed in for good: clear the pair. With 2FA the pair clears once the code is right
            # too (user_logged_in), so a known password cannot be used to reset code guessing.
            sign_in_success_record(username=username, request=request)
        return user
