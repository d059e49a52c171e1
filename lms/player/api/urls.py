from django.urls import path

from lms.player.api import views

DETAILS = "<int:registration_id>/<int:module_id>/<str:portal_id>/"

urlpatterns = [
    path("player/time/", views.RecordTime.as_view(), name="player-record-time"),
    path("courses/launch/<int:registration_id>/", views.Launch.as_view(), name="course-launch"),
    path("courses/course-information/", views.CourseInformation.as_view(), name="course-information"),
    path(
        "courses/registrations/<int:registration_id>/details/",
        views.CourseDetails.as_view(),
        name="course-registration-details",
    ),
    path("courses/<int:pk>/update-progress/", views.UpdateProgress.as_view(), name="course-update-progress"),
    path(
        "courses/<int:course_id>/learning-resources/",
        views.LearningResources.as_view(),
        name="course-learning-resources",
    ),
    path(f"text-modules/details/{DETAILS}", views.TextModuleDetails.as_view(), name="text-module-player"),
    path("text-modules/mark-complete/", views.TextMarkComplete.as_view(), name="text-module-complete"),
    path(f"video-modules/details/{DETAILS}", views.VideoModuleDetails.as_view(), name="video-module-player"),
    path("video-modules/mark-complete/", views.VideoMarkComplete.as_view(), name="video-module-complete"),
    path(f"pdf-modules/details/{DETAILS}", views.PdfModuleDetails.as_view(), name="pdf-module-player"),
    path(
        f"powerpoint-modules/details/{DETAILS}",
        views.PowerPointModuleDetails.as_view(),
        name="powerpoint-module-player",
    ),
    path(
        "powerpoint-modules/detailed-info/",
        views.PowerPointModuleInfo.as_view(),
        name="powerpoint-module-info",
    ),
    path(
        "modules/pending-submissions/", views.PendingSubmissions.as_view(), name="module-pending-submissions"
    ),
]
