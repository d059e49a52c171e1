from django.db.models import Count, QuerySet

from lms.gamification.models import Badge, Tier


def badge_table() -> QuerySet[Badge]:
    return Badge.objects.annotate(holder_count=Count("holders"))


def tiers() -> QuerySet[Tier]:
    return Tier.objects.all()
