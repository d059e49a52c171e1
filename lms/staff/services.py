"""Staff: create, update, and their permission sets (see lms.staff.permission_sets).

Rules:
- Only the owner (a superuser) creates, edits or grants permissions to owners and admins, and only
  the owner makes someone an owner or an admin.
- Nobody grants a permission set holding a permission they do not hold themselves.
- Nobody disables themselves or changes their own user type (they would lock themselves out).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from lms.accounts.models import STAFF_TYPES, User, UserType
from lms.accounts.services import user_create
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_update
from lms.staff import selectors
from lms.staff.permission_sets import PERMISSION_SETS_BY_ID, STAFF_PERMISSION_SETS, PermissionSet
from lms.userfields.models import CustomUserField
from lms.userfields.services import clean_custom_value, user_custom_values_set
from website.api.errors import Unprocessable

STAFF_FIELDS = ("email", "first_name", "last_name", "user_type", "is_active", "internal_note")
EMAIL_TAKEN = "The email has already been taken."
PRIVILEGED_TYPES = frozenset({UserType.OWNER, UserType.ADMIN})


def permission_set_group(permission_set: PermissionSet) -> Group:
    """The set's Django group, created and kept in step with the catalogue."""
    group, _created = Group.objects.get_or_create(name=permission_set.group_name)
    group.permissions.set(selectors.permission_set_permissions(permission_set))
    return group


def permission_set_groups_sync(**_signal_kwargs) -> None:
    """Create or refresh every set's group (run after migrate, when permissions exist)."""
    for permission_set in STAFF_PERMISSION_SETS:
        permission_set_group(permission_set)


def _ensure_may_manage(actor, *, target: User | None = None, user_type: str | None = None) -> None:
    if actor.is_superuser:
        return
    if (target is not None and target.user_type in PRIVILEGED_TYPES) or user_type in PRIVILEGED_TYPES:
        raise PermissionDenied


def _resolve_sets(actor, ids: list[int], field: str) -> list[PermissionSet]:
    unknown = [str(pk) for pk in ids if pk not in PERMISSION_SETS_BY_ID]
    if unknown:
        known = ", ".join(f"{s.id} ({s.name})" for s in STAFF_PERMISSION_SETS)
        raise Unprocessable({field: [f"Unknown permission id(s) {', '.join(unknown)}; known: {known}."]})
    sets = [PERMISSION_SETS_BY_ID[pk] for pk in ids]
    if not actor.is_superuser:
        for permission_set in sets:
            for permission in selectors.permission_set_permissions(permission_set):
                if not actor.has_perm(f"{permission.content_type.app_label}.{permission.codename}"):
                    raise Unprocessable(
                        {field: [f"You cannot grant {permission_set.name!r}: it holds permissions you lack."]}
                    )
    return sets


def _set_permission_sets(*, actor, staff: User, sets: list[PermissionSet]) -> None:
    before = [s.id for s in selectors.staff_permission_sets(staff)]
    wanted = {permission_set_group(s) for s in sets}
    current = set(staff.groups.filter(pk__in=selectors.staff_groups()))
    staff.groups.remove(*(current - wanted))
    staff.groups.add(*(wanted - current))
    after = sorted(s.id for s in sets)
    if before != after:
        activity_record(
            actor=actor,
            action=ActivityAction.UPDATED,
            subject=staff,
            changes={"attributes": {"staff_permissions": after}, "old": {"staff_permissions": before}},
        )


@transaction.atomic
def staff_create(
    *,
    actor,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    user_type: str,
    staff_permissions: list[int] = (),
) -> User:
    if user_type not in STAFF_TYPES:
        raise Unprocessable({"userType": ["The user type must be owner, admin or staff."]})
    _ensure_may_manage(actor, user_type=user_type)
    sets = _resolve_sets(actor, list(staff_permissions), "staffPermissions")
    staff = user_create(
        actor=actor,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=password,
        user_type=user_type,
    )
    if sets:
        _set_permission_sets(actor=actor, staff=staff, sets=sets)
    return staff


def _custom_values(metas: dict) -> dict:
    fields = {field.key: field for field in CustomUserField.objects.filter(key__in=list(metas))}
    values, errors = {}, {}
    for key, meta in metas.items():
        field = fields.get(key)
        if field is None:
            errors[f"customUserMetas.{key}"] = ["There is no custom user field with this key."]
            continue
        raw = meta.get("submitted_value", "") if isinstance(meta, dict) else meta
        try:
            values[field] = clean_custom_value(field, "" if raw is None else raw)
        except ValueError as exc:
            errors[f"customUserMetas.{key}"] = [str(exc)]
    if errors:
        raise Unprocessable(errors)
    return values


@transaction.atomic
def staff_update(*, actor, staff: User, custom_user_metas: dict | None = None, **fields) -> User:
    """`fields`: first_name, last_name, email, user_type, is_active, internal_note (any subset)."""
    staff = User.objects.select_for_update().get(pk=staff.pk)
    user_type = fields.get("user_type", staff.user_type)
    _ensure_may_manage(actor, target=staff, user_type=user_type if user_type != staff.user_type else None)
    if user_type not in STAFF_TYPES:
        raise Unprocessable({"userType": ["The user type must be owner, admin or staff."]})
    if staff.pk == actor.pk:
        if user_type != staff.user_type:
            raise Unprocessable({"userType": ["You cannot change your own user type."]})
        if fields.get("is_active") is False:
            raise Unprocessable({"disabled": ["You cannot disable yourself."]})
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
        if User.objects.filter(email=fields["email"]).exclude(pk=staff.pk).exists():
            raise Unprocessable({"email": [EMAIL_TAKEN]})
    values = _custom_values(custom_user_metas) if custom_user_metas else {}
    if user_type != UserType.OWNER and staff.user_type == UserType.OWNER:
        fields["is_superuser"] = False  # a former owner keeps only their permission sets
    staff = logged_update(actor=actor, instance=staff, tracked=STAFF_FIELDS, fields=fields)
    if values:
        user_custom_values_set(actor=actor, user=staff, values=values)
    return staff


@transaction.atomic
def staff_permissions_update(*, actor, staff: User, permission_ids: list[int]) -> None:
    """Replace the staff member's permission sets with `permission_ids` (other groups are kept)."""
    _ensure_may_manage(actor, target=staff)
    if staff.user_type == UserType.OWNER:
        raise Unprocessable({"permissions": ["The owner holds every permission."]})
    sets = _resolve_sets(actor, permission_ids, "permissions")
    _set_permission_sets(actor=actor, staff=staff, sets=sets)
