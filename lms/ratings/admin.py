from django.contrib import admin

from lms.ratings import services
from lms.ratings.models import CourseRating
from website.admin import AdminServices, LecternModelAdmin


@admin.register(CourseRating)
class CourseRatingAdmin(LecternModelAdmin):
    """Staff add a rating for a learner who completed the course, edit its text, or delete it."""

    services = AdminServices(
        instance_arg="course_rating",
        create=services.course_rating_create,
        update=services.course_rating_update,
        bulk_delete=services.course_ratings_bulk_delete,
        validate=services.course_rating_validate,
    )
    portal_field = "course__portal"
    list_display = ("course", "user", "rating", "display_name", "created_at")
    list_filter = ("rating",)
    search_fields = ("course__name", "user__email", "reviews")
    fields = ("course", "user", "rating", "reviews", "display_name")
    list_select_related = ("course", "user")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return ("course", "user") if obj is not None else ()
