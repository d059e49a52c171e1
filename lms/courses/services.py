"""Writes to courses: save (create or update with curriculum and rules), quick edit, clone, delete.

`course_save` takes the whole course in one call (fields, categories, certificate templates,
curriculum, graded and completion modules) and writes it in one transaction with a bounded number of
queries however long the curriculum (bulk create and update, history written in bulk). A draft needs
only a name; publishing validates the whole course (`course_publish_errors`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lms.audit.models import ActivityAction
from lms.audit.services import (
    activity_record,
    changed_attributes,
    logged_create,
    logged_delete,
    logged_update,
    snapshot,
)
from lms.categories.models import Category, CategoryType
from lms.categories.services import category_create
from lms.certificates.models import CertificateTemplate, CertificateTemplateStatus
from lms.courses.models import (
    CompletionCriteria,
    Course,
    CourseModule,
    CourseStatus,
    DripRule,
    DurationRule,
    GradingRule,
    RewardType,
)
from lms.gamification.models import Badge
from lms.modules.models import Module
from website.api.errors import Unprocessable
from website.bulk import KeepRule, bulk_delete

COURSE_FIELDS = (
    "name",
    "status",
    "portal",
    "featured_image_url",
    "instructions",
    "credits",
    "estimated_completion",
    "estimation_completed_unit",
    "min_passing_percentage",
    "grading_rule",
    "duration_rule",
    "duration_specific_date",
    "duration_days",
    "reward_type",
    "badge",
    "points",
    "certificate_expires_after",
    "certificate_expires_after_grace_period",
    "completion_redirection_url",
    "enable_course_rating",
    "completion_criteria",
    "shopify_products",
    "accredible_group_ids",
    "author",
)
CURRICULUM_FIELDS = (
    "order",
    "section",
    "drip_rule",
    "drip_fixed_date",
    "drip_interval",
    "drip_interval_unit",
    "drip_reference",
    "is_locked",
    "reward_type",
    "badge_id",
    "points",
    "min_time_minutes",
    "is_graded",
    "counts_for_completion",
)
# Fields of a course a clone copies as they are (name, slug, status, author are the clone's own).
CLONED_FIELDS = tuple(name for name in COURSE_FIELDS if name not in ("name", "status", "author"))


# --- Keep rules: what holds a course back from deletion (enrolments arrive with the next issue) ------


@dataclass(frozen=True)
class CourseKeepRule:
    """`reason` keys the outcome, `message` ends the seed's sentence ("... not deleted as <message>")."""

    reason: str
    message: str
    blocking: Callable[[QuerySet], QuerySet]


COURSE_KEEP_RULES: list[CourseKeepRule] = []


def register_course_keep_rule(rule: CourseKeepRule) -> None:
    """Apps that hold courses (enrolments, products, learning paths) register here in ready()."""
    if all(existing.reason != rule.reason for existing in COURSE_KEEP_RULES):
        COURSE_KEEP_RULES.append(rule)


# --- Helpers -------------------------------------------------------------------------------------


def unique_slug(name: str, *, model=Course, exclude_pk=None) -> str:
    base = slugify(name)[:240] or "course"
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def resolve_categories(*, actor, values: Iterable, field: str = "categories") -> list[Category]:
    """Course categories by id, or by name (an unknown name creates the category)."""
    ids = [value for value in values if isinstance(value, int)]
    names = [value.strip() for value in values if isinstance(value, str) and value.strip()]
    found = {c.pk: c for c in Category.objects.filter(pk__in=ids, type=CategoryType.COURSE)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise Unprocessable({field: [f"Unknown course categories: {', '.join(map(str, missing))}."]})
    by_name = {}
    if names:
        lowered = {name.lower() for name in names}
        lookup = Category.objects.annotate(lowered=Lower("name")).filter(
            type=CategoryType.COURSE, lowered__in=lowered
        )
        by_name = {category.name.lower(): category for category in lookup}
    result = [found[pk] for pk in dict.fromkeys(ids)]
    for name in dict.fromkeys(names):
        category = by_name.get(name.lower())
        if category is None:
            category = category_create(actor=actor, name=name, type=CategoryType.COURSE)
            by_name[name.lower()] = category
        if category not in result:
            result.append(category)
    return result


def _existing_ids(model, ids: Iterable[int], field: str, noun: str) -> None:
    ids = set(ids)
    if not ids:
        return
    present = set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
    missing = sorted(ids - present)
    if missing:
        raise Unprocessable({field: [f"Unknown {noun}: {', '.join(map(str, missing))}."]})


# --- Validation ----------------------------------------------------------------------------------


def course_publish_errors(course: Course, rows: list[CourseModule], template_ids: list[int]) -> dict:
    """What a published course lacks (a draft needs only its name)."""
    errors: dict[str, list[str]] = {}
    if not rows:
        errors["modules"] = ["A published course needs at least one module."]
    for index, row in enumerate(rows):
        if row.drip_rule == DripRule.FIXED_DATE and row.drip_fixed_date is None:
            errors[f"modules.{index}.drip_fixed_date"] = ["Give the date the module opens."]
        if row.drip_rule == DripRule.SPECIFIC_INTERVAL and not row.drip_interval:
            errors[f"modules.{index}.drip_interval"] = ["Give the interval after which the module opens."]
        if row.reward_type == RewardType.BADGE and row.badge_id is None:
            errors[f"modules.{index}.selectedModuleBadgeId"] = ["Choose the module's badge."]
    if course.completion_criteria == CompletionCriteria.SELECTED_MODULES and not any(
        row.counts_for_completion for row in rows
    ):
        errors["selectedModules"] = ["Select the modules a learner must complete."]
    if course.reward_type == RewardType.BADGE and course.badge_id is None:
        errors["selectedBadgeId"] = ["Choose the badge awarded on completion."]
    if course.reward_type == RewardType.POINTS and not course.points:
        errors["points"] = ["Give the points awarded on completion."]
    needs_grade = course.grading_rule != GradingRule.NO_GRADING or (
        course.completion_criteria == CompletionCriteria.PASSING_PERCENTAGE
    )
    if needs_grade and course.min_passing_percentage is None:
        errors["minPassingPercentage"] = ["Give the minimum passing percentage."]
    if course.completion_criteria == CompletionCriteria.PASSING_PERCENTAGE and (
        course.grading_rule == GradingRule.NO_GRADING
    ):
        errors["gradingRule"] = ["A course completed on a passing percentage must be graded."]
    if course.grading_rule == GradingRule.AVG_SPECIFIC_MODULES and not any(row.is_graded for row in rows):
        errors["gradeModules"] = ["Select the modules that make the grade."]
    if course.duration_rule == DurationRule.ON_SPECIFIC_DATE and course.duration_specific_date is None:
        errors["durationSpecificDate"] = ["Give the date the course access ends."]
    if course.duration_rule in (DurationRule.X_DAYS_AFTER_START, DurationRule.X_DAYS_AFTER_ENROLLMENT) and (
        not course.duration_days
    ):
        errors["durationDays"] = ["Give the number of days the course stays open."]
    if template_ids:
        unpublished = CertificateTemplate.objects.filter(pk__in=template_ids).exclude(
            status=CertificateTemplateStatus.PUBLISH
        )
        if unpublished.exists():
            errors["certificateTemplates"] = [
                "A published course offers only published certificate templates."
            ]
    if course.certificate_expires_after_grace_period and not course.certificate_expires_after:
        errors["certificateExpiresAfterGracePeriod"] = ["A grace period needs an expiry."]
    return errors


# --- Curriculum ------------------------------------------------------------------------------------


def _curriculum_rows(
    *, course: Course, existing: dict[int, CourseModule], items, grade_modules, selected_modules
) -> list[CourseModule]:
    """The course's curriculum after this save, as unsaved or updated rows (nothing written yet)."""
    if items is None:
        rows = sorted(existing.values(), key=lambda row: (row.order, row.pk))
    else:
        module_ids = [item["module_id"] for item in items]
        repeated = sorted({pk for pk in module_ids if module_ids.count(pk) > 1})
        if repeated:
            raise Unprocessable({"modules": [f"A module appears twice: {', '.join(map(str, repeated))}."]})
        _existing_ids(Module, module_ids, "modules", "modules")
        _existing_ids(
            Badge, [item["badge_id"] for item in items if item.get("badge_id")], "modules", "badges"
        )
        rows = []
        for position, item in enumerate(items, start=1):
            row = existing.get(item["module_id"]) or CourseModule(course=course, module_id=item["module_id"])
            row.order = position
            for name in CURRICULUM_FIELDS:
                if name in item:
                    setattr(row, name, item[name])
            rows.append(row)
    in_course = {row.module_id for row in rows}
    for values, flag, field in (
        (grade_modules, "is_graded", "gradeModules"),
        (selected_modules, "counts_for_completion", "selectedModules"),
    ):
        if values is None:
            continue
        outside = sorted(set(values) - in_course)
        if outside:
            raise Unprocessable({field: [f"Modules not in the curriculum: {', '.join(map(str, outside))}."]})
        for row in rows:
            setattr(row, flag, row.module_id in values)
    return rows


def _history_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _bulk_delete_with_history(rows: list[CourseModule], *, actor) -> None:
    """Delete curriculum rows in two queries, writing their "-" history rows in bulk (a plain
    queryset delete would write one history row per query through simple-history's signal)."""
    history = CourseModule.history.model
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                **{
                    field.attname: getattr(row, field.attname) for field in CourseModule._meta.concrete_fields
                },
                history_date=now,
                history_type="-",
                history_user=_history_user(actor),
            )
            for row in rows
        ],
        batch_size=500,
    )
    # Nothing refers to a curriculum row, so the rows go without Django's per-row delete collector.
    CourseModule.objects.filter(pk__in=[row.pk for row in rows])._raw_delete(CourseModule.objects.db)


def _curriculum_values(row: CourseModule) -> dict:
    return {name: getattr(row, name) for name in CURRICULUM_FIELDS}


def _write_curriculum(
    *,
    course: Course,
    existing: dict[int, CourseModule],
    before: dict[int, dict],
    rows: list[CourseModule],
    actor,
) -> None:
    """Delete, update and create curriculum rows in bulk. Only rows that changed are updated, and only
    in the fields that changed: a reorder of 200 modules writes one column, not fourteen."""
    keep = {row.module_id for row in rows}
    removed = [row for module_id, row in existing.items() if module_id not in keep]
    if removed:
        _bulk_delete_with_history(removed, actor=actor)
    new = [row for row in rows if row.pk is None]
    for row in new:
        row.course = course
    changed, fields = [], set()
    for row in rows:
        if row.pk is None:
            continue
        differs = {
            name for name, value in _curriculum_values(row).items() if before[row.module_id][name] != value
        }
        if differs:
            changed.append(row)
            fields |= differs
    user = _history_user(actor)
    if changed:
        bulk_update_with_history(changed, CourseModule, sorted(fields), batch_size=500, default_user=user)
    if new:
        bulk_create_with_history(new, CourseModule, batch_size=500, default_user=user)


# --- Save ----------------------------------------------------------------------------------------

RELATION_KEYS = ("categories", "certificate_templates", "curriculum", "grade_modules", "selected_modules")


@transaction.atomic
def course_save(*, actor, course: Course | None = None, data: dict) -> Course:
    """Create (course None) or update a course with everything `data` gives; other fields stay.

    `data` holds model fields by name plus `categories` (ids or new names), `certificate_templates`
    (ids), `curriculum` (module rows), `grade_modules` and `selected_modules` (module ids).
    """
    data = dict(data)
    relations = {key: data.pop(key) for key in RELATION_KEYS if key in data}
    creating = course is None
    if creating:
        course = Course(author=actor)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    if not (data.get("name", course.name) or "").strip():
        raise Unprocessable({"name": ["The course name is required."]})
    if data.get("badge_id"):
        _existing_ids(Badge, [data["badge_id"]], "selectedBadgeId", "badge")
    templates = relations.get("certificate_templates")
    if templates is not None:
        _existing_ids(CertificateTemplate, templates, "certificateTemplates", "certificate templates")

    before = None if creating else snapshot(course, COURSE_FIELDS)
    for name, value in data.items():
        setattr(course, name, value)
    existing = {} if creating else {row.module_id: row for row in course.course_modules.all()}
    before_rows = {module_id: _curriculum_values(row) for module_id, row in existing.items()}
    rows = _curriculum_rows(
        course=course,
        existing=existing,
        items=relations.get("curriculum"),
        grade_modules=relations.get("grade_modules"),
        selected_modules=relations.get("selected_modules"),
    )
    if course.status == CourseStatus.PUBLISHED:
        template_ids = (
            templates if templates is not None else ([] if creating else course_template_ids(course))
        )
        errors = course_publish_errors(course, rows, template_ids)
        if errors:
            raise Unprocessable(errors)
    categories = (
        resolve_categories(actor=actor, values=relations["categories"]) if "categories" in relations else None
    )

    course.updated_by = actor
    if creating:
        course.slug = unique_slug(course.name)
        logged_create(actor=actor, instance=course, tracked=COURSE_FIELDS, portal=course.portal)
    else:
        course.save()
        changes = changed_attributes(before, snapshot(course, COURSE_FIELDS))
        if changes["attributes"]:
            activity_record(
                actor=actor,
                action=ActivityAction.UPDATED,
                subject=course,
                changes=changes,
                portal=course.portal,
            )
    if categories is not None:
        course.categories.set(categories)
    if templates is not None:
        course.certificate_templates.set(templates)
    _write_curriculum(course=course, existing=existing, before=before_rows, rows=rows, actor=actor)
    return course


def course_template_ids(course: Course) -> list[int]:
    return list(course.certificate_templates.values_list("pk", flat=True))


# The admin's plain create and update (the curriculum comes through its inline formset).


def course_create(*, actor, **fields) -> Course:
    return course_save(actor=actor, data=fields)


def course_update(*, actor, course: Course, **fields) -> Course:
    return course_save(actor=actor, course=course, data=fields)


@transaction.atomic
def courses_set_status(*, actor, courses: Iterable[Course], status: str) -> int:
    """Publish or draft several courses (the admin's actions); publishing validates each course."""
    changed = 0
    for course in courses:
        if course.status != status:
            course_save(actor=actor, course=course, data={"status": status})
            changed += 1
    return changed


# --- Quick edit ------------------------------------------------------------------------------------


@transaction.atomic
def courses_quick_edit(
    *, actor, courses: QuerySet[Course], ids: list[int], author_id=None, category_ids=None
):
    """Give the courses `ids` (among `courses`, what the caller may see) a new author and/or categories."""
    rows = list(courses.filter(pk__in=ids))
    missing = sorted(set(ids) - {course.pk for course in rows})
    if missing:
        raise Unprocessable(
            {"course_ids": [f"The selected ids are invalid: {', '.join(map(str, missing))}."]}
        )
    fields = {}
    if author_id is not None:
        author = get_user_model().objects.filter(pk=author_id, is_active=True, is_staff=True).first()
        if author is None:
            raise Unprocessable({"author_id": ["The author must be an active academy staff member."]})
        fields["author"] = author
    categories = None
    if category_ids is not None:
        categories = resolve_categories(actor=actor, values=category_ids, field="categories_id")
    for course in rows:
        if fields:
            logged_update(
                actor=actor,
                instance=course,
                tracked=COURSE_FIELDS,
                fields={**fields, "updated_by": actor},
                portal=course.portal,
            )
        if categories is not None:
            course.categories.set(categories)
    return len(rows)


# --- Clone ----------------------------------------------------------------------------------------


@transaction.atomic
def course_clone(*, actor, course: Course, deep: bool) -> Course:
    """A draft copy named "<name>_copy"; `deep` copies the modules too (lms.modules' module_clone)."""
    from lms.modules.services import module_clone

    copy = Course(
        name=f"{course.name}_copy"[:255],
        status=CourseStatus.DRAFT,
        author=actor,
        updated_by=actor,
        **{name: getattr(course, name) for name in CLONED_FIELDS},
    )
    copy.slug = unique_slug(copy.name)
    logged_create(actor=actor, instance=copy, tracked=COURSE_FIELDS, portal=copy.portal)
    copy.categories.set(course.categories.all())
    copy.certificate_templates.set(course.certificate_templates.all())
    rows = list(course.course_modules.select_related("module").order_by("order", "pk"))
    new_rows = []
    for row in rows:
        module_id = module_clone(actor=actor, module=row.module, deep=True).pk if deep else row.module_id
        new_rows.append(
            CourseModule(
                course=copy,
                module_id=module_id,
                **{name: getattr(row, name) for name in CURRICULUM_FIELDS},
            )
        )
    if new_rows:
        bulk_create_with_history(new_rows, CourseModule, batch_size=500, default_user=_history_user(actor))
    return copy


# --- Delete ---------------------------------------------------------------------------------------


def course_delete(*, actor, course: Course) -> None:
    logged_delete(actor=actor, instance=course, tracked=COURSE_FIELDS, portal=course.portal)


def courses_bulk_delete(*, actor, courses: QuerySet[Course], ids: list[int]) -> dict:
    """Delete what no rule keeps; the seed's payload says what was kept and why."""
    outcome = bulk_delete(
        queryset=courses,
        ids=ids,
        keep_rules=[KeepRule(rule.reason, rule.blocking) for rule in COURSE_KEEP_RULES],
        delete=lambda course: course_delete(actor=actor, course=course),
    )
    message = f"{len(outcome.deleted)} course(s) deleted"
    for rule in COURSE_KEEP_RULES:
        count = outcome.kept_count(rule.reason)
        if count:
            message += f", {count} course(s) not deleted as {rule.message}"
    enrolled = outcome.kept.get("enrolled", [])
    return {
        "message": message + ".",
        "deletedCourses": outcome.deleted_ids,
        "notDeletedCourses": outcome.kept_ids,
        "enrolledCourses": [{"id": course.pk, "name": course.name} for course in enrolled],
        "notDeletedProductCourses": [],
        "productCourses": {},
        "notDeletedAutoEnrolledCourses": [],
        "autoEnrolledCourses": [],
        "notDeletedLearningPathCourses": [],
        "learningPathCourses": {},
        "notDeletedPortalCourses": [],
        "portalCourses": {},
    }
