from django.urls import path

from lms.userfields.api import views

urlpatterns = [
    path("custom-user-fields/", views.CustomUserFieldCollection.as_view(), name="custom-user-fields"),
    path(
        "custom-user-fields/by-key/", views.CustomUserFieldsByKey.as_view(), name="custom-user-fields-by-key"
    ),
    path(
        "custom-user-fields/types/", views.CustomUserFieldTypeLookup.as_view(), name="custom-user-field-types"
    ),
    path(
        "custom-user-fields/deletion-check/",
        views.CustomUserFieldDeletionCheck.as_view(),
        name="custom-user-field-deletion-check",
    ),
    path("users/custom-data/", views.UserCustomDataReport.as_view(), name="user-custom-data"),
    path("user-consents/", views.UserConsentList.as_view(), name="user-consents"),
    path("users/bulk-upload/", views.UserBulkUpload.as_view(), name="user-bulk-upload"),
    path("users/bulk-upload/sample/", views.UserBulkUploadSample.as_view(), name="user-bulk-upload-sample"),
    path("users/bulk-upload/<int:pk>/", views.UserBulkUploadStatus.as_view(), name="user-bulk-upload-status"),
]
