from __future__ import annotations

from django.urls import path

from trajectoires.agenda import views


app_name = "agenda"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py (tests/agenda/access.py).
urlpatterns = [
    path("", views.jour, name="jour"),
    path("semaine/", views.semaine, name="semaine"),
    path("creneau/", views.creneau, name="creneau"),
    path("jeunes/<int:pk>/rendez-vous/", views.rdv_create, name="rdv_create"),
    path("rendez-vous/<int:pk>/", views.rdv, name="rdv"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/nouvelle/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/inscrire/", views.session_inscrire, name="session_inscrire"),
    path("sessions/<int:pk>/emargement/", views.session_emargement, name="session_emargement"),
    path("sessions/<int:pk>/convocations.pdf", views.convocations, name="convocations"),
    path("jeunes/<int:pk>/heures-cej/", views.cej_heures, name="cej"),
    path("chiffres-cles/", views.chiffres, name="chiffres"),
]
