from django.urls import path

from lms.certificates.api import views

urlpatterns = [
    path(
        "certificates/templates/",
        views.CertificateTemplateCollection.as_view(),
        name="certificate-templates",
    ),
    path(
        "certificates/templates/quick-edit/",
        views.CertificateTemplateQuickEdit.as_view(),
        name="certificate-template-quick-edit",
    ),
    path(
        "certificates/templates/clone/",
        views.CertificateTemplateClone.as_view(),
        name="certificate-template-clone",
    ),
    path(
        "certificates/templates/<int:pk>/",
        views.CertificateTemplateDetail.as_view(),
        name="certificate-template-detail",
    ),
    path(
        "certificates/templates/<int:pk>/preview/",
        views.CertificateTemplatePreview.as_view(),
        name="certificate-template-preview",
    ),
    path("certificates/field-keys/lookup/", views.FieldKeyLookup.as_view(), name="certificate-field-keys"),
    path(
        "certificates/font-families/lookup/",
        views.FontFamilyLookup.as_view(),
        name="certificate-font-families",
    ),
]
