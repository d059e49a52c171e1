from django.urls import path

from lms.staff.api import views

urlpatterns = [
    path("staff/", views.StaffCollection.as_view(), name="staff"),
    path("staff/report/", views.StaffReport.as_view(), name="staff-report"),
    path("staff/<int:pk>/", views.StaffDetail.as_view(), name="staff-detail"),
    path("staff/<int:pk>/permissions/", views.StaffPermissions.as_view(), name="staff-permissions"),
]
