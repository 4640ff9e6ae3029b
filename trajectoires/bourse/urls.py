"""The public job board: `/bourse/` and one board per Mission Locale at `/bourse/<code>/`
(the structure's code, e.g. 25056S00). Every URL name here has its rows in
tests/bourse/access.py (staff roles) and tests/bourse/test_board_access.py (board accounts)."""

from __future__ import annotations

from django.urls import path

from trajectoires.bourse import views
from trajectoires.bourse.enums import TypeCompte


app_name = "bourse"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("<str:code>/", views.offres, name="offres"),
    path("<str:code>/offres/<int:pk>/", views.offre, name="offre"),
    path("<str:code>/offres/<int:pk>/postuler/", views.postuler, name="postuler"),
    path("<str:code>/inscription/employeur/", views.inscription, {"type_": TypeCompte.EMPLOYEUR},
         name="inscription_employeur"),
    path("<str:code>/inscription/jeune/", views.inscription, {"type_": TypeCompte.JEUNE}, name="inscription_jeune"),
    path("<str:code>/inscription/envoyee/", views.inscription_envoyee, name="inscription_envoyee"),
    path("<str:code>/confirmer/<str:token>/", views.confirmer, name="confirmer"),
    path("<str:code>/connexion/", views.connexion, name="connexion"),
    path("<str:code>/deconnexion/", views.deconnexion, name="deconnexion"),
    path("<str:code>/espace/", views.espace, name="espace"),
    path("<str:code>/espace/offres/nouvelle/", views.offre_nouvelle, name="offre_nouvelle"),
    path("<str:code>/espace/offres/<int:pk>/candidatures/", views.candidatures, name="candidatures"),
    path("<str:code>/espace/candidatures/<int:pk>/cv/", views.cv, name="cv"),
]
