"""The course player API: a learner launches a course, opens its modules, completes them; staff
read a learner's progress, correct it, and see pending submissions.

A learner reaches only their own enrolment (another learner's is a 404); revoked or expired access
is a 403 with the reason; a locked or not yet dripped module is a 403 with its reason too.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from lms.courses.models import Course, CourseStatus
from lms.enrollments.models import Enrollment
from lms.modules.models import ModuleType
from lms.player import selectors, services
from lms.player.api import presenters
from lms.player.api import serializers as s
from lms.player.selectors import acts_for_others, curriculum
from website.api.responses import MessageSerializer, message_response
from website.api.schema import extra_operation, seed_operation
from website.api.views import ApiView


class AccessClosed(APIException):
    """403 that tells the learner why (revoked, expired, locked, not yet dripped)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You may not open this."


def _ensure_access(enrollment: Enrollment) -> None:
    reason = selectors.access_closed_reason(enrollment)
    if reason:
        raise AccessClosed(reason)


@seed_operation("courses_launch", responses=s.LaunchSerializer)
class Launch(ApiView):
    """The learner's own enrolment (`registrationId`); without `info` the course is started."""

    query_serializer_class = s.LaunchQuerySerializer

    def get(self, request, registration_id):
        query = self.parse_query()
        enrollment = selectors.own_enrollment(request.user, registration_id)
        if "info" not in request.query_params:
            _ensure_access(enrollment)
            enrollment = services.player_launch(actor=request.user, enrollment=enrollment)
        plan = curriculum(enrollment)
        payload = presenters.launch(plan, set(query.get("moduleIds") or []))
        return Response(s.LaunchSerializer(payload).data)

    @classmethod
    def get_response_schema(cls):
        return s.LaunchSerializer


@seed_operation("courses_retrieve_course_information_name_modules_webinars_etc")
class CourseInformation(ApiView):
    """A course's curriculum for a user: with their status when enrolled ("Not Enrolled" otherwise,
    for a published course). Staff who may read enrolments ask for any user in their portals."""

    query_serializer_class = s.CourseInformationQuerySerializer

    def get(self, request):
        query = self.parse_query()
        user_id = query.get("userId") or request.user.pk
        if user_id != request.user.pk and not acts_for_others(request.user):
            raise Http404
        enrollment = (
            Enrollment.objects.select_related("course", "user")
            .filter(course_id=query["courseId"], user_id=user_id)
            .first()
        )
        if enrollment is not None and user_id != request.user.pk:
            enrollment = selectors.enrollment_for(
                request.user, lambda: self.portal_scope, registration_id=enrollment.pk, user_id=user_id
            )
        if enrollment is None:
            course = get_object_or_404(Course, pk=query["courseId"], status=CourseStatus.PUBLISHED)
            rows, plan = selectors.curriculum_rows(course.pk), None
        else:
            plan = curriculum(enrollment)
            course, rows = enrollment.course, plan.rows
        resources = selectors.learning_resources(course.pk, active_only=True)
        payload = presenters.course_information(course, rows, plan, resources)
        return Response(s.CourseInformationSerializer(payload).data)

    @classmethod
    def get_response_schema(cls):
        return s.CourseInformationSerializer


@seed_operation("courses_retrieves_the_course_details_for_given_course_id_and_user_id")
class CourseDetails(ApiView):
    """One enrolment's progress per module (`id`: the registration); staff may read their learners'."""

    query_serializer_class = s.CourseDetailsQuerySerializer

    def get(self, request, registration_id):
        query = self.parse_query()
        enrollment = selectors.enrollment_for(
            request.user,
            lambda: self.portal_scope,
            registration_id=registration_id,
            user_id=query.get("userId"),
        )
        return Response(s.CourseDetailsSerializer(presenters.course_details(curriculum(enrollment))).data)

    @classmethod
    def get_response_schema(cls):
        return s.CourseDetailsSerializer


@seed_operation(
    "courses_update_course_progress", request=s.UpdateProgressSerializer, responses=MessageSerializer
)
class UpdateProgress(ApiView):
    """Staff correct a learner's enrolment in course `id`: dates, status, module statuses. The
    parameters come in the query string (as documented) or the body."""

    permission_required = "enrollments.change_enrollment"
    allow_portal_admins = True

    def post(self, request, pk):
        data = {**request.query_params.dict(), **(request.data if hasattr(request.data, "keys") else {})}
        values = self._validate(s.UpdateProgressSerializer, data)
        enrollment = selectors.enrollment_for(
            request.user, lambda: self.portal_scope, course_id=pk, user_id=values["userId"]
        )
        names = {
            "enrollmentDate": "enrolled_at",
            "expiryDate": "expires_at",
            "startDate": "started_at",
            "completionDate": "completed_at",
            "lastAccessed": "last_accessed_at",
        }
        dates = {ours: values[theirs] for theirs, ours in names.items() if theirs in values}
        services.player_update_progress(
            actor=request.user,
            enrollment=enrollment,
            dates=dates,
            status=values.get("status"),
            modules=values.get("modules"),
        )
        return message_response("Course updated Successfully")


class ModuleDetailsView(ApiView):
    """A module of the learner's course: opening it records the visit. Locked: 403 with the reason."""

    module_types: tuple[str, ...] = ()
    response_serializer = s.ModuleDetailsSerializer

    def get(self, request, registration_id, module_id, portal_id):
        enrollment = selectors.own_enrollment(request.user, registration_id)
        _ensure_access(enrollment)
        plan = curriculum(enrollment)
        row = plan.row_of_module(module_id)
        if row.module.module_type not in self.module_types:
            raise Http404
        state = plan.availability[row.pk]
        if not state.available:
            raise AccessClosed(state.reason)
        progress = services.player_open_module(actor=request.user, enrollment=enrollment, course_module=row)
        plan.enrollment.refresh_from_db(fields=["status", "started_at", "last_accessed_at"])
        plan.progress[row.pk] = progress
        return Response(self.response_serializer(self.present(plan, row, progress)).data)

    def present(self, plan, row, progress):
        return presenters.module_details(plan, row, progress, self.request.user)

    @classmethod
    def get_response_schema(cls):
        return cls.response_serializer


@seed_operation("text_modules_get_text_module_details", responses=s.ModuleDetailsSerializer)
class TextModuleDetails(ModuleDetailsView):
    module_types = (ModuleType.TEXT,)


@seed_operation("video_modules_video_module_details_2", responses=s.VideoDetailsSerializer)
class VideoModuleDetails(ModuleDetailsView):
    module_types = (ModuleType.VIDEO,)
    response_serializer = s.VideoDetailsSerializer

    def present(self, plan, row, progress):
        return presenters.video_details(plan, row, progress, self.request.user)


@seed_operation("pdf_modules_get_pdf_module_details", responses=s.DocumentDetailsSerializer)
class PdfModuleDetails(ModuleDetailsView):
    module_types = (ModuleType.PDF,)
    response_serializer = s.DocumentDetailsSerializer

    def present(self, plan, row, progress):
        return presenters.document_details(
            plan, row, progress, self.request.user, absolute=self.request.build_absolute_uri
        )


@seed_operation("powerpoint_modules_get_powerpoint_module_details", responses=s.DocumentDetailsSerializer)
class PowerPointModuleDetails(PdfModuleDetails):
    module_types = (ModuleType.POWERPOINT,)


@seed_operation(
    "powerpoint_modules_retrieve_detailed_powerpoint_module_info", responses=s.PowerPointInfoSerializer
)
class PowerPointModuleInfo(ApiView):
    """The caller's view of a PowerPoint module in a course they take (no visit recorded)."""

    query_serializer_class = s.ModuleIdQuerySerializer

    def get(self, request):
        module_id = self.parse_query()["moduleId"]
        enrollment, _row = selectors.module_of_user(request.user, module_id, ModuleType.POWERPOINT)
        _ensure_access(enrollment)
        plan = curriculum(enrollment)
        row = plan.row_of_module(module_id)
        state = plan.availability[row.pk]
        if not state.available:
            raise AccessClosed(state.reason)
        progress = plan.progress.get(row.pk)
        detail = selectors.module_detail(row.module)
        url = request.build_absolute_uri(presenters.media_url(detail.media, detail.url)) if detail else ""
        viewer = detail.viewer if detail else ""
        payload = {
            "name": row.module.name,
            "slug": row.module.slug,
            "viewer": viewer,
            "url": presenters.viewer_url(viewer, url) if url else "",
            "content": row.module.content,
            "timeSpent": progress.time_spent_seconds if progress else 0,
        }
        return Response(s.PowerPointInfoSerializer(payload).data)

    @classmethod
    def get_response_schema(cls):
        return s.PowerPointInfoSerializer


class MarkCompleteView(ApiView):
    module_type = ""
    query_serializer_class = s.StatusRowQuerySerializer

    def complete(self, request):
        values = self._validate(self.query_serializer_class, request.query_params)
        row = selectors.progress_row(request.user, values["statusRowId"])
        if row.course_module.module.module_type != self.module_type:
            raise Http404
        _ensure_access(row.enrollment)
        _row, newly = services.player_mark_complete(
            actor=request.user, row=row, watched_seconds=values.get("videoDuration")
        )
        return newly


@seed_operation(
    "text_modules_mark_complete_text_module",
    parameters=[s.StatusRowQuerySerializer],
    request=None,
    responses=s.TextCompleteSerializer,
)
class TextMarkComplete(MarkCompleteView):
    module_type = ModuleType.TEXT

    def post(self, request):
        newly = self.complete(request)
        return Response(
            {"is_success": True, "message": "Module Completed Successfully", "course_newly_completed": newly}
        )


@seed_operation(
    "video_modules_mark_complete_video_module",
    parameters=[s.VideoCompleteQuerySerializer],
    request=None,
    responses=s.VideoCompleteSerializer,
)
class VideoMarkComplete(MarkCompleteView):
    module_type = ModuleType.VIDEO
    query_serializer_class = s.VideoCompleteQuerySerializer

    def post(self, request):
        newly = self.complete(request)
        return Response(
            {"status": True, "message": "Module completed successfully", "course_newly_completed": newly}
        )


@seed_operation("modules_get_pending_module_submissions", responses=s.PendingSubmissionsSerializer)
class PendingSubmissions(ApiView):
    """Module submissions waiting for review (status Submitted), by course, in the caller's portals."""

    permission_required = "enrollments.view_enrollment"
    allow_portal_admins = True

    def get(self, request):
        rows = list(selectors.pending_submissions(self.portal_scope))
        data = [
            {
                "id": r["enrollment__course_id"],
                "name": r["enrollment__course__name"],
                "totalSubmission": r["total"],
            }
            for r in rows
        ]
        payload = {"totalPending": sum(item["totalSubmission"] for item in data), "data": data}
        return Response(s.PendingSubmissionsSerializer(payload).data)

    @classmethod
    def get_response_schema(cls):
        return s.PendingSubmissionsSerializer


@seed_operation(
    "courses_retrieve_the_list_of_learning_resources_for_a_given_course",
    responses=s.LearningResourceSerializer(many=True),
)
class LearningResources(ApiView):
    """A course's learning resources: staff who may view the course see all, an enrolled learner
    (with open access) the active ones. `search_param`: {"name": ...}."""

    query_serializer_class = s.ResourcesQuerySerializer

    def get(self, request, course_id):
        search = self.parse_query().get("search_param") or {}
        course, learner = selectors.course_for_resources(request.user, course_id, lambda: self.portal_scope)
        rows = selectors.learning_resources(course.pk, active_only=learner)
        if search.get("name"):
            rows = rows.filter(name__icontains=str(search["name"]))
        return Response(s.LearningResourceSerializer(rows, many=True).data)


@extra_operation(
    "x_player_record_time",
    tag="player",
    summary="Record time spent on a module",
    request=s.RecordTimeSerializer,
    responses=s.RecordTimeResultSerializer,
)
class RecordTime(ApiView):
    """The player reports the learner's time on a module as they work (`statusRowId`, `seconds`);
    it counts up to the time really passed since the last report (the minimum-time rule reads it)."""

    input_serializer_class = s.RecordTimeSerializer

    def post(self, request):
        values = self.parse_body()
        row = selectors.progress_row(request.user, values["statusRowId"])
        _ensure_access(row.enrollment)
        row = services.player_record_time(actor=request.user, row=row, seconds=values["seconds"])
        return Response({"statusRowId": row.pk, "status": row.status, "timeSpent": row.time_spent_seconds})
