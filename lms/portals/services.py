"""Writes to the portal tree and its memberships. Every write is transactional and logged.

Seats: a portal with `seat_access = limited` never holds more than `total_seats` seat holders (active
learners, and portal admins who are also learners). Every service that can take a seat locks the
portal row first (`select_for_update`), so concurrent joins on PostgreSQL queue instead of overbooking.
"""

import re
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Site

from lms.accounts.models import User
from lms.accounts.services import user_create
from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_update, snapshot
from lms.portals.models import Portal, PortalMembership, PortalRole, PortalStatus, SeatAccess
from lms.portals.selectors import SEAT_HOLDER, is_email_allowed, portal_settings
from website.api.errors import Unprocessable

PORTAL_FIELDS = (
    "name",
    "slug",
    "referral_code",
    "status",
    "seat_access",
    "total_seats",
    "access_permission",
    "expiry_date",
    "expiry_message",
    "logo_image_url",
    "mini_logo_image_url",
    "brand_color",
    "body_background_color",
    "body_text_color",
    "header_background_color",
    "selected_primary_language",
    "custom_style",
    "custom_font",
    "custom_code",
    "learner_dashboard",
    "allowed_emails",
    "blocked_emails",
    "custom_domain",
    "portal_type",
)
BRANDING_FIELDS = (
    "logo_image_url",
    "mini_logo_image_url",
    "brand_color",
    "body_background_color",
    "body_text_color",
    "header_background_color",
    "selected_primary_language",
    "custom_style",
    "custom_font",
    "custom_code",
    "learner_dashboard",
)
# What a clone copies: everything but the identity (name, slug, referral code, domain).
CLONED_FIELDS = tuple(
    name for name in PORTAL_FIELDS if name not in ("name", "slug", "referral_code", "custom_domain")
)
MEMBERSHIP_FIELDS = ("portal", "user", "role", "is_active", "is_learner", "permissions")
SETTINGS_FIELDS = ("custom_domains_enabled",)

HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


# --- Identity: slugs, referral codes, domains ----------------------------------------------------


def _taken(field: str, value, exclude_pk=None) -> bool:
    clash = Portal.objects.filter(**{f"{field}__iexact": value})
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def unique_slug(base: str, exclude_pk=None) -> str:
    root = slugify(base)[:240] or "portal"
    slug, n = root, 1
    while _taken("slug", slug, exclude_pk):
        n += 1
        slug = f"{root}-{n}"
    return slug


def new_referral_code() -> str:
    while True:
        code = secrets.token_hex(4).upper()
        if not _taken("referral_code", code):
            return code


def _check_identity(fields: dict, *, exclude_pk=None, errors_as: dict | None = None) -> None:
    """422 when the slug, referral code or custom domain belongs to another portal."""
    names = {"slug": "portalSlug", "referral_code": "referralCode", "custom_domain": "customDomain"}
    names.update(errors_as or {})
    errors = {}
    for field, label in (("slug", "slug"), ("referral_code", "referral code"), ("custom_domain", "domain")):
        value = fields.get(field)
        if value and _taken(field, value, exclude_pk):
            errors[names[field]] = [f"The {label} has already been taken."]
    if errors:
        raise Unprocessable(errors)


def _normalise(fields: dict) -> dict:
    fields = dict(fields)
    if fields.get("custom_domain") is not None:
        domain = fields["custom_domain"].strip().lower() or None
        if domain is not None and not HOSTNAME.match(domain):
            raise Unprocessable({"customDomain": ["Enter a valid domain name, e.g. learn.example.com."]})
        fields["custom_domain"] = domain
    for name in ("referral_code", "slug"):
        if name in fields and not fields[name]:
            fields[name] = None
    return fields


# --- Custom domains: one Wagtail Site per portal domain while enabled ----------------------------


def _sync_site(portal: Portal, enabled: bool) -> None:
    """Create, update or remove the portal's Site so it matches its domain and the academy setting."""
    site = portal.site
    if not (enabled and portal.custom_domain):
        if site is not None:
            portal.site = None
            portal.save(update_fields=["site", "updated_at"])
            site.delete()
        return
    clash = Site.objects.filter(hostname__iexact=portal.custom_domain)
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise Unprocessable({"customDomain": [f"{portal.custom_domain} is already served by another site."]})
    if site is None:
        default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if default is None:
            raise Unprocessable({"customDomain": ["The academy has no default site to serve portals from."]})
        portal.site = Site.objects.create(
            hostname=portal.custom_domain, port=80, site_name=portal.name, root_page=default.root_page
        )
        portal.save(update_fields=["site", "updated_at"])
    elif (site.hostname, site.site_name) != (portal.custom_domain, portal.name):
        site.hostname, site.site_name = portal.custom_domain, portal.name
        site.save(update_fields=["hostname", "site_name"])


@transaction.atomic
def custom_domains_set_enabled(*, actor, is_enabled: bool):
    """Turn portal custom domains on or off for the academy; every portal's Site follows."""
    settings = portal_settings()
    logged_update(
        actor=actor, instance=settings, tracked=SETTINGS_FIELDS, fields={"custom_domains_enabled": is_enabled}
    )
    for portal in Portal.objects.filter(Q(custom_domain__isnull=False) | Q(site__isnull=False)):
        _sync_site(portal, is_enabled)
    return settings


# --- Portals -------------------------------------------------------------------------------------


def _add_node(parent: Portal | None, fields: dict) -> Portal:
    if parent is None:
        return Portal.add_root(**fields)
    # treebeard reads the parent's child count: use the stored row, not a stale copy.
    return Portal.objects.get(pk=parent.pk).add_child(**fields)


def _log_created(actor, portal: Portal) -> None:
    activity_record(
        actor=actor,
        action=ActivityAction.CREATED,
        subject=portal,
        changes={"attributes": snapshot(portal, PORTAL_FIELDS)},
        portal=portal,
    )


@transaction.atomic
def portal_create(*, actor, parent: Portal | None = None, name: str, **fields) -> Portal:
    """A portal (a root, or a sub-portal of `parent`); slug and referral code are made when absent."""
    fields = _normalise(fields)
    _check_identity(fields)
    fields.setdefault("slug", None)
    fields["slug"] = fields["slug"] or unique_slug(name)
    fields["referral_code"] = fields.get("referral_code") or new_referral_code()
    _validate_seats_cover_holders(Portal(name=name, **fields))
    portal = _add_node(parent, {"name": name.strip(), "created_by": actor, **fields})
    _log_created(actor, portal)
    if portal.custom_domain:
        _sync_site(portal, portal_settings().custom_domains_enabled)
    return portal


def portal_validate(portal: Portal) -> None:
    """The rules a save must pass, for the admin's form (raises Unprocessable, as the services do)."""
    _check_identity(
        {"slug": portal.slug, "referral_code": portal.referral_code, "custom_domain": portal.custom_domain},
        exclude_pk=portal.pk,
    )
    _validate_seats_cover_holders(portal)
    if portal.custom_domain and portal_settings().custom_domains_enabled:
        clash = Site.objects.filter(hostname__iexact=portal.custom_domain)
        if portal.site_id:
            clash = clash.exclude(pk=portal.site_id)
        if clash.exists():
            raise Unprocessable(
                {"customDomain": [f"{portal.custom_domain} is already served by another site."]}
            )


@transaction.atomic
def portal_create_with_members(
    *, actor, admins: list[User], admins_are_learners: bool, learners: list[User], **fields
) -> Portal:
    """A root portal with its first admins (taking seats when `admins_are_learners`) and learners."""
    portal = portal_create(actor=actor, **fields)
    if admins:
        portal_add_admins(
            actor=actor,
            portal=portal,
            new_admins=[],
            existing_users=admins,
            permissions=[],
            is_learner=admins_are_learners,
            field="addExistingUser",
        )
    if learners:
        portal_add_learners(actor=actor, portal=portal, users=learners, field="selectedUsers")
    return portal


def _validate_seats_cover_holders(portal: Portal) -> None:
    if portal.seat_access == SeatAccess.LIMITED and portal.total_seats is None:
        raise Unprocessable({"totalSeat": ["Limited seat access needs a number of seats."]})
    if portal.has_seat_limit and portal.pk is not None:
        used = portal.memberships.filter(SEAT_HOLDER).count()
        if portal.total_seats < used:
            raise Unprocessable(
                {"totalSeat": [f"{used} seat(s) are in use; the portal cannot have fewer seats."]}
            )


@transaction.atomic
def portal_update(*, actor, portal: Portal, **fields) -> Portal:
    portal = Portal.objects.select_for_update().get(pk=portal.pk)  # seats may shrink: no join meanwhile
    fields = _normalise(fields)
    _check_identity(fields, exclude_pk=portal.pk)
    if "slug" in fields and not fields["slug"]:
        fields["slug"] = unique_slug(fields.get("name", portal.name), exclude_pk=portal.pk)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    portal = logged_update(
        actor=actor,
        instance=portal,
        tracked=PORTAL_FIELDS,
        fields=fields,
        validate=_validate_seats_cover_holders,
        portal=portal,
    )
    if portal.custom_domain or portal.site_id:
        _sync_site(portal, portal_settings().custom_domains_enabled)
    return portal


@transaction.atomic
def portal_update_branding(*, actor, portal: Portal, **fields) -> Portal:
    unknown = set(fields) - set(BRANDING_FIELDS)
    if unknown:
        raise TypeError(f"Not branding: {', '.join(sorted(unknown))}")
    return logged_update(actor=actor, instance=portal, tracked=PORTAL_FIELDS, fields=fields, portal=portal)


@transaction.atomic
def portals_set_status(*, actor, portals, status: str) -> int:
    if status not in PortalStatus.values:
        raise Unprocessable({"status": ["The status must be Active or InActive."]})
    portals = list(portals)
    for portal in portals:
        logged_update(
            actor=actor, instance=portal, tracked=PORTAL_FIELDS, fields={"status": status}, portal=portal
        )
    return len(portals)


@transaction.atomic
def sub_portals_add(*, actor, parent: Portal, sub_portals: list[dict]) -> list[Portal]:
    """Each item: {"name", "referralCode"?} (validated by the API serializer, in our field names)."""
    codes = [item.get("referral_code") for item in sub_portals if item.get("referral_code")]
    if len({code.lower() for code in codes}) != len(codes):
        raise Unprocessable({"subPortal": ["Each sub portal needs its own referral code."]})
    created = []
    for index, item in enumerate(sub_portals):
        code = item.get("referral_code")
        if code:
            _check_identity(
                {"referral_code": code}, errors_as={"referral_code": f"subPortal.{index}.referralCode"}
            )
        created.append(portal_create(actor=actor, parent=parent, name=item["name"], referral_code=code))
    return created


def _clone_node(*, actor, source: Portal, parent: Portal | None, name: str) -> Portal:
    fields = {field: getattr(source, field) for field in CLONED_FIELDS}
    return portal_create(actor=actor, parent=parent, name=name, **fields)


@transaction.atomic
def portal_clone(*, actor, source: Portal, name: str, with_sub_portals: bool = False) -> Portal:
    """A copy beside `source` (its settings and branding, a new slug and referral code, no domain and
    no members); with `with_sub_portals`, its whole subtree is copied below the clone likewise."""
    parent = source.get_parent()
    # Read the subtree first: a sorted insert may shift the paths of the source's siblings.
    subtree = list(Portal.objects.filter(path__startswith=source.path).order_by("path"))
    by_path = {node.path: node for node in subtree}
    clone = _clone_node(actor=actor, source=source, parent=parent, name=name)
    if with_sub_portals:
        copies = {source.pk: clone}
        for node in subtree[1:]:  # path order lists every parent before its children
            node_parent = by_path[node.path[: (node.depth - 1) * Portal.steplen]]
            copies[node.pk] = _clone_node(
                actor=actor, source=node, parent=copies[node_parent.pk], name=node.name
            )
    return clone


def _delete_portal(*, actor, portal: Portal) -> None:
    for node in Portal.objects.filter(path__startswith=portal.path).order_by("-path"):
        if node.site_id:
            Site.objects.filter(pk=node.site_id).delete()
        activity_record(
            actor=actor,
            action=ActivityAction.DELETED,
            subject=node,
            changes={"attributes": snapshot(node, PORTAL_FIELDS)},
        )
    Portal.objects.get(pk=portal.pk).delete()  # treebeard deletes the subtree and fixes the parent


@transaction.atomic
def portals_bulk_delete(*, actor, ids: list[int]) -> str:
    """Delete portals with their sub-portals and memberships (the admin's delete action)."""
    deleted = 0
    for pk in ids:
        portal = Portal.objects.filter(pk=pk).first()
        if portal is not None:  # already gone with an ancestor deleted before it
            _delete_portal(actor=actor, portal=portal)
            deleted += 1
    return f"{deleted} portal(s) deleted"


# --- Memberships ---------------------------------------------------------------------------------


def _lock(portal: Portal) -> Portal:
    return Portal.objects.select_for_update().get(pk=portal.pk)


def _ensure_seats(portal: Portal, needed: int, field: str) -> None:
    """`portal` must be locked by the caller; 422 when `needed` more seats would overbook it."""
    if needed <= 0 or not portal.has_seat_limit:
        return
    left = portal.total_seats - portal.memberships.filter(SEAT_HOLDER).count()
    if needed > left:
        raise Unprocessable({field: [f"The portal has {max(left, 0)} seat(s) left; {needed} needed."]})


def _ensure_allowed(portal: Portal, users, field: str) -> None:
    blocked = [user.email for user in users if not is_email_allowed(portal, user.email)]
    if blocked:
        raise Unprocessable(
            {
                field: [
                    f"Email or domain is blocked for user with email {email}. Please contact Admin."
                    for email in blocked
                ]
            }
        )


def _save_membership(actor, membership: PortalMembership, **fields) -> PortalMembership:
    if membership.pk is None:
        for name, value in fields.items():
            setattr(membership, name, value)
        return logged_create(
            actor=actor, instance=membership, tracked=MEMBERSHIP_FIELDS, portal=membership.portal
        )
    return logged_update(
        actor=actor, instance=membership, tracked=MEMBERSHIP_FIELDS, fields=fields, portal=membership.portal
    )


def _log_membership_delete(actor, membership: PortalMembership) -> None:
    activity_record(
        actor=actor,
        action=ActivityAction.DELETED,
        subject=membership,
        changes={"attributes": snapshot(membership, MEMBERSHIP_FIELDS)},
        portal=membership.portal,
    )
    membership.delete()


def _holds_seat(membership: PortalMembership | None) -> bool:
    return bool(
        membership is not None
        and membership.is_active
        and (membership.role == PortalRole.LEARNER or membership.is_learner)
    )


@transaction.atomic
def portal_add_learners(*, actor, portal: Portal, users: list[User], field: str = "userIds") -> int:
    """Make `users` learners of `portal` (a portal admin keeps the admin role and takes a seat).
    Returns how many took a new seat. Never overbooks: the portal row is locked while counting."""
    portal = _lock(portal)
    _ensure_allowed(portal, users, field)
    existing = {m.user_id: m for m in portal.memberships.filter(user__in=users)}
    joining = [user for user in users if not _holds_seat(existing.get(user.pk))]
    _ensure_seats(portal, len(joining), field)
    for user in joining:
        membership = existing.get(user.pk) or PortalMembership(portal=portal, user=user)
        if membership.pk is not None and membership.role == PortalRole.ADMIN:
            _save_membership(actor, membership, is_learner=True, is_active=True)
        else:
            _save_membership(actor, membership, role=PortalRole.LEARNER, is_active=True)
    return len(joining)


@transaction.atomic
def portal_add_admins(
    *,
    actor,
    portal: Portal,
    new_admins: list[dict],
    existing_users: list[User],
    permissions: list[str],
    is_learner: bool,
    field: str = "portalAdmins",
) -> list[User]:
    """New users (created here, `new_admins` items: email, first_name, last_name, password?) and
    existing users become portal admins with `permissions`; as learners too, they take seats."""
    portal = _lock(portal)
    users = list(existing_users)
    for index, data in enumerate(new_admins):
        try:
            users.append(user_create(actor=actor, **data))
        except Unprocessable as exc:
            raise Unprocessable({f"portalAdmins.{index}.{k}": v for k, v in exc.detail.items()}) from exc
    if is_learner:
        _ensure_allowed(portal, users, field)
    existing = {m.user_id: m for m in portal.memberships.filter(user__in=users)}
    if is_learner:
        _ensure_seats(portal, sum(not _holds_seat(existing.get(user.pk)) for user in users), field)
    for user in users:
        membership = existing.get(user.pk) or PortalMembership(portal=portal, user=user)
        was_learner = _holds_seat(membership) if membership.pk else False
        _save_membership(
            actor,
            membership,
            role=PortalRole.ADMIN,
            is_active=True,
            is_learner=is_learner or was_learner,
            permissions=list(permissions),
        )
    return users


@transaction.atomic
def portal_admin_set_permissions(*, actor, portal: Portal, user: User, permissions: list[str]) -> None:
    membership = portal.memberships.filter(user=user, role=PortalRole.ADMIN).first()
    if membership is None:
        raise Unprocessable({"userId": ["The user is not an admin of this portal."]})
    _save_membership(actor, membership, permissions=list(permissions))


@transaction.atomic
def portal_make_admin(*, actor, portal: Portal, user: User, permissions: list[str]) -> None:
    """A learner of the portal becomes its admin and keeps their seat; anyone else joins as admin."""
    portal = _lock(portal)
    membership = portal.memberships.filter(user=user).first() or PortalMembership(portal=portal, user=user)
    was_learner = _holds_seat(membership) if membership.pk else False
    _save_membership(
        actor,
        membership,
        role=PortalRole.ADMIN,
        is_active=True,
        is_learner=was_learner or membership.is_learner,
        permissions=list(permissions),
    )


@transaction.atomic
def portal_remove_users(*, actor, portal: Portal, user_ids: list[int], membership_type: str) -> int:
    """Take users off `portal` and its sub-portals as learners (`learner`: an admin stays admin) or as
    admins (`portal_admin`: an admin who is also a learner stays a learner). Returns rows changed."""
    memberships = PortalMembership.objects.filter(
        portal__path__startswith=portal.path, user_id__in=user_ids
    ).select_related("portal", "user")
    changed = 0
    for membership in memberships:
        if membership_type == "learner":
            if membership.role == PortalRole.LEARNER:
                _log_membership_delete(actor, membership)
            elif membership.is_learner:
                _save_membership(actor, membership, is_learner=False)
            else:
                continue
        else:
            if membership.role != PortalRole.ADMIN:
                continue
            if membership.is_learner:
                _save_membership(actor, membership, role=PortalRole.LEARNER, is_learner=False, permissions=[])
            else:
                _log_membership_delete(actor, membership)
        changed += 1
    return changed


@transaction.atomic
def portal_users_set_status(*, actor, memberships, is_active: bool) -> int:
    """Activate or deactivate memberships; activating learners never overbooks a portal."""
    memberships = list(memberships.select_related("portal", "user").order_by("portal_id", "pk"))
    if is_active:
        by_portal: dict[int, list[PortalMembership]] = {}
        for membership in memberships:
            if not membership.is_active and (membership.role == PortalRole.LEARNER or membership.is_learner):
                by_portal.setdefault(membership.portal_id, []).append(membership)
        for _portal_id, waking in sorted(by_portal.items()):
            portal = _lock(waking[0].portal)
            _ensure_allowed(portal, [m.user for m in waking], "userIds")
            _ensure_seats(portal, len(waking), "userIds")
    for membership in memberships:
        _save_membership(actor, membership, is_active=is_active)
    return len(memberships)


# --- Portals created for a user ------------------------------------------------------------------


@transaction.atomic
def user_portals_create(
    *, actor, user: User, portals: list[dict], clone_portal_admins: bool, clone_branding: bool
) -> list[Portal]:
    """Each item (our field names): name, referral_code?, total_seats?, role, portal_type, status,
    expiry_date, expiry_message, parent (a Portal or None). The user joins each with `role`; with
    `clone_portal_admins` the parent's admins administer the new portal too, and with `clone_branding`
    it takes the parent's branding."""
    created = []
    for item in portals:
        item = dict(item)
        parent, role = item.pop("parent"), item.pop("role")
        total_seats = item.get("total_seats")
        item["seat_access"] = SeatAccess.UNLIMITED if total_seats is None else SeatAccess.LIMITED
        if clone_branding and parent is not None:
            item.update({field: getattr(parent, field) for field in BRANDING_FIELDS})
        portal = portal_create(actor=actor, parent=parent, **item)
        if clone_portal_admins and parent is not None:
            for admin in parent.memberships.filter(role=PortalRole.ADMIN).exclude(user=user):
                _save_membership(
                    actor,
                    PortalMembership(portal=portal, user_id=admin.user_id),
                    role=PortalRole.ADMIN,
                    is_active=admin.is_active,
                    permissions=list(admin.permissions),
                )
        if role == PortalRole.LEARNER:
            portal_add_learners(actor=actor, portal=portal, users=[user], field="portals")
        else:
            _save_membership(actor, PortalMembership(portal=portal, user=user), role=PortalRole.ADMIN)
        created.append(portal)
    return created
