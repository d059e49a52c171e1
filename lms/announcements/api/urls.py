from django.urls import path

from lms.announcements.api import views

urlpatterns = [
    path("announcements/", views.AnnouncementCollection.as_view(), name="announcements"),
    path("announcements/delete/", views.AnnouncementDelete.as_view(), name="announcement-delete"),
    path("announcements/learner/", views.LearnerAnnouncementList.as_view(), name="announcement-learner-list"),
    path("announcements/<int:pk>/", views.AnnouncementDetail.as_view(), name="announcement-detail"),
]
