from django.urls import path

from lms.ratings.api import views

urlpatterns = [
    path("courses/ratings/", views.CourseRatingCollection.as_view(), name="course-ratings"),
    path("courses/ratings/details/", views.CourseRatingDetails.as_view(), name="course-rating-details"),
    path("courses/ratings/delete/", views.CourseRatingDelete.as_view(), name="course-rating-delete"),
]
