from __future__ import annotations

from django.urls import path

from trajectoires.immersions import views


app_name = "immersions"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py (tests/immersions/access.py).
urlpatterns = [
    path("", views.liste, name="liste"),
    path("jeunes/<int:pk>/nouvelle/", views.nouvelle, name="nouvelle"),
    path("conventions/<int:pk>/", views.convention, name="convention"),
    path("conventions/<int:pk>/convention.pdf", views.convention_pdf, name="pdf"),
    path("conventions/<int:pk>/renouveler/", views.renouveler, name="renouveler"),
]
