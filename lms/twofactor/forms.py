"""Sign-in forms: e-mail, password and, for users who enabled 2FA, the code of their app. Learners sign in
to the site with `TwoFactorAuthenticationForm`; the admin's form adds who may enter the admin."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed

from lms.twofactor import services
from lms.twofactor.selectors import two_factor_enabled
from lms.twofactor.throttle import locked_until, minutes_until
from website.tenancy import manages_portals

CODE_REQUIRED = "Enter the 6-digit code from your authenticator app."
CODE_INVALID = "The authentication code is invalid or has already been used."


class TwoFactorAuthenticationForm(AuthenticationForm):
    """Any active user; repeated failures lock the username and address for a while (the throttle)."""

    otp_token = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="Only if you enabled two-factor authentication.",
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": "Too many failed sign-in attempts. Try again in %(minutes)d minute(s).",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            until = locked_until(username=username, request=self.request)
            if until:
                raise forms.ValidationError(
                    self.error_messages["locked"], code="locked", params={"minutes": minutes_until(until)}
                )
        cleaned = super().clean()  # authenticates (through the throttled backend), then confirm_login_allowed
        user = self.get_user()
        if user is not None and two_factor_enabled(user):
            code = (cleaned.get("otp_token") or "").strip()
            if not code:
                self._refuse_code(username, CODE_REQUIRED, "otp_required")
            if not services.two_factor_verify(user=user, code=code):
                self._refuse_code(username, CODE_INVALID, "otp_invalid")
        return cleaned

    def _refuse_code(self, username, message, code):
        self.user_cache = None
        # A wrong code counts as a failed sign-in, so codes cannot be guessed without limit.
        user_login_failed.send(sender=type(self), credentials={"username": username}, request=self.request)
        raise forms.ValidationError({"otp_token": message}, code=code)


class TwoFactorAdminAuthenticationForm(TwoFactorAuthenticationForm, AdminAuthenticationForm):
    error_messages = {**TwoFactorAuthenticationForm.error_messages, **AdminAuthenticationForm.error_messages}

    def confirm_login_allowed(self, user):
        """Academy staff and portal admins (who see only their portal subtree) may sign in."""
        AuthenticationForm.confirm_login_allowed(self, user)
        if not (user.is_staff or manages_portals(user)):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
