"""Reads over staff: users of type owner, admin or staff. Staff belong to the academy, not to a
portal, so these reads are for academy staff only (portal admins are refused by the views)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.http import Http404

from lms.accounts.models import STAFF_TYPES, User
from lms.staff.permission_sets import PERMISSION_SETS_BY_GROUP, STAFF_GROUP_PREFIX, PermissionSet
from lms.userfields.models import CustomUserField, CustomUserValue


def staff_members() -> QuerySet[User]:
    return User.objects.filter(user_type__in=STAFF_TYPES)


def staff_get(staff_id: int) -> User:
    """A staff member (owner, admin or staff), or 404."""
    staff = staff_members().filter(pk=staff_id).first()
    if staff is None:
        raise Http404
    return staff


def staff_search(queryset: QuerySet[User], term) -> QuerySet[User]:
    """Name (first, last or both) or e-mail containing `term`, case-insensitively."""
    term = str(term or "").strip()
    if not term:
        return queryset
    condition = Q(email__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
    first, _, last = term.partition(" ")
    if last.strip():
        condition |= Q(first_name__icontains=first.strip(), last_name__icontains=last.strip())
    return queryset.filter(condition)


def staff_permission_sets(user: User) -> list[PermissionSet]:
    names = user.groups.filter(name__startswith=STAFF_GROUP_PREFIX).values_list("name", flat=True)
    return sorted(
        (PERMISSION_SETS_BY_GROUP[name] for name in names if name in PERMISSION_SETS_BY_GROUP),
        key=lambda permission_set: permission_set.id,
    )


def permission_set_permissions(permission_set: PermissionSet) -> QuerySet[Permission]:
    condition = Q(content_type__app_label__in=permission_set.apps)
    for dotted in permission_set.permissions:
        app_label, codename = dotted.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(condition).select_related("content_type")


def staff_groups() -> QuerySet[Group]:
    return Group.objects.filter(name__startswith=STAFF_GROUP_PREFIX)


def custom_user_metas(user: User) -> dict:
    """The user's answers to the custom user fields, in the seed's customUserMetas shape."""
    values = {
        value.field_id: value.value
        for value in CustomUserValue.objects.filter(user=user).only("field_id", "value")
    }
    metas = {}
    for field in CustomUserField.objects.all():
        meta = {
            "type": field.type,
            "label": field.label,
            "submitted_value": values.get(field.pk, ""),
            "placeholder_value": field.default_value or "",
        }
        if field.options:
            meta["option_label"] = [str(option) for option in field.options]
            meta["option_value"] = [str(option) for option in field.options]
        metas[field.key] = meta
    return metas
