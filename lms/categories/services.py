"""Writes to categories: create, rename or retype, and bulk (soft) delete with kept-and-why."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_update
from lms.categories.models import Category
from lms.categories.selectors import categories_of_type
from lms.categories.usage import usages_for
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete

TRACKED_FIELDS = ("name", "type")


def _ensure_unique_name(*, name: str, category_type: str, exclude_pk=None) -> None:
    clash = Category.objects.filter(type=category_type, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise Unprocessable({"category_name": ["A category with this name already exists for this type."]})


@transaction.atomic
def category_create(*, actor, name: str, type: str) -> Category:
    name = name.strip()
    _ensure_unique_name(name=name, category_type=type)
    return logged_create(
        actor=actor, instance=Category(name=name, type=type, created_by=actor), tracked=TRACKED_FIELDS
    )


@transaction.atomic
def category_update(*, actor, category: Category, **fields) -> Category:
    name = fields.get("name", category.name).strip()
    category_type = fields.get("type", category.type)
    _ensure_unique_name(name=name, category_type=category_type, exclude_pk=category.pk)
    if category_type != category.type and any(
        getattr(category, usage.related_name).exists() for usage in usages_for(category.type)
    ):
        raise Unprocessable({"categoryType": ["The type of a category in use cannot change."]})
    return logged_update(
        actor=actor,
        instance=category,
        tracked=TRACKED_FIELDS,
        fields={"name": name, "type": category_type, "updated_by": actor},
    )


def category_delete(*, actor, category: Category) -> None:
    """Soft delete: the row stays with deleted_at and deleted_by, out of every list."""
    category.deleted_at, category.deleted_by = timezone.now(), actor
    category.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    activity_record(actor=actor, action=ActivityAction.DELETED, subject=category)


@dataclass
class CategoryDeleteOutcome:
    message: str
    deleted_ids: list[int]
    kept_ids: list[int]
    used_in_places: list[dict]


def categories_bulk_delete(*, actor, category_type: str, ids: list[int]) -> CategoryDeleteOutcome:
    blocking = [usage for usage in usages_for(category_type) if usage.blocks_delete]
    outcome = bulk_delete(
        queryset=categories_of_type(category_type),
        ids=ids,
        keep_rules=[
            KeepRule(
                usage.noun, lambda rows, usage=usage: rows.filter(**{f"{usage.related_name}__isnull": False})
            )
            for usage in blocking
        ],
        delete=lambda category: category_delete(actor=actor, category=category),
    )
    parts = [f"{len(outcome.deleted)} category(s) deleted."]
    used_in_places = []
    for usage in blocking:
        kept = outcome.kept.get(usage.noun, [])
        if not kept:
            continue
        parts.append(
            f"{len(kept)} category(s) not deleted as it is used in {usage.noun}(s). "
            f"Please remove the category from the {usage.noun} and try again."
        )
        held = Category.objects.filter(pk__in=[c.pk for c in kept]).prefetch_related(
            Prefetch(usage.related_name, to_attr="holders")
        )
        used_in_places += [
            {category.name: [{"id": item.pk, "name": str(item)} for item in category.holders]}
            for category in held
        ]
    return CategoryDeleteOutcome(" ".join(parts), outcome.deleted_ids, outcome.kept_ids, used_in_places)
