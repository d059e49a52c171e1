from django.urls import path

from lms.accounts.api import views

urlpatterns = [
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", views.CurrentUserView.as_view(), name="auth-me"),
    path("users/", views.UserCollection.as_view(), name="users"),
    path("users/user-types/", views.UserTypeLookup.as_view(), name="user-types"),
    path("users/by-type/", views.UsersByType.as_view(), name="users-by-type"),
    path("users/search/", views.UserSearch.as_view(), name="users-search"),
    path("users/delete/", views.UserDelete.as_view(), name="users-delete"),
    path("users/password/", views.UserPassword.as_view(), name="users-password"),
    path(
        "users/resend-new-account-email/",
        views.ResendNewAccountEmail.as_view(),
        name="users-resend-new-account-email",
    ),
    path("users/sources/", views.UserSources.as_view(), name="user-sources"),
    path("users/activities/", views.UserActivities.as_view(), name="user-activities"),
    path("users/addresses/", views.AddressCollection.as_view(), name="user-addresses"),
    path("users/addresses/<int:pk>/", views.AddressDetail.as_view(), name="user-address-detail"),
    path("users/<int:pk>/", views.UserDetail.as_view(), name="user-detail"),
    path(
        "users/<int:pk>/billing-addresses/",
        views.UserBillingAddresses.as_view(),
        name="user-billing-addresses",
    ),
    path(
        "users/<int:pk>/shipping-addresses/",
        views.UserShippingAddresses.as_view(),
        name="user-shipping-addresses",
    ),
    path("users/<int:pk>/default-address/", views.UserDefaultAddress.as_view(), name="user-default-address"),
]
