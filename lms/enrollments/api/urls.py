from django.urls import path

from lms.enrollments.api import views

urlpatterns = [
    path("courses/enrolled-learners/", views.EnrolledLearners.as_view(), name="course-enrolled-learners"),
    path(
        "courses/enrolled-user-lookup/",
        views.EnrolledUserLookup.as_view(),
        name="course-enrolled-user-lookup",
    ),
    path("courses/<int:pk>/enroll-learners/", views.EnrollLearners.as_view(), name="course-enroll-learners"),
    path("courses/<int:pk>/remove-learners/", views.RemoveLearners.as_view(), name="course-remove-learners"),
    path("courses/<int:pk>/reset-progress/", views.ResetProgress.as_view(), name="course-reset-progress"),
    path("courses/<int:pk>/revoke-access/", views.RevokeAccess.as_view(), name="course-revoke-access"),
    path("courses/<int:pk>/grant-access/", views.GrantAccess.as_view(), name="course-grant-access"),
    path("courses/<int:pk>/set-expiry/", views.SetExpiry.as_view(), name="course-set-expiry"),
    path(
        "courses/<int:pk>/assign-certificate/",
        views.AssignCertificate.as_view(),
        name="course-assign-certificate",
    ),
    path("users/enrolled-courses/", views.UserEnrolledCourses.as_view(), name="user-enrolled-courses"),
    path(
        "users/certificates/update-dates/",
        views.CertificateDates.as_view(),
        name="user-certificate-dates",
    ),
    path("users/<str:user_ref>/certificates/", views.UserCertificates.as_view(), name="user-certificates"),
]
