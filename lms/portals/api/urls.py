from django.urls import path

from lms.portals.api import views

urlpatterns = [
    path("portals/", views.PortalCollection.as_view(), name="portals"),
    path("portals/lookup/", views.PortalLookup.as_view(), name="portal-lookup"),
    path("portals/clone/", views.PortalClone.as_view(), name="portal-clone"),
    path("portals/status/", views.PortalStatusUpdate.as_view(), name="portal-status"),
    path("portals/settings/", views.PortalSettingsView.as_view(), name="portal-settings"),
    path(
        "portals/settings/custom-domains/",
        views.CustomDomainsToggle.as_view(),
        name="portal-custom-domains",
    ),
    path("portals/admins/", views.PortalAdmins.as_view(), name="portal-admins"),
    path("portals/admins/promote/", views.PortalAdminPromotion.as_view(), name="portal-admin-promote"),
    path("portals/learners/", views.PortalLearners.as_view(), name="portal-learners"),
    path("portals/users/remove/", views.PortalUsersRemoval.as_view(), name="portal-users-remove"),
    path("portals/users/status/", views.PortalUsersStatus.as_view(), name="portal-users-status"),
    path("portals/<int:portalId>/", views.PortalDetail.as_view(), name="portal-detail"),
    path("portals/<int:portalId>/branding/", views.PortalBranding.as_view(), name="portal-branding"),
    path("portals/<int:portalId>/sub-portals/", views.SubPortals.as_view(), name="portal-sub-portals"),
    path(
        "portals/<int:portalId>/admins/<int:userId>/permissions/",
        views.PortalAdminPermissions.as_view(),
        name="portal-admin-permissions",
    ),
    path("users/portals/", views.UserPortals.as_view(), name="user-portals"),
    path("users/blocked-emails/", views.PortalEmailRules.as_view(), name="user-blocked-emails"),
]
