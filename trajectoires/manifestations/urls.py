from __future__ import annotations

from django.urls import path

from trajectoires.manifestations import views


app_name = "manifestations"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py (tests/immersions/access.py).
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/employeurs/", views.employeur, name="employeur"),
    path("<int:pk>/jeunes/", views.jeune, name="jeune"),
]
