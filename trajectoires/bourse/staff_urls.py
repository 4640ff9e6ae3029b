"""The staff's pages of the job board (`/equipe/bourse/`). Every URL name here has its rows in
tests/bourse/access.py, merged into the staff access matrix."""

from __future__ import annotations

from django.urls import path

from trajectoires.bourse import staff_views


app_name = "bourse_equipe"

urlpatterns = [
    path("", staff_views.tableau, name="tableau"),
    path("comptes/employeurs/<int:pk>/", staff_views.compte_employeur, name="compte_employeur"),
    path("comptes/jeunes/<int:pk>/", staff_views.compte_jeune, name="compte_jeune"),
    path("offres/<int:pk>/", staff_views.offre, name="offre"),
    path("candidatures/<int:pk>/mise-en-relation/", staff_views.mise_en_relation, name="mise_en_relation"),
    path("candidatures/<int:pk>/cv/", staff_views.cv, name="cv"),
]
