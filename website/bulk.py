"""Bulk delete with kept-and-why reporting, in one transaction.

A service names the rules that keep a row ("assigned to users", "used in a class"); everything else
among the requested ids is deleted through the service's own delete function (so history and the
audit log see each row). The service turns the outcome into the seed's message.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError


@dataclass(frozen=True)
class KeepRule:
    """Rows matching `blocking(queryset)` are kept; `reason` names why, e.g. "assigned_to_users"."""

    reason: str
    blocking: Callable[[QuerySet], QuerySet]


@dataclass
class BulkDeleteOutcome:
    deleted: list[Model] = field(default_factory=list)
    kept: dict[str, list[Model]] = field(default_factory=dict)
    # Recorded before each delete: Django sets a hard-deleted instance's pk to None.
    deleted_ids: list[int] = field(default_factory=list)

    @property
    def kept_ids(self) -> list[int]:
        return sorted({row.pk for rows in self.kept.values() for row in rows})

    def kept_count(self, reason: str) -> int:
        return len(self.kept.get(reason, []))


def bulk_delete(
    *,
    queryset: QuerySet,
    ids: Iterable[int],
    keep_rules: Iterable[KeepRule],
    delete: Callable[[Model], None],
    field_name: str = "delete_ids",
) -> BulkDeleteOutcome:
    """Delete the rows of `queryset` (what the caller may see) whose ids are given, except the kept.

    An id the caller cannot see is a 422 for the whole request: nothing is deleted.
    """
    ids = list(dict.fromkeys(ids))
    with transaction.atomic():
        # Lock plain rows: PostgreSQL refuses FOR UPDATE beside GROUP BY or nullable outer joins.
        visible = queryset.filter(pk__in=ids).values("pk")
        locked = queryset.model._base_manager.filter(pk__in=visible).select_for_update()
        rows = {row.pk: row for row in locked}
        missing = [pk for pk in ids if pk not in rows]
        if missing:
            raise ValidationError(
                {field_name: [f"The selected ids are invalid: {', '.join(map(str, missing))}."]}
            )
        outcome = BulkDeleteOutcome()
        for rule in keep_rules:
            blocked = set(
                rule.blocking(queryset.model._default_manager.filter(pk__in=rows)).values_list(
                    "pk", flat=True
                )
            )
            outcome.kept[rule.reason] = [rows.pop(pk) for pk in sorted(blocked) if pk in rows]
        for pk in ids:
            if pk in rows:
                delete(rows[pk])
                outcome.deleted.append(rows[pk])
                outcome.deleted_ids.append(pk)
    return outcome
