from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from lms.courses import selectors, services
from lms.courses.api import serializers as s
from lms.courses.models import (
    DripIntervalUnit,
    DripReference,
    DripRule,
    DurationRule,
    GradingRule,
    LearnerCourseStatus,
)
from lms.modules.types import icon_for
from lms.portals.models import Portal
from website.api.errors import Unprocessable
from website.api.responses import IdMessageSerializer, MessageSerializer, message_response
from website.api.schema import seed_operation
from website.api.serializers import DeleteIdsSerializer
from website.api.views import (
    ApiView,
    ChoicesLookupView,
    PortalIdQuerySerializer,
    QueryLookupView,
    TabularListView,
    any_of,
    contains,
)
from website.tenancy import portal_scope

VIEW, ADD, CHANGE, DELETE = (f"courses.{action}_course" for action in ("view", "add", "change", "delete"))


def _status(queryset, value):
    if value in (None, ""):
        return queryset
    return queryset.filter(status=str(value).strip().lower())


@seed_operation("courses_tabular_list")
class CourseCollection(TabularListView):
    """Courses of the caller's portals (portal admins: their portals and sub-portals)."""

    permission_required = VIEW
    allow_portal_admins = True
    row_serializer_class = s.CourseRowSerializer
    order_columns = {"name": "name", "status": "status", "created_at": "created_at", "slug": "slug"}
    default_ordering = ("-created_at",)
    search_filters = {
        "courseName": contains("name"),
        "courseCategoryIds": any_of("categories"),
        "status": _status,
    }

    def get_queryset(self):
        return selectors.course_rows(self.portal_scope)


@seed_operation("courses_dropdown_list")
class CourseDropdown(QueryLookupView):
    permission_required = VIEW
    allow_portal_admins = True
    query_serializer_class = PortalIdQuerySerializer

    def get_queryset(self):
        return selectors.courses(self.portal_scope)


@seed_operation("courses_course_lookup")
class CourseLookup(QueryLookupView):
    """`type=report` will add the courses of the portal's memberships and learning paths when they exist."""

    permission_required = VIEW
    allow_portal_admins = True
    query_serializer_class = s.CourseLookupQuerySerializer
    value_key, label_key = "value", "label"

    def get_queryset(self):
        return contains("name")(selectors.courses(self.portal_scope), self.query["search_term"].strip('"'))


def _curriculum_entries(rows) -> list[dict]:
    entries: list[dict] = []
    for row in rows:
        module = row.module
        item = {
            "module_id": module.pk,
            "name": module.name,
            "type": module.module_type,
            "display_type": module.get_module_type_display(),
            "icon": s.icon_class(module.module_type),
        }
        if not row.section:
            entries.append(item)
        elif entries and entries[-1].get("section_name") == row.section:
            entries[-1]["modules"].append(item)
        else:
            entries.append({"section_name": row.section, "modules": [item]})
    return entries


@seed_operation(
    "courses_retrieve_course_curriculum_details", responses=s.CourseCurriculumSerializer(many=True)
)
class CourseCurriculum(ApiView):
    permission_required = VIEW
    allow_portal_admins = True
    query_serializer_class = s.CourseIdsQuerySerializer

    def get(self, request):
        ids = self.parse_query()["courseIds"]
        courses = {course.pk: course for course in selectors.courses(self.portal_scope).filter(pk__in=ids)}
        missing = [pk for pk in ids if pk not in courses]
        if missing:
            raise Unprocessable(
                {"courseIds": [f"The selected ids are invalid: {', '.join(map(str, missing))}."]}
            )
        rows_by_course: dict[int, list] = {}
        for row in selectors.curriculum(ids):
            rows_by_course.setdefault(row.course_id, []).append(row)
        return Response(
            [
                {"name": courses[pk].name, "modules": _curriculum_entries(rows_by_course.get(pk, []))}
                for pk in ids
            ]
        )


def course_detail_payload(course) -> dict:
    rows = course.curriculum_rows
    percentage = course.min_passing_percentage
    return {
        "id": course.pk,
        "name": course.name,
        "slug": course.slug,
        "portalId": course.portal_id,
        "featuredImageUrl": course.featured_image_url,
        "instructions": course.instructions,
        "credits": course.credits,
        "estimatedCompletion": course.estimated_completion,
        "estimationCompletedUnit": course.estimation_completed_unit,
        "minPassingPercentage": float(percentage) if percentage is not None else None,
        "gradingRule": course.grading_rule,
        "durationRule": course.duration_rule,
        "durationSpecificDate": course.duration_specific_date,
        "durationDays": course.duration_days,
        "selectedBadgeId": course.badge_id,
        "isBadgeSelected": course.reward_type,
        "points": course.points,
        "status": course.status,
        "certificateTemplates": [template.pk for template in course.certificate_templates.all()],
        "associatedProduct": [],
        "shopifyProducts": course.shopify_products,
        "certificateExpiresAfter": course.certificate_expires_after,
        "certificateExpiresAfterGracePeriod": course.certificate_expires_after_grace_period,
        "completionRedirectionUrl": course.completion_redirection_url,
        "accredibleGroupId": course.accredible_group_ids,
        "enableCourseRating": course.enable_course_rating,
        "completionCriteria": course.completion_criteria,
        "hasAssociatedProduct": False,
        "modules": [
            {
                "module_id": row.module_id,
                "display_order": row.order,
                "name": row.module.name,
                "type": row.module.module_type,
                "icon": icon_for(row.module.module_type),
                "section_name": row.section,
                "is_locked": row.is_locked,
                "drip_rules": row.drip_rule,
                "drip_fixed_date": row.drip_fixed_date,
                "drip_interval": row.drip_interval,
                "drip_interval_unit": row.drip_interval_unit,
                "drip_calculation_reference": row.drip_reference,
                "selectedModuleBadgeId": row.badge_id,
                "modulePoints": row.points,
                "isModuleBadgeSelected": row.reward_type,
                "minSpentHour": row.min_time_minutes // 60,
                "minSpentMinutes": row.min_time_minutes % 60,
            }
            for row in rows
        ],
        "categories": [category.pk for category in course.categories.all()],
        "gradeModules": [row.module_id for row in rows if row.is_graded],
        "selectedModules": [row.module_id for row in rows if row.counts_for_completion],
        "learningPaths": [],
        "learningResources": [],
        "webinarList": [],
        "selectedWebinars": [],
    }


class CourseSaveSerializer(s.CourseInputSerializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The course to update; absent: a new course."
    )


def _selected_portal(view: ApiView):
    """The portal named by `portalId` in the body (404 when hidden), or None for the academy."""
    if "portalId" not in view.request.data:
        return None
    portal_id = view.portal_scope.selected_portal_id
    return Portal.objects.get(pk=portal_id) if portal_id is not None else None


class CourseDetail(ApiView):
    permission_required = {"GET": VIEW, "PUT": CHANGE}
    allow_portal_admins = True
    input_serializer_class = s.CourseInputSerializer

    def course(self, queryset):
        # The caller's whole scope: a portalId in the body names the course's new portal, not a filter.
        return get_object_or_404(queryset(portal_scope(self.request.user)), pk=self.kwargs["pk"])

    @seed_operation("courses_retrieve_course_details", responses=s.CourseDetailSerializer)
    def get(self, request, pk):
        return Response(course_detail_payload(self.course(selectors.course_detail)))

    @seed_operation("courses_update_course_details", responses=MessageSerializer)
    def put(self, request, pk):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        course = self.course(selectors.courses)
        data = self.parse_body()
        if "portalId" in request.data:
            data["portal"] = _selected_portal(self)
        services.course_save(actor=request.user, course=course, data=data)
        return message_response("Course updated successfully")


@seed_operation("courses_save_course", responses=IdMessageSerializer)
class CourseSave(ApiView):
    """Creates a course, or updates the course `id` names; a draft needs a name, publishing everything."""

    permission_required = ADD
    input_serializer_class = CourseSaveSerializer

    def post(self, request):
        data = self.parse_body()
        course_id = data.pop("id", None)
        course = None
        if course_id is not None:
            if not request.user.has_perm(CHANGE):
                raise PermissionDenied
            course = get_object_or_404(selectors.courses(portal_scope(request.user)), pk=course_id)
        if "portalId" in request.data:
            data["portal"] = _selected_portal(self)
        saved = services.course_save(actor=request.user, course=course, data=data)
        return message_response("Course saved successfully", id=saved.pk)


@seed_operation("courses_deletes_courses", responses=s.CourseDeleteResultSerializer)
class CourseDelete(ApiView):
    permission_required = DELETE
    input_serializer_class = DeleteIdsSerializer

    def post(self, request):
        payload = services.courses_bulk_delete(
            actor=request.user,
            courses=selectors.courses(portal_scope(request.user)),
            ids=self.parse_body()["delete_ids"],
        )
        return Response(payload)


@seed_operation("courses_quick_edit", responses=MessageSerializer)
class CourseQuickEdit(ApiView):
    permission_required = CHANGE
    input_serializer_class = s.CourseQuickEditSerializer

    def post(self, request):
        data = self.parse_body()
        services.courses_quick_edit(
            actor=request.user,
            courses=selectors.courses(portal_scope(request.user)),
            ids=data["course_ids"],
            author_id=data.get("author_id"),
            category_ids=data.get("categories_id"),
        )
        return message_response("Courses updated Successfully")


@seed_operation("courses_clone_a_course", responses=MessageSerializer)
class CourseClone(ApiView):
    permission_required = ADD
    input_serializer_class = s.CourseCloneSerializer

    def post(self, request):
        data = self.parse_body()
        course = selectors.courses(portal_scope(request.user)).filter(pk=data["course_id"]).first()
        if course is None:
            raise Unprocessable({"course_id": ["The selected course id is invalid."]})
        services.course_clone(actor=request.user, course=course, deep=data["isDeepCopy"])
        return message_response("Course Cloned Successfully")


def _options(choices) -> list[dict]:
    return [{"db_value": value, "display_value": label} for value, label in choices.choices]


@seed_operation("courses_drip_option_lookup", responses=s.DripOptionsSerializer(many=True))
class DripOptionLookup(ApiView):
    permission_required = VIEW
    allow_portal_admins = True

    def get(self, request):
        return Response(
            [
                {
                    "options": _options(DripRule),
                    "intervals": _options(DripIntervalUnit),
                    "calculation_ref": _options(DripReference),
                }
            ]
        )


@seed_operation("courses_course_status_lookup")
class CourseStatusLookup(ChoicesLookupView):
    permission_required = VIEW
    allow_portal_admins = True
    choices = LearnerCourseStatus


@seed_operation("courses_grading_rules_lookup")
class GradingRulesLookup(ChoicesLookupView):
    permission_required = VIEW
    allow_portal_admins = True
    choices = GradingRule


@seed_operation("courses_duration_rules_lookup")
class DurationRulesLookup(ChoicesLookupView):
    permission_required = VIEW
    allow_portal_admins = True
    choices = DurationRule
