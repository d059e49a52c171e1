"""Custom user fields, users' answers, consents and the bulk upload of users.

Every write is logged through lms.audit.services. A field some user has answered is never deleted.
A bulk upload validates every row and imports each in its own savepoint: a broken row leaves no
trace, the others go through, and the report says what happened to each row and why.
"""

import re
from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from rest_framework.exceptions import APIException

from lms.accounts.models import STAFF_TYPES
from lms.accounts.services import user_create, user_update
from lms.audit.services import logged_create, logged_delete, logged_update
from lms.portals.models import PortalMembership
from lms.portals.selectors import is_email_allowed
from lms.portals.services import portal_add_learners
from lms.userfields.models import (
    SELECT_TYPES,
    CustomUserField,
    CustomUserFieldType,
    CustomUserValue,
    UploadStatus,
    UserConsent,
    UserUpload,
)
from lms.userfields.selectors import CHECKBOX_SEPARATOR, field_in_use
from website.api.errors import Unprocessable
from website.tenancy import portal_scope

FIELD_TRACKED = (
    "key",
    "label",
    "type",
    "default_value",
    "is_required",
    "options",
    "on_registration_page",
    "on_certificate",
    "report_exports",
    "position",
)
VALUE_TRACKED = ("user", "field", "value")
CONSENT_TRACKED = ("user", "consent_id", "status", "country", "ip_address", "consent_date")

FIELD_IN_USE = (
    "This field can not be deleted as some user data is associated with it. Please contact administrator."
)
FIELD_CAN_BE_DELETED = "This field can be deleted."

TEXT_LIMIT = 1000
TEXTAREA_LIMIT = 5000


# --- Field definitions ---------------------------------------------------------------------------


def custom_field_problems(
    *, type: str, options: list, default_value, label: str = ""
) -> dict[str, list[str]]:
    """The rules of one field definition, as {attribute: [why]} (empty when valid)."""
    errors: dict[str, list[str]] = {}
    if type in SELECT_TYPES:
        if not options:
            errors["options"] = ["A select field needs at least one option."]
        elif len({str(option).strip().lower() for option in options}) != len(options):
            errors["options"] = ["The options must be different from each other."]
    elif options:
        errors["options"] = ["Only select fields (radio, checkbox, dropdown) have options."]
    if default_value not in (None, "") and "options" not in errors:
        field = CustomUserField(type=type, options=options, label=label or "Default value")
        try:
            clean_custom_value(field, default_value)
        except ValueError as exc:
            errors["default_value"] = [str(exc)]
    return errors


def custom_field_validate(field: CustomUserField) -> None:
    """The admin's (and the services') check of one field definition."""
    errors = custom_field_problems(
        type=field.type, options=field.options or [], default_value=field.default_value, label=field.label
    )
    if errors:
        raise Unprocessable(errors)


def _next_keys(taken: set[str]):
    number = 1
    while True:
        key = f"custom_field_{number}"
        if key not in taken:
            taken.add(key)
            yield key
        number += 1


@transaction.atomic
def custom_user_field_create(*, actor, **fields) -> CustomUserField:
    field = CustomUserField(**fields)
    if not field.key:
        field.key = next(_next_keys(set(CustomUserField.objects.values_list("key", flat=True))))
    if "position" not in fields:
        field.position = (CustomUserField.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    custom_field_validate(field)
    if CustomUserField.objects.filter(key=field.key).exists():
        raise Unprocessable({"key": ["Another custom user field has this key."]})
    return logged_create(actor=actor, instance=field, tracked=FIELD_TRACKED)


@transaction.atomic
def custom_user_field_update(*, actor, field: CustomUserField, **fields) -> CustomUserField:
    in_use = field_in_use(field)
    original_type = field.type

    def validate(instance):
        custom_field_validate(instance)
        if in_use and instance.type != original_type:
            raise Unprocessable({"type": ["The type of a field users have answered cannot be changed."]})
        if CustomUserField.objects.filter(key=instance.key).exclude(pk=instance.pk).exists():
            raise Unprocessable({"key": ["Another custom user field has this key."]})

    return logged_update(actor=actor, instance=field, tracked=FIELD_TRACKED, fields=fields, validate=validate)


def custom_user_field_delete(*, actor, field: CustomUserField) -> None:
    if field_in_use(field):
        raise Unprocessable({"fields": [f"{field.label}: {FIELD_IN_USE}"]})
    logged_delete(actor=actor, instance=field, tracked=FIELD_TRACKED)


@transaction.atomic
def custom_user_fields_bulk_delete(*, actor, ids: list[int]) -> str:
    """The admin's delete: fields in use are kept, and the message says so."""
    deleted, kept = 0, []
    for field in CustomUserField.objects.filter(pk__in=ids):
        if field_in_use(field):
            kept.append(field.label)
        else:
            logged_delete(actor=actor, instance=field, tracked=FIELD_TRACKED)
            deleted += 1
    message = f"{deleted} custom user field(s) deleted."
    if kept:
        message += f" {len(kept)} not deleted as some user data is associated with them: {', '.join(kept)}."
    return message


def custom_field_deletion_check(*, key: str | None = None, field_id: int | None = None) -> tuple[bool, str]:
    """(can it be deleted, why). A field not saved yet can always be removed from the form."""
    fields = CustomUserField.objects.all()
    field = (
        fields.filter(pk=field_id).first()
        if field_id is not None
        else fields.filter(key=key).first()
        if key
        else None
    )
    if field is not None and field_in_use(field):
        return False, FIELD_IN_USE
    return True, FIELD_CAN_BE_DELETED


@transaction.atomic
def custom_user_fields_replace(*, actor, fields: list[dict]) -> None:
    """Save the list as the set of fields, in its order: listed fields are updated (matched by `id`,
    else by `key`) or added; fields left out are deleted, unless users have answered them (422)."""
    existing = {field.pk: field for field in CustomUserField.objects.select_for_update().order_by("pk")}
    by_key = {field.key: field for field in existing.values()}
    errors: dict[str, list[str]] = {}
    plan: list[tuple[CustomUserField | None, dict]] = []
    matched: set[int] = set()
    final_keys: Counter = Counter()

    for index, item in enumerate(fields):
        attrs = dict(item)
        field_id = attrs.pop("id", None)
        instance = None
        if field_id is not None:
            instance = existing.get(field_id)
            if instance is None:
                errors[f"fields.{index}.id"] = ["No custom user field has this id."]
                continue
        elif attrs.get("key") and attrs["key"] in by_key:
            instance = by_key[attrs["key"]]
        if instance is not None:
            if instance.pk in matched:
                errors[f"fields.{index}"] = ["This field is listed twice."]
                continue
            matched.add(instance.pk)
            if not attrs.get("key"):
                attrs["key"] = instance.key
            elif attrs["key"] != instance.key and attrs["key"] in by_key:
                errors[f"fields.{index}.userMetaKey"] = ["Another custom user field has this key."]
            if attrs["type"] != instance.type and field_in_use(instance):
                errors[f"fields.{index}.type"] = [
                    "The type of a field users have answered cannot be changed."
                ]
        for name, messages in custom_field_problems(
            type=attrs["type"],
            options=attrs.get("options", []),
            default_value=attrs.get("default_value"),
            label=attrs["label"],
        ).items():
            errors[f"fields.{index}.{'optionLabel' if name == 'options' else 'defaultValue'}"] = messages
        if attrs.get("key"):
            final_keys[attrs["key"]] += 1
        attrs["position"] = index + 1
        plan.append((instance, attrs))

    for key, count in final_keys.items():
        if count > 1:
            errors.setdefault("fields", []).append(f"The key {key} is used by more than one field.")
    removed = [field for pk, field in existing.items() if pk not in matched]
    for field in removed:
        if field_in_use(field):
            errors.setdefault("fields", []).append(f"{field.label}: {FIELD_IN_USE}")
    if errors:
        raise Unprocessable(errors)

    for field in removed:
        logged_delete(actor=actor, instance=field, tracked=FIELD_TRACKED)
    new_keys = _next_keys(set(final_keys) | set(by_key))
    for instance, attrs in plan:
        if instance is None:
            attrs["key"] = attrs.get("key") or next(new_keys)
            logged_create(actor=actor, instance=CustomUserField(**attrs), tracked=FIELD_TRACKED)
        else:
            logged_update(actor=actor, instance=instance, tracked=FIELD_TRACKED, fields=attrs)


# --- Answers ---------------------------------------------------------------------------------------


def _option(field: CustomUserField, text: str) -> str:
    for option in field.options:
        if str(option).strip().lower() == text.strip().lower():
            return str(option)
    raise ValueError(f"{field.label}: {text!r} is not one of {', '.join(map(str, field.options))}.")


def clean_custom_value(field: CustomUserField, raw):
    """A user's answer to `field` as stored (text, or a list for a multiple select); ValueError: why not."""
    if field.type == CustomUserFieldType.CHECKBOX:
        parts = raw if isinstance(raw, list) else str(raw).split(CHECKBOX_SEPARATOR)
        chosen = [_option(field, str(part)) for part in parts if str(part).strip()]
        return list(dict.fromkeys(chosen))
    text = str(raw).strip()
    if field.type in (CustomUserFieldType.RADIO, CustomUserFieldType.DROPDOWN):
        return _option(field, text)
    if field.type == CustomUserFieldType.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValueError(f"{field.label}: {text!r} is not a date such as 2024-01-31.") from exc
    limit = TEXTAREA_LIMIT if field.type == CustomUserFieldType.TEXTAREA else TEXT_LIMIT
    if len(text) > limit:
        raise ValueError(f"{field.label}: at most {limit} characters.")
    return text


def user_custom_values_set(*, actor, user, values: dict[CustomUserField, object]) -> None:
    """Save `user`'s answers (already cleaned); each new or changed answer is logged."""
    current = {
        value.field_id: value for value in CustomUserValue.objects.filter(user=user, field__in=list(values))
    }
    for field, value in values.items():
        existing = current.get(field.pk)
        if existing is None:
            logged_create(
                actor=actor,
                instance=CustomUserValue(user=user, field=field, value=value),
                tracked=VALUE_TRACKED,
            )
        elif existing.value != value:
            logged_update(actor=actor, instance=existing, tracked=VALUE_TRACKED, fields={"value": value})


# --- Consents ----------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *, actor, user, consent_id: str, status: str, country: str = "", ip_address=None, consent_date=None
) -> UserConsent:
    consent = UserConsent(
        user=user,
        consent_id=consent_id,
        status=status,
        country=country,
        ip_address=ip_address or None,
        consent_date=consent_date or timezone.now(),
    )
    return logged_create(actor=actor, instance=consent, tracked=CONSENT_TRACKED)


# --- Bulk upload -------------------------------------------------------------------------------------

STANDARD_COLUMNS = ("email", "first_name", "last_name", "password")
SYNC_UPLOAD_LIMIT = 200  # larger uploads run as a background task
MAX_UPLOAD_ROWS = 10000
UPLOAD_CHUNK = 50  # rows committed together by the background task
CELL_LIMITS = {"email": 254, "first_name": 150, "last_name": 150, "password": 128}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
STAFF_NOT_CHANGED = "Staff accounts are not changed by a bulk upload."
OUT_OF_REACH = "A user with this email already exists outside your portals."
NOT_CHANGED_WITHOUT_PERMISSION = (
    "A user with this email already exists (changing users needs accounts.change_user)."
)
PASSWORD_KEPT = "The password of an existing user is not changed."


def _normalise_row(raw) -> dict:
    return {str(key).strip().lower(): value for key, value in raw.items()}


def _cell_problem(column: str, value, limit: int) -> str | None:
    if not isinstance(value, str):
        return f"{column}: must be text."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{column}: is not valid text (save the file as UTF-8)."
    if "\x00" in value or "\ufffd" in value:
        return f"{column}: is not valid text (save the file as UTF-8)."
    if len(value) > limit:
        return f"{column}: at most {limit} characters."
    # Spreadsheet formulae: a cell that a spreadsheet would evaluate when the data is exported again.
    if column != "password" and (value[:1] in FORMULA_PREFIXES or value.lstrip()[:1] in FORMULA_PREFIXES):
        return f"{column}: must not start with =, +, -, @, a tab or a carriage return."
    return None


def _cells(row: dict, fields_by_key: dict) -> tuple[dict, list[str]]:
    """The row's cells as text, and what is wrong with them."""
    reasons, cells = [], {}
    unknown = sorted(
        column for column in row if column not in STANDARD_COLUMNS and column not in fields_by_key
    )
    if unknown:
        shown = [column[:40] for column in unknown[:5]] + (["..."] if len(unknown) > 5 else [])
        reasons.append(f"Unknown column(s): {', '.join(shown)}.")
    for column, value in row.items():
        if column in unknown:
            continue
        if value is None:
            value = ""
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        field = fields_by_key.get(column)
        limit = CELL_LIMITS.get(column) or (
            TEXTAREA_LIMIT if field is not None and field.type == CustomUserFieldType.TEXTAREA else TEXT_LIMIT
        )
        problem = _cell_problem(column, value, limit)
        if problem:
            reasons.append(problem)
            cells[column] = None  # present but refused: not reported again as missing
        else:
            cells[column] = value if column == "password" else value.strip()
    return cells, reasons


def _messages(exc) -> list[str]:
    detail = exc.detail if isinstance(exc, APIException) else getattr(exc, "messages", [str(exc)])
    if isinstance(detail, dict):
        return [str(message) for messages in detail.values() for message in messages]
    if isinstance(detail, str):
        return [str(detail)]
    return [str(message) for message in detail]


class _RowRejected(Exception):
    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = reasons


def _import_row(*, actor, upload: UserUpload, scope, row: dict, fields_by_key: dict, duplicates: set) -> dict:
    """Import one row (the caller holds a savepoint); returns its report entry or raises _RowRejected."""
    User = get_user_model()
    cells, reasons = _cells(row, fields_by_key)
    email = (cells.get("email") or "").lower()
    if not email:
        if cells.get("email", "") is not None:  # a refused email cell is reported already
            reasons.append("email: is required.")
    else:
        try:
            validate_email(email)
        except DjangoValidationError:
            reasons.append("email: is not a valid email address.")
        else:
            if email in duplicates:
                reasons.append("email: appears more than once in the file.")
            elif upload.portal is not None and not is_email_allowed(upload.portal, email):
                reasons.append("email: is not allowed to join this portal.")
    user = User.objects.filter(email=email).first() if email else None
    values = {}
    for key, field in fields_by_key.items():
        text = cells.get(key, "")
        if text is None:
            continue
        if text == "" and user is None and field.default_value not in (None, ""):
            text = field.default_value
        if text == "":
            if user is None and field.is_required:
                reasons.append(f"{field.label}: is required.")
            continue
        try:
            values[field] = clean_custom_value(field, text)
        except ValueError as exc:
            reasons.append(str(exc))
    notes = []
    if user is not None:
        if user.user_type in STAFF_TYPES:
            reasons.append(STAFF_NOT_CHANGED)
        elif scope.is_unrestricted and not actor.has_perm("accounts.change_user"):
            reasons.append(NOT_CHANGED_WITHOUT_PERMISSION)
        elif (
            not scope.is_unrestricted
            and not PortalMembership.objects.filter(
                user=user, portal__in=scope.portal_ids, is_active=True
            ).exists()
        ):
            reasons.append(OUT_OF_REACH)
        if cells.get("password"):
            notes.append(PASSWORD_KEPT)
    if reasons:
        raise _RowRejected(reasons)

    if user is None:
        user = user_create(
            actor=actor,
            email=email,
            first_name=cells.get("first_name") or "",
            last_name=cells.get("last_name") or "",
            password=cells.get("password") or None,
        )
        outcome = "created"
    else:
        names = {name: cells[name] for name in ("first_name", "last_name") if cells.get(name)}
        if names:
            user_update(actor=actor, user=user, **names)
        outcome = "updated"
    user_custom_values_set(actor=actor, user=user, values=values)
    if upload.portal is not None:
        # Blocked emails and domains, and the portal's seats, are the portal's own rules.
        portal_add_learners(actor=actor, portal=upload.portal, users=[user], field="email")
    return {"email": email, "status": outcome, "reasons": notes}


def _process_rows(upload: UserUpload, rows: list[dict], *, commit_every: int) -> None:
    """Import rows from `upload.processed_rows` on; progress is saved with each batch, so a retry resumes."""
    actor = upload.created_by
    scope = portal_scope(actor)
    fields_by_key = {field.key: field for field in CustomUserField.objects.all()}
    emails = Counter(str(_normalise_row(row).get("email") or "").strip().lower() for row in rows)
    duplicates = {email for email, count in emails.items() if email and count > 1}
    while upload.processed_rows < len(rows):
        start = upload.processed_rows
        with transaction.atomic():
            for number in range(start, min(start + commit_every, len(rows))):
                row = _normalise_row(rows[number])
                entry = {"row": number + 1, "email": str(row.get("email") or "")[:254]}
                try:
                    with transaction.atomic():
                        entry |= _import_row(
                            actor=actor,
                            upload=upload,
                            scope=scope,
                            row=row,
                            fields_by_key=fields_by_key,
                            duplicates=duplicates,
                        )
                except _RowRejected as exc:
                    entry |= {"status": "rejected", "reasons": exc.reasons}
                except (APIException, DjangoValidationError, PermissionDenied) as exc:
                    entry |= {"status": "rejected", "reasons": _messages(exc)}
                except IntegrityError:
                    entry |= {"status": "rejected", "reasons": ["The row could not be saved; try it again."]}
                if entry["status"] == "created":
                    upload.created_count += 1
                elif entry["status"] == "updated":
                    upload.updated_count += 1
                upload.report.append(entry)
                upload.processed_rows = number + 1
            upload.save(update_fields=["processed_rows", "created_count", "updated_count", "report"])


NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _storable(value):
    """NUL and lone surrogates (text that is not UTF-8) cannot be stored (PostgreSQL refuses them in
    JSON); they become U+FFFD, which the row checks reject as a bad encoding."""
    if isinstance(value, str):
        return NOT_TEXT.sub("\ufffd", value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    return value


def _validate_upload(*, actor, rows: list[dict]) -> None:
    if not rows:
        raise Unprocessable({"userList": ["Upload at least one user."]})
    if len(rows) > MAX_UPLOAD_ROWS:
        raise Unprocessable({"userList": [f"Upload at most {MAX_UPLOAD_ROWS} users at a time."]})
    if actor is None or not actor.is_authenticated:
        raise Unprocessable({"userList": ["An upload needs a signed-in user."]})


def users_bulk_upload(*, actor, portal, rows: list[dict]) -> UserUpload:
    """Upload users. Up to SYNC_UPLOAD_LIMIT rows are imported now; more are queued for the worker
    (poll the returned upload). Each row is imported in its own savepoint."""
    from lms.userfields.tasks import process_user_upload

    _validate_upload(actor=actor, rows=rows)
    rows = _storable(rows)
    background = len(rows) > SYNC_UPLOAD_LIMIT
    with transaction.atomic():
        upload = logged_create(
            actor=actor,
            instance=UserUpload(
                created_by=actor,
                portal=portal,
                total_rows=len(rows),
                # Kept only until the worker has imported them: the rows carry passwords.
                rows=rows if background else [],
                status=UploadStatus.QUEUED if background else UploadStatus.RUNNING,
            ),
            tracked=("portal", "total_rows"),
            portal=portal,
        )
        if background:
            transaction.on_commit(lambda: process_user_upload.delay(upload.pk))
            return upload
    _process_rows(upload, rows, commit_every=len(rows))
    _finish(upload)
    return upload


def _finish(upload: UserUpload, status=UploadStatus.COMPLETED) -> None:
    upload.status = status
    upload.rows = []
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "rows", "finished_at"])


def user_upload_process(*, upload_id: int) -> None:
    """The worker's side of a queued upload; safe to run again (it resumes, or does nothing)."""
    with transaction.atomic():
        upload = UserUpload.objects.select_for_update().filter(pk=upload_id).first()
        if upload is None or upload.status in (UploadStatus.COMPLETED, UploadStatus.FAILED):
            return
        if upload.created_by is None:
            _finish(upload, UploadStatus.FAILED)
            return
        upload.status = UploadStatus.RUNNING
        upload.save(update_fields=["status"])
    _process_rows(upload, upload.rows, commit_every=UPLOAD_CHUNK)
    _finish(upload)


def user_upload_fail(*, upload_id: int) -> None:
    """Give up on an upload the worker could not finish: the rows not imported are dropped."""
    with transaction.atomic():
        upload = UserUpload.objects.select_for_update().filter(pk=upload_id).first()
        if upload is not None and upload.status != UploadStatus.COMPLETED:
            _finish(upload, UploadStatus.FAILED)
