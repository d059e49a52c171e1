"""Sign-in protection: repeated failed sign-ins lock a username+address pair (and a noisy address).

- `PAIR_LIMIT` failures for one username from one address within `WINDOW` lock that pair for
  `COOL_OFF`. The right password from another address still works, so an attacker cannot lock
  anyone out; and every lock expires.
- `ADDRESS_LIMIT` failures from one address (any usernames: password spraying) lock the address for
  `COOL_OFF`.
- Wrong codes while confirming a 2FA enrolment lock further attempts of that user the same way.
- A successful sign-in clears its pair. Failures made while a key is locked are not counted, so a
  lock never outlives its cool-off.

Fed by `user_login_failed` / `user_logged_in` (see signals.py); enforced by
`lms.twofactor.backends.ThrottledModelBackend`.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.twofactor.models import SignInThrottle

PAIR_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
COOL_OFF = timedelta(minutes=15)


def client_address(request) -> str:
    """The peer address Django saw (proxies must set REMOTE_ADDR; forwarded headers are not trusted)."""
    meta = getattr(request, "META", None) or {}
    return str(meta.get("REMOTE_ADDR") or "unknown")[:64]


def _username(username) -> str:
    return str(username or "").strip().lower()[:254]


def _keys(username, address) -> dict[str, int]:
    return {f"pair:{_username(username)}|{address}": PAIR_LIMIT, f"address:{address}": ADDRESS_LIMIT}


def locked_until(*, username, request):
    """When the sign-in of `username` from this request's address unlocks, or None if it is not locked."""
    now = timezone.now()
    address = client_address(request)
    until = (
        SignInThrottle.objects.filter(key__in=_keys(username, address), locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def _record_one(key: str, limit: int, now) -> None:
    try:
        with transaction.atomic():
            throttle, _created = SignInThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"window_started_at": now}
            )
    except IntegrityError:  # a concurrent first failure created it
        throttle = SignInThrottle.objects.select_for_update().get(key=key)
    if throttle.locked_until and throttle.locked_until > now:
        return  # already locked: not counted, so the lock ends on time
    if now - throttle.window_started_at > WINDOW:
        throttle.failures, throttle.window_started_at = 0, now
    throttle.failures += 1
    if throttle.failures >= limit:
        throttle.locked_until = now + COOL_OFF
        throttle.failures, throttle.window_started_at = 0, now
    throttle.save()


@transaction.atomic
def sign_in_failure_record(*, username, request) -> None:
    now = timezone.now()
    for key, limit in _keys(username, client_address(request)).items():
        _record_one(key, limit, now)


def sign_in_success_record(*, username, request) -> None:
    """A success clears its own pair (not the address: one valid account must not reset a spray lock)."""
    pair_key = next(iter(_keys(username, client_address(request))))
    SignInThrottle.objects.filter(key=pair_key).delete()


def minutes_until(moment) -> int:
    return max(1, -(-int((moment - timezone.now()).total_seconds()) // 60))


# Wrong codes while confirming an enrolment: CODE_LIMIT per user per WINDOW, then COOL_OFF.
CODE_LIMIT = 5


def _code_key(user) -> str:
    return f"code:{user.pk}"


def code_attempts_locked_until(*, user):
    return (
        SignInThrottle.objects.filter(key=_code_key(user), locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )


@transaction.atomic
def code_failure_record(*, user) -> None:
    _record_one(_code_key(user), CODE_LIMIT, timezone.now())


def code_attempts_clear(*, user) -> None:
    SignInThrottle.objects.filter(key=_code_key(user)).delete()


def sign_in_throttle_clear(*, throttle: SignInThrottle) -> None:
    """An administrator lifts a lock."""
    throttle.delete()


def expired_throttles_purge() -> int:
    """Delete rows that neither lock nor count any more."""
    now = timezone.now()
    deleted, _ = (
        SignInThrottle.objects.filter(window_started_at__lt=now - WINDOW)
        .exclude(locked_until__gt=now)
        .delete()
    )
    return deleted
