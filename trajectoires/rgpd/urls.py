from __future__ import annotations

from django.urls import path

from trajectoires.rgpd import views


app_name = "rgpd"

# Every URL name here must have its rows in tests/workspace/test_access_matrix.py.
urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("jeunes/<int:pk>/acces/", views.acces, name="acces"),
    path("jeunes/<int:pk>/acces.csv", views.acces_csv, name="acces_csv"),
    path("jeunes/<int:pk>/export.zip", views.export, name="export"),
]
