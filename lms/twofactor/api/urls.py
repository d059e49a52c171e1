from django.urls import path

from lms.twofactor.api import views

urlpatterns = [
    path("users/two-factor/", views.TwoFactorDetail.as_view(), name="two-factor"),
    path("users/two-factor/prepare/", views.TwoFactorPrepare.as_view(), name="two-factor-prepare"),
    path("users/two-factor/confirm/", views.TwoFactorConfirm.as_view(), name="two-factor-confirm"),
    path("users/two-factor/disable/", views.TwoFactorDisable.as_view(), name="two-factor-disable"),
]
