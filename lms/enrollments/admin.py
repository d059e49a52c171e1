"""Enrolments in the admin: the same services as the API, for the form and for the actions."""

from django.contrib import admin, messages

from lms.enrollments import services
from lms.enrollments.models import AccessStatus, Enrollment, ModuleProgress
from website.admin import AdminServices, LecternModelAdmin
from website.api.errors import Unprocessable


class ModuleProgressInline(admin.TabularInline):
    model = ModuleProgress
    extra = 0
    can_delete = False
    fields = (
        "course_module",
        "status",
        "first_accessed_at",
        "last_accessed_at",
        "completed_at",
        "time_spent_seconds",
        "times_accessed",
        "score",
        "points",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course_module__module")


@admin.register(Enrollment)
class EnrollmentAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="enrollment",
        create=services.enrollment_create,
        update=services.enrollment_update,
        bulk_delete=services.enrollments_bulk_delete,
    )
    portal_field = "course__portal"
    portal_admin_actions = frozenset({"view", "change"})
    list_display = (
        "user",
        "course",
        "status",
        "progress_percent",
        "access",
        "enrolled_at",
        "last_accessed_at",
        "expires_at",
        "certificate_issued_at",
    )
    list_filter = ("status", "access", "course", "course__portal")
    list_select_related = ("user", "course")
    search_fields = ("user__email", "user__first_name", "user__last_name", "course__name")
    autocomplete_fields = ()
    raw_id_fields = ("user",)
    fields = ("user", "course", "access", "expires_at")
    summary_fields = (
        "status",
        "progress_percent",
        "score",
        "time_spent_seconds",
        "enrolled_at",
        "started_at",
        "completed_at",
        "last_accessed_at",
        "certificate_template",
        "certificate_issued_at",
        "certificate_expires_at",
        "certificate_file",
    )
    inlines = [ModuleProgressInline]
    actions = ["reset_progress", "revoke_access", "grant_access", "issue_certificate"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else (*self.fields, *self.summary_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "course", *self.summary_fields)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def _run(self, request, action, done: str):
        try:
            count = action()
        except Unprocessable as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)
            return
        self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Reset progress", permissions=["change"])
    def reset_progress(self, request, queryset):
        rows = list(queryset.select_related("course"))
        self._run(
            request,
            lambda: services.enrollments_reset_progress(actor=request.user, enrollments=rows),
            "{count} student(s) progress is reset successfully",
        )

    @admin.action(description="Revoke access", permissions=["change"])
    def revoke_access(self, request, queryset):
        rows = list(queryset.select_related("course"))
        self._run(
            request,
            lambda: services.enrollments_set_access(
                actor=request.user, enrollments=rows, access=AccessStatus.REVOKED
            ),
            "{count} learner(s) access has been revoked successfully",
        )

    @admin.action(description="Grant access", permissions=["change"])
    def grant_access(self, request, queryset):
        rows = list(queryset.select_related("course"))
        self._run(
            request,
            lambda: services.enrollments_set_access(
                actor=request.user, enrollments=rows, access=AccessStatus.GRANTED
            ),
            "{count} learner(s) access has been granted successfully",
        )

    @admin.action(description="Assign the course's certificate", permissions=["change"])
    def issue_certificate(self, request, queryset):
        rows = list(queryset.select_related("course"))

        def issue():
            count = 0
            for course_id in {row.course_id for row in rows}:
                course_rows = [row for row in rows if row.course_id == course_id]
                count += services.enrollments_assign_certificate(
                    actor=request.user, course=course_rows[0].course, enrollments=course_rows
                )
            return count

        self._run(request, issue, "Certificate is successfully assigned to {count} student(s)")
