from django.urls import path

from lms.gamification.api import views

urlpatterns = [
    path("badges/", views.BadgeCollection.as_view(), name="badges"),
    path("badges/delete/", views.BadgeDelete.as_view(), name="badge-delete"),
    path("badges/<int:pk>/", views.BadgeDetail.as_view(), name="badge-detail"),
    path("leaderboard/tiers/", views.TierCollection.as_view(), name="leaderboard-tiers"),
]
