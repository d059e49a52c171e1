"""Reads of courses: scoped to the caller's portals, with what each list needs prefetched."""

from django.db.models import Prefetch, QuerySet

from lms.courses.models import Course, CourseModule
from website.tenancy import PortalScope


def courses(scope: PortalScope | None = None) -> QuerySet[Course]:
    """The courses `scope` may see: academy staff all, portal admins their portals' (and sub-portals')."""
    queryset = Course.objects.all()
    return scope.filter(queryset) if scope is not None else queryset


def course_rows(scope: PortalScope) -> QuerySet[Course]:
    """The tabular list: author, categories and certificate templates without a query per row."""
    return (
        courses(scope)
        .select_related("author")
        .prefetch_related("categories", Prefetch("certificate_templates", to_attr="template_list"))
    )


def curriculum(course_ids=None) -> QuerySet[CourseModule]:
    """Curriculum rows in order, each with its module (and every registered module detail)."""
    rows = CourseModule.objects.select_related("module").order_by("course_id", "order", "id")
    if course_ids is not None:
        rows = rows.filter(course_id__in=course_ids)
    return rows


def course_detail(scope: PortalScope) -> QuerySet[Course]:
    return courses(scope).prefetch_related(
        "categories",
        "certificate_templates",
        Prefetch("course_modules", queryset=curriculum(), to_attr="curriculum_rows"),
    )
