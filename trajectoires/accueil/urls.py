from __future__ import annotations

from django.urls import path

from trajectoires.accueil import views


app_name = "accueil"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py (tests/accueil/access.py).
urlpatterns = [
    path("", views.file, name="file"),
    path("arrivee/", views.arrivee, name="arrivee"),
    path("suivant/", views.suivant, name="suivant"),
    path("<int:pk>/prendre/", views.prendre, name="prendre"),
    path("<int:pk>/entretien/", views.entretien, name="entretien"),
    path("<int:pk>/rattacher/", views.rattacher, name="rattacher"),
    path("<int:pk>/parti/", views.parti, name="parti"),
    path("<int:pk>/orienter/", views.orienter, name="orienter"),
]
