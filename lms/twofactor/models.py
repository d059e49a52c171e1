"""Two-factor authentication (TOTP) devices and sign-in throttles.

A user has at most one `TwoFactorDevice`. Preparing stores a fresh secret as `pending_secret`;
confirming a code from the authenticator app moves it to `secret` and activates 2FA. Codes are
single-use: `last_used_step` remembers the last accepted TOTP time step.

`SignInThrottle` counts failed sign-ins per key (a username+address pair, or an address alone) and
locks the key for a cool-off once too many failures happen inside the window.
"""

from django.conf import settings
from django.db import models


class TwoFactorDevice(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_device"
    )
    secret = models.CharField(max_length=64, blank=True, help_text="Base32 secret of the active device.")
    pending_secret = models.CharField(
        max_length=64, blank=True, help_text="Base32 secret prepared but not yet confirmed."
    )
    is_active = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(
        null=True, blank=True, help_text="TOTP time step of the last accepted code (codes are single-use)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "two-factor device"

    def __str__(self):
        return f"2FA of {self.user}"


class SignInThrottle(models.Model):
    key = models.CharField(
        max_length=400, unique=True, help_text='"pair:<username>|<address>" or "address:<address>".'
    )
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sign-in throttle"

    def __str__(self):
        return self.key
