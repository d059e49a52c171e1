"""Reads over modules: portal scoping, every type's detail joined in (no query per row), course usage.

Modules never import courses. The courses app tells this module how a module reaches its courses
by registering a `ModuleCourseLink` in its `AppConfig.ready()`:

    register_module_course_link(ModuleCourseLink(related_name="course_modules", course_field="course"))

Until one is registered, modules are used in no course (`course_count` 0, no `courses`).
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value

from lms.modules.models import Module, ModuleType, VideoSubtitle
from lms.modules.types import module_type_spec, registered_types
from website.api.fields import MAX_DB_INTEGER
from website.tenancy import PortalScope


@dataclass(frozen=True)
class ModuleCourseLink:
    related_name: str  # the reverse relation from Module to the rows placing it in courses
    course_field: str = "course"  # the foreign key from those rows to the course (which has `name`)

    @property
    def course_path(self) -> str:
        return f"{self.related_name}__{self.course_field}"


_course_links: list[ModuleCourseLink] = []


def register_module_course_link(link: ModuleCourseLink) -> None:
    if link not in _course_links:
        _course_links.append(link)


def module_course_links() -> list[ModuleCourseLink]:
    return list(_course_links)


def modules(*, scope: PortalScope | None = None) -> QuerySet[Module]:
    """Modules the scope may see. Academy staff (unrestricted) see every module, academy-wide ones
    (no portal) included; a selected portal, or a portal admin, sees that portal subtree's modules."""
    queryset = Module.objects.all()
    if scope is not None:
        queryset = scope.filter(queryset, "portal")
    return queryset


def modules_with_details(queryset: QuerySet[Module]) -> QuerySet[Module]:
    """`queryset` with every registered type's detail joined in: a mixed list reads no row twice."""
    return queryset.select_related(*(spec.related_name for spec in registered_types()))


def with_course_count(queryset: QuerySet[Module]) -> QuerySet[Module]:
    count = Value(0, output_field=IntegerField())
    for link in _course_links:
        count = count + Count(link.course_path, distinct=True)
    return queryset.annotate(course_count=count)


def module_table(*, scope: PortalScope, module_type: str | None = None) -> QuerySet[Module]:
    """Rows of the module lists: details, author and the number of courses using each module."""
    queryset = modules(scope=scope)
    if module_type is not None:
        queryset = queryset.filter(module_type=module_type)
    return with_course_count(modules_with_details(queryset).select_related("author"))


def filter_by_course(queryset: QuerySet[Module], value) -> QuerySet[Module]:
    """`associatedCourse`: a course id (or part of a course name); blank keeps every module."""
    if value in (None, ""):
        return queryset
    if not _course_links:
        return queryset.none()
    text = str(value).strip()
    condition = Q()
    for link in _course_links:
        if text.isdigit() and int(text) <= MAX_DB_INTEGER:
            condition |= Q(**{f"{link.course_path}_id": int(text)})
        else:
            condition |= Q(**{f"{link.course_path}__name__icontains": text})
    return queryset.filter(condition).distinct()


def module_courses(module: Module) -> list[dict]:
    """[{"course_id", "course_name"}] of the courses using `module` (one query per registered link)."""
    courses: dict[int, str] = {}
    for link in _course_links:
        rows = (
            Module.objects.filter(pk=module.pk, **{f"{link.course_path}__isnull": False})
            .values_list(f"{link.course_path}_id", f"{link.course_path}__name")
            .distinct()
        )
        courses.update(dict(rows))
    return [{"course_id": pk, "course_name": name} for pk, name in sorted(courses.items())]


def module_detail(*, scope: PortalScope, module_type: str, pk: int) -> Module | None:
    """One module of a type with its detail (a module without one is not found), categories (and a
    video's subtitles) loaded."""
    queryset = modules(scope=scope).filter(module_type=module_type)
    spec = module_type_spec(module_type)
    if spec is None:
        return None
    queryset = modules_with_details(queryset.filter(**{f"{spec.related_name}__isnull": False}))
    queryset = queryset.prefetch_related("categories")
    if module_type == ModuleType.VIDEO:
        queryset = queryset.prefetch_related(
            Prefetch("video__subtitles", queryset=VideoSubtitle.objects.select_related("media"))
        )
    return queryset.filter(pk=pk).first()


def module_lookup(*, scope: PortalScope, search_term: str = "", module_type: str | None = None):
    queryset = modules(scope=scope)
    if module_type is not None:
        queryset = queryset.filter(module_type=module_type)
    term = (search_term or "").strip().strip('"')
    if term:
        queryset = queryset.filter(name__icontains=term)
    return queryset
