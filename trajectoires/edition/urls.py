from __future__ import annotations

from django.urls import path

from trajectoires.edition import views


app_name = "edition"

urlpatterns = [
    path("", views.report, name="report"),
    path("telecharger.<str:fmt>", views.report_download, name="report_download"),
    path("jeunes/", views.jeunes, name="jeunes"),
    path("jeunes.csv", views.jeunes_csv, name="jeunes_csv"),
    path("editions/", views.editions, name="editions"),
    path("editions/generer/", views.edition_generate, name="edition_generate"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/progression/", views.edition_progress, name="edition_progress"),
    path("editions/<int:pk>/telecharger.<str:fmt>", views.edition_download, name="edition_download"),
    path("pages/", views.pages, name="pages"),
    path("pages/nouvelle/", views.page_edit, name="page_create"),
    path("pages/<int:pk>/", views.page_edit, name="page_edit"),
    path("pages/<int:pk>/supprimer/", views.page_delete, name="page_delete"),
]
