"""/api/v1/: each app contributes its own urls module; the order here is only for readability."""

from django.urls import include, path

urlpatterns = [
    path("", include("lms.accounts.api.urls")),
    path("", include("lms.audit.api.urls")),
    path("", include("lms.categories.api.urls")),
    path("", include("lms.gamification.api.urls")),
    path("", include("lms.locations.api.urls")),
    path("", include("lms.portals.api.urls")),
    path("", include("lms.staff.api.urls")),
    path("", include("lms.twofactor.api.urls")),
    path("", include("lms.userfields.api.urls")),
    path("", include("lms.certificates.api.urls")),
    path("", include("lms.media.api.urls")),
    path("", include("lms.modules.api.urls")),
    path("", include("lms.courses.api.urls")),
    path("", include("lms.enrollments.api.urls")),
    path("", include("lms.announcements.api.urls")),
    path("", include("lms.ratings.api.urls")),
    path("", include("lms.player.api.urls")),
    path("", include("lms.reports.api.urls")),
    path("", include("cms.pages.api.urls")),
    path("", include("cms.menus.api.urls")),
]
