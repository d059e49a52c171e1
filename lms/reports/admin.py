"""The auto-enrol list in the admin, through the same services as the API."""

from django.contrib import admin

from lms.reports import services
from lms.reports.models import AutoEnrollCourse
from website.admin import AdminServices, LecternModelAdmin


@admin.register(AutoEnrollCourse)
class AutoEnrollCourseAdmin(LecternModelAdmin):
    services = AdminServices(
        instance_arg="auto_enroll_course",
        create=services.auto_enroll_course_create,
        update=services.auto_enroll_course_update,
        bulk_delete=services.auto_enroll_courses_bulk_delete,
    )
    list_display = ("course", "created_at")
    list_select_related = ("course",)
    search_fields = ("course__name",)
    fields = ("course",)
    raw_id_fields = ("course",)
