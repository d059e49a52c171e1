"""Reads of announcements: the staff's (scoped to their portals) and the learner's (meant for them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lms.announcements.models import Announcement, SendingRule
from lms.enrollments.models import Enrollment
from lms.portals.models import PortalMembership
from website.tenancy import PortalScope


def announcements(scope: PortalScope | None = None) -> QuerySet[Announcement]:
    """Announcements owned by the portals `scope` may see (academy staff: all, the academy's own too)."""
    queryset = Announcement.objects.select_related("author")
    return scope.filter(queryset, "portal") if scope is not None else queryset


def announcement_get(scope: PortalScope, pk: int) -> Announcement | None:
    return announcements(scope).prefetch_related("users", "courses", "portals").filter(pk=pk).first()


def announcements_for_learner(user, *, portal_id: int | None = None, now=None) -> QuerySet[Announcement]:
    """What is meant for `user` and not expired, in one query (the rules are EXISTS subqueries).

    - all: everyone; an announcement a portal owns goes to that portal's members only;
    - specific_users: the users named; specific_course_users: users enrolled in a named course;
    - specific_portals: members of a named portal.
    `portal_id` (the learner's current portal) keeps the academy's announcements and that portal's.
    """
    now = now or timezone.now()
    memberships = PortalMembership.objects.filter(user=user, is_active=True)
    named_user = Announcement.users.through.objects.filter(announcement_id=OuterRef("pk"), user_id=user.pk)
    enrolled_course = Announcement.courses.through.objects.filter(
        announcement_id=OuterRef("pk"),
        course_id__in=Enrollment.objects.filter(user=user).values("course_id"),
    )
    member_portal = Announcement.portals.through.objects.filter(
        announcement_id=OuterRef("pk"), portal_id__in=memberships.values("portal_id")
    )
    meant = (
        Q(sending_rule=SendingRule.ALL)
        & (Q(portal__isnull=True) | Q(portal_id__in=memberships.values("portal_id")))
        | Q(sending_rule=SendingRule.SPECIFIC_USERS) & Exists(named_user)
        | Q(sending_rule=SendingRule.SPECIFIC_COURSE_USERS) & Exists(enrolled_course)
        | Q(sending_rule=SendingRule.SPECIFIC_PORTALS) & Exists(member_portal)
    )
    queryset = Announcement.objects.filter(meant).filter(Q(expiry__isnull=True) | Q(expiry__gt=now))
    if portal_id is not None:
        queryset = queryset.filter(Q(portal__isnull=True) | Q(portal_id=portal_id))
    return queryset.select_related("author")
