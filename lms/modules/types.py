"""The registry of module types: type -> detail model, serializer, clone hook, icon, quick-edit fields.

The module list, lookups, blank creation, quick edit, clone and delete read this registry, so a new
type (quiz, assignment...) only registers itself, from its app's `AppConfig.ready()`:

    register_module_type(ModuleTypeSpec(type=ModuleType.QUIZ, detail_model=QuizModule, icon=...,
                                        quick_edit_fields={"noOfRetakesAllowed": "retakes_allowed"}))

The detail model is a one-to-one on `Module` with `primary_key=True` and `related_name` = the type.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils.module_loading import import_string

from lms.modules.models import (
    Module,
    ModuleType,
    PdfModule,
    PowerPointModule,
    TextModule,
    VideoModule,
    VideoSubtitle,
)

DEFAULT_ICON = '<i class="el-icon-document"></i>'

# Icons of the types whose detail arrives with a later issue (their rows still show in lists).
FALLBACK_ICONS = {
    ModuleType.QUIZ: '<i class="el-icon-question"></i>',
    ModuleType.ASSIGNMENT: '<i class="el-icon-edit-outline"></i>',
    ModuleType.DISCUSSION: '<i class="el-icon-chat-dot-round"></i>',
    ModuleType.FLASHCARD: '<i class="el-icon-copy-document"></i>',
    ModuleType.SCORM: '<i class="el-icon-box"></i>',
    ModuleType.XAPI: '<i class="el-icon-box"></i>',
    ModuleType.SURVEY: '<i class="el-icon-s-data"></i>',
    ModuleType.WEBINAR: '<i class="el-icon-video-play"></i>',
}

# clone_detail(source_detail, new_module, *, deep, actor) -> the new detail (saved).
CloneHook = Callable[..., Model]


@dataclass(frozen=True)
class ModuleTypeSpec:
    type: str
    detail_model: type[Model]
    icon: str = DEFAULT_ICON
    # Dotted path of the API serializer that reads the detail (resolved lazily: no import cycle).
    serializer: str | None = None
    clone_detail: CloneHook | None = None
    # Quick edit: the seed's field name -> the detail model's field it sets.
    quick_edit_fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def related_name(self) -> str:
        """The accessor from Module to the detail (`module.text`)."""
        return self.detail_model._meta.get_field("module").remote_field.related_name

    def detail_of(self, module: Module) -> Model | None:
        return getattr(module, self.related_name, None)

    def serializer_class(self):
        return import_string(self.serializer) if self.serializer else None

    def copy_detail(self, source: Model, module: Module, *, deep: bool, actor) -> Model:
        if self.clone_detail is not None:
            return self.clone_detail(source, module, deep=deep, actor=actor)
        return copy_detail_fields(source, module)


_registry: dict[str, ModuleTypeSpec] = {}


def register_module_type(spec: ModuleTypeSpec) -> None:
    if spec.type not in ModuleType.values:
        raise ValueError(f"{spec.type!r} is not a ModuleType.")
    _registry[spec.type] = spec


def module_type_spec(module_type: str) -> ModuleTypeSpec | None:
    return _registry.get(module_type)


def registered_types() -> list[ModuleTypeSpec]:
    return list(_registry.values())


def icon_for(module_type: str) -> str:
    spec = _registry.get(module_type)
    return spec.icon if spec else FALLBACK_ICONS.get(module_type, DEFAULT_ICON)


# --- Copying details ---------------------------------------------------------------------------


def copy_detail_fields(source: Model, module: Module, **overrides) -> Model:
    """A new detail for `module` with the source's field values (foreign keys shared)."""
    values = {
        f.attname: getattr(source, f.attname)
        for f in source._meta.concrete_fields
        if f.name != "module" and not f.primary_key
    }
    values.update(overrides)
    detail = type(source)(module=module, **values)
    detail.save()
    return detail


def copy_media_file(media, *, actor):
    """A separate copy of a media file (its stored file duplicated), so a deep clone shares nothing.
    Provider-hosted videos (no local file) cannot be duplicated: the copy points at the same asset."""
    if media is None:
        return None
    copy = type(media)._default_manager.get(pk=media.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    if media.file:
        with media.file.open("rb") as handle:
            content = handle.read()
        copy.file = None
        copy.file.save(media.name or media.file.name.rsplit("/", 1)[-1], ContentFile(content), save=False)
    if hasattr(copy, "uploaded_by_id") and actor is not None and getattr(actor, "pk", None):
        copy.uploaded_by_id = actor.pk
    copy.save()
    return copy


def _clone_file_detail(source, module, *, deep, actor):
    media = copy_media_file(source.media, actor=actor) if deep else source.media
    return copy_detail_fields(source, module, media_id=media.pk if media else None)


def _clone_video(source: VideoModule, module: Module, *, deep, actor) -> VideoModule:
    detail = _clone_file_detail(source, module, deep=deep, actor=actor)
    for subtitle in source.subtitles.select_related("media"):
        media = copy_media_file(subtitle.media, actor=actor) if deep else subtitle.media
        VideoSubtitle.objects.create(video=detail, language=subtitle.language, media=media)
    return detail


register_module_type(
    ModuleTypeSpec(
        type=ModuleType.TEXT,
        detail_model=TextModule,
        icon='<i class="el-icon-document"></i>',
        serializer="lms.modules.api.serializers.TextModuleDetailSerializer",
    )
)
register_module_type(
    ModuleTypeSpec(
        type=ModuleType.VIDEO,
        detail_model=VideoModule,
        icon='<i class="el-icon-video-camera"></i>',
        serializer="lms.modules.api.serializers.VideoModuleDetailSerializer",
        clone_detail=_clone_video,
    )
)
register_module_type(
    ModuleTypeSpec(
        type=ModuleType.PDF,
        detail_model=PdfModule,
        icon='<i class="el-icon-document"></i>',
        serializer="lms.modules.api.serializers.PdfModuleDetailSerializer",
        clone_detail=_clone_file_detail,
    )
)
register_module_type(
    ModuleTypeSpec(
        type=ModuleType.POWERPOINT,
        detail_model=PowerPointModule,
        icon='<i class="el-icon-presentation"></i>',
        serializer="lms.modules.api.serializers.PowerPointModuleDetailSerializer",
        clone_detail=_clone_file_detail,
    )
)
