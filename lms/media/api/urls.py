from django.urls import path

from lms.media.api import views

urlpatterns = [
    path("media/", views.MediaCollection.as_view(), name="media"),
    path("media/upload/", views.MediaUpload.as_view(), name="media-upload"),
    path("media/mux/download/", views.MuxVideoDownload.as_view(), name="media-mux-download"),
    path("media/mux/videos/", views.MuxVideoSave.as_view(), name="media-mux-video-save"),
    path("media/bunny/videos/", views.BunnyVideoSave.as_view(), name="media-bunny-video-save"),
    path("media/bunny/details/", views.BunnyDetails.as_view(), name="media-bunny-details"),
    path("media/bunny/libraries/", views.BunnyLibraryCreate.as_view(), name="media-bunny-library-create"),
]
