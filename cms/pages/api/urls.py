from django.urls import path

from cms.pages.api import views

urlpatterns = [
    path("pages/", views.PageCollection.as_view(), name="pages"),
    path("pages/layouts/", views.PageLayouts.as_view(), name="page-layouts"),
    path("pages/snippets/", views.PageSnippets.as_view(), name="page-snippets"),
    path("pages/contact/", views.ContactFormResponse.as_view(), name="page-contact"),
    path("pages/dashboard/", views.LearnerDashboard.as_view(), name="page-dashboard"),
    path("pages/layout-lookup/", views.LayoutLookup.as_view(), name="page-layout-lookup"),
    path("pages/restriction-lookup/", views.RestrictionLookup.as_view(), name="page-restriction-lookup"),
    path("pages/category-lookup/", views.CategoryLookup.as_view(), name="page-category-lookup"),
    path("pages/soft-delete/", views.PagesSoftDelete.as_view(), name="pages-soft-delete"),
    path("pages/hard-delete/", views.PagesHardDelete.as_view(), name="pages-hard-delete"),
    path("pages/restore/", views.PagesRestore.as_view(), name="pages-restore"),
    path("pages/<int:pk>/", views.PageDetail.as_view(), name="page-detail"),
    path("pages/<int:pk>/slug/", views.PageSlug.as_view(), name="page-slug"),
    path("portals/pages/", views.PortalPageCreate.as_view(), name="portal-page-create"),
    path("portals/pages/dropdown/", views.PortalPageDropdown.as_view(), name="portal-page-dropdown"),
    path(
        "portals/pages/soft-delete/", views.PortalPagesSoftDelete.as_view(), name="portal-pages-soft-delete"
    ),
    path(
        "portals/pages/hard-delete/", views.PortalPagesHardDelete.as_view(), name="portal-pages-hard-delete"
    ),
    path("portals/pages/restore/", views.PortalPagesRestore.as_view(), name="portal-pages-restore"),
    path("portals/pages/menu-and-pages/", views.PortalMenuAndPages.as_view(), name="portal-menu-and-pages"),
    path("portals/pages/<int:pk>/", views.PortalPageDetail.as_view(), name="portal-page-detail"),
    path("portals/<int:portalId>/pages/", views.PortalPageTable.as_view(), name="portal-pages"),
]
