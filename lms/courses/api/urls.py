from django.urls import path

from lms.courses.api import views

urlpatterns = [
    path("courses/", views.CourseCollection.as_view(), name="courses"),
    path("courses/dropdown/", views.CourseDropdown.as_view(), name="course-dropdown"),
    path("courses/lookup/", views.CourseLookup.as_view(), name="course-lookup"),
    path("courses/curriculum/", views.CourseCurriculum.as_view(), name="course-curriculum"),
    path("courses/save/", views.CourseSave.as_view(), name="course-save"),
    path("courses/delete/", views.CourseDelete.as_view(), name="course-delete"),
    path("courses/quick-edit/", views.CourseQuickEdit.as_view(), name="course-quick-edit"),
    path("courses/clone/", views.CourseClone.as_view(), name="course-clone"),
    path("courses/drip-options/", views.DripOptionLookup.as_view(), name="course-drip-options"),
    path("courses/statuses/", views.CourseStatusLookup.as_view(), name="course-statuses"),
    path("courses/grading-rules/", views.GradingRulesLookup.as_view(), name="course-grading-rules"),
    path("courses/duration-rules/", views.DurationRulesLookup.as_view(), name="course-duration-rules"),
    path("courses/<int:pk>/", views.CourseDetail.as_view(), name="course-detail"),
]
