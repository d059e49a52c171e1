from django.http import Http404
from rest_framework.response import Response

from lms.courses.models import Course
from lms.ratings import selectors, services
from lms.ratings.api import serializers as s
from website.api.errors import Unprocessable
from website.api.schema import seed_operation, seed_operations_view
from website.api.views import ApiView, TabularListView, contains


@seed_operations_view(
    get="courses_retrieves_all_the_course_ratings_in_a_tabular_list_format",
    post=("courses_save_course_rating", {"responses": s.RatingStatusSerializer}),
)
class CourseRatingCollection(TabularListView):
    """Staff list the ratings of their portals' courses; a learner saves their own rating."""

    permission_required = {"GET": "ratings.view_courserating", "POST": None}
    allow_portal_admins = True
    row_serializer_class = s.RatingRowSerializer
    input_serializer_class = s.RatingSaveInputSerializer
    order_columns = {
        "created_at": "created_at",
        "submissionDate": "created_at",
        "rating": "rating",
        "courseName": "course__name",
    }
    default_ordering = ("-created_at",)
    # Ratings belong to courses: both documented filters match the course's name.
    search_filters = {"associatedCourse": contains("course__name"), "moduleName": contains("course__name")}

    def get_queryset(self):
        return selectors.course_ratings(self.portal_scope)

    def get(self, request, *args, **kwargs):
        table = super().get(request, *args, **kwargs).data
        return Response(
            {
                "total": table["recordsTotal"],
                "recordsFiltered": table["recordsFiltered"],
                "ratings": table["records"],
            }
        )

    @classmethod
    def get_response_schema(cls):
        return s.RatingTableSerializer

    def post(self, request):
        body = self.parse_body()
        if body["user_id"] != request.user.pk:
            raise Http404  # a learner rates for themselves; another learner's rating is not theirs to touch
        course = Course.objects.select_related("portal").filter(pk=body["course_id"]).first()
        if course is None:
            raise Unprocessable({"course_id": ["The selected course id is invalid."]})
        _rating, created = services.course_rating_save(
            actor=request.user,
            user=request.user,
            course=course,
            rating=body["rating"],
            reviews=body["reviews"],
            display_name=body["display_name"],
        )
        verb = "saved" if created else "updated"
        return Response({"status": "success", "message": f"Course Rating {verb} successfully!"})


@seed_operation("courses_load_course_rating_details", responses=s.RatingDetailsSerializer)
class CourseRatingDetails(ApiView):
    """The ratings of the given courses, with their average and count per star, for anyone who may see them."""

    permission_required = None
    query_serializer_class = s.RatingDetailsQuerySerializer

    def get(self, request):
        query = self.parse_query()
        matching = selectors.course_ratings_readable_by(request.user).filter(course_id__in=query["courseIds"])
        size, number = query["page_size"], query["page_number"]
        start = (number - 1) * size
        rows = matching.order_by("-created_at", "-pk")[start : start + size]
        total = matching.count()
        return Response(
            {
                "ratings": s.RatingDetailRowSerializer(rows, many=True).data,
                "total": total,
                "recordsFiltered": total,
                **selectors.rating_summary(matching),
            }
        )


@seed_operation("courses_delete_course_rating", responses=s.RatingStatusSerializer)
class CourseRatingDelete(ApiView):
    permission_required = "ratings.delete_courserating"
    allow_portal_admins = True
    input_serializer_class = s.RatingDeleteInputSerializer

    def post(self, request):
        course_rating = selectors.course_ratings(self.portal_scope).filter(pk=self.parse_body()["id"]).first()
        if course_rating is None:
            raise Http404
        services.course_rating_delete(actor=request.user, course_rating=course_rating)
        return Response({"status": "success", "message": "Course Rating deleted successfully!"})
