"""Reads over the portal tree."""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from lms.portals.models import Portal, PortalMembership, PortalRole, PortalSettings
from website.api.errors import Unprocessable
from website.tenancy import PortalScope


def subtree_q(paths) -> Q:
    """Portals at or below any of `paths` (materialised paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def portals_administered_by(user) -> QuerySet[Portal]:
    """The portals a portal admin manages: where they are admin, and every sub-portal below."""
    paths = PortalMembership.objects.filter(user=user, role=PortalRole.ADMIN, is_active=True).values_list(
        "portal__path", flat=True
    )
    return Portal.objects.filter(subtree_q(list(paths)))


def users_by_ids(ids: list[int], *, field: str):
    """The users with these ids, in id order; an unknown id is a 422 on `field`."""
    users = list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))
    missing = sorted(set(ids) - {user.pk for user in users})
    if missing:
        raise Unprocessable({field: [f"Unknown user id(s): {', '.join(map(str, missing))}."]})
    return users


def may_clone(user, source: Portal, scope: PortalScope) -> bool:
    """A clone sits beside its source: staff with portals.add_portal may clone any portal they see;
    a portal admin only one whose parent they also manage."""
    if user.has_perm("portals.add_portal"):
        return True
    parent = source.get_parent()
    return parent is not None and scope.filter(Portal.objects.filter(pk=parent.pk), "pk").exists()


def portal_subtree(portal: Portal) -> QuerySet[Portal]:
    return Portal.objects.filter(path__startswith=portal.path)


def _email_rules(text: str) -> tuple[set[str], set[str]]:
    """(emails, domains) from a comma/newline/semicolon separated list; "@b.com" and "b.com" are domains."""
    emails, domains = set(), set()
    for raw in text.replace("\n", ",").replace(";", ",").split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry.startswith("@"):
            domains.add(entry[1:])
        elif "@" in entry:
            emails.add(entry)
        else:
            domains.add(entry)
    return emails, domains


def email_rules(portal: Portal) -> dict[str, list[str]]:
    """The portal's blocked and allowed emails and domains, sorted."""
    blocked_emails, blocked_domains = _email_rules(portal.blocked_emails)
    allowed_emails, allowed_domains = _email_rules(portal.allowed_emails)
    return {
        "blockedEmails": sorted(blocked_emails),
        "blockedDomains": sorted(blocked_domains),
        "allowedEmails": sorted(allowed_emails),
        "allowedDomains": sorted(allowed_domains),
    }


def is_email_allowed(portal: Portal, email: str) -> bool:
    """May `email` join `portal`? A blocked email or domain never may; when the portal lists allowed
    emails or domains, only those may; a portal with no lists allows everyone. Case-insensitive; a
    domain also covers its subdomains ("b.com" covers "x@mail.b.com")."""
    address = (email or "").strip().lower()
    domain = address.rpartition("@")[2]

    def matches(emails: set[str], domains: set[str]) -> bool:
        return address in emails or any(domain == d or domain.endswith("." + d) for d in domains)

    blocked_emails, blocked_domains = _email_rules(portal.blocked_emails)
    if matches(blocked_emails, blocked_domains):
        return False
    allowed_emails, allowed_domains = _email_rules(portal.allowed_emails)
    if allowed_emails or allowed_domains:
        return matches(allowed_emails, allowed_domains)
    return True


# --- Seats ---------------------------------------------------------------------------------------

# A seat is taken by an active learner: a learner membership, or a portal admin who is also a learner.
SEAT_HOLDER = Q(is_active=True) & (Q(role=PortalRole.LEARNER) | Q(is_learner=True))


def seat_holders(portal: Portal) -> QuerySet[PortalMembership]:
    return portal.memberships.filter(SEAT_HOLDER)


def used_seats(portal: Portal) -> int:
    return seat_holders(portal).count()


def available_seats(portal: Portal, used: int | None = None) -> int | None:
    """Seats left, or None when the portal's seats are unlimited."""
    if not portal.has_seat_limit:
        return None
    return max(portal.total_seats - (used_seats(portal) if used is None else used), 0)


# --- The portal tree, scoped ---------------------------------------------------------------------


def _parent(field: str):
    """The parent portal's `field`, from the materialised path (one subquery, no query per row)."""
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Portal.steplen)
    return Subquery(Portal.objects.filter(path=parent_path).values(field)[:1])


def with_counts(queryset: QuerySet[Portal]) -> QuerySet[Portal]:
    """Annotate seat usage, learners, admins and the parent's id, name and slug."""
    return queryset.annotate(
        used_seat_count=Count("memberships", filter=_seat_q()),
        learner_count=Count(
            "memberships",
            filter=Q(memberships__role=PortalRole.LEARNER) | Q(memberships__is_learner=True),
        ),
        admin_count=Count("memberships", filter=Q(memberships__role=PortalRole.ADMIN)),
        parent_pk=_parent("pk"),
        parent_name=_parent("name"),
        parent_slug=_parent("slug"),
    )


def _seat_q() -> Q:
    return Q(memberships__is_active=True) & (
        Q(memberships__role=PortalRole.LEARNER) | Q(memberships__is_learner=True)
    )


def visible_portals(scope: PortalScope) -> QuerySet[Portal]:
    return scope.filter(Portal.objects.all(), "pk")


def portal_table(scope: PortalScope) -> QuerySet[Portal]:
    """The tabular list: counts annotated, creator and admins fetched with the page."""
    admins = PortalMembership.objects.filter(role=PortalRole.ADMIN).select_related("user").order_by("pk")
    return (
        with_counts(visible_portals(scope))
        .select_related("created_by")
        .prefetch_related(Prefetch("memberships", queryset=admins, to_attr="admin_memberships"))
    )


def portal_in_scope(scope: PortalScope, portal_id, *, for_update: bool = False) -> Portal:
    """The portal if the caller may see it; 404 otherwise (the caller learns nothing about it)."""
    queryset = visible_portals(scope)
    if for_update:
        queryset = queryset.select_for_update()
    portal = queryset.filter(pk=portal_id).first()
    if portal is None:
        raise Http404
    return portal


def portal_detail(scope: PortalScope, portal_id) -> Portal:
    portal = with_counts(visible_portals(scope)).filter(pk=portal_id).first()
    if portal is None:
        raise Http404
    portal.sub_portal_count = Portal.objects.filter(
        path__startswith=portal.path, depth=portal.depth + 1
    ).count()
    return portal


def portal_lookup(scope: PortalScope, *, lookup_type: str, search_term: str) -> QuerySet[Portal]:
    """Portals for dropdowns: with a selected portal, `subPortals` lists those below it only."""
    queryset = visible_portals(scope)
    if lookup_type == "subPortals" and scope.selected_portal_id is not None:
        queryset = queryset.exclude(pk=scope.selected_portal_id)
    if search_term:
        queryset = queryset.filter(name__icontains=search_term)
    return with_counts(queryset).order_by("name", "pk")


def user_portal_memberships(user, *, scope: PortalScope, membership_type: str | None):
    """A user's memberships (with their portals), as the users' "portals of a user" list shows them."""
    memberships = scope.filter(PortalMembership.objects.filter(user=user), "portal").annotate(
        parent_pk=Subquery(
            Portal.objects.filter(
                path=Substr(OuterRef("portal__path"), 1, (OuterRef("portal__depth") - 1) * Portal.steplen)
            ).values("pk")[:1]
        )
    )
    if membership_type == "portal_admin":
        memberships = memberships.filter(role=PortalRole.ADMIN)
    elif membership_type == "learner":
        memberships = memberships.filter(SEAT_HOLDER)
    elif membership_type == "checkout":
        # Where the user may buy for: active memberships of active portals that have not expired.
        memberships = memberships.filter(is_active=True, portal__status="active").filter(
            Q(portal__expiry_date__isnull=True) | Q(portal__expiry_date__gte=timezone.localdate())
        )
    return memberships.select_related("portal").order_by("portal__path")


def portal_by_domain(scope: PortalScope, domain: str) -> Portal:
    portal = visible_portals(scope).filter(custom_domain__iexact=domain.strip().lower()).first()
    if portal is None:
        raise Http404
    return portal


def portal_settings() -> PortalSettings:
    settings, _created = PortalSettings.objects.get_or_create(pk=1)
    return settings
