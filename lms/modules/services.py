"""Writes to modules: create (blank or per type), update, quick edit, clone and bulk delete.

Every write runs in one transaction and goes to the activity log. Content is sanitised HTML
(`website.html.sanitise_html`). Files come from the media library (a media id) or an upload
through `lms.media.services.media_create`, which checks them by content.

Modules never import courses: the courses app keeps modules it uses through
`register_module_keep_rule(KeepRule("used_in_courses", ...))` in its `AppConfig.ready()`.
"""

import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.text import slugify
from guardian.shortcuts import assign_perm

from lms.audit.models import ActivityAction
from lms.audit.services import activity_record, logged_create, logged_delete, logged_update
from lms.categories.models import Category, CategoryType
from lms.modules.models import (
    EstimationUnit,
    Module,
    ModuleType,
    PowerPointViewer,
    SubtitleType,
    VideoModule,
    VideoProvider,
    VideoSubtitle,
)
from lms.modules.types import ModuleTypeSpec, module_type_spec
from lms.modules.video import vimeo_video_id, youtube_video_id
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete
from website.html import sanitise_html
from website.tenancy import PortalScope

MODULE_FIELDS = (
    "name",
    "slug",
    "module_type",
    "content",
    "track_completion",
    "estimated_completion",
    "estimation_completed_unit",
    "author",
    "portal",
)
AUTHOR_PERMISSIONS = ("modules.view_module", "modules.change_module", "modules.delete_module")

# --- The keep-rule registry (courses add "used_in_courses") ------------------------------------

_keep_rules: list[KeepRule] = []


def register_module_keep_rule(rule: KeepRule) -> None:
    if all(existing.reason != rule.reason for existing in _keep_rules):
        _keep_rules.append(rule)


def module_keep_rules() -> list[KeepRule]:
    return list(_keep_rules)


# --- Field rules -------------------------------------------------------------------------------

ESTIMATE_PATTERN = re.compile(r"^(\d{1,4}(\.\d{1,2})?|\d{1,3}:[0-5]\d(:[0-5]\d)?)$")
UNIT_ALIASES = {
    "minute": EstimationUnit.MINUTES,
    "minutes": EstimationUnit.MINUTES,
    "min": EstimationUnit.MINUTES,
    "mins": EstimationUnit.MINUTES,
    "hour": EstimationUnit.HOURS,
    "hours": EstimationUnit.HOURS,
    "hr": EstimationUnit.HOURS,
    "hrs": EstimationUnit.HOURS,
    "day": EstimationUnit.DAYS,
    "days": EstimationUnit.DAYS,
}
ZOOM_WORDS = {"auto", "page_width", "page_fit", "page_actual"}
ZOOM_PERCENT = re.compile(r"^(\d{1,3})%$")
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
TIME_PATTERN = re.compile(r"^(\d{1,2}:)?[0-5]?\d:[0-5]\d$|^\d{1,5}$")
INTERACTION_TYPES = {"quiz", "question", "note", "link"}
INTERACTION_TEXT_FIELDS = ("title", "question", "url")
MAX_INTERACTIONS = 100
MAX_SUBTITLES = 30


def normalise_estimation(estimated, unit) -> dict:
    """{"estimated_completion", "estimation_completed_unit"} from the seed's values, or a 422."""
    estimated = "" if estimated is None else str(estimated).strip()
    unit = "" if unit is None else str(unit).strip().lower()
    errors = {}
    if estimated and not ESTIMATE_PATTERN.match(estimated):
        errors["estimatedCompletion"] = ['Give a duration such as "00:30:00" or a number such as 30.']
    if unit:
        if unit not in UNIT_ALIASES:
            errors["estimationCompletedUnit"] = ["The unit must be minutes, hours or days."]
        else:
            unit = UNIT_ALIASES[unit].value
    if errors:
        raise Unprocessable(errors)
    return {"estimated_completion": estimated, "estimation_completed_unit": unit}


def _check_address(value: str, field: str) -> str:
    """An http(s) address or a site path ("/media/..."); anything else (javascript:, data:...) is a 422."""
    text = (value or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.hostname:
        return text
    if not parts.scheme and not parts.netloc and text.startswith("/") and ".." not in text.split("/"):
        return text
    raise Unprocessable({field: ["Give an http(s) address or a path on this site."]})


def unique_slug(base: str, *, exclude_pk=None) -> str:
    root = slugify(base)[:240] or "module"
    taken = Module.objects.filter(Q(slug=root) | Q(slug__startswith=f"{root}-"))
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    slugs = set(taken.values_list("slug", flat=True))
    slug, n = root, 1
    while slug in slugs:
        n += 1
        slug = f"{root}-{n}"
    return slug


def resolve_module_categories(values, *, actor, field: str = "categories") -> list[Category]:
    """Module categories named by id (1 or "1") or by name; a new name creates the category (as the
    seed's Update Powerpoint Module says), an unknown id is a 422."""
    from lms.categories.services import category_create

    ids, names = set(), {}
    for value in values or []:
        text = str(value).strip()
        if isinstance(value, int) and not isinstance(value, bool) or text.isdigit():
            ids.add(int(text))
        elif text:
            names[text.lower()] = text[:255]
    found = {c.pk: c for c in Category.objects.filter(type=CategoryType.MODULE, pk__in=ids)}
    unknown = [str(pk) for pk in sorted(ids) if pk not in found]
    if unknown:
        raise Unprocessable({field: [f"Unknown module category: {', '.join(unknown)}."]})
    if names:
        by_name = Q()
        for name in names.values():
            by_name |= Q(name__iexact=name)
        existing = {c.name.lower(): c for c in Category.objects.filter(by_name, type=CategoryType.MODULE)}
        for key, name in names.items():
            category = existing.get(key) or category_create(actor=actor, name=name, type=CategoryType.MODULE)
            found[category.pk] = category
    return list(found.values())


def _grant_author(module: Module, user) -> None:
    """Authors edit their own modules: object permissions (django-guardian) for the module's author."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return
    for permission in AUTHOR_PERMISSIONS:
        assign_perm(permission, user, module)


def _spec(module_type: str, field: str = "type") -> ModuleTypeSpec:
    spec = module_type_spec(module_type)
    if spec is None:
        if module_type in ModuleType.values:
            raise Unprocessable({field: [f"{ModuleType(module_type).label} modules are not available yet."]})
        raise Unprocessable({field: [f"Unknown module type: {module_type}."]})
    return spec


# --- Create, update, delete (every type) -------------------------------------------------------


def _module_values(fields: dict) -> dict:
    values = dict(fields)
    if "name" in values:
        values["name"] = str(values["name"] or "").strip()
        if not values["name"]:
            raise Unprocessable({"name": ["The name is required."]})
    if "content" in values:
        values["content"] = sanitise_html(values["content"])
    if "estimated_completion" in values or "estimation_completed_unit" in values:
        normalised = normalise_estimation(
            values.get("estimated_completion"), values.get("estimation_completed_unit")
        )
        values.update({key: value for key, value in normalised.items() if key in values})
    return values


@transaction.atomic
def module_create(
    *,
    actor,
    module_type: str,
    name: str,
    categories=None,
    detail: dict | None = None,
    slug: str | None = None,
    author=None,
    **fields,
) -> Module:
    """A module of a registered type with its detail (`detail`: the detail model's fields)."""
    spec = _spec(module_type)
    values = _module_values({"name": name, **fields})
    if author is None and getattr(actor, "is_authenticated", False):
        author = actor
    module = Module(
        module_type=module_type,
        slug=unique_slug(slug or values["name"]),
        author=author,
        updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    logged_create(actor=actor, instance=module, tracked=MODULE_FIELDS, portal=module.portal)
    spec.detail_model(module=module, **(detail or {})).save()
    if categories:
        module.categories.set(resolve_module_categories(categories, actor=actor))
    _grant_author(module, author)
    return module


def _detail_fields(spec: ModuleTypeSpec) -> tuple[str, ...]:
    return tuple(
        f.name for f in spec.detail_model._meta.concrete_fields if f.name != "module" and not f.primary_key
    )


@transaction.atomic
def module_update(*, actor, module: Module, categories=None, detail: dict | None = None, **fields) -> Module:
    """Change a module (and its detail); `categories` None leaves them as they are."""
    spec = _spec(module.module_type)
    values = _module_values(fields)
    values.pop("module_type", None)  # a module keeps its type
    if "slug" in values:
        values["slug"] = unique_slug(values["slug"] or module.name, exclude_pk=module.pk)
    new_author = values.get("author")
    author_changed = "author" in values and getattr(new_author, "pk", None) != module.author_id
    if getattr(actor, "is_authenticated", False):
        values["updated_by"] = actor
    logged_update(actor=actor, instance=module, tracked=MODULE_FIELDS, fields=values, portal=module.portal)
    if detail:
        current = spec.detail_of(module) or spec.detail_model(module=module)
        logged_update(
            actor=actor, instance=current, tracked=_detail_fields(spec), fields=detail, portal=module.portal
        )
    if categories is not None:
        before = sorted(module.categories.values_list("pk", flat=True))
        resolved = resolve_module_categories(categories, actor=actor)
        after = sorted(category.pk for category in resolved)
        if before != after:
            module.categories.set(resolved)
            activity_record(
                actor=actor,
                action=ActivityAction.UPDATED,
                subject=module,
                changes={"attributes": {"categories": after}, "old": {"categories": before}},
                portal=module.portal,
            )
    if author_changed:
        _grant_author(module, new_author)
    return module


@transaction.atomic
def module_create_blank(*, actor, name: str, module_type: str, portal=None) -> Module:
    """The seed's Create Blank Module: a named module of a type, its detail at its defaults."""
    return module_create(actor=actor, module_type=module_type, name=name, portal=portal)


def module_delete(*, actor, module: Module) -> None:
    try:
        with transaction.atomic():
            logged_delete(actor=actor, instance=module, tracked=MODULE_FIELDS, portal=module.portal)
    except ProtectedError as exc:
        raise Unprocessable({"delete_ids": [f"The module {module.name!r} is still in use."]}) from exc


KEEP_REASON_MESSAGES = {"used_in_courses": "they are used in course(s)"}


def modules_bulk_delete(*, actor, ids: list[int], queryset=None, module_type: str | None = None):
    """Deletes what may go and says what was kept and why. Returns (message, number deleted)."""
    queryset = Module.objects.all() if queryset is None else queryset
    if module_type:
        other = list(
            queryset.filter(pk__in=ids).exclude(module_type=module_type).values_list("pk", flat=True)
        )
        if other:
            raise Unprocessable(
                {"delete_ids": [f"Not {module_type} modules: {', '.join(map(str, sorted(other)))}."]}
            )
    outcome = bulk_delete(
        queryset=queryset,
        ids=ids,
        keep_rules=module_keep_rules(),
        delete=lambda module: module_delete(actor=actor, module=module),
    )
    message = f"{len(outcome.deleted)} module(s) deleted."
    for reason, rows in outcome.kept.items():
        if rows:
            why = KEEP_REASON_MESSAGES.get(reason, reason.replace("_", " "))
            message += f" {len(rows)} module(s) not deleted as {why}."
    return message, len(outcome.deleted)


@transaction.atomic
def modules_quick_edit(
    *,
    actor,
    queryset,
    ids: list[int],
    module_type: str,
    author_id: int | None = None,
    detail_fields: dict | None = None,
) -> int:
    """Bulk update of modules of one type: the author, and the type's quick-edit detail fields."""
    spec = _spec(module_type)
    rows = list(modules_with_type(queryset, ids))
    found = {module.pk for module in rows}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise Unprocessable(
            {"module_ids": [f"The selected ids are invalid: {', '.join(map(str, missing))}."]}
        )
    wrong = sorted(module.pk for module in rows if module.module_type != module_type)
    if wrong:
        raise Unprocessable({"module_ids": [f"Not {module_type} modules: {', '.join(map(str, wrong))}."]})
    detail, errors = {}, {}
    for key, value in (detail_fields or {}).items():
        if value is None:
            continue
        if key not in spec.quick_edit_fields:
            errors[key] = [f"Does not apply to {ModuleType(module_type).label} modules."]
        else:
            detail[spec.quick_edit_fields[key]] = value
    fields = {}
    if author_id is not None:
        author = get_user_model().objects.filter(pk=author_id, is_active=True).first()
        if author is None:
            errors["author_id"] = ["Unknown or inactive user."]
        fields["author"] = author
    if errors:
        raise Unprocessable(errors)
    for module in rows:
        module_update(actor=actor, module=module, detail=detail, **fields)
    return len(rows)


def modules_with_type(queryset, ids):
    from lms.modules.selectors import modules_with_details

    return modules_with_details(queryset.filter(pk__in=ids)).select_for_update(of=("self",))


@transaction.atomic
def module_clone(*, actor, module: Module, deep: bool = False) -> Module:
    """A copy of `module` named "<name> (Copy)" with its detail and categories. A deep copy also
    duplicates its files (PDF, slides, subtitles), so the copy shares nothing with the original."""
    spec = _spec(module.module_type, field="moduleId")
    author = actor if getattr(actor, "is_authenticated", False) else module.author
    name = f"{module.name} (Copy)"[:255]
    copy = Module(
        name=name,
        slug=unique_slug(name),
        module_type=module.module_type,
        content=module.content,
        track_completion=module.track_completion,
        estimated_completion=module.estimated_completion,
        estimation_completed_unit=module.estimation_completed_unit,
        author=author,
        updated_by=author,
        portal=module.portal,
    )
    logged_create(actor=actor, instance=copy, tracked=MODULE_FIELDS, portal=copy.portal)
    copy.categories.set(module.categories.all())
    source = spec.detail_of(module)
    if source is not None:
        spec.copy_detail(source, copy, deep=deep, actor=actor)
    else:
        spec.detail_model(module=copy).save()
    _grant_author(copy, author)
    return copy


# --- Files from the media library or an upload -------------------------------------------------


class _NewFiles:
    """Media files uploaded during one save: removed from storage if the save fails afterwards."""

    def __init__(self):
        self.files = []

    def add(self, media):
        self.files.append(media)
        return media

    def discard(self):
        for media in self.files:
            if media.file:
                media.file.storage.delete(media.file.name)


def _media_from_library(media_id: int, *, kind: str, scope: PortalScope | None, field: str):
    from lms.media.models import MediaFile

    media = MediaFile.objects.filter(pk=media_id).first()
    visible = media is not None and (
        scope is None
        or scope.is_unrestricted
        or media.portal_id is None
        or media.portal_id in scope.portal_ids
    )
    if not visible:
        raise Unprocessable({field: ["Unknown media file."]})
    if media.kind != kind:
        raise Unprocessable({field: [f"The media file is not a {kind} file."]})
    return media


def _upload(uploaded_file, *, actor, kind: str, portal, new_files: _NewFiles, field: str):
    from lms.media.services import media_create

    try:
        media = media_create(actor=actor, uploaded_file=uploaded_file, kinds={kind}, portal=portal)
    except Unprocessable as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"file": exc.detail}
        raise Unprocessable(
            {field if key == "file" else key: value for key, value in detail.items()}
        ) from exc
    return new_files.add(media)


def _file_source(
    *, actor, kind, media_id, upload, url, scope, portal, current, new_files, label
) -> tuple[object, str]:
    """(media file, address) of a PDF or PowerPoint module: an upload, a library file or an address."""
    if upload is not None:
        return _upload(upload, actor=actor, kind=kind, portal=portal, new_files=new_files, field="file"), ""
    if media_id is not None:
        return _media_from_library(media_id, kind=kind, scope=scope, field="mediaId"), ""
    if url:
        return None, _check_address(url, "url")
    if current is not None and (current.media_id or current.url):
        return current.media, current.url
    raise Unprocessable(
        {"url": [f"Choose a {label} from the media library, upload one or give its address."]}
    )


def _zoom(value) -> str:
    text = str(value or "").strip().lower()
    match = ZOOM_PERCENT.match(text)
    if text in ZOOM_WORDS or (match and 10 <= int(match.group(1)) <= 400):
        return text
    raise Unprocessable({"defaultZoom": ["Give a zoom between 10% and 400%, or auto, page_width, page_fit."]})


def _viewer(value) -> str:
    text = str(value or "").strip()
    if text in PowerPointViewer.values:
        return text
    lowered = text.lower()
    if "officeapps.live.com" in lowered or lowered in ("microsoft", "office", "microsoft office"):
        return PowerPointViewer.MICROSOFT_OFFICE
    if "docs.google.com" in lowered or lowered in ("google", "google docs"):
        return PowerPointViewer.GOOGLE_DOCS
    raise Unprocessable({"viewer": ["The viewer must be microsoft_office or google_docs."]})


def _save(module: Module | None, *, actor, module_type, portal, detail, common) -> Module:
    if module is None:
        return module_create(actor=actor, module_type=module_type, portal=portal, detail=detail, **common)
    return module_update(actor=actor, module=module, detail=detail, **common)


def _with_file_cleanup(action):
    new_files = _NewFiles()
    try:
        with transaction.atomic():
            return action(new_files)
    except Exception:
        new_files.discard()
        raise


# --- Text --------------------------------------------------------------------------------------


def text_module_save(*, actor, module: Module | None = None, portal=None, **common) -> Module:
    """Create (module None) or update a text module; `common`: name, content, track_completion,
    estimated_completion, estimation_completed_unit, categories."""
    if module is None and not sanitise_html(common.get("content")):
        raise Unprocessable({"content": ["The content is required."]})
    return _save(module, actor=actor, module_type=ModuleType.TEXT, portal=portal, detail=None, common=common)


# --- PDF and PowerPoint ------------------------------------------------------------------------


def pdf_module_save(
    *,
    actor,
    module: Module | None = None,
    portal=None,
    scope: PortalScope | None = None,
    media_id=None,
    file=None,
    url: str = "",
    allow_download=None,
    default_zoom=None,
    show_sidebar=None,
    **common,
) -> Module:
    current = module.pdf if module is not None else None
    detail = {}
    if default_zoom is not None or current is None:
        detail["default_zoom"] = _zoom(default_zoom or "page_width")
    if allow_download is not None:
        detail["allow_download"] = allow_download
    if show_sidebar is not None:
        detail["show_sidebar"] = show_sidebar
    _module_values(common)  # refuse bad names and estimates before any file is stored

    def save(new_files):
        media, address = _file_source(
            actor=actor,
            kind="pdf",
            media_id=media_id,
            upload=file,
            url=url,
            scope=scope,
            portal=portal if module is None else module.portal,
            current=current,
            new_files=new_files,
            label="PDF",
        )
        detail.update(media=media, url=address)
        return _save(
            module, actor=actor, module_type=ModuleType.PDF, portal=portal, detail=detail, common=common
        )

    return _with_file_cleanup(save)


def powerpoint_module_save(
    *,
    actor,
    module: Module | None = None,
    portal=None,
    scope: PortalScope | None = None,
    media_id=None,
    file=None,
    url: str = "",
    viewer=None,
    allow_download=None,
    **common,
) -> Module:
    current = module.powerpoint if module is not None else None
    detail = {}
    if viewer is not None or current is None:
        detail["viewer"] = _viewer(viewer or PowerPointViewer.MICROSOFT_OFFICE)
    if allow_download is not None:
        detail["allow_download"] = allow_download
    _module_values(common)

    def save(new_files):
        media, address = _file_source(
            actor=actor,
            kind="powerpoint",
            media_id=media_id,
            upload=file,
            url=url,
            scope=scope,
            portal=portal if module is None else module.portal,
            current=current,
            new_files=new_files,
            label="presentation",
        )
        detail.update(media=media, url=address)
        return _save(
            module,
            actor=actor,
            module_type=ModuleType.POWERPOINT,
            portal=portal,
            detail=detail,
            common=common,
        )

    return _with_file_cleanup(save)


# --- Video -------------------------------------------------------------------------------------


def validate_interactions(value) -> list[dict]:
    """A list of {"type", "time", ...}: type quiz/question/note/link, time "mm:ss", "hh:mm:ss" or
    seconds; text fields sanitised; a link needs an http(s) url; a quiz may name its `quizId`."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise Unprocessable({"interactions": ["Give a list of interactions."]})
    if len(value) > MAX_INTERACTIONS:
        raise Unprocessable({"interactions": [f"At most {MAX_INTERACTIONS} interactions."]})
    cleaned, errors = [], {}
    for index, item in enumerate(value):
        key = f"interactions.{index}"
        if not isinstance(item, dict):
            errors[key] = ["Each interaction is an object with a type and a time."]
            continue
        kind, time = str(item.get("type", "")).strip(), str(item.get("time", "")).strip()
        problems = []
        if kind not in INTERACTION_TYPES:
            problems.append(f"The type must be one of {', '.join(sorted(INTERACTION_TYPES))}.")
        if not TIME_PATTERN.match(time):
            problems.append('The time must look like "00:05:00", "05:00" or a number of seconds.')
        entry = {"type": kind, "time": time}
        for name in INTERACTION_TEXT_FIELDS:
            if item.get(name) not in (None, ""):
                entry[name] = str(item[name])[:1000]
        if item.get("content") not in (None, ""):
            entry["content"] = sanitise_html(str(item["content"]))
        if kind == "link":
            try:
                entry["url"] = _check_address(entry.get("url", ""), key)
            except Unprocessable:
                problems.append("A link needs an http(s) url.")
            if not entry.get("url"):
                problems.append("A link needs an http(s) url.")
        if item.get("quizId") not in (None, ""):
            try:
                entry["quizId"] = int(item["quizId"])
            except (TypeError, ValueError):
                problems.append("quizId must be a module id.")
        unknown = set(item) - {"type", "time", "content", "quizId", *INTERACTION_TEXT_FIELDS}
        if unknown:
            problems.append(f"Unknown keys: {', '.join(sorted(unknown))}.")
        if problems:
            errors[key] = sorted(set(problems), key=problems.index)
        cleaned.append(entry)
    if errors:
        raise Unprocessable(errors)
    return cleaned


def _video_source(provider, *, url, media_id, file, actor, scope, portal, current, new_files) -> dict:
    if provider == VideoProvider.YOUTUBE or provider == VideoProvider.VIMEO:
        if not url and current is not None and current.provider == provider and current.video_id:
            return {"url": current.url, "video_id": current.video_id, "media": None}
        parse = youtube_video_id if provider == VideoProvider.YOUTUBE else vimeo_video_id
        video_id = parse(url or "")
        if video_id is None:
            example = (
                "https://www.youtube.com/watch?v=..."
                if provider == VideoProvider.YOUTUBE
                else "https://vimeo.com/..."
            )
            raise Unprocessable(
                {"url": [f"Give a {VideoProvider(provider).label} video address such as {example}"]}
            )
        return {"url": url.strip(), "video_id": video_id, "media": None}
    if file is not None:
        media = _upload(file, actor=actor, kind="video", portal=portal, new_files=new_files, field="file")
    elif media_id is not None:
        media = _media_from_library(media_id, kind="video", scope=scope, field="mediaId")
    elif current is not None and current.provider == provider and current.media_id:
        media = current.media
    else:
        raise Unprocessable({"mediaId": ["Choose a video from the media library or upload one."]})
    return {"url": "", "video_id": "", "media": media}


def _check_subtitles(subtitle_type: str, subtitles) -> list[dict] | None:
    if subtitles is None:
        return None
    if subtitles and subtitle_type != SubtitleType.UPLOAD:
        raise Unprocessable({"subtitleType": ["Subtitles need the subtitle type upload."]})
    if len(subtitles) > MAX_SUBTITLES:
        raise Unprocessable({"subtitles": [f"At most {MAX_SUBTITLES} subtitles."]})
    errors, seen = {}, set()
    for index, item in enumerate(subtitles):
        language = str(item.get("language", "")).strip()
        if not LANGUAGE_PATTERN.match(language):
            errors[f"subtitles.{index}.language"] = ['Give a language code such as "en" or "pt-BR".']
        elif language.lower() in seen:
            errors[f"subtitles.{index}.language"] = ["Each language once."]
        seen.add(language.lower())
        sources = [item.get("subtitleContent"), item.get("mediaId"), item.get("file")]
        if sum(source not in (None, "") for source in sources) != 1:
            errors[f"subtitles.{index}"] = ["Give the subtitle's WebVTT text, its media id or its file."]
    if errors:
        raise Unprocessable(errors)
    return subtitles


def _store_subtitles(video: VideoModule, subtitles, *, actor, scope, portal, new_files) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    video.subtitles.all().delete()
    for index, item in enumerate(subtitles):
        language = str(item["language"]).strip()
        field = f"subtitles.{index}"
        if item.get("mediaId") not in (None, ""):
            media = _media_from_library(int(item["mediaId"]), kind="subtitle", scope=scope, field=field)
        else:
            upload = item.get("file") or SimpleUploadedFile(
                f"{language}.vtt", str(item["subtitleContent"]).encode(), content_type="text/vtt"
            )
            media = _upload(
                upload, actor=actor, kind="subtitle", portal=portal, new_files=new_files, field=field
            )
        VideoSubtitle.objects.create(video=video, language=language, media=media)


def video_module_save(
    *,
    actor,
    module: Module | None = None,
    portal=None,
    scope: PortalScope | None = None,
    provider=None,
    url: str = "",
    media_id=None,
    file=None,
    cover_url=None,
    disable_forward_seek=None,
    subtitle_type=None,
    interactions=None,
    subtitles=None,
    **common,
) -> Module:
    current = module.video if module is not None else None
    provider = provider or (current.provider if current else None)
    if provider not in VideoProvider.values:
        raise Unprocessable({"provider": ["The provider must be in-house, youtube or vimeo."]})
    subtitle_type = subtitle_type if subtitle_type is not None else (current.subtitle_type if current else "")
    detail = {"provider": provider, "subtitle_type": subtitle_type}
    if cover_url is not None:
        detail["cover_url"] = _check_address(cover_url, "coverUrl")
    if disable_forward_seek is not None:
        detail["disable_forward_seek"] = disable_forward_seek
    if interactions is not None:
        detail["interactions"] = validate_interactions(interactions)
    subtitles = _check_subtitles(subtitle_type, subtitles)
    _module_values(common)
    target_portal = portal if module is None else module.portal

    def save(new_files):
        detail.update(
            _video_source(
                provider,
                url=url,
                media_id=media_id,
                file=file,
                actor=actor,
                scope=scope,
                portal=target_portal,
                current=current,
                new_files=new_files,
            )
        )
        saved = _save(
            module, actor=actor, module_type=ModuleType.VIDEO, portal=portal, detail=detail, common=common
        )
        video = VideoModule.objects.get(pk=saved.pk)
        if subtitles is not None:
            _store_subtitles(
                video, subtitles, actor=actor, scope=scope, portal=target_portal, new_files=new_files
            )
        elif subtitle_type != SubtitleType.UPLOAD:
            video.subtitles.all().delete()
        return saved

    return _with_file_cleanup(save)
