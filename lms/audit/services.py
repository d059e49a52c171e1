"""Writing the activity log. Every service that creates, updates or deletes calls `activity_record`."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lms.audit.models import Activity, ActivityAction


def _plain(value):
    """A JSON-safe copy of a field value for the log."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def snapshot(instance: models.Model, fields) -> dict:
    """The current values of `fields` (attribute names) on `instance`."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changed_attributes(before: dict, after: dict) -> dict:
    """{"attributes": new values, "old": previous values} for the fields that differ."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {
        "attributes": {name: after[name] for name in changed},
        "old": {name: before.get(name) for name in changed},
    }


def activity_record(
    *, actor, action: ActivityAction, subject: models.Model, changes: dict | None = None, portal=None
) -> Activity:
    return Activity.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        subject_kind=subject._meta.verbose_name.title(),
        subject_label=str(subject)[:255],
        portal=portal,
        changes=changes or {},
    )


def logged_create(*, actor, instance: models.Model, tracked, portal=None) -> models.Model:
    """Save a new row and log its tracked attributes."""
    instance.save()
    activity_record(
        actor=actor,
        action=ActivityAction.CREATED,
        subject=instance,
        changes={"attributes": snapshot(instance, tracked)},
        portal=portal,
    )
    return instance


def logged_update(*, actor, instance: models.Model, tracked, fields: dict, validate=None, portal=None):
    """Apply `fields`, let `validate(instance)` refuse, save, and log what changed (if anything)."""
    before = snapshot(instance, tracked)
    for name, value in fields.items():
        setattr(instance, name, value)
    if validate is not None:
        validate(instance)
    instance.save()
    changes = changed_attributes(before, snapshot(instance, tracked))
    if changes["attributes"]:
        activity_record(
            actor=actor, action=ActivityAction.UPDATED, subject=instance, changes=changes, portal=portal
        )
    return instance


def logged_delete(*, actor, instance: models.Model, tracked, portal=None) -> None:
    """Log the row's last tracked attributes, then delete it."""
    activity_record(
        actor=actor,
        action=ActivityAction.DELETED,
        subject=instance,
        changes={"attributes": snapshot(instance, tracked)},
        portal=portal,
    )
    instance.delete()
