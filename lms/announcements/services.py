"""Announcements: create, update, delete. Content is sanitised HTML; recipients follow the sending rule.

No e-mail is sent: the seed documents announcements as a list learners read on their dashboard.
"""

from django.db import transaction

from lms.accounts.models import User
from lms.announcements.models import Announcement, SendingRule
from lms.audit.services import logged_create, logged_delete, logged_update
from lms.courses.models import Course
from lms.portals.models import Portal, PortalMembership
from website.api.errors import Unprocessable
from website.bulk import bulk_delete
from website.html import sanitise_html
from website.tenancy import PortalScope

ANNOUNCEMENT_FIELDS = ("heading", "content", "sending_rule", "expiry", "portal")

# The recipients each rule reads; the other relations are cleared so a row never carries stale targets.
RULE_RELATION = {
    SendingRule.SPECIFIC_USERS: "users",
    SendingRule.SPECIFIC_COURSE_USERS: "courses",
    SendingRule.SPECIFIC_PORTALS: "portals",
}


def _set_recipients(announcement: Announcement, *, users=None, courses=None, portals=None) -> None:
    """Keep only the relation the rule reads; `None` leaves it as it is (the admin saves its own)."""
    given = {"users": users, "courses": courses, "portals": portals}
    wanted = RULE_RELATION.get(announcement.sending_rule)
    for relation, values in given.items():
        manager = getattr(announcement, relation)
        if relation != wanted:
            manager.clear()
        elif values is not None:
            manager.set(values)


def announcement_keep_rule_recipients(*, announcement: Announcement) -> None:
    """After a form saved every recipient list: keep only the one the sending rule reads."""
    _set_recipients(announcement)


def _portal_of(announcement: Announcement):
    return announcement.portal


@transaction.atomic
def announcement_create(
    *, actor, heading, content, sending_rule=SendingRule.ALL, expiry=None, portal=None, users=None,
    courses=None, portals=None,
) -> Announcement:  # fmt: skip
    announcement = Announcement(
        heading=heading,
        content=sanitise_html(content),
        sending_rule=sending_rule,
        expiry=expiry,
        portal=portal,
        author=actor,
    )
    logged_create(actor=actor, instance=announcement, tracked=ANNOUNCEMENT_FIELDS, portal=portal)
    _set_recipients(announcement, users=users, courses=courses, portals=portals)
    return announcement


@transaction.atomic
def announcement_update(
    *, actor, announcement: Announcement, users=None, courses=None, portals=None, **fields
) -> Announcement:
    if "content" in fields:
        fields["content"] = sanitise_html(fields["content"])
    logged_update(
        actor=actor,
        instance=announcement,
        tracked=ANNOUNCEMENT_FIELDS,
        fields=fields,
        portal=_portal_of(announcement),
    )
    _set_recipients(announcement, users=users, courses=courses, portals=portals)
    return announcement


def announcement_delete(*, actor, announcement: Announcement) -> None:
    logged_delete(
        actor=actor, instance=announcement, tracked=ANNOUNCEMENT_FIELDS, portal=_portal_of(announcement)
    )


def announcements_bulk_delete(*, actor, ids: list[int], queryset=None) -> tuple[str, int]:
    """Delete the announcements among `queryset` (what the caller may see); the seed's message."""
    outcome = bulk_delete(
        queryset=queryset if queryset is not None else Announcement.objects.all(),
        ids=ids,
        keep_rules=[],
        delete=lambda announcement: announcement_delete(actor=actor, announcement=announcement),
    )
    return f"{len(outcome.deleted)} announcement(s) deleted ", len(outcome.deleted)


def announcement_recipients(scope: PortalScope, *, user_ids=None, course_ids=None, portal_ids=None) -> dict:
    """The users, courses and portals named by id, each visible to the caller; 422 for any other id."""
    found, errors = {}, {}
    candidates = {
        "users": ("user_ids", user_ids, _visible_users(scope)),
        "courses": ("course_ids", course_ids, scope.filter(Course.objects.all(), "portal")),
        "portals": ("portal_ids", portal_ids, scope.filter(Portal.objects.all(), "pk")),
    }
    for relation, (field, ids, queryset) in candidates.items():
        if ids is None:
            continue
        rows = list(queryset.filter(pk__in=ids))
        missing = sorted(set(ids) - {row.pk for row in rows})
        if missing:
            errors[field] = [f"The selected ids are invalid: {', '.join(map(str, missing))}."]
        found[relation] = rows
    if errors:
        raise Unprocessable(errors)
    return found


def _visible_users(scope: PortalScope):
    users = User.objects.filter(is_active=True)
    if scope.is_unrestricted:
        return users
    members = PortalMembership.objects.filter(portal_id__in=scope.portal_ids).values("user_id")
    return users.filter(pk__in=members)
