from __future__ import annotations

from django.apps import AppConfig


class AccueilConfig(AppConfig):
    name = "trajectoires.accueil"
    verbose_name = "Accueil au flux (file d'attente)"
