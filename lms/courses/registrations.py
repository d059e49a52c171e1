"""What the courses app tells other apps (called from CoursesConfig.ready()).

Other apps never import courses: categories count courses through a `CategoryUsage`, modules learn
how they reach courses (lists, "used in courses" on delete) and the users' bulk delete keeps, and
reports, users who authored courses or modules.
"""

from django.db.models import Exists, OuterRef

from lms.categories.usage import CategoryUsage, register_category_usage
from website.bulk import KeepRule

MODULE_KEEP_REASON = "used_in_courses"


def modules_used_in_courses(queryset):
    from lms.courses.models import CourseModule

    return queryset.filter(Exists(CourseModule.objects.filter(module=OuterRef("pk"))))


def users_authoring_courses(queryset):
    from lms.courses.models import Course

    return queryset.filter(Exists(Course.objects.filter(author=OuterRef("pk"))))


def users_authoring_modules(queryset):
    from lms.modules.models import Module

    return queryset.filter(Exists(Module.objects.filter(author=OuterRef("pk"))))


def _authored(model, users) -> dict[int, list[dict]]:
    """user pk -> [{"id", "name"}] of the rows of `model` they authored (one query)."""
    held: dict[int, list[dict]] = {}
    rows = (
        model.objects.filter(author__in=users).order_by("name", "pk").values_list("pk", "author_id", "name")
    )
    for pk, author_id, name in rows:
        held.setdefault(author_id, []).append({"id": pk, "name": name})
    return held


def authored_courses(users) -> dict[int, list[dict]]:
    from lms.courses.models import Course

    return _authored(Course, users)


def authored_modules(users) -> dict[int, list[dict]]:
    from lms.modules.models import Module

    return _authored(Module, users)


def register_all() -> None:
    from lms.accounts.services import register_user_keep_rule
    from lms.modules import selectors as module_selectors
    from lms.modules.services import register_module_keep_rule

    register_category_usage(CategoryUsage("course", "courses", "course"))
    module_selectors.register_module_course_link(
        module_selectors.ModuleCourseLink(related_name="course_modules", course_field="course")
    )
    register_module_keep_rule(KeepRule(MODULE_KEEP_REASON, modules_used_in_courses))
    # The users' bulk delete keeps, and reports, course and module authors.
    register_user_keep_rule(
        "course_author",
        "they authored courses",
        users_authoring_courses,
        payload_key="usedAsCourseAuthors",
        holdings=authored_courses,
    )
    register_user_keep_rule(
        "module_author",
        "they authored modules",
        users_authoring_modules,
        payload_key="usedAsModuleAuthors",
        holdings=authored_modules,
    )
