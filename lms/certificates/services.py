"""Certificate templates: create, update, clone, change the author in bulk, delete.

Every write runs in one transaction and is logged through lms.audit. The placed fields and expiry
rules are checked here (`certificate_template_validate`), so the API, the admin and imports refuse
the same things. A background image comes from the media library, or is uploaded through
`lms.media.services.media_create` (images only) after everything else has been checked.
"""

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from lms.audit.services import logged_create, logged_delete, logged_update
from lms.certificates.models import (
    DEFAULT_FONT_FAMILY,
    CertificateFieldKey,
    CertificateTemplate,
    ExpiryType,
    FontFamily,
    Orientation,
)
from lms.media.models import MediaKind
from lms.media.services import media_create
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete

TEMPLATE_FIELDS = (
    "name",
    "slug",
    "status",
    "orientation",
    "width",
    "height",
    "background",
    "fields",
    "expiry_type",
    "expiry_value",
    "expiry_date",
    "portal",
    "author",
)
EDITABLE_FIELDS = tuple(name for name in TEMPLATE_FIELDS if name not in ("slug", "author"))

MIN_PAGE_SIZE, MAX_PAGE_SIZE = 100, 5000
MIN_FONT_SIZE, MAX_FONT_SIZE = 4, 300
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
FIELD_DEFAULTS = {
    "font_size": 20,
    "font_family": DEFAULT_FONT_FAMILY.value,
    "font_color": "#222",
    "top": 0,
    "left": 0,
    "align_center": False,
    "width": 200,
    "height": 40,
}
FONT_BY_LABEL = {label.lower(): value for value, label in FontFamily.choices}
FONT_BY_VALUE = {value.lower(): value for value in FontFamily.values}

# Apps that use templates (courses, learning paths) add a rule here from their AppConfig.ready():
# a template they hold is kept, and the delete message says why.
CERTIFICATE_TEMPLATE_KEEP_RULES: list[KeepRule] = []


def register_certificate_template_keep_rule(rule: KeepRule) -> None:
    if rule not in CERTIFICATE_TEMPLATE_KEEP_RULES:
        CERTIFICATE_TEMPLATE_KEEP_RULES.append(rule)


# --- Checks --------------------------------------------------------------------------------------


def _integer(raw, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(raw, bool) or raw is None:
        raise ValueError
    number = float(raw) if isinstance(raw, str) else raw
    if not isinstance(number, int | float) or number != int(number):
        raise ValueError
    number = int(number)
    if number < minimum or (maximum is not None and number > maximum):
        raise ValueError
    return number


def _boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw in (0, 1, "0", "1", "true", "false", "True", "False"):
        return str(raw).lower() in ("1", "true")
    raise ValueError


def clean_placed_field(raw: Any, *, page_width: int, page_height: int) -> tuple[dict, dict[str, list[str]]]:
    """One placed field with defaults filled in, and its errors by property."""
    if not isinstance(raw, dict):
        return {}, {"": ["Each field must be an object with a key, a position and a font."]}
    errors: dict[str, list[str]] = {}
    field = {**FIELD_DEFAULTS, **{name: value for name, value in raw.items() if value is not None}}
    key = field.get("key")
    if key not in CertificateFieldKey.values:
        errors["key"] = [f"Unknown field key {key!r}; see the field keys lookup."]
    value = field.get("value", "")
    if not isinstance(value, str):
        errors["value"] = ["The value must be text."]
    elif key == CertificateFieldKey.CUSTOM_TEXT and not value.strip():
        errors["value"] = ["A custom text field needs its text."]
    elif len(value) > 1000:
        errors["value"] = ["The value may have at most 1000 characters."]
    elif key in CertificateFieldKey.values and not value.strip():
        value = CertificateFieldKey(key).label
    family = FONT_BY_VALUE.get(str(field["font_family"]).lower()) or FONT_BY_LABEL.get(
        str(field["font_family"]).lower()
    )
    if family is None:
        errors["font_family"] = [
            f"Unknown font family {field['font_family']!r}; see the font families lookup."
        ]
    if not isinstance(field["font_color"], str) or not COLOUR.match(field["font_color"]):
        errors["font_color"] = ["The colour must be a hex colour such as #222 or #1a2b3c."]
    numbers = {}
    limits = {
        "font_size": (MIN_FONT_SIZE, MAX_FONT_SIZE),
        "top": (0, page_height - 1),
        "left": (0, page_width - 1),
        "width": (1, page_width),
        "height": (1, page_height),
    }
    for name, (low, high) in limits.items():
        try:
            numbers[name] = _integer(field[name], minimum=low, maximum=max(low, high))
        except (TypeError, ValueError, OverflowError):
            errors[name] = [f"Must be a whole number from {low} to {max(low, high)}."]
    try:
        align_center = _boolean(field["align_center"])
    except ValueError:
        errors["align_center"] = ["Must be true or false."]
        align_center = False
    if errors:
        return {}, errors
    return {
        "key": key,
        "value": value,
        "font_size": numbers["font_size"],
        "font_family": family,
        "font_color": field["font_color"],
        "top": numbers["top"],
        "left": numbers["left"],
        "align_center": align_center,
        "width": numbers["width"],
        "height": numbers["height"],
    }, {}


def clean_placed_fields(raw_fields: Any, *, page_width: int, page_height: int) -> list[dict]:
    """The placed fields, checked and normalised; refuses with errors named `fields.<i>.<property>`."""
    if not isinstance(raw_fields, list):
        raise Unprocessable({"fields": ["The fields must be a list of placed fields."]})
    cleaned, errors = [], {}
    for index, raw in enumerate(raw_fields):
        field, field_errors = clean_placed_field(raw, page_width=page_width, page_height=page_height)
        for name, messages in field_errors.items():
            errors[f"fields.{index}.{name}" if name else f"fields.{index}"] = messages
        cleaned.append(field)
    if errors:
        raise Unprocessable(errors)
    return cleaned


def orientation_of(width: int, height: int) -> str:
    return Orientation.PORTRAIT if height > width else Orientation.LANDSCAPE


def certificate_template_validate(template: CertificateTemplate) -> None:
    """Refuses (422) a template whose page, fields, background or expiry do not hold together.

    Normalises `fields` in place (defaults filled in, font names as stored).
    """
    errors: dict[str, list[str]] = {}
    for name in ("width", "height"):
        value = getattr(template, name)
        if value is None or not MIN_PAGE_SIZE <= value <= MAX_PAGE_SIZE:
            errors[name] = [f"The {name} must be from {MIN_PAGE_SIZE} to {MAX_PAGE_SIZE} pixels."]
    if errors:
        raise Unprocessable(errors)
    if template.orientation and template.orientation != orientation_of(template.width, template.height):
        errors["orientation"] = [
            f"A {template.width}x{template.height} page is {orientation_of(template.width, template.height)}."
        ]
    if template.background_id is not None and template.background.kind != MediaKind.IMAGE:
        errors["bg_url"] = ["The background must be an image."]
    expiry_type, value = template.expiry_type, template.expiry_value
    if expiry_type in (ExpiryType.DAYS, ExpiryType.MONTHS):
        if not value or value < 1:
            errors["expiry_value"] = [f"Say after how many {expiry_type} the certificate expires."]
    elif expiry_type == ExpiryType.FIXED_DATE:
        if template.expiry_date is None:
            errors["expiry_date"] = ["Say on which date the certificate expires."]
    elif expiry_type != ExpiryType.NEVER:
        errors["expiry_type"] = [f"Unknown expiry type {expiry_type!r}."]
    if errors:
        raise Unprocessable(errors)
    # Expiry details that do not apply are dropped, so the row says one thing.
    if expiry_type not in (ExpiryType.DAYS, ExpiryType.MONTHS):
        template.expiry_value = None
    if expiry_type != ExpiryType.FIXED_DATE:
        template.expiry_date = None
    template.fields = clean_placed_fields(
        template.fields, page_width=template.width, page_height=template.height
    )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:240] or "certificate"
    taken = set(
        CertificateTemplate.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _upload_background(*, actor, uploaded_file, portal):
    try:
        return media_create(actor=actor, uploaded_file=uploaded_file, kinds={MediaKind.IMAGE}, portal=portal)
    except Unprocessable as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"file": exc.detail}
        raise Unprocessable({"background_file": detail.get("file", list(detail.values()))}) from exc


# --- Writes --------------------------------------------------------------------------------------


@transaction.atomic
def certificate_template_create(*, actor, background_upload=None, **fields) -> CertificateTemplate:
    """`fields`: any of EDITABLE_FIELDS; `orientation` defaults to what the page size says."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown certificate template fields: {', '.join(sorted(unknown))}")
    template = CertificateTemplate(author=actor if getattr(actor, "pk", None) else None, **fields)
    if not fields.get("orientation") and template.width and template.height:
        template.orientation = orientation_of(template.width, template.height)
    certificate_template_validate(template)
    if background_upload is not None:
        template.background = _upload_background(
            actor=actor, uploaded_file=background_upload, portal=template.portal
        )
    template.slug = unique_slug(template.name)
    return logged_create(actor=actor, instance=template, tracked=TEMPLATE_FIELDS, portal=template.portal)


@transaction.atomic
def certificate_template_update(
    *, actor, template: CertificateTemplate, background_upload=None, **fields
) -> CertificateTemplate:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"author"}
    if unknown:
        raise TypeError(f"Unknown certificate template fields: {', '.join(sorted(unknown))}")
    template = CertificateTemplate.objects.select_for_update().get(pk=template.pk)
    resized = {"width", "height"} & set(fields)
    if resized and "orientation" not in fields:
        fields["orientation"] = orientation_of(
            fields.get("width", template.width), fields.get("height", template.height)
        )

    def validate(instance):
        certificate_template_validate(instance)
        if background_upload is not None:
            instance.background = _upload_background(
                actor=actor, uploaded_file=background_upload, portal=instance.portal
            )
        if "name" in fields:
            instance.slug = unique_slug(instance.name, exclude_pk=instance.pk)

    return logged_update(
        actor=actor,
        instance=template,
        tracked=TEMPLATE_FIELDS,
        fields=fields,
        validate=validate,
        portal=template.portal,
    )


def clone_name(name: str) -> str:
    """The seed names copies with a "_copy" suffix (as Clone a Course does)."""
    return f"{name[:250]}_copy"


@transaction.atomic
def certificate_template_clone(*, actor, template: CertificateTemplate) -> CertificateTemplate:
    """A copy with the same page, background, fields and expiry; the caller is its author."""
    copy = CertificateTemplate(
        name=clone_name(template.name),
        status=template.status,
        orientation=template.orientation,
        width=template.width,
        height=template.height,
        background=template.background,
        fields=[dict(field) for field in template.fields],
        expiry_type=template.expiry_type,
        expiry_value=template.expiry_value,
        expiry_date=template.expiry_date,
        portal=template.portal,
        author=actor if getattr(actor, "pk", None) else None,
    )
    copy.slug = unique_slug(copy.name)
    return logged_create(actor=actor, instance=copy, tracked=TEMPLATE_FIELDS, portal=copy.portal)


def eligible_authors():
    """Who may author templates: active staff (owner, admins, staff)."""
    return get_user_model().objects.filter(is_active=True, is_staff=True)


@transaction.atomic
def certificate_templates_set_author(*, actor, templates, author_id: int) -> int:
    """Quick edit: one author for the given templates (a queryset the caller may see). Returns how many."""
    author = eligible_authors().filter(pk=author_id).first()
    if author is None:
        raise Unprocessable({"author_id": ["The author must be an active staff member."]})
    changed = 0
    # Lock the template rows alone: the caller's queryset may join nullable relations (FOR UPDATE
    # cannot lock those on PostgreSQL).
    locked = CertificateTemplate.objects.select_for_update().filter(pk__in=templates.values("pk"))
    for template in locked.order_by("pk"):
        certificate_template_update(actor=actor, template=template, author=author)
        changed += 1
    return changed


def certificate_template_delete(*, actor, template: CertificateTemplate) -> None:
    logged_delete(actor=actor, instance=template, tracked=TEMPLATE_FIELDS, portal=template.portal)


def certificate_templates_bulk_delete(*, actor, ids: list[int], queryset=None) -> str:
    outcome = bulk_delete(
        queryset=queryset if queryset is not None else CertificateTemplate.objects.all(),
        ids=ids,
        keep_rules=CERTIFICATE_TEMPLATE_KEEP_RULES,
        delete=lambda template: certificate_template_delete(actor=actor, template=template),
    )
    message = f"{len(outcome.deleted)} certificate template(s) deleted"
    for reason, rows in outcome.kept.items():
        if rows:
            message += (
                f" {len(rows)} certificate template(s) not deleted as they are {reason.replace('_', ' ')}."
            )
    return message
