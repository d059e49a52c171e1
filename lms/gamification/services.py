"""Badges and tiers: create, update, delete (a badge that users hold is kept), all logged."""

from django.db import transaction

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.gamification.models import Badge, Tier
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete

BADGE_FIELDS = ("title", "points", "badge_icon_url", "default_icon_url", "organization_id")
TIER_FIELDS = ("name", "lower_limit", "upper_limit")


@transaction.atomic
def badge_create(*, actor, **fields) -> Badge:
    return logged_create(actor=actor, instance=Badge(created_by=actor, **fields), tracked=BADGE_FIELDS)


@transaction.atomic
def badge_update(*, actor, badge: Badge, **fields) -> Badge:
    return logged_update(actor=actor, instance=badge, tracked=BADGE_FIELDS, fields=fields)


def badge_delete(*, actor, badge: Badge) -> None:
    logged_delete(actor=actor, instance=badge, tracked=BADGE_FIELDS)


BADGE_KEEP_RULES = [KeepRule("assigned to users", lambda rows: rows.filter(holders__isnull=False))]


def badges_bulk_delete(*, actor, ids: list[int]) -> str:
    """Deletes the badges no user holds; the message says how many were kept and why."""
    outcome = bulk_delete(
        queryset=Badge.objects.all(),
        ids=ids,
        keep_rules=BADGE_KEEP_RULES,
        delete=lambda badge: badge_delete(actor=actor, badge=badge),
    )
    kept = " ".join(
        f"{outcome.kept_count(rule.reason)} badge(s) not deleted as they are {rule.reason}."
        for rule in BADGE_KEEP_RULES
    )
    return f"{len(outcome.deleted)} badge(s) deleted. {kept}"


def tier_validate(tier: Tier) -> None:
    """A tier's range is ordered and overlaps no other tier."""
    if tier.lower_limit > tier.upper_limit:
        raise Unprocessable({"upperLimit": ["The upper limit must not be below the lower limit."]})
    clash = (
        Tier.objects.filter(lower_limit__lte=tier.upper_limit, upper_limit__gte=tier.lower_limit)
        .exclude(pk=tier.pk)
        .first()
    )
    if clash is not None:
        raise Unprocessable(
            {
                "lowerLimit": [
                    f"The range overlaps the tier {clash.name} ({clash.lower_limit}-{clash.upper_limit})."
                ]
            }
        )


@transaction.atomic
def tier_create(*, actor, **fields) -> Tier:
    tier = Tier(**fields)
    tier_validate(tier)
    return logged_create(actor=actor, instance=tier, tracked=TIER_FIELDS)


@transaction.atomic
def tier_update(*, actor, tier: Tier, **fields) -> Tier:
    return logged_update(
        actor=actor, instance=tier, tracked=TIER_FIELDS, fields=fields, validate=tier_validate
    )


def tier_delete(*, actor, tier: Tier) -> None:
    logged_delete(actor=actor, instance=tier, tracked=TIER_FIELDS)


def tiers_bulk_delete(*, actor, ids: list[int]) -> str:
    outcome = bulk_delete(
        queryset=Tier.objects.all(),
        ids=ids,
        keep_rules=[],
        delete=lambda tier: tier_delete(actor=actor, tier=tier),
    )
    return f"{len(outcome.deleted)} tier(s) deleted."
