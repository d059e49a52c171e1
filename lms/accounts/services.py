"""People: creating users, signing in and out of the API. Every write is in the activity log."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken
from rest_framework.exceptions import PermissionDenied

from lms.accounts.models import STAFF_TYPES, Address, AddressType, User, UserSource, UserType
from lms.accounts.selectors import users_visible
from lms.accounts.signals import user_created
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_delete, logged_update
from lms.categories.models import Category, CategoryType
from lms.notifications.services import email_enqueue
from lms.portals.models import PortalMembership, PortalRole
from lms.twofactor.selectors import two_factor_enabled
from lms.twofactor.services import two_factor_verify
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete
from website.tenancy import PortalScope

USER_FIELDS = ("email", "first_name", "last_name", "user_type", "is_active", "source", "internal_note")
EMAIL_TAKEN = "The email has already been taken."

INVALID_CREDENTIALS = "These credentials do not match our records."


def api_login(*, request, email: str, password: str, otp: str = "") -> tuple[object, str]:
    """Check the credentials (and the 2FA code of a user who enabled it) and issue a token; only its
    digest is stored. Returns (user, token).

    Not atomic as a whole: a failure recorded by the sign-in throttle must survive the refusal.
    """
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise Unprocessable({"email": [INVALID_CREDENTIALS]})
    if two_factor_enabled(user) and not two_factor_verify(user=user, code=otp):
        user_login_failed.send(sender=__name__, credentials={"username": email}, request=request)
        raise Unprocessable({"otp": ["Enter a valid code from your authenticator app."]})
    with transaction.atomic():
        _instance, token = AuthToken.objects.create(user=user)
        activity_record(actor=user, action=ActivityAction.LOGIN, subject=user)
    user_logged_in.send(sender=type(user), request=request, user=user)  # clears the throttle, sets last_login
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
    source: str = UserSource.DEFAULT,
    internal_note: str = "",
    categories=None,
    portal=None,
    send_welcome_email: bool = False,
) -> User:
    """Create a user. Without a password the account cannot sign in until one is set.

    `categories`: user category ids or names. `portal`: the user joins it as a learner.
    `send_welcome_email`: the new account e-mail (with a single-use link to choose a password) is
    written to the outbox in this transaction and sent once it commits.
    """
    _ensure_may_grant(actor, user_type)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Unprocessable({"email": [EMAIL_TAKEN]})
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        user_type=user_type,
        is_active=is_active,
        source=source,
        internal_note=internal_note,
    )
    resolved = resolve_user_categories(categories) if categories else []
    if password:
        ensure_acceptable_password(password, user=user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    logged_create(actor=actor, instance=user, tracked=USER_FIELDS)
    if resolved:
        user.categories.set(resolved)
    if portal is not None:
        # The portal's own rules (blocked e-mails and domains, seats) apply; lms.portals imports
        # this module, so the import is deferred.
        from lms.portals.services import portal_add_learners

        portal_add_learners(actor=actor, portal=portal, users=[user], field="portalId")
    if send_welcome_email:
        _send_account_email(user, "new_account")
    user_created.send(sender=User, user=user, actor=actor)
    return user


# --- People: create, update, password, e-mails, delete ---------------------------------------------

OWNER_ONLY = "Only an owner can manage an owner."
STAFF_ONLY = "Only academy staff can manage staff members."
SET_PASSWORD_LINK_DAYS = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def ensure_may_manage(actor, user: User) -> None:
    """An owner is managed by owners only; staff members by academy staff only (not portal admins)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return  # management commands and imports run without a signed-in actor
    if user.user_type == UserType.OWNER and not actor.is_superuser:
        raise PermissionDenied(OWNER_ONLY)
    if user.user_type in STAFF_TYPES and not (actor.is_staff or actor.is_superuser):
        raise PermissionDenied(STAFF_ONLY)


def _ensure_may_grant(actor, user_type: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if user_type == UserType.OWNER and not actor.is_superuser:
        raise PermissionDenied(OWNER_ONLY)
    if user_type in STAFF_TYPES and not (actor.is_staff or actor.is_superuser):
        raise PermissionDenied(STAFF_ONLY)


def resolve_user_categories(values, *, field: str = "userCategory") -> list[Category]:
    """User categories named by id (1 or "1") or by name; anything unknown is a 422 on `field`."""
    ids, names, unknown = set(), {}, []
    for value in values or []:
        text = str(value).strip()
        if isinstance(value, int) or text.isdigit():
            ids.add(int(text))
        elif text:
            names[text.lower()] = text
    categories = {c.pk: c for c in Category.objects.filter(type=CategoryType.USER, pk__in=ids)}
    unknown += [str(pk) for pk in sorted(ids) if pk not in categories]
    if names:
        by_name_q = Q()
        for name in names.values():
            by_name_q |= Q(name__iexact=name)
        by_name = {c.name.lower(): c for c in Category.objects.filter(by_name_q, type=CategoryType.USER)}
        unknown += [names[key] for key in names if key not in by_name]
        categories.update({c.pk: c for c in by_name.values()})
    if unknown:
        raise Unprocessable({field: [f"Unknown user category: {', '.join(unknown)}."]})
    return list(categories.values())


def _set_password_url(user: User) -> str:
    base = (getattr(settings, "LECTERN_SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{base}/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"


def _send_account_email(user: User, template: str) -> None:
    email_enqueue(
        to=user.email,
        template=template,
        context={
            "user": user,
            "set_password_url": _set_password_url(user),
            "link_days": SET_PASSWORD_LINK_DAYS,
        },
    )


def user_send_new_account_email(*, user: User) -> None:
    """The new account e-mail (a single-use link to choose a password), without changing anything."""
    _send_account_email(user, "new_account")


@transaction.atomic
def user_update(*, actor, user: User, categories=None, **fields) -> User:
    """Change a user's profile. `categories`: user category ids or names (None leaves them)."""
    ensure_may_manage(actor, user)
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
        if User.objects.filter(email=fields["email"]).exclude(pk=user.pk).exists():
            raise Unprocessable({"email": [EMAIL_TAKEN]})
    if "user_type" in fields and fields["user_type"] != user.user_type:
        _ensure_may_grant(actor, fields["user_type"])
        if user.user_type == UserType.OWNER:
            _ensure_other_owner_remains(user, field="user_type")
    if fields.get("is_active") is False and user.is_active:
        if actor is not None and actor.pk == user.pk:
            raise Unprocessable({"disabled": ["You cannot disable your own account."]})
        if user.user_type == UserType.OWNER:
            _ensure_other_owner_remains(user, field="disabled")
    user = logged_update(actor=actor, instance=user, tracked=USER_FIELDS, fields=fields)
    if categories is not None:
        before = sorted(user.categories.values_list("pk", flat=True))
        resolved = resolve_user_categories(categories)
        after = sorted(category.pk for category in resolved)
        if before != after:
            user.categories.set(resolved)
            activity_record(
                actor=actor,
                action=ActivityAction.UPDATED,
                subject=user,
                changes={"attributes": {"categories": after}, "old": {"categories": before}},
            )
    return user


def _ensure_other_owner_remains(user: User, *, field: str) -> None:
    others = User.objects.filter(user_type=UserType.OWNER, is_active=True).exclude(pk=user.pk)
    if not others.exists():
        raise Unprocessable({field: ["The academy must keep an active owner."]})


@transaction.atomic
def user_set_password(*, actor, user: User, password: str, notify: bool = True) -> User:
    """Set a user's password (validated); the user is told by e-mail."""
    ensure_may_manage(actor, user)
    ensure_acceptable_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    activity_record(
        actor=actor, action=ActivityAction.UPDATED, subject=user, changes={"attributes": {"password": "***"}}
    )
    if notify:
        _send_account_email(user, "password_set")
    return user


@transaction.atomic
def users_resend_new_account_email(*, actor, users) -> int:
    """For each user: a new password is created (unusable until the user chooses one through the
    e-mailed single-use link) and the new account e-mail is sent. Returns how many."""
    count = 0
    for user in users:
        ensure_may_manage(actor, user)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        activity_record(
            actor=actor,
            action=ActivityAction.UPDATED,
            subject=user,
            changes={"attributes": {"password": "reset", "new_account_email": "sent"}},
        )
        _send_account_email(user, "new_account")
        count += 1
    return count


def user_delete(*, actor, user: User) -> None:
    logged_delete(actor=actor, instance=user, tracked=USER_FIELDS)


def user_display_name(user: User) -> str:
    return user.full_name or user.email


# Why a user is kept by a bulk delete, in the seed's message style.
KEEP_REASONS = {
    "yourself": "you cannot delete yourself",
    "owner": "only an owner can delete an owner",
    "last_owner": "the academy must keep an owner",
    "staff": "only academy staff can delete staff members",
    "portal_access": "they have portal access",
    "other_portals": "they also belong to portals you do not manage",
}


@dataclass(frozen=True)
class UserKeepRule:
    """A rule another app adds to the users' bulk delete (e.g. courses: "they authored courses").

    `blocking(users)` returns the users to keep; `holdings(users)` maps a kept user's pk to the
    [{"id", "name"}] rows that hold them, reported under `payload_key` (e.g. "usedAsCourseAuthors").
    """

    key: str
    message: str
    blocking: Callable
    payload_key: str | None = None
    holdings: Callable | None = None


_registered_keep_rules: dict[str, UserKeepRule] = {}


def register_user_keep_rule(key, message, blocking, *, payload_key=None, holdings=None) -> None:
    """Apps that hold users register here from their AppConfig.ready(); accounts imports none of them."""
    _registered_keep_rules[key] = UserKeepRule(key, message, blocking, payload_key, holdings)


def _user_keep_rules(actor, scope: PortalScope) -> list[KeepRule]:
    academy_staff = actor.is_staff or actor.is_superuser
    rules = [
        KeepRule("yourself", lambda qs: qs.filter(pk=actor.pk)),
        KeepRule(
            "owner",
            lambda qs: qs.filter(user_type=UserType.OWNER) if not actor.is_superuser else qs.none(),
        ),
        KeepRule("last_owner", _last_owners),
        KeepRule(
            "staff",
            lambda qs: qs.filter(user_type__in=STAFF_TYPES) if not academy_staff else qs.none(),
        ),
        KeepRule(
            "portal_access",
            lambda qs: qs.filter(
                Exists(
                    PortalMembership.objects.filter(
                        user=OuterRef("pk"), role=PortalRole.ADMIN, is_active=True
                    )
                )
            ),
        ),
    ]
    if not scope.is_unrestricted:
        rules.append(
            KeepRule(
                "other_portals",
                lambda qs: qs.filter(
                    Exists(
                        PortalMembership.objects.filter(user=OuterRef("pk")).exclude(
                            portal_id__in=scope.portal_ids
                        )
                    )
                ),
            )
        )
    rules += [KeepRule(rule.key, rule.blocking) for rule in _registered_keep_rules.values()]
    return rules


def _last_owners(queryset):
    """The requested owners, when deleting them all would leave the academy without one."""
    requested = queryset.filter(user_type=UserType.OWNER)
    remaining = User.objects.filter(user_type=UserType.OWNER).exclude(pk__in=requested.values("pk"))
    return queryset.none() if remaining.exists() else requested


def users_bulk_delete(*, actor, scope: PortalScope, ids: list[int]) -> dict:
    """Delete the users the caller may delete; the rest are kept and the answer says why.

    Returns the seed's payload: message, deletedStudents, notDeletedStudents and the usedIn* maps.
    Rules other apps register (`register_user_keep_rule`) keep users too and fill their map
    (courses: usedAsCourseAuthors, usedAsModuleAuthors); usedInPortals lists the portals a kept
    portal admin manages.
    """
    outcome = bulk_delete(
        queryset=users_visible(scope),
        ids=ids,
        keep_rules=_user_keep_rules(actor, scope),
        delete=lambda user: user_delete(actor=actor, user=user),
    )
    deleted = [
        {"id": pk, "name": user_display_name(user)}
        for pk, user in zip(outcome.deleted_ids, outcome.deleted, strict=True)
    ]
    kept_users = {user.pk: user for users in outcome.kept.values() for user in users}
    used_in_portals = {}
    admins = outcome.kept.get("portal_access", [])
    if admins:
        memberships = (
            PortalMembership.objects.filter(user__in=admins, role=PortalRole.ADMIN, is_active=True)
            .select_related("portal")
            .order_by("portal__name", "pk")
        )
        for membership in memberships:
            name = user_display_name(kept_users[membership.user_id])
            used_in_portals.setdefault(name, []).append(
                {"id": membership.portal_id, "name": membership.portal.name}
            )
    message = f"{len(deleted)} user(s) deleted."
    reasons = {**KEEP_REASONS, **{key: rule.message for key, rule in _registered_keep_rules.items()}}
    for reason, text in reasons.items():
        count = outcome.kept_count(reason)
        if count:
            message += f" {count} user(s) not deleted as {text}."
    used_in = {"usedInCourses": {}, "usedAsCourseAuthors": {}, "usedAsModuleAuthors": {}}
    for rule in _registered_keep_rules.values():
        held_users = outcome.kept.get(rule.key, [])
        if not (held_users and rule.payload_key and rule.holdings):
            continue
        holdings = rule.holdings(held_users)
        used_in.setdefault(rule.payload_key, {}).update(
            {user_display_name(user): holdings.get(user.pk, []) for user in held_users}
        )
    return {
        "message": message,
        "deletedStudents": deleted,
        "notDeletedStudents": [
            {"id": pk, "name": user_display_name(kept_users[pk])} for pk in outcome.kept_ids
        ],
        **used_in,
        "usedInPortals": used_in_portals,
    }


# --- Addresses -----------------------------------------------------------------------------------

ADDRESS_FIELDS = (
    "type",
    "is_default",
    "full_name",
    "org_name",
    "org_vat_id",
    "address_line1",
    "address_line2",
    "zipcode",
    "city",
    "state",
    "country",
    "billing_address",
)


def _check_billing_link(address: Address) -> None:
    link = address.billing_address
    if link is None:
        return
    if link.user_id != address.user_id or link.type != AddressType.BILLING or link.pk == address.pk:
        raise Unprocessable({"billing_address_id": ["Not a billing address of this user."]})


def _clear_other_defaults(actor, address: Address) -> None:
    """One default per user and type: the others of the type stop being default (logged)."""
    others = Address.objects.select_for_update().filter(
        user_id=address.user_id, type=address.type, is_default=True
    )
    if address.pk:
        others = others.exclude(pk=address.pk)
    for other in others:
        logged_update(actor=actor, instance=other, tracked=ADDRESS_FIELDS, fields={"is_default": False})


@transaction.atomic
def address_create(*, actor, user: User, **fields) -> Address:
    """Add an address; a new default replaces the user's previous default of that type."""
    address = Address(user=user, **fields)
    _check_billing_link(address)
    if address.is_default:
        _clear_other_defaults(actor, address)
    return logged_create(actor=actor, instance=address, tracked=ADDRESS_FIELDS)


@transaction.atomic
def address_update(*, actor, address: Address, user: User | None = None, **fields) -> Address:
    """Change an address; it may move to another user the caller may manage (`user`)."""
    if user is not None and user.pk != address.user_id:
        fields["user"] = user

    def validate(instance):
        _check_billing_link(instance)
        if instance.is_default:
            _clear_other_defaults(actor, instance)

    return logged_update(
        actor=actor, instance=address, tracked=(*ADDRESS_FIELDS, "user"), fields=fields, validate=validate
    )


def address_delete(*, actor, address: Address) -> None:
    logged_delete(actor=actor, instance=address, tracked=ADDRESS_FIELDS)


def addresses_bulk_delete(*, actor, ids: list[int]) -> str:
    outcome = bulk_delete(
        queryset=Address.objects.all(),
        ids=ids,
        keep_rules=[],
        delete=lambda address: address_delete(actor=actor, address=address),
    )
    return f"{len(outcome.deleted)} address(es) deleted"
