from rest_framework import serializers

from lms.accounts.api.serializers import avatar_svg
from lms.ratings.models import MAX_RATING, MIN_RATING, CourseRating
from website.api.fields import IdListField, LenientCharField, LenientIntegerField
from website.api.formats import MonthFirstDateTimeField
from website.api.views import MAX_PAGE_NUMBER

MONTH_YEAR = "%b %Y"  # "Feb 2020"


class RatingSaveInputSerializer(serializers.Serializer):
    user_id = LenientIntegerField(help_text="The caller's own id: learners rate for themselves.")
    course_id = LenientIntegerField()
    reviews = LenientCharField(required=False, allow_blank=True, default="")
    rating = serializers.IntegerField(min_value=MIN_RATING, max_value=MAX_RATING)
    display_name = LenientCharField(required=False, allow_blank=True, max_length=255, default="")
    portal_id = LenientIntegerField(
        required=False, allow_null=True, help_text="The portal the learner is in."
    )


class RatingDeleteInputSerializer(serializers.Serializer):
    id = LenientIntegerField(min_value=1)


class RatingStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


class _RatingBaseSerializer(serializers.ModelSerializer):
    courseName = serializers.CharField(source="course.name")
    courseId = serializers.IntegerField(source="course_id")
    userId = serializers.IntegerField(source="user_id")
    rating = serializers.IntegerField()


def display_name(course_rating: CourseRating) -> str:
    return course_rating.display_name or course_rating.user.full_name or course_rating.user.email


class RatingDetailRowSerializer(_RatingBaseSerializer):
    userDisplayName = serializers.SerializerMethodField()
    avatar = serializers.SerializerMethodField()
    submissionDate = serializers.DateTimeField(source="created_at", format=MONTH_YEAR)

    class Meta:
        model = CourseRating
        fields = [
            "id", "courseName", "courseId", "rating", "userId", "reviews", "userDisplayName", "avatar",
            "submissionDate",
        ]  # fmt: skip

    def get_userDisplayName(self, course_rating) -> str:
        return display_name(course_rating)

    def get_avatar(self, course_rating) -> str:
        return avatar_svg(course_rating.user, 40)


class RatingRowSerializer(_RatingBaseSerializer):
    userdisplayName = serializers.SerializerMethodField()
    submissionDate = MonthFirstDateTimeField(source="created_at")

    class Meta:
        model = CourseRating
        fields = [
            "id",
            "courseName",
            "courseId",
            "rating",
            "userId",
            "reviews",
            "userdisplayName",
            "submissionDate",
        ]

    def get_userdisplayName(self, course_rating) -> str:
        return display_name(course_rating)


class RatingDetailsQuerySerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=200, default=10)
    page_number = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    courseIds = IdListField(help_text="Course ids: a JSON array such as [1,2,3].")


class RatingDetailsSerializer(serializers.Serializer):
    ratings = RatingDetailRowSerializer(many=True)
    total = serializers.IntegerField()
    recordsFiltered = serializers.IntegerField()
    averageRating = serializers.FloatField(allow_null=True)
    ratingCounts = serializers.DictField(child=serializers.IntegerField())


class RatingTableSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    recordsFiltered = serializers.IntegerField()
    ratings = RatingRowSerializer(many=True)
