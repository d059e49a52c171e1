from django.urls import path

from lms.learner import views

app_name = "learner"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("learn/<int:registration_id>/", views.course, name="course"),
    path("learn/<int:registration_id>/modules/<int:course_module_id>/", views.module, name="module"),
    path(
        "learn/<int:registration_id>/modules/<int:course_module_id>/complete/",
        views.mark_complete,
        name="complete",
    ),
    path("learn/<int:registration_id>/certificate/", views.certificate, name="certificate"),
    path("learn/<int:registration_id>/rating/", views.rate, name="rate"),
]
