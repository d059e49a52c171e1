from django.urls import path

from lms.locations.api import views

urlpatterns = [
    path("locations/", views.LocationCollection.as_view(), name="locations"),
    path("locations/delete/", views.LocationDelete.as_view(), name="location-delete"),
    path("locations/lookup/", views.LocationLookup.as_view(), name="location-lookup"),
    path("locations/<int:pk>/", views.LocationDetail.as_view(), name="location-detail"),
]
