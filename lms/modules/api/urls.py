from django.urls import path

from lms.modules.api import views

urlpatterns = [
    path("modules/", views.ModuleCollection.as_view(), name="modules"),
    path("modules/lookup/", views.ModuleLookup.as_view(), name="module-lookup"),
    path("modules/quizzes/lookup/", views.QuizLookup.as_view(), name="module-quiz-lookup"),
    path("modules/types/", views.ModuleTypesLookup.as_view(), name="module-types"),
    path("modules/form-field-types/", views.FormFieldTypesLookup.as_view(), name="module-form-field-types"),
    path("modules/quick-edit/", views.ModuleQuickEdit.as_view(), name="module-quick-edit"),
    path("modules/delete/", views.ModuleDelete.as_view(), name="module-delete"),
    path("modules/clone/", views.ModuleClone.as_view(), name="module-clone"),
    path("text-modules/", views.TextModuleCollection.as_view(), name="text-modules"),
    path("text-modules/<int:pk>/", views.TextModuleDetail.as_view(), name="text-module-detail"),
    path("pdf-modules/", views.PdfModuleCollection.as_view(), name="pdf-modules"),
    path("pdf-modules/<int:pk>/", views.PdfModuleDetail.as_view(), name="pdf-module-detail"),
    path("powerpoint-modules/", views.PowerPointModuleCollection.as_view(), name="powerpoint-modules"),
    path(
        "powerpoint-modules/<int:pk>/",
        views.PowerPointModuleDetail.as_view(),
        name="powerpoint-module-detail",
    ),
    path("video-modules/", views.VideoModuleCollection.as_view(), name="video-modules"),
    path("video-modules/<int:pk>/", views.VideoModuleDetail.as_view(), name="video-module-detail"),
]
