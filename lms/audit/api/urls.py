from django.urls import path

from lms.audit.api import views

urlpatterns = [
    path("audit/activities/", views.ActivityTable.as_view(), name="audit-activities"),
    path("audit/activities/lookup/", views.ActivityActionLookup.as_view(), name="audit-activity-lookup"),
]
