from django.urls import path

from lms.learner import views
from website.csp import strict_csp

app_name = "learner"

urlpatterns = [
    path("sign-in/", strict_csp(views.SignInView.as_view()), name="sign-in"),
    path("sign-out/", strict_csp(views.SignOutView.as_view()), name="sign-out"),
    path("dashboard/", strict_csp(views.dashboard), name="dashboard"),
    path("learn/<int:registration_id>/", strict_csp(views.course), name="course"),
    path(
        "learn/<int:registration_id>/modules/<int:course_module_id>/", strict_csp(views.module), name="module"
    ),
    path(
        "learn/<int:registration_id>/modules/<int:course_module_id>/complete/",
        strict_csp(views.mark_complete),
        name="complete",
    ),
    path("learn/<int:registration_id>/certificate/", strict_csp(views.certificate), name="certificate"),
    path("learn/<int:registration_id>/rating/", strict_csp(views.rate), name="rate"),
]
