from __future__ import annotations

from django.urls import path

from trajectoires.workspace import dossier_views, views


app_name = "workspace"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py.
urlpatterns = [
    path("jeunes/", views.search, name="search"),
    path("jeunes/nouveau/", dossier_views.jeune_create, name="jeune_nouveau"),
    path("jeunes/<int:pk>/", views.jeune_detail, name="jeune"),
    path("jeunes/<int:pk>/contact/", views.contact_create, name="contact"),
    path("jeunes/<int:pk>/profil/", dossier_views.profil_edit, name="profil"),
    path("portefeuille/", views.portefeuille, name="portefeuille"),
]
